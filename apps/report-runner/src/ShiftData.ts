/**
 * The figures behind the reports: per-shift rows from `kktstat/shifts` (one request a month, with prepaid and credit
 * amounts) and, where the VAT report needs gross per rate or kktstat is refused, ShiftInfo per shift (counts, gross,
 * income and return VAT apart). Closed shifts' ShiftInfo and documents are kept in the {@link FetchCache}, so a
 * re-run fetches only what it lacks.
 */
import {
  FiscalDocument, Hierarchy, type LocalDateTime, ShiftsReport, ShiftTotals, TaxcomClient, TaxcomError
} from "@taxcom-kit/core"
import { ShiftInput } from "@taxcom-kit/reports"
import { Chunk, Deferred, Effect, type Exit, FiberId, Option, Schema, Stream } from "effect"
import type { FetchCache } from "./FetchCache.js"
import type { Progress } from "./Progress.js"

export interface Selection {
  readonly period: { readonly from: LocalDateTime.LocalDateTime; readonly to: LocalDateTime.LocalDateTime }
  readonly filters: Hierarchy.Filter
  readonly includePeriod: ShiftsReport.IncludePeriod
}

/** `auto`: kktstat/shifts, falling back to ShiftList + ShiftInfo where the account is refused kktstat. */
export type Source = "auto" | "kktstat" | "shiftinfo"

export interface ShiftData {
  readonly inputs: ReadonlyArray<ShiftInput.ShiftInput>
  /** Where the rows came from, for the report header. */
  readonly source: "kktstat" | "shiftInfo"
  /** kktstat/shifts was asked and refused (the job fell back to ShiftInfo). */
  readonly kktstatRefused: boolean
}

const TotalsSchema = Schema.typeSchema(ShiftTotals.ShiftTotals)
const DocumentsSchema = Schema.Array(Schema.typeSchema(FiscalDocument.DocumentSummary))

interface Deps {
  readonly cache: FetchCache
  readonly progress: Progress
}

const kktstatRows = (
  sel: Selection,
  source: Source
): Effect.Effect<Option.Option<ReadonlyArray<ShiftsReport.ShiftsReportRow>>, TaxcomError.TaxcomError, TaxcomClient.TaxcomClient> =>
  Effect.gen(function*() {
    if (source === "shiftinfo") return Option.none()
    const taxcom = yield* TaxcomClient.TaxcomClient
    return yield* taxcom.shiftsReport(sel.period, { ...sel.filters, includePeriod: sel.includePeriod }, "none").pipe(
      Effect.map((r) => Option.some(r.rows)),
      Effect.catchIf(
        (e) => source === "auto" && TaxcomError.isKktStatRefused(e),
        (e) =>
          Effect.as(
            Effect.logWarning(`kktstat/shifts refused (${e.message}); using ShiftList + ShiftInfo instead`),
            Option.none()
          )
      )
    )
  })

/** Every shift the selection holds, with its register and outlet (progress counts start again). */
const selectedShifts = (sel: Selection, progress: Progress) =>
  Effect.gen(function*() {
    progress.counts.shifts = 0
    progress.counts.shiftsDone = 0
    progress.counts.shiftsReused = 0
    const taxcom = yield* TaxcomClient.TaxcomClient
    const now = yield* taxcom.now
    return taxcom.shifts({ ...sel.period, ...sel.filters }).pipe(
      Stream.filter((ref) => ShiftsReport.selects(sel.includePeriod, ref.shift, sel.period.from, sel.period.to, now)),
      Stream.tap(() => Effect.sync(() => void progress.counts.shifts++))
    )
  })

/**
 * `f` over `items`, `concurrency` at a time, as a Stream in the order of `items`, at most `4 × concurrency` results
 * ahead of its reader. What `Stream.mapEffect(f, { concurrency })` does, without its cost per element (a fraction of a
 * millisecond, which over the 60,000 shifts of a 2,000-register month is a CPU's worth of seconds): the items are
 * worked by one `Effect.forEach` and read back in order. A failure ends the stream at its item, in order.
 */
