/**
 * The reports group: `kktstat/shifts`, `kktstat/kktinfo`, `kktstat/dashboard` (POST).
 *
 * Field names are the vendor document's, typos kept (`DepartamentName`, `DepartamnetCode`); amounts are rubles as
 * JSON numbers, converted to kopecks here, exactly once. What the document does not give is GUESS, named once:
 * the request is a JSON body with the documented parameter names, and the rows sit in an array next to
 * `GroupBy`/`Created` (or `Created`/`PageCount`) whose property name is unknown — read from `Items` or from the only
 * array property, written as `Items`.
 */
import { Schema } from "effect"
import * as KktMonitoring from "../KktMonitoring.js"
import * as Money from "../Money.js"
import * as ShiftsReport from "../ShiftsReport.js"
import {
  compact, decodeVat, encodeVat, IntFromString, LenientBoolean, LooseDateTime, OptInt, OptString, orNull, rowListUnder,
  type VatFieldMap
} from "./Common.js"

/** GUESS: the property that holds the rows. */
export const ROWS = "Items"

const Rubles = Schema.optional(Schema.NullOr(Money.RublesFromNumber))

const optionalRubles = <const K extends ReadonlyArray<string>>(keys: K): { [P in K[number]]: typeof Rubles } =>
  Object.fromEntries(keys.map((k) => [k, Rubles])) as never

const OPERATIONS = ["Income", "IncomeReturn", "Expenditure", "ExpenditureReturn", "IncomeCorrection", "ExpenditureCorrection"] as const
const FORMS = ["Cash", "Card", "Prepayment", "Credit", "Exchange", "Total"] as const

/** VAT fields of a row (VAT amounts; `Nds0Sum` and `NdsFreeSum` are the sums at 0% and without VAT). */
export const KKTSTAT_VAT_FIELDS: VatFieldMap = [
  ["Nds22Sum", "vat22", "vat"], // GUESS
  ["Nds20Sum", "vat20", "vat"],
  ["Nds18Sum", "vat18", "vat"],
  ["Nds10Sum", "vat10", "vat"],
  ["Nds7Sum", "vat7", "vat"], // GUESS
  ["Nds5Sum", "vat5", "vat"], // GUESS
  ["Nds22RatedSum", "vat22_122", "vat"], // GUESS
  ["Nds20RatedSum", "vat20_120", "vat"],
  ["Nds18RatedSum", "vat18_118", "vat"],
  ["Nds10RatedSum", "vat10_110", "vat"],
  ["Nds7RatedSum", "vat7_107", "vat"], // GUESS
  ["Nds5RatedSum", "vat5_105", "vat"], // GUESS
  ["Nds0Sum", "vat0", "gross"],
  ["NdsFreeSum", "none", "gross"]
]

export const WireShiftsRow = Schema.Struct({
  GroupBy: Schema.optional(ShiftsReport.GroupBy),
  Created: OptString,
  DateOpened: Schema.optional(Schema.NullOr(LooseDateTime)),
  DateClosed: Schema.optional(Schema.NullOr(LooseDateTime)),
  Shift: OptInt,
  Cashier: OptString,
  KktName: OptString,
  KktFactoryNumber: OptString,
  KktRegNumber: OptString,
  FnFactoryNumber: OptString,
  DepartamentName: OptString,
  DepartamnetCode: OptString,
  /** Correct spellings, in case the service is ever fixed. */
  DepartmentName: OptString,
  DepartmentCode: OptString,
  OutletName: OptString,
  OutletCode: OptString,
  ...optionalRubles(["RevenueCash", "RevenueCashless", "Revenue", "AverageDocumentSum"] as const),
  ...optionalRubles([
    "IncomeCash", "IncomeCard", "IncomePrepayment", "IncomeCredit", "IncomeExchange", "IncomeTotal",
    "IncomeReturnCash", "IncomeReturnCard", "IncomeReturnPrepayment", "IncomeReturnCredit", "IncomeReturnExchange", "IncomeReturnTotal",
    "ExpenditureCash", "ExpenditureCard", "ExpenditurePrepayment", "ExpenditureCredit", "ExpenditureExchange", "ExpenditureTotal",
    "ExpenditureReturnCash", "ExpenditureReturnCard", "ExpenditureReturnPrepayment", "ExpenditureReturnCredit", "ExpenditureReturnExchange", "ExpenditureReturnTotal",
    "IncomeCorrectionCash", "IncomeCorrectionCard", "IncomeCorrectionPrepayment", "IncomeCorrectionCredit", "IncomeCorrectionExchange", "IncomeCorrectionTotal",
    "ExpenditureCorrectionCash", "ExpenditureCorrectionCard", "ExpenditureCorrectionPrepayment", "ExpenditureCorrectionCredit", "ExpenditureCorrectionExchange", "ExpenditureCorrectionTotal"
  ] as const),
  ...optionalRubles([
    "Nds22Sum", "Nds20Sum", "Nds18Sum", "Nds10Sum", "Nds7Sum", "Nds5Sum", "Nds22RatedSum", "Nds20RatedSum",
    "Nds18RatedSum", "Nds10RatedSum", "Nds7RatedSum", "Nds5RatedSum", "Nds0Sum", "NdsFreeSum"
  ] as const),
  /** "string" in the document. */
  DocumentsCount: Schema.optional(Schema.NullOr(IntFromString))
})
type WireShiftsRow = typeof WireShiftsRow.Type
type EncodedRow = typeof ShiftsReport.ShiftsReportRow.Encoded

