/**
 * The summary of a reconciliation: what was read, what matched, what differs — per kind, per outlet and per VAT
 * rate — and the settings used. It is the last item of the result stream and the content of `summary.json`.
 */
import type { LocalDateTime, Money, Operation, VatRate } from "@taxcom-kit/core"
import type { CheckStatus } from "./Check.js"
import type { DifferenceKind, MatchKey, Severity } from "./Difference.js"
import type { ImportReport } from "./ErpImport.js"
import type { Settings } from "./Settings.js"

/** Count and money of one difference kind. */
export interface KindTotals {
  readonly kind: DifferenceKind
  readonly severity: Severity
  readonly count: number
  /** Sums of the compared values (kopecks). */
  readonly ofdKopecks: Money.Kopecks
  readonly erpKopecks: Money.Kopecks
  /** Σ (erp − ofd). */
  readonly differenceKopecks: Money.Kopecks
  /** Σ |erp − ofd|: the money at stake whatever the sign. */
  readonly absoluteDifferenceKopecks: Money.Kopecks
}

/** Sales and refunds of one side. */
export interface OperationTotals {
  readonly receipts: number
  readonly total: Money.Kopecks
}

/** One outlet: both sides' receipts, matches, and differences per kind (kinds with a count only). */
export interface OutletSummary {
  /** The outlet's name; `null` for receipts whose outlet is unknown. */
  readonly outlet: string | null
  readonly erpReceipts: number
  readonly erpKopecks: Money.Kopecks
  readonly ofdReceipts: number
  readonly ofdKopecks: Money.Kopecks
  readonly matched: number
  readonly errors: number
  readonly differences: ReadonlyArray<KindTotals>
}

/** One VAT rate and operation: tier 5's comparison and the receipt-level differences naming the rate. */
export interface VatRateSummary {
  readonly rate: VatRate.VatRateId
  readonly operation: Operation.Operation
  readonly ofdVat: Money.Kopecks
  readonly erpVat: Money.Kopecks
  readonly ofdGross: Money.Kopecks | null
  readonly erpGross: Money.Kopecks | null
  readonly difference: Money.Kopecks
  readonly status: CheckStatus
  /** `vat_rate_mismatch` differences whose OFD rate is this one. */
  readonly receiptDifferences: number
}

export interface Summary {
  readonly _tag: "Summary"
  readonly format: "taxcom-kit/reconcile-summary@1"
  readonly settings: Settings
  /** One report per ERP file: encoding, delimiter, columns, rows. */
  readonly imports: ReadonlyArray<ImportReport>
  /** All files: `read = accepted + rejected`. */
  readonly rows: { readonly read: number; readonly accepted: number; readonly rejected: number }
  readonly erp: {
    readonly receipts: number
    readonly income: OperationTotals
    readonly incomeReturn: OperationTotals
    /** Bookings of other operations (expenditures): matched if a document exists, never expected. */
    readonly otherOperations: number
    readonly firstDateTime: LocalDateTime.LocalDateTime | null
    readonly lastDateTime: LocalDateTime.LocalDateTime | null
  }
  readonly ofd: {
    /** Every document received, shift reports included. */
    readonly documents: number
    /** Receipts the ERP is expected to book (settings: operations and document types). */
    readonly inScope: number
    readonly outOfScope: number
    readonly income: OperationTotals
    readonly incomeReturn: OperationTotals
    readonly firstDateTime: LocalDateTime.LocalDateTime | null
    readonly lastDateTime: LocalDateTime.LocalDateTime | null
    readonly shiftTotals: number
  }
  readonly matches: {
    readonly total: number
    readonly byTier: { readonly 1: number; readonly 2: number; readonly 3: number }
    readonly byKey: Readonly<Record<MatchKey, number>>
  }
  /** Every kind, zeros included, in report order. */
  readonly differences: ReadonlyArray<KindTotals>
  /** Differences of severity `error`. */
  readonly errors: number
  readonly byOutlet: ReadonlyArray<OutletSummary>
  readonly byVatRate: ReadonlyArray<VatRateSummary>
  readonly shifts: {
    readonly by: "shift" | "businessDay"
    readonly ofdSource: "ShiftInfo" | "DocumentList" | "mixed" | "none"
    readonly checked: number
    readonly ok: number
    readonly rounding: number
    readonly mismatch: number
    /** ERP receipts that could not be placed in a shift (unmatched, no FN and shift columns). */
    readonly unassignedErpReceipts: number
  }
  /** How registers were identified: a directory given, learned from FN columns, or per FN only. */
  readonly registers: { readonly source: "directory" | "learned" | "fn"; readonly count: number }
  /** Things worth knowing that are not differences (ambiguities, skipped checks). */
  readonly notes: ReadonlyArray<string>
}
