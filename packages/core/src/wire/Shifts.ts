/** ShiftList (CONFIRMED) and ShiftInfo (`income.total/cash/electronic`, `incomeReturn.total` CONFIRMED; rest LIKELY). */
import { Schema } from "effect"
import * as Shift from "../Shift.js"
import * as ShiftTotals from "../ShiftTotals.js"
import { WireDateTime, decodeVat, encodeVat, fieldsOf, listPage, OptInt, OptString, optionalInts, orNull, compact, type VatFieldMap } from "./Common.js"

export const WireShift = Schema.Struct({
  fnFactoryNumber: Schema.String,
  shiftNumber: Schema.Int,
  openDateTime: WireDateTime,
  /** Null or missing while the shift is open. */
  closeDateTime: Schema.optional(Schema.NullOr(WireDateTime)),
  receiptCount: OptInt
})

export const ShiftFromWire = Schema.transform(WireShift, Shift.Shift, {
  strict: true,
  decode: (w) => ({
    fn: w.fnFactoryNumber,
    number: w.shiftNumber,
    openedAt: w.openDateTime,
    closedAt: orNull(w.closeDateTime),
    receiptCount: orNull(w.receiptCount)
  }),
  encode: (s) => ({
    fnFactoryNumber: s.fn,
    shiftNumber: s.number,
    openDateTime: s.openedAt,
    closeDateTime: s.closedAt,
    ...compact({ receiptCount: s.receiptCount })
  })
})

export const ShiftList = listPage(ShiftFromWire)

/**
 * Per-rate fields of a ShiftInfo operation object. `ndsX` is VAT (LIKELY), `goods_sum_nds_X` the gross sales
 * (LIKELY). The 22%, 5% and 7% names are GUESS, by the pattern of the others.
 */
export const SHIFT_VAT_FIELDS: VatFieldMap = [
  ["nds22", "vat22", "vat"],
  ["goods_sum_nds_22", "vat22", "gross"],
  ["nds20", "vat20", "vat"],
  ["goods_sum_nds_20", "vat20", "gross"],
  ["nds18", "vat18", "vat"],
  ["nds10", "vat10", "vat"],
  ["goods_sum_nds_10", "vat10", "gross"],
  ["nds7", "vat7", "vat"],
  ["goods_sum_nds_7", "vat7", "gross"],
  ["nds5", "vat5", "vat"],
  ["goods_sum_nds_5", "vat5", "gross"],
  ["nds22_122", "vat22_122", "vat"],
  ["goods_sum_nds_22122", "vat22_122", "gross"],
  ["nds20_120", "vat20_120", "vat"],
  ["goods_sum_nds_20120", "vat20_120", "gross"],
  ["nds18_118", "vat18_118", "vat"],
  ["nds10_110", "vat10_110", "vat"],
  ["goods_sum_nds_10110", "vat10_110", "gross"],
  ["nds7_107", "vat7_107", "vat"],
  ["goods_sum_nds_7107", "vat7_107", "gross"],
  ["nds5_105", "vat5_105", "vat"],
  ["goods_sum_nds_5105", "vat5_105", "gross"],
  ["goods_sum_nds_0", "vat0", "gross"],
  ["goods_sum_nds_No", "none", "gross"]
]

const SHIFT_VAT_WIRE = optionalInts([
  "nds22", "goods_sum_nds_22", "nds20", "goods_sum_nds_20", "nds18", "nds10", "goods_sum_nds_10",
  "nds7", "goods_sum_nds_7", "nds5", "goods_sum_nds_5", "nds22_122", "goods_sum_nds_22122", "nds20_120",
  "goods_sum_nds_20120", "nds18_118", "nds10_110", "goods_sum_nds_10110", "nds7_107", "goods_sum_nds_7107",
  "nds5_105", "goods_sum_nds_5105", "goods_sum_nds_0", "goods_sum_nds_No"
] as const)

// Every map entry must have a schema field, or it would never be decoded.
if (fieldsOf(SHIFT_VAT_FIELDS).some((f) => !(f in SHIFT_VAT_WIRE))) throw new Error("SHIFT_VAT_FIELDS out of step")