const inferGroupBy = (r: WireShiftsRow): ShiftsReport.GroupBy =>
  r.GroupBy ?? (r.Shift !== undefined && r.Shift !== null ? "none" : r.OutletName !== undefined && r.OutletName !== null ? "outlet" : "dep")

const formsOf = (r: Record<string, unknown>, op: string) => {
  const get = (f: string) => (typeof r[op + f] === "number" ? (r[op + f] as number) : 0)
  return { cash: get("Cash"), card: get("Card"), prepayment: get("Prepayment"), credit: get("Credit"), exchange: get("Exchange"), total: get("Total") }
}

const rowFromWire = (r: WireShiftsRow, groupBy: ShiftsReport.GroupBy): EncodedRow => ({
  groupBy,
  shift: groupBy === "none"
    ? {
      number: r.Shift ?? 0,
      openedAt: orNull(r.DateOpened),
      closedAt: orNull(r.DateClosed),
      cashier: orNull(r.Cashier),
      kktName: orNull(r.KktName),
      kktFactoryNumber: orNull(r.KktFactoryNumber),
      kktRegNumber: orNull(r.KktRegNumber),
      fn: r.FnFactoryNumber ?? ""
    }
    : null,
  department: { name: r.DepartamentName ?? orNull(r.DepartmentName), code: r.DepartamnetCode ?? orNull(r.DepartmentCode) },
  outlet: groupBy === "dep" ? null : { name: orNull(r.OutletName), code: orNull(r.OutletCode) },
  revenueCash: r.RevenueCash ?? 0,
  revenueCashless: r.RevenueCashless ?? 0,
  revenue: r.Revenue ?? 0,
  income: formsOf(r, "Income"),
  incomeReturn: formsOf(r, "IncomeReturn"),
  expenditure: formsOf(r, "Expenditure"),
  expenditureReturn: formsOf(r, "ExpenditureReturn"),
  incomeCorrection: formsOf(r, "IncomeCorrection"),
  expenditureCorrection: formsOf(r, "ExpenditureCorrection"),
  vat: decodeVat(r, KKTSTAT_VAT_FIELDS),
  documentsCount: r.DocumentsCount ?? 0,
  averageDocumentSum: r.AverageDocumentSum ?? 0
})

