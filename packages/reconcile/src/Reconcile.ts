/**
 * Reconciliation of ERP sales exports against the fiscal data.
 *
 * ```ts
 * const items = Reconcile.run({
 *   erp: ErpImport.fromFile("sales-2026-11.csv"),
 *   ofd: client.documents({ ... }),          // Stream<FiscalDocument.DocumentSummary>, or a saved dump:
 *                                            // FiscalFile.fromFile("documents-2026-11.csv")
 *   shifts: client.shiftTotals({ ... }),     // optional Stream<ShiftTotals.ShiftTotals>
 *   registers: Register.fromKkts(kkts),      // optional: FN → register and outlet
 *   settings: { timeWindowSeconds: 120 }
 * })
 * const summary = yield* Output.write(items, { directory: "./out" })
 * ```
 *
 * The fiscal side is read first into a hash index (bounded by the period's receipts); the ERP files then stream
 * through it: each receipt found by FN + FD (tier 1) or FN + shift + number (tier 2) leaves at once with its
 * differences. What no key finds is matched at the end by register, time and amount (tier 3); then the shift totals
 * (tier 4) and the VAT buckets (tier 5) are compared, and the {@link Summary} closes the stream.
 */
import { Chunk, Effect, Stream } from "effect"
import type { FiscalDocument, ShiftTotals } from "@taxcom-kit/core"
import type { ShiftCheck, VatCheck } from "./Check.js"
import type { Difference, Match } from "./Difference.js"
import type * as FiscalFile from "./FiscalFile.js"
import * as ErpImport from "./ErpImport.js"
import type { ErpSource, ImportError, ImportReport } from "./ErpImport.js"
import type { RejectedRow } from "./ErpReceipt.js"
import { Matcher } from "./internal/matcher.js"
import type { Item } from "./internal/matcher.js"
import type { RegisterInfo } from "./Register.js"
import * as Settings from "./Settings.js"
import type { Summary } from "./Summary.js"

/**
 * What a reconciliation emits, in this order: for each ERP file its rejected rows and the tier 1–2 matches and
 * differences as they are found; then tier 3 matches and differences, the unmatched (`missing_in_ofd`,
 * `pending`, `missing_in_erp`), the tier 4 {@link ShiftCheck}s and tier 5 {@link VatCheck}s; last, the {@link Summary}.
 */
export type ReconcileItem = Match | Difference | ShiftCheck | VatCheck | RejectedRow | Summary

export interface Input<E1, R1, E2, R2, E3, R3> {
  /**
   * One ERP export or several (e.g. one per month or per outlet); they are read in order. A source may also come
   * already imported ({@link ErpImport.ImportedSource}: batches from an import run elsewhere, e.g. a worker thread).
   */
  readonly erp: Source<E1, R1> | ReadonlyArray<Source<E1, R1>>
  /**
   * The fiscal documents of the period (DocumentList rows); shift reports may be included (they give shift times).
   * Documents read from a file may come in columns ({@link FiscalFile.fromFile}, or batches parsed elsewhere, e.g. in
   * a worker thread, by a {@link FiscalFile.columnReader}); the two forms may be mixed.
   */
  readonly ofd: Stream.Stream<FiscalDocument.DocumentSummary | FiscalFile.DocumentColumns, E2, R2>
  /** ShiftInfo totals for tier 4; without them tier 4 compares against the sums of the documents. */
  readonly shifts?: Stream.Stream<ShiftTotals.ShiftTotals, E3, R3>
  /** FN → register and outlet (see {@link RegisterInfo}). */
  readonly registers?: ReadonlyArray<RegisterInfo>
  readonly settings?: Partial<Settings.Settings>
  /**
   * Whether each match is emitted as a {@link Match} (default true). False when only the differences, the checks and
   * the summary are wanted — as `Output.write` and the runner's report use them: a month of a million receipts then
   * allocates no million match objects. The summary counts the matches either way.
   */
  readonly matches?: boolean
}