const mapOrdered = <A, B, E, R>(items: ReadonlyArray<A>, f: (a: A) => Effect.Effect<B, E, R>, concurrency: number): Stream.Stream<B, E, R> =>
  Stream.unwrapScoped(
    Effect.gen(function*() {
      const ahead = yield* Effect.makeSemaphore(4 * concurrency)
      const results = items.map(() => Deferred.unsafeMake<B, E>(FiberId.none))
      // The worker that completes a result and the reader each let go of it after, so a read result is not kept.
      const toComplete: Array<Deferred.Deferred<B, E> | null> = [...results]
      const toRead: Array<Deferred.Deferred<B, E> | null> = results
      const complete = (i: number, exit: Exit.Exit<B, E>) =>
        Effect.suspend(() => {
          const d = toComplete[i]!
          toComplete[i] = null
          return Deferred.done(d, exit)
        })
      yield* Effect.forEach(items, (a, i) => Effect.zipRight(ahead.take(1), Effect.flatMap(Effect.exit(f(a)), (exit) => complete(i, exit))), {
        concurrency,
        discard: true
      }).pipe(
        // Should the worker itself die, no reader waits forever: every result not yet done fails with its cause.
        Effect.catchAllCause((cause) => Effect.forEach(toComplete, (d) => (d === null ? Effect.void : Deferred.failCause(d, cause)), { discard: true })),
        Effect.forkScoped
      )
      return Stream.range(0, items.length - 1).pipe(
        Stream.mapEffect((i) =>
          Effect.suspend(() => {
            const d = toRead[i]!
            toRead[i] = null
            return Effect.zipLeft(Deferred.await(d), ahead.release(1))
          })
        )
      )
    })
  )

/**
 * Shift rows for the reports. With `needTotals` every shift also gets its ShiftInfo (the VAT report's gross per
 * rate, receipt counts); a kktstat row, where there is one, keeps its payment forms. kktstat/shifts is asked while
 * the hierarchy is walked and the ShiftInfo read (they do not depend on each other); department names come from the
 * kktstat rows, so the departments are read only for shifts kktstat did not report.
 */