const rowToWire = (d: EncodedRow, created: string | null): WireShiftsRow => {
  // Amounts here were validated as kopecks when the domain row was built; the wire type brands them again.
  const k = (n: number) => n as Money.Kopecks
  const forms: Record<string, Money.Kopecks> = {}
  for (const op of OPERATIONS) {
    const key = (op[0]!.toLowerCase() + op.slice(1)) as "income"
    for (const f of FORMS) forms[op + f] = k(d[key][f.toLowerCase() as "cash"])
  }
  return {
    GroupBy: d.groupBy,
    ...compact({ Created: created }),
    ...(d.shift === null ? {} : {
      ...compact({ DateOpened: d.shift.openedAt, DateClosed: d.shift.closedAt }),
      Shift: d.shift.number,
      ...compact({ Cashier: d.shift.cashier, KktName: d.shift.kktName, KktFactoryNumber: d.shift.kktFactoryNumber, KktRegNumber: d.shift.kktRegNumber }),
      FnFactoryNumber: d.shift.fn
    }),
    ...compact({ DepartamentName: d.department.name, DepartamnetCode: d.department.code }),
    ...(d.outlet === null ? {} : compact({ OutletName: d.outlet.name, OutletCode: d.outlet.code })),
    RevenueCash: k(d.revenueCash),
    RevenueCashless: k(d.revenueCashless),
    Revenue: k(d.revenue),
    ...forms,
    ...encodeVat(d.vat, KKTSTAT_VAT_FIELDS, k),
    DocumentsCount: d.documentsCount,
    AverageDocumentSum: k(d.averageDocumentSum)
  }
}

export const WireShiftsResponse = Schema.Struct({
  GroupBy: Schema.optional(ShiftsReport.GroupBy),
  Created: OptString,
  [ROWS]: Schema.Array(WireShiftsRow)
})

/** `kktstat/shifts` response → {@link ShiftsReport.ShiftsReport}. */
export const ShiftsResponse = Schema.compose(
  rowListUnder(ROWS),
  Schema.transform(WireShiftsResponse, ShiftsReport.ShiftsReport, {
    strict: true,
    decode: (w) => {
      const rows = w[ROWS]
      const groupBy = w.GroupBy ?? (rows.length > 0 ? inferGroupBy(rows[0]!) : "none")
      return {
        groupBy,
        created: w.Created ?? orNull(rows[0]?.Created),
        rows: rows.map((r) => rowFromWire(r, r.GroupBy ?? groupBy))
      }
    },
    encode: (d) => ({
      GroupBy: d.groupBy,
      ...compact({ Created: d.created }),
      [ROWS]: d.rows.map((r) => rowToWire(r, null))
    })
  }),
  { strict: false }
)

/** `kktstat/shifts` request body (GUESS: JSON body with the documented names). */
export const ShiftsRequest = Schema.transform(
  Schema.Struct({
    From: Schema.String,
    To: Schema.String,
    DepartmentId: Schema.optional(Schema.String),
    OutletId: Schema.optional(Schema.String),
    KktRegNumber: Schema.optional(Schema.String),
    IncludePeriod: Schema.optional(ShiftsReport.IncludePeriod),
    GroupBy: Schema.optional(ShiftsReport.GroupBy)
  }),
  ShiftsReport.ShiftsReportQuery,
  {
    strict: true,
    decode: (w) => ({
      from: w.From,
      to: w.To,
      ...(w.DepartmentId === undefined ? {} : { departmentId: w.DepartmentId }),
      ...(w.OutletId === undefined ? {} : { outletId: w.OutletId }),
      ...(w.KktRegNumber === undefined ? {} : { kktRegNumber: w.KktRegNumber }),
      ...(w.IncludePeriod === undefined ? {} : { includePeriod: w.IncludePeriod }),
      ...(w.GroupBy === undefined ? {} : { groupBy: w.GroupBy })
    }),
    encode: (q) => ({
      From: q.from,
      To: q.to,
      ...(q.departmentId === undefined ? {} : { DepartmentId: q.departmentId }),
      ...(q.outletId === undefined ? {} : { OutletId: q.outletId }),
      ...(q.kktRegNumber === undefined ? {} : { KktRegNumber: q.kktRegNumber }),
      ...(q.includePeriod === undefined ? {} : { IncludePeriod: q.includePeriod }),
      ...(q.groupBy === undefined ? {} : { GroupBy: q.groupBy })
    })
  }
)

// --- kktstat/kktinfo --------------------------------------------------------------------------------------------

