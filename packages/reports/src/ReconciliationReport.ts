/**
 * The reconciliation report: a summary by kind of difference, by outlet and by VAT rate, then every difference
 * with its ERP line and its fiscal document, and the ERP rows the import refused. Built from what
 * `@taxcom-kit/reconcile` emits (`Reconcile.run`: differences, rejected rows, and the closing `Summary`).
 * Plain data; every amount in integer kopecks.
 */
import type { FiscalDocument, LocalDateTime, Money, Operation, VatRate } from "@taxcom-kit/core"
import { Difference } from "@taxcom-kit/reconcile"
import type { Check, ErpReceipt, Summary } from "@taxcom-kit/reconcile"
import { Effect, Option, Stream } from "effect"
import { compareNames, compareText } from "./internal/order.js"
import type { ReportHeader } from "./ReportHeader.js"
import { MissingSummary } from "./ReportError.js"

type Kopecks = Money.Kopecks

/** One kind of difference: how many and how much, computed from the differences listed in the report. */
export interface KindLine {
  readonly kind: Difference.DifferenceKind
  readonly severity: Difference.Severity
  readonly count: number
  readonly ofd: Kopecks
  readonly erp: Kopecks
  /** Σ (erp − ofd). */
  readonly difference: Kopecks
  /** Σ |erp − ofd|: the money at stake. */
  readonly atStake: Kopecks
}

export interface OutletLine {
  /** Null: receipts whose outlet is unknown. */
  readonly outlet: string | null
  readonly erpReceipts: number
  /** Sales net of refunds, as `Summary.byOutlet` reports them. */
  readonly erpTotal: Kopecks
  readonly ofdReceipts: number
  readonly ofdTotal: Kopecks
  readonly matched: number
  /** Differences of severity "error", and all differences with their money at stake. */
  readonly errors: number
  readonly differences: number
  readonly atStake: Kopecks
}

export interface RateLine {
  readonly rate: VatRate.VatRateId
  readonly operation: Operation.Operation
  readonly ofdVat: Kopecks
  readonly erpVat: Kopecks
  readonly ofdGross: Kopecks | null
  readonly erpGross: Kopecks | null
  readonly difference: Kopecks
  readonly status: Check.CheckStatus
  /** Receipt-level `vat_rate_mismatch` differences at this rate. */
  readonly receiptDifferences: number
}

/** The ERP side of a difference: which file and lines to open. */
export interface ErpSide {
  readonly file: string
  /** Physical lines (1-based) of the receipt in the file. */
  readonly lines: ReadonlyArray<number>
  readonly documentNumber: string | null
  readonly dateTime: LocalDateTime.LocalDateTime | null
  readonly operation: Operation.Operation
  readonly total: Kopecks
}

/** The fiscal side: which document to look up in the cabinet. */
export interface FiscalSide {
  readonly fn: string | null
  readonly fd: number | null
  readonly shift: number | null
  readonly dateTime: LocalDateTime.LocalDateTime | null
  readonly operation: Operation.Operation | null
  readonly total: Kopecks | null
  readonly fiscalSign: string | null
}

export interface DifferenceLine {
  readonly kind: Difference.DifferenceKind
  readonly severity: Difference.Severity
  readonly tier: Difference.Tier | null
  /** What differs, in words (from the matcher). */
  readonly reason: string
  readonly outlet: string | null
  readonly register: string | null
  readonly erp: ErpSide | null
  readonly fiscal: FiscalSide | null
  readonly ofdValue: Kopecks | null
  readonly erpValue: Kopecks | null
  readonly difference: Kopecks
  readonly ofdText: string | null
  readonly erpText: string | null
  readonly vatRate: VatRate.VatRateId | null
  readonly businessDay: LocalDateTime.LocalDate | null
}

export interface RejectedLine {
  readonly file: string
  readonly line: number
  readonly column: string | null
  readonly raw: string
  readonly reason: string
}

export interface Overview {
  readonly rows: { readonly read: number; readonly accepted: number; readonly rejected: number }
  readonly erp: { readonly receipts: number; readonly income: Kopecks; readonly incomeReturn: Kopecks }
  readonly ofd: { readonly documents: number; readonly inScope: number; readonly income: Kopecks; readonly incomeReturn: Kopecks }
  readonly matched: number
  readonly matchedByTier: { readonly 1: number; readonly 2: number; readonly 3: number }
  readonly errors: number
  readonly files: ReadonlyArray<string>
  readonly notes: ReadonlyArray<string>
}

export interface ReconciliationReport {
  readonly _tag: "ReconciliationReport"
  readonly header: ReportHeader
  readonly overview: Overview
  /** Every kind, in the reconciliation's order, zeros included. */
  readonly byKind: ReadonlyArray<KindLine>
  readonly kindTotal: Omit<KindLine, "kind" | "severity">
  readonly byOutlet: ReadonlyArray<OutletLine>
  readonly byRate: ReadonlyArray<RateLine>
  /** Errors first (in kind order), then information; within a kind by outlet, then time. */
  readonly differences: ReadonlyArray<DifferenceLine>
  readonly rejected: ReadonlyArray<RejectedLine>
}