export const WireOperationTotals = Schema.Struct({
  total: Schema.Int,
  cash: Schema.Int,
  electronic: Schema.Int,
  receiptCount: OptInt,
  receiptItemCount: OptInt,
  nds0Total: OptInt,
  noNDSTotal: OptInt,
  ...SHIFT_VAT_WIRE
})

export const OperationTotalsFromWire = Schema.transform(WireOperationTotals, ShiftTotals.OperationTotals, {
  strict: true,
  decode: (w) => ({
    total: w.total,
    cash: w.cash,
    electronic: w.electronic,
    prepaid: null,
    credit: null,
    other: null,
    receiptCount: orNull(w.receiptCount),
    itemCount: orNull(w.receiptItemCount),
    vat: decodeVat(w, SHIFT_VAT_FIELDS),
    zeroRateTotal: orNull(w.nds0Total),
    noVatTotal: orNull(w.noNDSTotal)
  }),
  encode: (t) => ({
    total: t.total,
    cash: t.cash,
    electronic: t.electronic,
    ...compact({
      receiptCount: t.receiptCount,
      receiptItemCount: t.itemCount,
      nds0Total: t.zeroRateTotal,
      noNDSTotal: t.noVatTotal
    }),
    ...encodeVat(t.vat, SHIFT_VAT_FIELDS, (k) => k)
  })
})

/** An operation a shift did not have may come as null or be missing: read as zero totals. */
const OptOperation = Schema.optional(Schema.NullOr(OperationTotalsFromWire))

export const WireShiftInfo = Schema.Struct({
  reportDate: OptString,
  shift: Schema.Struct({
    fnFactoryNumber: Schema.String,
    shiftNumber: Schema.Int,
    openDateTime: WireDateTime,
    openFdNumber: OptInt,
    closeDateTime: Schema.optional(Schema.NullOr(WireDateTime)),
    closeFdNumber: OptInt,
    cashier: OptString,
    state: ShiftTotals.ShiftState,
    income: OperationTotalsFromWire,
    incomeReturn: OperationTotalsFromWire,
    incomeCorrection: OptOperation,
    expenditure: OptOperation,
    expenditureReturn: OptOperation,
    expenditureCorrection: OptOperation
  })
})

const T = Schema.typeSchema(ShiftTotals.OperationTotals)

export const ShiftInfo = Schema.transform(
  WireShiftInfo,
  Schema.Struct({
    ...ShiftTotals.ShiftTotals.fields,
    income: T,
    incomeReturn: T,
    incomeCorrection: T,
    expenditure: T,
    expenditureReturn: T,
    expenditureCorrection: T
  }),
  {
    strict: true,
    decode: ({ reportDate, shift: s }) => ({
      reportDate: orNull(reportDate),
      fn: s.fnFactoryNumber,
      number: s.shiftNumber,
      openedAt: s.openDateTime,
      openFd: orNull(s.openFdNumber),
      closedAt: orNull(s.closeDateTime),
      closeFd: orNull(s.closeFdNumber),
      cashier: orNull(s.cashier),
      state: s.state,
      income: s.income,
      incomeReturn: s.incomeReturn,
      incomeCorrection: s.incomeCorrection ?? ShiftTotals.emptyOperationTotals,
      expenditure: s.expenditure ?? ShiftTotals.emptyOperationTotals,
      expenditureReturn: s.expenditureReturn ?? ShiftTotals.emptyOperationTotals,
      expenditureCorrection: s.expenditureCorrection ?? ShiftTotals.emptyOperationTotals
    }),
    encode: (t) => ({
      ...compact({ reportDate: t.reportDate }),
      shift: {
        fnFactoryNumber: t.fn,
        shiftNumber: t.number,
        openDateTime: t.openedAt,
        ...compact({ openFdNumber: t.openFd }),
        closeDateTime: t.closedAt,
        ...compact({ closeFdNumber: t.closeFd, cashier: t.cashier }),
        state: t.state,
        income: t.income,
        incomeReturn: t.incomeReturn,
        incomeCorrection: t.incomeCorrection,
        expenditure: t.expenditure,
        expenditureReturn: t.expenditureReturn,
        expenditureCorrection: t.expenditureCorrection
      }
    })
  }
)