export const WireKktInfoRow = Schema.Struct({
  KktName: OptString,
  KktRegNumber: OptString,
  KktFactoryNumber: OptString,
  KktModel: OptString,
  FnFactoryNumber: OptString,
  ShiftStatus: Schema.optional(Schema.NullOr(KktMonitoring.MonitoringShiftStatus)),
  KktStatus: Schema.optional(Schema.NullOr(KktMonitoring.MonitoringKktStatus)),
  EndDate: OptString,
  NextLicType: OptString,
  FnStatus: Schema.optional(Schema.NullOr(KktMonitoring.MonitoringFnStatus)),
  FnRegDate: OptString,
  FnMonthsCount: OptInt,
  FnExpiredDate: OptString,
  LastDocumentDate: OptString,
  LastDocumentStatus: OptInt,
  OutletId: OptString,
  OutletName: OptString,
  OutletCode: OptString,
  OutletAddress: OptString,
  IsSelfService: Schema.optional(Schema.NullOr(LenientBoolean)),
  CtoName: OptString,
  CtoInn: OptString,
  CtoContactName: OptString,
  CtoContactPhone: OptString,
  CtoContactEmail: OptString
})

const KktInfoRowFromWire = Schema.transform(WireKktInfoRow, KktMonitoring.KktMonitoringRow, {
  strict: true,
  decode: (w) => ({
    name: orNull(w.KktName),
    regNumber: orNull(w.KktRegNumber),
    factoryNumber: orNull(w.KktFactoryNumber),
    model: orNull(w.KktModel),
    fn: orNull(w.FnFactoryNumber),
    shiftStatus: orNull(w.ShiftStatus),
    kktStatus: orNull(w.KktStatus),
    paidUntil: orNull(w.EndDate),
    nextLicenseType: orNull(w.NextLicType),
    fnStatus: orNull(w.FnStatus),
    fnRegisteredAt: orNull(w.FnRegDate),
    fnMonths: orNull(w.FnMonthsCount),
    fnExpiresAt: orNull(w.FnExpiredDate),
    lastDocumentAt: orNull(w.LastDocumentDate),
    lastDocumentStatus: orNull(w.LastDocumentStatus),
    outlet: { id: orNull(w.OutletId), name: orNull(w.OutletName), code: orNull(w.OutletCode), address: orNull(w.OutletAddress) },
    selfService: orNull(w.IsSelfService),
    partner: {
      name: orNull(w.CtoName),
      inn: orNull(w.CtoInn),
      contactName: orNull(w.CtoContactName),
      contactPhone: orNull(w.CtoContactPhone),
      contactEmail: orNull(w.CtoContactEmail)
    }
  }),
  encode: (r) =>
    compact({
      KktName: r.name,
      KktRegNumber: r.regNumber,
      KktFactoryNumber: r.factoryNumber,
      KktModel: r.model,
      FnFactoryNumber: r.fn,
      ShiftStatus: r.shiftStatus,
      KktStatus: r.kktStatus,
      EndDate: r.paidUntil,
      NextLicType: r.nextLicenseType,
      FnStatus: r.fnStatus,
      FnRegDate: r.fnRegisteredAt,
      FnMonthsCount: r.fnMonths,
      FnExpiredDate: r.fnExpiresAt,
      LastDocumentDate: r.lastDocumentAt,
      LastDocumentStatus: r.lastDocumentStatus,
      OutletId: r.outlet.id,
      OutletName: r.outlet.name,
      OutletCode: r.outlet.code,
      OutletAddress: r.outlet.address,
      IsSelfService: r.selfService,
      CtoName: r.partner.name,
      CtoInn: r.partner.inn,
      CtoContactName: r.partner.contactName,
      CtoContactPhone: r.partner.contactPhone,
      CtoContactEmail: r.partner.contactEmail
    })
})

/** `kktstat/kktinfo` response: `Created`, `PageCount` ("string"; 100 rows a page) and the rows. */
export const KktInfoResponse = Schema.compose(
  rowListUnder(ROWS),
  Schema.transform(
    Schema.Struct({ Created: OptString, PageCount: IntFromString, [ROWS]: Schema.Array(KktInfoRowFromWire) }),
    Schema.Struct({ ...KktMonitoring.KktMonitoringPage.fields, rows: Schema.Array(Schema.typeSchema(KktMonitoring.KktMonitoringRow)) }),
    {
      strict: true,
      decode: (w) => ({ created: orNull(w.Created), pageCount: w.PageCount, rows: w[ROWS] }),
      encode: (p) => ({ ...compact({ Created: p.created }), PageCount: p.pageCount, [ROWS]: p.rows })
    }
  ),
  { strict: false }
)