// ---- input: the parts of reconcile's output the report reads (its real types fit them) --------------------------

/** A difference as `Reconcile.run` emits it (`Difference.Difference` fits). */
export interface DifferenceInput extends Omit<Difference.Difference, "_tag" | "erp" | "ofd"> {
  readonly erp: Pick<ErpReceipt.ErpReceipt, "file" | "line" | "lines" | "documentNumber" | "dateTime" | "operation" | "total"> | null
  readonly ofd: Pick<FiscalDocument.DocumentSummary, "fn" | "fd" | "shift" | "dateTime" | "operation" | "total" | "fiscalSign"> | null
}

/** The parts of the reconciliation's `Summary` the report reads (`Summary.Summary` fits). */
export interface SummaryInput {
  readonly rows: { readonly read: number; readonly accepted: number; readonly rejected: number }
  readonly erp: { readonly receipts: number; readonly income: { readonly total: Kopecks }; readonly incomeReturn: { readonly total: Kopecks } }
  readonly ofd: {
    readonly documents: number
    readonly inScope: number
    readonly income: { readonly total: Kopecks }
    readonly incomeReturn: { readonly total: Kopecks }
  }
  readonly matches: { readonly total: number; readonly byTier: { readonly 1: number; readonly 2: number; readonly 3: number } }
  readonly imports: ReadonlyArray<{ readonly file: string }>
  readonly byOutlet: ReadonlyArray<
    Pick<Summary.OutletSummary, "outlet" | "erpReceipts" | "erpKopecks" | "ofdReceipts" | "ofdKopecks" | "matched" | "errors">
  >
  readonly byVatRate: ReadonlyArray<Summary.VatRateSummary>
  readonly notes: ReadonlyArray<string>
}

export type RejectedInput = Pick<ErpReceipt.RejectedRow, "file" | "line" | "column" | "raw" | "reason">

const erpSide = (r: NonNullable<DifferenceInput["erp"]>): ErpSide => ({
  file: r.file,
  lines: r.lines.length > 0 ? r.lines : [r.line],
  documentNumber: r.documentNumber,
  dateTime: r.dateTime,
  operation: r.operation,
  total: r.total
})

/** One difference as a report line. */
export const lineOf = (d: DifferenceInput): DifferenceLine => ({
  kind: d.kind,
  severity: d.severity,
  tier: d.tier,
  reason: d.reason,
  outlet: d.outlet,
  register: d.register,
  erp: d.erp === null ? null : erpSide(d.erp),
  fiscal: d.ofd !== null
    ? {
      fn: d.ofd.fn,
      fd: d.ofd.fd,
      shift: d.ofd.shift,
      dateTime: d.ofd.dateTime,
      operation: d.ofd.operation,
      total: d.ofd.total,
      fiscalSign: d.ofd.fiscalSign === null ? null : String(d.ofd.fiscalSign)
    }
    : d.fn !== null || d.fd !== null || d.shift !== null
    ? { fn: d.fn, fd: d.fd, shift: d.shift, dateTime: null, operation: null, total: null, fiscalSign: null }
    : null,
  ofdValue: d.ofdValue,
  erpValue: d.erpValue,
  difference: d.difference,
  ofdText: d.ofdText,
  erpText: d.erpText,
  vatRate: d.vatRate,
  businessDay: d.businessDay
})

const kindOrder = new Map(Difference.kinds.map((k, i) => [k, i]))
const timeOf = (l: DifferenceLine) => l.fiscal?.dateTime ?? l.erp?.dateTime ?? l.businessDay ?? null

