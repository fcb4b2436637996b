/**
 * One shift (or one pre-grouped row) as the reports read it.
 *
 * The client gives shift rows two ways: `kktstat/shifts` rows, and ShiftList + ShiftInfo. Both arrive as
 * {@link ShiftsReport.ShiftsReportRow}; the ShiftInfo way can also carry the shift's {@link ShiftTotals.ShiftTotals},
 * which add receipt counts, prepaid/credit/other where known, and — what the VAT-rate report needs — VAT per
 * operation. A plain row's single VAT breakdown is read as the VAT of income (see {@link vatOf}).
 */
import { type Ids, type LocalDateTime, Money, ShiftsReport, type ShiftTotals, VatBreakdown } from "@taxcom-kit/core"

type Kopecks = Money.Kopecks

/** A row together with the ShiftInfo totals of the same shift. */
export interface ShiftWithTotals {
  readonly row: ShiftsReport.ShiftsReportRow
  readonly totals: ShiftTotals.ShiftTotals
}

export type ShiftInput = ShiftsReport.ShiftsReportRow | ShiftWithTotals

export const isWithTotals = (input: ShiftInput): input is ShiftWithTotals => "totals" in input && "row" in input

/** Pairs a row with its ShiftInfo totals. */
export const withTotals = (row: ShiftsReport.ShiftsReportRow, totals: ShiftTotals.ShiftTotals): ShiftWithTotals => ({
  row,
  totals
})

/** A name and a code, both optional, as the API gives departments and outlets. */
export interface Named {
  readonly name: string | null
  readonly code: string | null
}

/** Where a register stands and what it is. */
export interface Place {
  readonly department: Named
  readonly outlet: Named | null
  readonly kkt: {
    readonly name: string | null
    readonly regNumber: Ids.KktRegNumber | null
    readonly factoryNumber: string | null
  }
}

/**
 * Builds the input of one shift from ShiftInfo totals and where the register stands (from KKTList/OutletList).
 * The row is core's {@link ShiftsReport.fromShiftTotals} — the same row the `kktstat/shifts` path gives — and the
 * totals keep what a row cannot hold (counts, gross per rate, income and income-return VAT apart).
 */
export const fromShiftInfo = (totals: ShiftTotals.ShiftTotals, place: Place): ShiftWithTotals => ({
  row: ShiftsReport.fromShiftTotals(totals, {
    kktName: place.kkt.name,
    kktFactoryNumber: place.kkt.factoryNumber,
    kktRegNumber: place.kkt.regNumber,
    department: place.department,
    outlet: place.outlet ?? { name: null, code: null }
  }),
  totals
})

/** The amounts of one operation as the shift report shows them; null where the source does not say. */
export interface OperationAmounts {
  readonly count: number | null
  readonly total: Kopecks
  readonly cash: Kopecks
  readonly electronic: Kopecks
  readonly prepaid: Kopecks | null
  readonly credit: Kopecks | null
  readonly other: Kopecks | null
}

/** The shift of an input, when it is a shift and not a pre-grouped row. */
export interface ShiftIdentity {
  readonly kktName: string | null
  readonly kktRegNumber: string | null
  readonly kktFactoryNumber: string | null
  readonly fn: string
  readonly number: number
  readonly openedAt: LocalDateTime.LocalDateTime | null
  readonly closedAt: LocalDateTime.LocalDateTime | null
  readonly cashier: string | null
  /** True when the source says the shift is open (ShiftInfo state) or it has no close time. */
  readonly open: boolean
}

export const rowOf = (input: ShiftInput): ShiftsReport.ShiftsReportRow => (isWithTotals(input) ? input.row : input)

export const shiftOf = (input: ShiftInput): ShiftIdentity | null => {
  const row = rowOf(input)
  const s = row.shift
  if (s === null) return null
  const totals = isWithTotals(input) ? input.totals : null
  const closedAt = s.closedAt ?? totals?.closedAt ?? null
  return {
    kktName: s.kktName,
    kktRegNumber: s.kktRegNumber,
    kktFactoryNumber: s.kktFactoryNumber,
    fn: s.fn,
    number: s.number,
    openedAt: s.openedAt ?? totals?.openedAt ?? null,
    closedAt,
    cashier: s.cashier ?? totals?.cashier ?? null,
    open: totals !== null ? totals.state === "Open" : closedAt === null
  }
}

const fromForms = (f: ShiftsReport.PaymentForms): OperationAmounts => ({
  count: null,
  total: f.total,
  cash: f.cash,
  electronic: f.card,
  prepaid: f.prepayment,
  credit: f.credit,
  other: f.exchange
})

const fromTotals = (t: ShiftTotals.OperationTotals): OperationAmounts => ({
  count: t.receiptCount,
  total: t.total,
  cash: t.cash,
  electronic: t.electronic,
  prepaid: t.prepaid,
  credit: t.credit,
  other: t.other
})

export interface InputOperations {
  readonly income: OperationAmounts
  readonly incomeReturn: OperationAmounts
  readonly expenditure: OperationAmounts
  readonly expenditureReturn: OperationAmounts
  readonly incomeCorrection: OperationAmounts
  readonly expenditureCorrection: OperationAmounts
}

/** Per-operation amounts: from ShiftInfo totals when present (they carry counts), else from the row. */
export const operationsOf = (input: ShiftInput): InputOperations => {
  if (isWithTotals(input)) {
    const t = input.totals
    return {
      income: fromTotals(t.income),
      incomeReturn: fromTotals(t.incomeReturn),
      expenditure: fromTotals(t.expenditure),
      expenditureReturn: fromTotals(t.expenditureReturn),
      incomeCorrection: fromTotals(t.incomeCorrection),
      expenditureCorrection: fromTotals(t.expenditureCorrection)
    }
  }
  return {
    income: fromForms(input.income),
    incomeReturn: fromForms(input.incomeReturn),
    expenditure: fromForms(input.expenditure),
    expenditureReturn: fromForms(input.expenditureReturn),
    incomeCorrection: fromForms(input.incomeCorrection),
    expenditureCorrection: fromForms(input.expenditureCorrection)
  }
}

/**
 * VAT per operation and net. With ShiftInfo totals every half is known. A plain row carries one breakdown, the VAT
 * of income net of returns ({@link ShiftsReport.ShiftsReportRow.vat}): it is the net block exactly, and also the
 * income block when the shift had no returns; otherwise income and returns are unknown (null), never guessed.
 */
export const vatOf = (input: ShiftInput): {
  readonly income: VatBreakdown.VatBreakdown | null
  readonly incomeReturn: VatBreakdown.VatBreakdown | null
  readonly net: VatBreakdown.VatBreakdown
} => {
  if (isWithTotals(input)) {
    const { income, incomeReturn } = input.totals
    return {
      income: income.vat,
      incomeReturn: incomeReturn.vat,
      net: VatBreakdown.combine([income.vat, VatBreakdown.negate(incomeReturn.vat)])
    }
  }
  return input.incomeReturn.total === 0
    ? { income: input.vat, incomeReturn: [], net: input.vat }
    : { income: null, incomeReturn: null, net: input.vat }
}
