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
import { Chunk, Effect, Option, Schema, Stream } from "effect"
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
  source: Source,
  progress: Progress
): Effect.Effect<Option.Option<ReadonlyArray<ShiftsReport.ShiftsReportRow>>, TaxcomError.TaxcomError, TaxcomClient.TaxcomClient> =>
  Effect.gen(function*() {
    if (source === "shiftinfo") return Option.none()
    const taxcom = yield* TaxcomClient.TaxcomClient
    progress.setPhase("kktstat/shifts")
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
 * Shift rows for the reports. With `needTotals` every shift also gets its ShiftInfo (the VAT report's gross per
 * rate, receipt counts); a kktstat row, where there is one, keeps its payment forms.
 */
export const gather = (
  sel: Selection,
  options: { readonly source: Source; readonly needTotals: boolean },
  deps: Deps
): Effect.Effect<ShiftData, TaxcomError.TaxcomError, TaxcomClient.TaxcomClient> =>
  Effect.gen(function*() {
    const taxcom = yield* TaxcomClient.TaxcomClient
    const rows = yield* kktstatRows(sel, options.source, deps.progress)
    if (Option.isSome(rows) && !options.needTotals) {
      deps.progress.counts.shifts = rows.value.length
      deps.progress.counts.shiftsDone = rows.value.length
      return { inputs: rows.value, source: "kktstat", kktstatRefused: false }
    }
    const byShift = new Map(
      Option.getOrElse(rows, () => []).map((r) => [Hierarchy.shiftKey(r.shift!.fn, r.shift!.number), r] as const)
    )
    const cache = deps.cache.namespace("shiftinfo", TotalsSchema)
    deps.progress.setPhase("ShiftList + ShiftInfo")
    const places = yield* taxcom.outletPlaces
    const shifts = yield* selectedShifts(sel, deps.progress)
    const inputs = yield* shifts.pipe(
      Stream.mapEffect((ref) => {
        const key = Hierarchy.shiftKey(ref.shift.fn, ref.shift.number)
        const cached = cache.get(key)
        const totals = cached !== undefined
          ? Effect.sync(() => {
            deps.progress.counts.shiftsReused++
            return cached
          })
          : Effect.tap(taxcom.shiftInfo({ fn: ref.shift.fn, shift: ref.shift.number }), (t) =>
            Effect.sync(() => {
              if (t.state === "Close") cache.put(key, t)
            }))
        return Effect.map(totals, (t): ShiftInput.ShiftInput => {
          deps.progress.counts.shiftsDone++
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
      }, { concurrency: taxcom.settings.concurrency }),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
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
    return shifts.pipe(
      Stream.mapEffect((ref) => {
        const key = Hierarchy.shiftKey(ref.shift.fn, ref.shift.number)
        const cached = cache.get(key)
        const docs = cached !== undefined
          ? Effect.sync(() => {
            deps.progress.counts.shiftsReused++
            return cached
          })
          : Effect.tap(
            Effect.map(Stream.runCollect(taxcom.documentList({ fn: ref.shift.fn, shift: ref.shift.number })), Chunk.toReadonlyArray),
            (list) => Effect.sync(() => {
              if (ref.shift.closedAt !== null) cache.put(key, list)
            })
          )
        return Effect.map(docs, (list) => {
          deps.progress.counts.shiftsDone++
          deps.progress.counts.documents += list.length
          return list.map((document): Hierarchy.DocumentRef => ({ ...ref, document }))
        })
      }, { concurrency: taxcom.settings.concurrency }),
      Stream.flattenIterables
    )
  })
