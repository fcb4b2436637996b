/**
 * Rows of the shifts report (`kktstat/shifts`): per shift, per outlet or per department, with amounts converted
 * from the rubles of that method to kopecks exactly once.
 */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import * as LocalDateTime from "./LocalDateTime.js"
import * as Money from "./Money.js"
import { VatBreakdown } from "./VatBreakdown.js"

export const GroupBy = Schema.Literal("none", "outlet", "dep")
export type GroupBy = typeof GroupBy.Type

/** Which shifts a period selects (`IncludePeriod`). */
export const IncludePeriod = Schema.Literal("all", "opened", "closed")
export type IncludePeriod = typeof IncludePeriod.Type

/** Amounts of one operation by form of payment. */
export const PaymentForms = Schema.Struct({
  cash: Money.Kopecks,
  card: Money.Kopecks,
  prepayment: Money.Kopecks,
  credit: Money.Kopecks,
  exchange: Money.Kopecks,
  total: Money.Kopecks
})
export type PaymentForms = typeof PaymentForms.Type

/** The shift of a row when the report is not grouped. */
export const ShiftOfRow = Schema.Struct({
  number: Ids.ShiftNumber,
  openedAt: Schema.NullOr(LocalDateTime.LocalDateTime),
  closedAt: Schema.NullOr(LocalDateTime.LocalDateTime),
  cashier: Schema.NullOr(Schema.String),
  kktName: Schema.NullOr(Schema.String),
  kktFactoryNumber: Schema.NullOr(Schema.String),
  kktRegNumber: Schema.NullOr(Ids.KktRegNumber),
  fn: Ids.FnNumber
})
export type ShiftOfRow = typeof ShiftOfRow.Type

export const ShiftsReportRow = Schema.Struct({
  groupBy: GroupBy,
  /** Present when `groupBy` is "none". */
  shift: Schema.NullOr(ShiftOfRow),
  department: Schema.Struct({ name: Schema.NullOr(Schema.String), code: Schema.NullOr(Schema.String) }),
  /** Present unless `groupBy` is "dep". */
  outlet: Schema.NullOr(Schema.Struct({ name: Schema.NullOr(Schema.String), code: Schema.NullOr(Schema.String) })),
  revenueCash: Money.Kopecks,
  revenueCashless: Money.Kopecks,
  revenue: Money.Kopecks,
  income: PaymentForms,
  incomeReturn: PaymentForms,
  expenditure: PaymentForms,
  expenditureReturn: PaymentForms,
  incomeCorrection: PaymentForms,
  expenditureCorrection: PaymentForms,
  /** VAT per rate (gross only for 0% and no VAT). */
  vat: VatBreakdown,
  documentsCount: Schema.Int,
  averageDocumentSum: Money.Kopecks
})
export type ShiftsReportRow = typeof ShiftsReportRow.Type

export const ShiftsReport = Schema.Struct({
  groupBy: GroupBy,
  created: Schema.NullOr(Schema.String),
  rows: Schema.Array(ShiftsReportRow)
})
export type ShiftsReport = typeof ShiftsReport.Type

/** The question asked of `kktstat/shifts`: at most 31 days, optionally narrowed and grouped. */
export const ShiftsReportQuery = Schema.Struct({
  from: LocalDateTime.LocalDateTime,
  to: LocalDateTime.LocalDateTime,
  departmentId: Schema.optional(Ids.DepartmentId),
  outletId: Schema.optional(Ids.OutletId),
  kktRegNumber: Schema.optional(Ids.KktRegNumber),
  includePeriod: Schema.optional(IncludePeriod),
  groupBy: Schema.optional(GroupBy)
})
export type ShiftsReportQuery = typeof ShiftsReportQuery.Type
