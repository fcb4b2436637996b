/**
 * A shift with its totals per operation, as ShiftInfo gives them (amounts in kopecks).
 */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import * as LocalDateTime from "./LocalDateTime.js"
import * as Money from "./Money.js"
import type { Kopecks } from "./Money.js"
import { VatBreakdown } from "./VatBreakdown.js"

export const ShiftState = Schema.Literal("Open", "Close")
export type ShiftState = typeof ShiftState.Type

/** Totals of one operation (income, income return, ...) within a shift or a group of shifts. */
export const OperationTotals = Schema.Struct({
  total: Money.Kopecks,
  cash: Money.Kopecks,
  electronic: Money.Kopecks,
  /** Prepayment (аванс), credit and other consideration (встречное предоставление): where the source gives them. */
  prepaid: Schema.NullOr(Money.Kopecks),
  credit: Schema.NullOr(Money.Kopecks),
  other: Schema.NullOr(Money.Kopecks),
  receiptCount: Schema.NullOr(Schema.Int),
  itemCount: Schema.NullOr(Schema.Int),
  /** Per rate: VAT, and gross sales where the source gives them. */
  vat: VatBreakdown,
  /** Settlement sum of receipts at 0% (FFD tag 1104 summed); distinct from the 0% goods sum in `vat`. */
  zeroRateTotal: Schema.NullOr(Money.Kopecks),
  /** Settlement sum of receipts without VAT (tag 1105 summed). */
  noVatTotal: Schema.NullOr(Money.Kopecks)
})
export type OperationTotals = typeof OperationTotals.Type

export const emptyOperationTotals: OperationTotals = {
  total: Money.zero,
  cash: Money.zero,
  electronic: Money.zero,
  prepaid: null,
  credit: null,
  other: null,
  receiptCount: null,
  itemCount: null,
  vat: [],
  zeroRateTotal: null,
  noVatTotal: null
}

export const ShiftTotals = Schema.Struct({
  reportDate: Schema.NullOr(Schema.String),
  fn: Ids.FnNumber,
  number: Ids.ShiftNumber,
  openedAt: LocalDateTime.LocalDateTime,
  openFd: Schema.NullOr(Ids.FdNumber),
  closedAt: Schema.NullOr(LocalDateTime.LocalDateTime),
  closeFd: Schema.NullOr(Ids.FdNumber),
  cashier: Schema.NullOr(Schema.String),
  state: ShiftState,
  income: OperationTotals,
  incomeReturn: OperationTotals,
  incomeCorrection: OperationTotals,
  expenditure: OperationTotals,
  expenditureReturn: OperationTotals,
  expenditureCorrection: OperationTotals
})
export type ShiftTotals = typeof ShiftTotals.Type

/** Revenue net of refunds: income − income return. */
export const netRevenue = (s: { income: { total: Kopecks }; incomeReturn: { total: Kopecks } }): Kopecks =>
  Money.subtract(s.income.total, s.incomeReturn.total)