const compareLines = (a: DifferenceLine, b: DifferenceLine): number =>
  (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
  (kindOrder.get(a.kind) ?? 99) - (kindOrder.get(b.kind) ?? 99) ||
  compareNames(a.outlet, b.outlet) || compareText(timeOf(a), timeOf(b)) ||
  compareText(a.fiscal?.fn ?? null, b.fiscal?.fn ?? null) || (a.fiscal?.fd ?? 0) - (b.fiscal?.fd ?? 0) ||
  (a.erp?.lines[0] ?? 0) - (b.erp?.lines[0] ?? 0)

/** The input: the reconciliation's summary, its differences and the rows the import refused. */
export interface Input {
  readonly summary: SummaryInput
  readonly differences: Iterable<DifferenceInput>
  readonly rejected?: Iterable<RejectedInput>
}

/** Builds the report. Kind totals are summed from the differences listed, so the summary and the list agree. */
export const make = (header: ReportHeader, input: Input): ReconciliationReport => {
  const s = input.summary
  const differences = Array.from(input.differences, lineOf).sort(compareLines)
  const perKind = new Map<Difference.DifferenceKind, { count: number; ofd: number; erp: number; difference: number; atStake: number }>()
  const perOutlet = new Map<string | null, { count: number; atStake: number }>()
  for (const d of differences) {
    const k = perKind.get(d.kind) ?? { count: 0, ofd: 0, erp: 0, difference: 0, atStake: 0 }
    k.count++
    k.ofd += d.ofdValue ?? 0
    k.erp += d.erpValue ?? 0
    k.difference += d.difference
    k.atStake += Math.abs(d.difference)
    perKind.set(d.kind, k)
    const o = perOutlet.get(d.outlet) ?? { count: 0, atStake: 0 }
    o.count++
    o.atStake += Math.abs(d.difference)
    perOutlet.set(d.outlet, o)
  }
  const kinds = [...Difference.kinds, ...[...perKind.keys()].filter((k) => !kindOrder.has(k))]
  const byKind = kinds.map((kind): KindLine => {
    const k = perKind.get(kind) ?? { count: 0, ofd: 0, erp: 0, difference: 0, atStake: 0 }
    return {
      kind,
      severity: Difference.severityOf(kind),
      count: k.count,
      ofd: k.ofd as Kopecks,
      erp: k.erp as Kopecks,
      difference: k.difference as Kopecks,
      atStake: k.atStake as Kopecks
    }
  })
  const sum = (f: (k: KindLine) => number) => byKind.reduce((t, k) => t + f(k), 0)
  return {
    _tag: "ReconciliationReport",
    header,
    overview: {
      rows: s.rows,
      erp: { receipts: s.erp.receipts, income: s.erp.income.total, incomeReturn: s.erp.incomeReturn.total },
      ofd: { documents: s.ofd.documents, inScope: s.ofd.inScope, income: s.ofd.income.total, incomeReturn: s.ofd.incomeReturn.total },
      matched: s.matches.total,
      matchedByTier: s.matches.byTier,
      errors: differences.filter((d) => d.severity === "error").length,
      files: s.imports.map((i) => i.file),
      notes: s.notes
    },
    byKind,
    kindTotal: {
      count: sum((k) => k.count),
      ofd: sum((k) => k.ofd) as Kopecks,
      erp: sum((k) => k.erp) as Kopecks,
      difference: sum((k) => k.difference) as Kopecks,
      atStake: sum((k) => k.atStake) as Kopecks
    },
    byOutlet: [...s.byOutlet]
      .sort((a, b) => compareNames(a.outlet, b.outlet))
      .map((o): OutletLine => ({
        outlet: o.outlet,
        erpReceipts: o.erpReceipts,
        erpTotal: o.erpKopecks,
        ofdReceipts: o.ofdReceipts,
        ofdTotal: o.ofdKopecks,
        matched: o.matched,
        errors: o.errors,
        differences: perOutlet.get(o.outlet)?.count ?? 0,
        atStake: (perOutlet.get(o.outlet)?.atStake ?? 0) as Kopecks
      })),
    byRate: s.byVatRate.map((r): RateLine => ({
      rate: r.rate,
      operation: r.operation,
      ofdVat: r.ofdVat,
      erpVat: r.erpVat,
      ofdGross: r.ofdGross,
      erpGross: r.erpGross,
      difference: r.difference,
      status: r.status,
      receiptDifferences: r.receiptDifferences
    })),
    differences,
    rejected: Array.from(input.rejected ?? [], (r) => ({ file: r.file, line: r.line, column: r.column, raw: r.raw, reason: r.reason }))
  }
}

/** An item of `Reconcile.run`'s output (`Reconcile.ReconcileItem` fits); the report keeps three kinds. */
export type StreamItem =
  | ({ readonly _tag: "Difference" } & DifferenceInput)
  | ({ readonly _tag: "RejectedRow" } & RejectedInput)
  | ({ readonly _tag: "Summary" } & SummaryInput)
  | { readonly _tag: "Match" | "ShiftCheck" | "VatCheck" }

/**
 * Builds the report from a reconciliation's output stream (`Reconcile.run`): keeps the differences, the rejected
 * rows and the summary, drops matches and per-shift checks. Fails with {@link MissingSummary} when the stream
 * ends without its summary (a reconciliation cut short).
 */
export const fromStream = <E, R>(
  header: ReportHeader,
  items: Stream.Stream<StreamItem, E, R>
): Effect.Effect<ReconciliationReport, E | MissingSummary, R> =>
  Effect.suspend(() => {
    const differences: Array<DifferenceInput> = []
    const rejected: Array<RejectedInput> = []
    let summary = Option.none<SummaryInput>()
    return Stream.runForEachChunk(items, (chunk) =>
      Effect.sync(() => {
        for (const item of chunk) {
          if (item._tag === "Difference") differences.push(item)
          else if (item._tag === "RejectedRow") rejected.push(item)
          else if (item._tag === "Summary") summary = Option.some(item)
        }
      })).pipe(
        Effect.flatMap(() =>
          Option.match(summary, {
            onNone: () => Effect.fail(new MissingSummary({ reason: "the reconciliation stream ended without its summary" })),
            onSome: (s) => Effect.succeed(make(header, { summary: s, differences, rejected }))
          })
        )
      )
  })
