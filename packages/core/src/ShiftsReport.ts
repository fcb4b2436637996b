/**
 * Rows of the shifts report (`kktstat/shifts`): per shift, per outlet or per department, with amounts converted
 * from the rubles of that method to kopecks exactly once.
 */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import * as LocalDateTime from "./LocalDateTime.js"
import * as Money from "./Money.js"
import type { Kopecks } from "./Money.js"
import type { OperationTotals, ShiftTotals } from "./ShiftTotals.js"
import * as VatBreakdownModule from "./VatBreakdown.js"
import { VatBreakdown } from "./VatBreakdown.js"
import * as VatRate from "./VatRate.js"

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
  /**
   * VAT per rate of income net of income returns (gross only for 0% and no VAT). The vendor document does not say
   * which operations the VAT columns of `kktstat/shifts` cover; GUESS: net, like `Revenue`. The one definition is
   * {@link fromShiftTotals}, which the ShiftList + ShiftInfo path and the sandbox both use.
   */
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

// --- Building, selecting, splitting and merging rows (pure; shared by the client's two report paths and the sandbox)

/** A shift-level row's key: shift numbers restart with every fiscal drive, so the FN is part of it. */
export const shiftKey = (row: ShiftsReportRow): string => (row.shift === null ? "" : `${row.shift.fn}/${row.shift.number}`)

/**
 * Whether `IncludePeriod` selects a shift for the period [from, to] (agreed with the sandbox):
 * - `all`: the shift's interval [open, close — or `now` while open] overlaps [from, to];
 * - `opened`: from ≤ open ≤ to;
 * - `closed`: the shift is closed and from ≤ close ≤ to.
 */
export const selects = (
  includePeriod: IncludePeriod,
  shift: { readonly openedAt: LocalDateTime.LocalDateTime; readonly closedAt: LocalDateTime.LocalDateTime | null },
  from: LocalDateTime.LocalDateTime,
  to: LocalDateTime.LocalDateTime,
  now: LocalDateTime.LocalDateTime
): boolean => {
  switch (includePeriod) {
    case "all":
      return shift.openedAt <= to && (shift.closedAt ?? now) >= from
    case "opened":
      return from <= shift.openedAt && shift.openedAt <= to
    case "closed":
      return shift.closedAt !== null && from <= shift.closedAt && shift.closedAt <= to
  }
}

export interface Period {
  readonly from: LocalDateTime.LocalDateTime
  readonly to: LocalDateTime.LocalDateTime
}

const DAY_MILLIS = 24 * 60 * 60 * 1000
const SECOND_MILLIS = 1000

/**
 * Splits [from, to] into consecutive parts of at most `maxDays` days: each part ends one second before the next
 * begins (timestamps have whole seconds), so every instant of the period is in exactly one part. A period of
 * `maxDays` days less a second or shorter stays whole; an empty period (to < from) gives no parts.
 */
export const splitPeriod = (period: Period, maxDays = 31): Array<Period> => {
  const end = LocalDateTime.toWallMillis(period.to)
  const parts: Array<Period> = []
  let start = LocalDateTime.toWallMillis(period.from)
  while (start <= end) {
    const partEnd = Math.min(start + maxDays * DAY_MILLIS - SECOND_MILLIS, end)
    parts.push({ from: LocalDateTime.fromWallMillis(start), to: LocalDateTime.fromWallMillis(partEnd) })
    start = partEnd + SECOND_MILLIS
  }
  return parts
}

/** Where a register stands and what it is called, as `kktstat/shifts` reports it beside each shift. */
export interface ShiftContext {
  readonly kktName: string | null
  readonly kktFactoryNumber: string | null
  readonly kktRegNumber: Ids.KktRegNumber | null
  readonly department: { readonly name: string | null; readonly code: string | null }
  readonly outlet: { readonly name: string | null; readonly code: string | null }
}

/** Zero in every form of payment. */
export const emptyPaymentForms: PaymentForms = {
  cash: Money.zero,
  card: Money.zero,
  prepayment: Money.zero,
  credit: Money.zero,
  exchange: Money.zero,
  total: Money.zero
}