/** An ERP export to read, or one imported already. */
export type Source<E, R> = ErpSource<E, R> | ErpImport.ImportedSource<E, R>

/** Runs a reconciliation; see the module comment. */
export const run = <E1 = never, R1 = never, E2 = never, R2 = never, E3 = never, R3 = never>(
  input: Input<E1, R1, E2, R2, E3, R3>
): Stream.Stream<ReconcileItem, ImportError | E1 | E2 | E3, R1 | R2 | R3> =>
  Stream.unwrap(
    Effect.gen(function*() {
      const settings = Settings.make(input.settings)
      const matcher = new Matcher(settings, input.registers, { matches: input.matches ?? true })
      if (input.shifts !== undefined) {
        yield* Stream.runForEachChunk(input.shifts, (c) =>
          Effect.sync(() => {
            const a = Chunk.toReadonlyArray(c)
            for (let i = 0; i < a.length; i++) matcher.addShift(a[i]!)
          }))
      }
      yield* Stream.runForEachChunk(input.ofd, (c) =>
        Effect.sync(() => {
          const a = Chunk.toReadonlyArray(c)
          for (let i = 0; i < a.length; i++) {
            const d = a[i]!
            if ("_tag" in d && d._tag === "DocumentColumns") matcher.addOfdColumns(d)
            else matcher.addOfd(d as FiscalDocument.DocumentSummary)
          }
        }))
      const sources: ReadonlyArray<Source<E1, R1>> = Array.isArray(input.erp)
        ? (input.erp as ReadonlyArray<Source<E1, R1>>)
        : [input.erp as Source<E1, R1>]
      const reports: Array<ImportReport> = []
      // Batches go from the importer to the matcher in the same step: only matches and differences leave.
      const probed = Stream.fromIterable(sources).pipe(
        Stream.flatMap((src) =>
          ("imported" in src ? src.imported : ErpImport.batches(src, { ofdTimeZone: settings.ofdTimeZone })).pipe(
            Stream.mapConcat((ev): ReadonlyArray<ReconcileItem> => {
              if (ev._tag === "ImportDone") {
                reports.push(ev.report)
                return []
              }
              const out: Array<ReconcileItem> = [...ev.rejected]
              matcher.addBatch(ev, out as Array<Item>)
              return out
            })
          )
        )
      )
      const tail = Stream.suspend(() =>
        Stream.fromIterable<ReconcileItem>(matcher.finish()).pipe(
          Stream.concat(Stream.sync(() => matcher.summary(reports)))
        )
      )
      return Stream.concat(probed, tail)
    })
  )

/** Runs a reconciliation and keeps everything in memory (tests, small periods). */
export const runCollect = <E1 = never, R1 = never, E2 = never, R2 = never, E3 = never, R3 = never>(
  input: Input<E1, R1, E2, R2, E3, R3>
): Effect.Effect<Collected, ImportError | E1 | E2 | E3, R1 | R2 | R3> =>
  Stream.runFold(run(input), emptyCollected(), (acc, item) => {
    switch (item._tag) {
      case "Match":
        acc.matches.push(item)
        break
      case "Difference":
        acc.differences.push(item)
        break
      case "ShiftCheck":
        acc.shiftChecks.push(item)
        break
      case "VatCheck":
        acc.vatChecks.push(item)
        break
      case "RejectedRow":
        acc.rejected.push(item)
        break
      case "Summary":
        acc.summary = item
    }
    return acc
  }) as Effect.Effect<Collected, ImportError | E1 | E2 | E3, R1 | R2 | R3>

/** Everything a reconciliation produced, split by kind. */
export interface Collected {
  readonly matches: Array<Match>
  readonly differences: Array<Difference>
  readonly shiftChecks: Array<ShiftCheck>
  readonly vatChecks: Array<VatCheck>
  readonly rejected: Array<RejectedRow>
  summary: Summary
}

const emptyCollected = (): Collected => ({
  matches: [],
  differences: [],
  shiftChecks: [],
  vatChecks: [],
  rejected: [],
  summary: null as unknown as Summary
})
