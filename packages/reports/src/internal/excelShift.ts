/** The shift report as a workbook: the header and key figures, the shift listing, outlets, departments. */
import type ExcelJS from "exceljs"
import type { ReportHeader } from "../ReportHeader.js"
import type { Amounts, GroupLine, ShiftCounts, ShiftReport, ShiftReportLine, TotalLine } from "../ShiftReport.js"
import * as Format from "./format.js"
import { type Labels, namedText } from "./labels.js"
import { type Column, type Context, type InfoLine, type Rank, writeInfoSheet, writeTableSheet } from "./xlsx.js"

type Summed = { readonly amounts: Amounts; readonly counts: ShiftCounts | null }

/** Header lines shared by every report's first sheet. */
export const headerLines = (h: ReportHeader, l: Labels, ctx: Context): Array<InfoLine> => [
  { label: l.organisation, value: h.organisation, kind: "text" },
  { label: l.inn, value: h.inn ?? "—", kind: "text" },
  { label: l.period, value: Format.period(h.period.from, h.period.to, ctx.language === "ru" ? "ru" : "en"), kind: "text" },
  { label: l.timeZone, value: h.timeZone, kind: "text" },
  { label: l.source, value: l.sources[h.source], kind: "text" },
  { label: l.generatedAt, value: h.generatedAt, kind: "datetime" },
  ...(h.details ?? []).map(([label, value]): InfoLine => ({ label, value, kind: "text" }))
]

/** The money and count columns every variant shares. */
const amountColumns = <L extends Summed | ShiftReportLine>(
  l: Labels,
  amounts: (line: L) => Amounts
): Array<Column<L>> => [
  { group: l.income, header: l.receipts, kind: "count", sum: true, value: (x) => amounts(x).income.count },
  { group: l.income, header: l.total, kind: "money", sum: true, value: (x) => amounts(x).income.total },
  { group: l.income, header: l.cash, kind: "money", sum: true, value: (x) => amounts(x).income.cash },
  { group: l.income, header: l.electronic, kind: "money", sum: true, value: (x) => amounts(x).income.electronic },
  { group: l.income, header: l.prepaid, kind: "money", sum: true, value: (x) => amounts(x).income.prepaid },
  { group: l.income, header: l.credit, kind: "money", sum: true, value: (x) => amounts(x).income.credit },
  { group: l.income, header: l.other, kind: "money", sum: true, value: (x) => amounts(x).income.other },
  { group: l.incomeReturn, header: l.receipts, kind: "count", sum: true, value: (x) => amounts(x).incomeReturn.count },
  { group: l.incomeReturn, header: l.total, kind: "money", sum: true, value: (x) => amounts(x).incomeReturn.total },
  { group: l.incomeReturn, header: l.cash, kind: "money", sum: true, value: (x) => amounts(x).incomeReturn.cash },
  { group: l.incomeReturn, header: l.electronic, kind: "money", sum: true, value: (x) => amounts(x).incomeReturn.electronic },
  { group: l.expenditure, header: l.total, kind: "money", sum: true, value: (x) => amounts(x).expenditure.total },
  { group: l.expenditureReturn, header: l.total, kind: "money", sum: true, value: (x) => amounts(x).expenditureReturn.total },
  { group: l.corrections, header: l.income, kind: "money", sum: true, value: (x) => amounts(x).incomeCorrection },
  { group: l.corrections, header: l.expenditure, kind: "money", sum: true, value: (x) => amounts(x).expenditureCorrection },
  { header: l.netRevenue, kind: "money", sum: true, value: (x) => amounts(x).netRevenue },
  { header: l.documents, kind: "count", sum: true, value: (x) => amounts(x).documents }
]

const countsOf = (line: ShiftReportLine | Summed): ShiftCounts | null => ("counts" in line ? line.counts : null)

/** Flags: "да" on a shift, the number of flagged shifts on a group or total. */
const flagColumns = (l: Labels): Array<Column<ShiftReportLine>> => {
  const flag = (pick: (c: ShiftCounts) => number, shift: (line: Extract<ShiftReportLine, { _tag: "Shift" }>) => boolean) =>
  (line: ShiftReportLine): string | number | null => {
    if (line._tag === "Shift") return shift(line) ? l.yes : null
    const c = countsOf(line)
    return c === null ? null : pick(c)
  }
  return [
    { group: l.flags, header: l.flagOpen, kind: "text", value: flag((c) => c.open, (s) => s.open) },
    { group: l.flags, header: l.flagOverlong, kind: "text", value: flag((c) => c.overlong, (s) => s.overlong) },
    { group: l.flags, header: l.flagMidnight, kind: "text", value: flag((c) => c.crossesMidnight, (s) => s.crossesMidnight) }
  ]
}

export const rankOf = (line: ShiftReportLine): Rank =>
  line._tag === "Total" ? 3 : line._tag === "Subtotal" ? (line.level === "outlet" ? 1 : 2) : 0