export const gather = (
  sel: Selection,
  options: { readonly source: Source; readonly needTotals: boolean },
  deps: Deps
): Effect.Effect<ShiftData, TaxcomError.TaxcomError, TaxcomClient.TaxcomClient> =>
  Effect.gen(function*() {
    const taxcom = yield* TaxcomClient.TaxcomClient
    const cache = deps.cache.namespace("shiftinfo", TotalsSchema)
    /** Every selected shift with its ShiftInfo (closed shifts' from the cache when an earlier run read them). */
    const totals = Effect.gen(function*() {
      const refs = Chunk.toReadonlyArray(yield* Stream.runCollect(yield* selectedShifts(sel, deps.progress)))
      return yield* Effect.forEach(refs, (ref) => {
        const key = Hierarchy.shiftKey(ref.shift.fn, ref.shift.number)
        const cached = cache.get(key)
        const t = cached !== undefined
          ? Effect.sync(() => {
            deps.progress.counts.shiftsReused++
            return cached
          })
          : Effect.tap(taxcom.shiftInfo({ fn: ref.shift.fn, shift: ref.shift.number }), (t) =>
            Effect.sync(() => {
              if (t.state === "Close") cache.put(key, t)
            }))
        return Effect.map(t, (t) => {
          deps.progress.counts.shiftsDone++
          return [ref, t] as const
        })
      }, { concurrency: taxcom.settings.concurrency })
    })
    let rows: Option.Option<ReadonlyArray<ShiftsReport.ShiftsReportRow>>
    let shifts: ReadonlyArray<readonly [Hierarchy.ShiftRef, ShiftTotals.ShiftTotals]>
    if (options.needTotals) {
      deps.progress.setPhase(options.source === "shiftinfo" ? "ShiftList + ShiftInfo" : "kktstat/shifts, ShiftList + ShiftInfo")
      const both = yield* Effect.all([kktstatRows(sel, options.source), totals], { concurrency: "unbounded" })
      rows = both[0]
      shifts = both[1]
    } else {
      if (options.source !== "shiftinfo") deps.progress.setPhase("kktstat/shifts")
      rows = yield* kktstatRows(sel, options.source)
      if (Option.isSome(rows)) {
        deps.progress.counts.shifts = rows.value.length
        deps.progress.counts.shiftsDone = rows.value.length
        return { inputs: rows.value, source: "kktstat", kktstatRefused: false }
      }
      deps.progress.setPhase("ShiftList + ShiftInfo")
      shifts = yield* totals
    }
    const byShift = new Map(
      Option.getOrElse(rows, () => []).map((r) => [Hierarchy.shiftKey(r.shift!.fn, r.shift!.number), r] as const)
    )
    // Outlets' departments only for shifts without a kktstat row (none, when kktstat answered for the whole cabinet).
    const places = shifts.some(([ref]) => !byShift.has(Hierarchy.shiftKey(ref.shift.fn, ref.shift.number)))
      ? yield* taxcom.outletPlaces
      : new Map<string, Hierarchy.OutletPlace>()
    const inputs = shifts.map(([ref, t]): ShiftInput.ShiftInput => {
      const key = Hierarchy.shiftKey(ref.shift.fn, ref.shift.number)
      const row = byShift.get(key)
      byShift.delete(key)
      if (row !== undefined) return ShiftInput.withTotals(row, t)
      const department = places.get(ref.outlet.id)?.department ?? ref.outlet.department
      return ShiftInput.fromShiftInfo(t, {
        department: { name: department?.name ?? null, code: department?.code ?? null },
        outlet: { name: ref.outlet.name, code: ref.outlet.code },
        kkt: { name: ref.kkt.name, regNumber: ref.kkt.regNumber, factoryNumber: ref.kkt.factoryNumber }
      })
    })
    // A shift kktstat reported that the walk did not find (a register outside the cabinet's lists) is not dropped.
    const extra = [...byShift.values()]
    if (extra.length > 0) {
      yield* Effect.logWarning(`${extra.length} shift(s) of kktstat/shifts were not found by ShiftList; reported from kktstat alone`)
    }
    return { inputs: [...inputs, ...extra], source: "shiftInfo", kktstatRefused: Option.isNone(rows) && options.source !== "shiftinfo" }
  })

/**
 * Every fiscal document of the selected shifts (DocumentList), each shift's list reused from an earlier run when
 * the shift was closed then. With the register and outlet of each, for reconciliation.
 */
export const documents = (
  sel: Selection,
  deps: Deps
): Effect.Effect<
  Stream.Stream<Hierarchy.DocumentRef, TaxcomError.TaxcomError>,
  never,
  TaxcomClient.TaxcomClient
> =>
  Effect.gen(function*() {
    const taxcom = yield* TaxcomClient.TaxcomClient
    const cache = deps.cache.namespace("documents", DocumentsSchema)
    const shifts = yield* selectedShifts(sel, deps.progress)
    const fetch = (ref: Hierarchy.ShiftRef) => {
      const key = Hierarchy.shiftKey(ref.shift.fn, ref.shift.number)
      const cached = cache.get(key)
      const docs = cached !== undefined
        ? Effect.sync(() => {
          deps.progress.counts.shiftsReused++
          return cached
        })
        : Effect.tap(
          taxcom.documentListAll({ fn: ref.shift.fn, shift: ref.shift.number }),
          (list) => Effect.sync(() => {
            if (ref.shift.closedAt !== null) cache.put(key, list)
          })
        )
      return Effect.map(docs, (list) => {
        deps.progress.counts.shiftsDone++
        deps.progress.counts.documents += list.length
        return list.map((document): Hierarchy.DocumentRef => ({ ...ref, document }))
      })
    }
    // The walk first (a few thousand requests, its own lists fetched concurrently), then every shift's documents.
    return Stream.unwrap(
      Effect.map(Stream.runCollect(shifts), (refs) => mapOrdered(Chunk.toReadonlyArray(refs), fetch, taxcom.settings.concurrency))
    ).pipe(Stream.flattenIterables)
  })