/** An operation's totals by form of payment: card is the electronic sum; prepayment, credit, exchange where known. */
export const paymentFormsOf = (op: OperationTotals): PaymentForms => ({
  cash: op.cash,
  card: op.electronic,
  prepayment: op.prepaid ?? Money.zero,
  credit: op.credit ?? Money.zero,
  exchange: op.other ?? Money.zero,
  total: op.total
})

/**
 * VAT as `kktstat/shifts` reports it: the VAT amount for taxed rates (`Nds20Sum`), the gross for 0% and no VAT
 * (`Nds0Sum`, `NdsFreeSum`); rates whose amount is zero are left out, sorted in report order.
 */
export const canonicalVat = (b: VatBreakdown): VatBreakdown =>
  VatBreakdownModule.nonZero(
    VatBreakdownModule.sort(
      b.map((a) =>
        VatRate.get(a.rate).numerator === null
          ? { rate: a.rate, gross: a.gross ?? Money.zero, vat: null }
          : { rate: a.rate, gross: null, vat: a.vat ?? Money.zero }
      )
    )
  )

/**
 * GUESS (the document gives only "Средний чек"-like wording): the average document sum is the revenue divided by
 * the documents counted, rounded half away from zero; zero when there are none.
 */
export const averageDocumentSum = (revenue: Kopecks, documentsCount: number): Kopecks =>
  documentsCount === 0 ? Money.zero : Money.mulDivHalfUp(revenue, 1, documentsCount)

/**
 * The `kktstat/shifts` row of one shift, from its ShiftInfo totals and its register's place. This is the one
 * definition of the row's figures (GUESS where the document is silent), used by the client's ShiftList + ShiftInfo
 * path and by the sandbox's `kktstat/shifts`:
 * - revenue = income − income return (total, cash, electronic = "cashless");
 * - each operation's payment forms from its totals (card = electronic; prepayment, credit, exchange = tags 1215–1217);
 * - VAT = income VAT − income-return VAT per rate, in {@link canonicalVat} form;
 * - documents = the receipts of all six operations (corrections included); average = {@link averageDocumentSum}.
 */
export const fromShiftTotals = (t: ShiftTotals, ctx: ShiftContext): ShiftsReportRow => {
  const revenue = Money.subtract(t.income.total, t.incomeReturn.total)
  const documentsCount = [t.income, t.incomeReturn, t.expenditure, t.expenditureReturn, t.incomeCorrection, t.expenditureCorrection]
    .reduce((n, op) => n + (op.receiptCount ?? 0), 0)
  return {
    groupBy: "none",
    shift: {
      number: t.number,
      openedAt: t.openedAt,
      closedAt: t.closedAt,
      cashier: t.cashier,
      kktName: ctx.kktName,
      kktFactoryNumber: ctx.kktFactoryNumber,
      kktRegNumber: ctx.kktRegNumber,
      fn: t.fn
    },
    department: { name: ctx.department.name, code: ctx.department.code },
    outlet: { name: ctx.outlet.name, code: ctx.outlet.code },
    revenueCash: Money.subtract(t.income.cash, t.incomeReturn.cash),
    revenueCashless: Money.subtract(t.income.electronic, t.incomeReturn.electronic),
    revenue,
    income: paymentFormsOf(t.income),
    incomeReturn: paymentFormsOf(t.incomeReturn),
    expenditure: paymentFormsOf(t.expenditure),
    expenditureReturn: paymentFormsOf(t.expenditureReturn),
    incomeCorrection: paymentFormsOf(t.incomeCorrection),
    expenditureCorrection: paymentFormsOf(t.expenditureCorrection),
    vat: canonicalVat(VatBreakdownModule.combine([t.income.vat, VatBreakdownModule.negate(t.incomeReturn.vat)])),
    documentsCount,
    averageDocumentSum: averageDocumentSum(revenue, documentsCount)
  }
}

/** A row with its VAT in {@link canonicalVat} form, so rows from either source compare equal. */
export const canonicalRow = (row: ShiftsReportRow): ShiftsReportRow => ({ ...row, vat: canonicalVat(row.vat) })