/** The listing: a line per shift with outlet and department subtotals. */
export const listingColumns = (l: Labels): Array<Column<ShiftReportLine>> => {
  const dep = (line: ShiftReportLine) => (line._tag === "Total" ? l.grandTotal : namedText(line.department, l.noDepartment))
  const outlet = (line: ShiftReportLine) =>
    line._tag === "Total"
      ? null
      : line._tag === "Subtotal" && line.level === "department"
      ? l.subtotalDepartment
      : line._tag === "Group" && line.level === "department"
      ? l.preGrouped
      : namedText(line.outlet, l.noOutlet)
  const kkt = (line: ShiftReportLine) =>
    line._tag === "Shift"
      ? line.kktName
      : line._tag === "Subtotal" && line.level === "outlet"
      ? l.subtotalOutlet
      : line._tag === "Group" && line.level === "outlet"
      ? l.preGrouped
      : null
  const shift = <A>(f: (s: Extract<ShiftReportLine, { _tag: "Shift" }>) => A) => (line: ShiftReportLine): A | null =>
    line._tag === "Shift" ? f(line) : null
  return [
    { header: l.department, kind: "text", value: dep },
    { header: l.outlet, kind: "text", value: outlet },
    { header: l.kkt, kind: "text", value: kkt },
    { header: l.kktRegNumber, kind: "text", value: shift((s) => s.kktRegNumber) },
    { header: l.fn, kind: "text", value: shift((s) => s.fn) },
    { header: l.shiftNumber, kind: "int", value: shift((s) => s.shiftNumber) },
    { header: l.openedAt, kind: "datetime", value: shift((s) => s.openedAt) },
    { header: l.closedAt, kind: "datetime", value: shift((s) => s.closedAt) },
    { header: l.cashier, kind: "text", value: shift((s) => s.cashier) },
    ...amountColumns<ShiftReportLine>(l, (x) => (x as Summed).amounts),
    ...flagColumns(l)
  ]
}

/** A line per outlet or department (the grouped report and the summary sheets). */
export const groupedColumns = (l: Labels, level: "outlet" | "department"): Array<Column<ShiftReportLine>> => {
  const counts = (pick: (c: ShiftCounts) => number) => (line: ShiftReportLine) => {
    const c = countsOf(line)
    return c === null ? null : pick(c)
  }
  return [
    {
      header: l.department,
      kind: "text",
      value: (line) => (line._tag === "Total" ? l.grandTotal : namedText(line.department, l.noDepartment))
    },
    ...(level === "outlet"
      ? [{ header: l.outlet, kind: "text", value: (line: ShiftReportLine) => (line._tag === "Total" ? null : namedText(line.outlet, l.noOutlet)) } as const]
      : []),
    { header: l.shifts, kind: "count", sum: true, value: counts((c) => c.shifts) },
    ...amountColumns<ShiftReportLine>(l, (x) => (x as Summed).amounts),
    { group: l.flags, header: l.flagOpen, kind: "count", sum: true, value: counts((c) => c.open) },
    { group: l.flags, header: l.flagOverlong, kind: "count", sum: true, value: counts((c) => c.overlong) },
    { group: l.flags, header: l.flagMidnight, kind: "count", sum: true, value: counts((c) => c.crossesMidnight) }
  ]
}

const keyFigures = (total: TotalLine, l: Labels): Array<InfoLine> => {
  const a = total.amounts
  const c = total.counts
  return [
    ...(c === null ? [] : [
      { label: l.shifts, value: c.shifts, kind: "count" as const },
      { label: l.flagOpen, value: c.open, kind: "count" as const },
      { label: l.flagOverlong, value: c.overlong, kind: "count" as const },
      { label: l.flagMidnight, value: c.crossesMidnight, kind: "count" as const }
    ]),
    { label: `${l.income}: ${l.total.toLowerCase()}`, value: a.income.total, kind: "money" },
    { label: `${l.income}: ${l.cash.toLowerCase()}`, value: a.income.cash, kind: "money" },
    { label: `${l.income}: ${l.electronic.toLowerCase()}`, value: a.income.electronic, kind: "money" },
    { label: l.incomeReturn, value: a.incomeReturn.total, kind: "money" },
    { label: l.expenditure, value: a.expenditure.total, kind: "money" },
    { label: l.expenditureReturn, value: a.expenditureReturn.total, kind: "money" },
    { label: l.incomeCorrection, value: a.incomeCorrection, kind: "money" },
    { label: l.expenditureCorrection, value: a.expenditureCorrection, kind: "money" },
    { label: l.netRevenue, value: a.netRevenue, kind: "money", bold: true },
    { label: l.documents, value: a.documents, kind: "count" }
  ]
}

export const writeShiftReport = async (
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  r: ShiftReport,
  l: Labels,
  ctx: Context
): Promise<Array<string>> => {
  const sheets: Array<string> = []
  const info = async () => {
    await writeInfoSheet(wb, l.sheets.report, l.shiftReport, [
      { heading: null, lines: headerLines(r.header, l, ctx) },
      { heading: l.keyFigures, lines: keyFigures(r.total, l) }
    ], ctx)
    sheets.push(l.sheets.report)
  }
  const grouped = async (name: string, level: "outlet" | "department", lines: ReadonlyArray<ShiftReportLine>) => {
    await writeTableSheet(wb, { name }, { columns: groupedColumns(l, level), lines, rankOf }, ctx)
    sheets.push(name)
  }
  await info()
  if (r.groupBy === "none") {
    await writeTableSheet(wb, { name: l.sheets.shifts }, { columns: listingColumns(l), lines: r.lines, rankOf, outline: true }, ctx)
    sheets.push(l.sheets.shifts)
  }
  const withTotal = (lines: ReadonlyArray<GroupLine>): Array<ShiftReportLine> => [...lines, r.total]
  if (r.groupBy !== "dep") await grouped(l.sheets.outlets, "outlet", withTotal(r.byOutlet))
  if (r.groupBy !== "outlet") await grouped(l.sheets.departments, "department", withTotal(r.byDepartment))
  return sheets
}