const KKTINFO_FILTERS = [
  "departmentId", "outletId", "shiftOpen", "shiftClose", "shiftInvalid", "fnExpires", "fnExpired", "fnActive",
  "kktConnected", "kktExpires", "kktNotPayed", "more7Days", "more14Days", "less7Days", "regFnsNotRegistered",
  "regFnsNotCompleted", "regFnsRegistered", "isSelfService"
] as const
const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1)

/** `kktstat/kktinfo` request body: `PageNumber` and the filters, in the document's PascalCase. */
export const KktInfoRequest = Schema.transform(
  Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number, Schema.Boolean) }),
  Schema.Struct({ pageNumber: Schema.optional(Schema.Int), filter: KktMonitoring.KktMonitoringFilter }),
  {
    strict: true,
    decode: (w) => {
      const filter: Record<string, unknown> = {}
      for (const k of KKTINFO_FILTERS) {
        const v = w[pascal(k)]
        if (v === undefined) continue
        filter[k] = k === "departmentId" || k === "outletId" ? String(v) : v === true || v === "true" || v === "True"
      }
      return { ...(typeof w.PageNumber === "number" ? { pageNumber: w.PageNumber } : {}), filter: filter as never }
    },
    encode: (q) => {
      const out: Record<string, string | number | boolean> = {}
      if (q.pageNumber !== undefined) out.PageNumber = q.pageNumber
      for (const k of KKTINFO_FILTERS) {
        const v = q.filter[k]
        // "false" counts as absent (document): only true filters are sent.
        if (v !== undefined && v !== false) out[pascal(k)] = v
      }
      return out
    }
  }
)

// --- kktstat/dashboard -----------------------------------------------------------------------------------------

export const DashboardResponse = Schema.transform(
  Schema.Struct({
    KktCount: Schema.Int,
    OutletCount: Schema.Int,
    ShiftInvalid: Schema.Int,
    NoDocumentWarning: Schema.Int,
    NoDocumentError: Schema.Int,
    KktWarning: Schema.Int,
    KktError: Schema.Int,
    FnWarning: Schema.Int,
    FnError: Schema.Int
  }),
  KktMonitoring.Dashboard,
  {
    strict: true,
    decode: (w) => ({
      kktCount: w.KktCount,
      outletCount: w.OutletCount,
      shiftInvalid: w.ShiftInvalid,
      noDocumentWarning: w.NoDocumentWarning,
      noDocumentError: w.NoDocumentError,
      kktWarning: w.KktWarning,
      kktError: w.KktError,
      fnWarning: w.FnWarning,
      fnError: w.FnError
    }),
    encode: (d) => ({
      KktCount: d.kktCount,
      OutletCount: d.outletCount,
      ShiftInvalid: d.shiftInvalid,
      NoDocumentWarning: d.noDocumentWarning,
      NoDocumentError: d.noDocumentError,
      KktWarning: d.kktWarning,
      KktError: d.kktError,
      FnWarning: d.fnWarning,
      FnError: d.fnError
    })
  }
)

export const DashboardRequest = Schema.transform(
  Schema.Struct({
    LastDocDaysCountWarning: Schema.optional(Schema.Int),
    LastDocDaysCountError: Schema.optional(Schema.Int),
    KktExpirationDaysCountWarning: Schema.optional(Schema.Int),
    KktExpirationDaysCountError: Schema.optional(Schema.Int),
    FnExpirationDaysCountWarning: Schema.optional(Schema.Int),
    FnExpirationDaysCountError: Schema.optional(Schema.Int)
  }),
  KktMonitoring.DashboardThresholds,
  {
    strict: true,
    decode: (w) => {
      const out: Record<string, number> = {}
      for (const [k, v] of Object.entries(w)) if (v !== undefined) out[k[0]!.toLowerCase() + k.slice(1)] = v
      return out
    },
    encode: (d) => {
      const out: Record<string, number> = {}
      for (const [k, v] of Object.entries(d)) if (v !== undefined) out[pascal(k)] = v
      return out
    }
  }
)
