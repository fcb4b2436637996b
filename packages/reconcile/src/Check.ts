/**
 * Aggregate checks: tier 4 (shift totals) and tier 5 (VAT buckets). One item per shift (or register-day) and per
 * rate and operation, whether it agrees or not, so a report can show the full table.
 */
import type { LocalDateTime, Money, Operation, VatRate } from "@taxcom-kit/core"

export type CheckStatus =
  /** Equal. */
  | "ok"
  /** Within the tolerance (1 kopeck per receipt for totals, per line for VAT). */
  | "rounding"
  | "mismatch"

/** Money of one side of a shift: sales and refunds apart. */
export interface ShiftSide {
  readonly income: Money.Kopecks
  readonly incomeReturn: Money.Kopecks
  /** Cash and cashless of sales. */
  readonly incomeCash: Money.Kopecks
  readonly incomeElectronic: Money.Kopecks
  readonly receipts: number
}

/** Tier 4: a shift (or a register's business day) compared. */
export interface ShiftCheck {
  readonly _tag: "ShiftCheck"
  readonly tier: 4
  /** `shift`: keyed by FN and shift; `businessDay`: by register and day. */
  readonly by: "shift" | "businessDay"
  readonly fn: string | null
  readonly shift: number | null
  readonly register: string | null
  readonly outlet: string | null
  /** The shift's business day (per the `businessDay` setting), or the day compared. */
  readonly businessDay: LocalDateTime.LocalDate | null
  /** Where the fiscal side comes from: ShiftInfo totals, or the sum of DocumentList receipts when none were given. */
  readonly ofdSource: "ShiftInfo" | "DocumentList"
  readonly ofd: ShiftSide
  readonly erp: ShiftSide
  readonly status: CheckStatus
  readonly reason: string
}

/** Tier 5: VAT at one rate for one operation, over the period. */
export interface VatCheck {
  readonly _tag: "VatCheck"
  readonly tier: 5
  readonly rate: VatRate.VatRateId
  readonly operation: Operation.Operation
  /** VAT at the rate (taxed rates), kopecks. For 0% and no VAT the compared amount is the sum at the rate. */
  readonly ofdVat: Money.Kopecks
  readonly erpVat: Money.Kopecks
  /** Sums at the rate where both sides give them (0%, no VAT; line-level files for every rate), else null. */
  readonly ofdGross: Money.Kopecks | null
  readonly erpGross: Money.Kopecks | null
  /** The compared amount: `erp − ofd` of VAT (taxed rates) or of the sum (0%, no VAT). */
  readonly difference: Money.Kopecks
  readonly tolerance: Money.Kopecks
  readonly ofdReceipts: number
  readonly erpReceipts: number
  readonly status: CheckStatus
  readonly reason: string
}