const addForms = (a: PaymentForms, b: PaymentForms): PaymentForms => ({
  cash: Money.add(a.cash, b.cash),
  card: Money.add(a.card, b.card),
  prepayment: Money.add(a.prepayment, b.prepayment),
  credit: Money.add(a.credit, b.credit),
  exchange: Money.add(a.exchange, b.exchange),
  total: Money.add(a.total, b.total)
})

const groupKey = (row: ShiftsReportRow, groupBy: GroupBy): string =>
  JSON.stringify(
    groupBy === "dep"
      ? [row.department.name, row.department.code]
      : [row.department.name, row.department.code, row.outlet?.name ?? null, row.outlet?.code ?? null]
  )

/**
 * Groups shift-level rows by department or by outlet (within its department), as `kktstat/shifts` does with
 * `GroupBy`: amounts and counts are summed, VAT combined per rate, the average recomputed. Groups are told apart by
 * name and code — all a grouped row carries. `none` returns the rows unchanged.
 */
export const aggregate = (rows: ReadonlyArray<ShiftsReportRow>, groupBy: GroupBy): Array<ShiftsReportRow> => {
  if (groupBy === "none") return [...rows]
  const groups = new Map<string, ShiftsReportRow>()
  for (const row of rows) {
    const key = groupKey(row, groupBy)
    const prev = groups.get(key)
    if (prev === undefined) {
      groups.set(key, {
        ...row,
        groupBy,
        shift: null,
        outlet: groupBy === "dep" ? null : row.outlet,
        vat: canonicalVat(row.vat)
      })
      continue
    }
    const revenue = Money.add(prev.revenue, row.revenue)
    const documentsCount = prev.documentsCount + row.documentsCount
    groups.set(key, {
      ...prev,
      revenueCash: Money.add(prev.revenueCash, row.revenueCash),
      revenueCashless: Money.add(prev.revenueCashless, row.revenueCashless),
      revenue,
      income: addForms(prev.income, row.income),
      incomeReturn: addForms(prev.incomeReturn, row.incomeReturn),
      expenditure: addForms(prev.expenditure, row.expenditure),
      expenditureReturn: addForms(prev.expenditureReturn, row.expenditureReturn),
      incomeCorrection: addForms(prev.incomeCorrection, row.incomeCorrection),
      expenditureCorrection: addForms(prev.expenditureCorrection, row.expenditureCorrection),
      vat: canonicalVat(VatBreakdownModule.combine([prev.vat, row.vat])),
      documentsCount,
      averageDocumentSum: averageDocumentSum(revenue, documentsCount)
    })
  }
  return [...groups.values()]
}

/**
 * Merges the shift-level rows of the parts of a split period: a shift the parts share — with `all`, one that spans a
 * part boundary is in both — is kept once (its first occurrence; a shift's row carries the whole shift's totals).
 */
export const mergeShiftRows = (parts: ReadonlyArray<ReadonlyArray<ShiftsReportRow>>): Array<ShiftsReportRow> => {
  const seen = new Set<string>()
  const out: Array<ShiftsReportRow> = []
  for (const rows of parts) {
    for (const row of rows) {
      const key = shiftKey(row)
      if (key !== "" && seen.has(key)) continue
      seen.add(key)
      out.push(row)
    }
  }
  return out
}

const cmp = (a: string | number | null | undefined, b: string | number | null | undefined): number =>
  a === b ? 0 : a === null || a === undefined ? 1 : b === null || b === undefined ? -1 : a < b ? -1 : 1

/**
 * Rows in a stable order: shifts by open time, FN and number; groups by department, then outlet (name, code).
 * Both report paths sort with it, so their results compare element by element.
 */
export const sortRows = (rows: ReadonlyArray<ShiftsReportRow>): Array<ShiftsReportRow> =>
  [...rows].sort((a, b) =>
    cmp(a.shift?.openedAt, b.shift?.openedAt) ||
    cmp(a.shift?.fn, b.shift?.fn) ||
    cmp(a.shift?.number, b.shift?.number) ||
    cmp(a.department.name, b.department.name) ||
    cmp(a.department.code, b.department.code) ||
    cmp(a.outlet?.name, b.outlet?.name) ||
    cmp(a.outlet?.code, b.outlet?.code)
  )
