/** The shift report as a pdfmake document definition. */
import type { Content, TableCell } from "pdfmake/interfaces.js"
import type { Amounts, GroupLine, ShiftCounts, ShiftLine, ShiftReport, ShiftReportLine } from "../ShiftReport.js"
import * as Format from "./format.js"
import { type Labels, namedText } from "./labels.js"
import { barChart, topBars } from "./pdfCharts.js"
import {
  baseDoc, type CellStyle, COLORS, CONTENT_WIDTH, figuresTable, footerText, headerBlock, type PdfSpec, spanned, TABLE_LAYOUT
} from "./pdfCommon.js"

export interface PdfLayoutOptions {
  readonly style: Format.NumberStyle
  readonly language: "ru" | "en"
  /** More listing lines than this: `overflow` decides. */
  readonly maxRows: number
  readonly overflow: "summary" | "full"
  /** File name of the Excel version, for the note in summary mode. */
  readonly excelFileName: string | null
}

const num = (text: string, extra: CellStyle = {}): TableCell => ({ text, alignment: "right", ...extra })

const flagsText = (l: Labels, open: boolean, overlong: boolean, midnight: boolean): string =>
  [open ? l.flagsShort.open : null, overlong ? l.flagsShort.overlong : null, midnight ? l.flagsShort.midnight : null]
    .filter((s) => s !== null)
    .join("\n")

const countsText = (l: Labels, c: ShiftCounts | null, style: Format.NumberStyle): string =>
  c === null
    ? ""
    : [
      c.open > 0 ? `${l.flagOpen}: ${Format.integer(c.open, style)}` : null,
      c.overlong > 0 ? `${l.flagOverlong}: ${Format.integer(c.overlong, style)}` : null,
      c.crossesMidnight > 0 ? `${l.flagMidnight}: ${Format.integer(c.crossesMidnight, style)}` : null
    ].filter((s) => s !== null).join("\n")

const correctionsText = (a: Amounts, style: Format.NumberStyle): string =>
  a.expenditureCorrection === 0
    ? Format.money(a.incomeCorrection, style)
    : `${Format.money(a.incomeCorrection, style)}\n${Format.money(a.expenditureCorrection, style)}`

/** The amount cells every table shares: receipts, income, cash, electronic, returns, expenditure, corrections, net. */
const amountCells = (a: Amounts, style: Format.NumberStyle, extra: CellStyle = {}): Array<TableCell> => [
  num(a.income.count === null ? "—" : Format.integer(a.income.count, style), extra),
  num(Format.money(a.income.total, style), extra),
  num(Format.money(a.income.cash, style), extra),
  num(Format.money(a.income.electronic, style), extra),
  num(Format.money(a.incomeReturn.total, style), extra),
  num(Format.money(a.expenditure.total, style), extra),
  num(Format.money(a.expenditureReturn.total, style), extra),
  num(correctionsText(a, style), extra),
  num(Format.money(a.netRevenue, style), { bold: true, ...extra })
]

const amountHeaders = (l: Labels): Array<string> => [
  l.receipts,
  `${l.income},\n${l.total.toLowerCase()}`,
  l.cash,
  l.electronic,
  l.incomeReturn,
  l.expenditure,
  l.expenditureReturn,
  l.corrections,
  l.netRevenue
]

const AMOUNT_WIDTHS = [26, 52, 50, 50, 48, 44, 44, 44, 54]

const th = (text: string): TableCell => ({ text, style: "th" })

/** The listing: section rows per department and outlet, a line per shift, subtotals, the grand total. */
const listingTable = (r: ShiftReport, l: Labels, o: PdfLayoutOptions): Content => {
  const s = o.style
  const headers = [l.kkt, l.shiftNumber, l.openedAt, l.closedAt, l.cashier, ...amountHeaders(l), l.flags]
  const n = headers.length
  const body: Array<Array<TableCell>> = [headers.map(th)]
  let section: string | null = null
  const sectionOf = (line: ShiftLine | GroupLine) =>
    `${namedText(line.department, l.noDepartment)}  ·  ${namedText(line.outlet, l.noOutlet)}`
  for (const line of r.lines) {
    if (line._tag === "Shift" || line._tag === "Group") {
      const title = sectionOf(line)
      if (title !== section) {
        section = title
        body.push(spanned({ text: title, bold: true, fillColor: COLORS.section, margin: [0, 1, 0, 1] }, n))
      }
    }
    if (line._tag === "Shift") {
      const ids = `${line.kktRegNumber === null ? "" : `${l.regShort} ${line.kktRegNumber} · `}${l.fn} ${line.fn}`
      body.push([
        { stack: [{ text: line.kktName ?? "—" }, { text: ids, style: "small", noWrap: true }] },
        num(String(line.shiftNumber)),
        { text: line.openedAt === null ? "—" : `${Format.date(line.openedAt, s)}\n${line.openedAt.slice(11, 16)}` },
        { text: line.closedAt === null ? "—" : `${Format.date(line.closedAt, s)}\n${line.closedAt.slice(11, 16)}` },
        { text: line.cashier ?? "" },
        ...amountCells(line.amounts, s),
        { text: flagsText(l, line.open, line.overlong, line.crossesMidnight), color: line.open || line.overlong ? COLORS.alert : "#000000" }
      ])
    } else {
      const rank = line._tag === "Total" ? 3 : line._tag === "Subtotal" ? (line.level === "outlet" ? 1 : 2) : 0
      const label = line._tag === "Total"
        ? l.grandTotal
        : line._tag === "Subtotal"
        ? line.level === "outlet"
          ? `${l.subtotalOutlet}: ${namedText(line.outlet, l.noOutlet)}`
          : `${l.subtotalDepartment}: ${namedText(line.department, l.noDepartment)}`
        : `${l.preGrouped}`
      const counts = line.counts
      const fill = rank === 0 ? {} : { fillColor: COLORS.rank[rank]!, bold: true }
      body.push([
        ...spanned({
          text: counts === null ? label : `${label} (${l.shifts.toLowerCase()}: ${Format.integer(counts.shifts, s)})`,
          ...fill
        }, 5),
        ...amountCells(line.amounts, s, fill),
        { text: countsText(l, counts, s), ...fill, fontSize: 6 }
      ])
    }
  }
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [130, 24, 36, 36, "*", ...AMOUNT_WIDTHS, 40], body },
    layout: TABLE_LAYOUT
  }
}

/** A line per outlet or department, and the total. */
const groupedTable = (r: ShiftReport, l: Labels, o: PdfLayoutOptions, level: "outlet" | "department"): Content => {
  const s = o.style
  const lines: Array<GroupLine | ShiftReportLine> = [...(level === "outlet" ? r.byOutlet : r.byDepartment), r.total]
  const headers = [l.department, ...(level === "outlet" ? [l.outlet] : []), l.shifts, ...amountHeaders(l), l.flags]
  const body: Array<Array<TableCell>> = [headers.map(th)]
  for (const line of lines) {
    if (line._tag === "Shift" || line._tag === "Subtotal") continue
    const total = line._tag === "Total"
    const fill = total ? { fillColor: COLORS.rank[3]!, bold: true } : {}
    const names: Array<TableCell> = total
      ? spanned({ text: l.grandTotal, ...fill }, level === "outlet" ? 2 : 1)
      : [
        { text: namedText(line.department, l.noDepartment) },
        ...(level === "outlet" ? [{ text: namedText(line.outlet, l.noOutlet) }] : [])
      ]
    body.push([
      ...names,
      num(line.counts === null ? "—" : Format.integer(line.counts.shifts, s), fill),
      ...amountCells(line.amounts, s, fill),
      { text: countsText(l, line.counts, s), fontSize: 6, ...fill }
    ])
  }
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: [...(level === "outlet" ? ["*", "*"] : ["*"]), 30, ...AMOUNT_WIDTHS, 62],
      body
    },
    layout: TABLE_LAYOUT
  }
}

export const shiftReportPdf = (r: ShiftReport, l: Labels, o: PdfLayoutOptions): PdfSpec => {
  const s = o.style
  const t = r.total
  const a = t.amounts
  const figures: Array<readonly [string, string]> = [
    ...(t.counts === null ? [] : [[l.shifts, Format.integer(t.counts.shifts, s)] as const]),
    [`${l.income}, ${l.total.toLowerCase()}`, Format.money(a.income.total, s)],
    [l.cash, Format.money(a.income.cash, s)],
    [l.electronic, Format.money(a.income.electronic, s)],
    [l.incomeReturn, Format.money(a.incomeReturn.total, s)],
    [l.expenditure, Format.money(a.expenditure.total, s)],
    [l.expenditureReturn, Format.money(a.expenditureReturn.total, s)],
    [l.netRevenue, Format.money(a.netRevenue, s)],
    ...(t.counts === null ? [] : [
      [l.flagOpen, Format.integer(t.counts.open, s)] as const,
      [l.flagOverlong, Format.integer(t.counts.overlong, s)] as const
    ])
  ]
  const byDepartment = r.groupBy === "dep" || r.byOutlet.length > 24
  const bars = (byDepartment ? r.byDepartment : r.byOutlet).map((g) => ({
    label: byDepartment ? namedText(g.department, l.noDepartment) : namedText(g.outlet, l.noOutlet),
    value: g.amounts.netRevenue
  }))
  const others = (n: number) => (o.language === "ru" ? `Прочие (${n})` : `Others (${n})`)
  const chart = barChart(byDepartment ? l.revenueByDepartment : l.revenueByOutlet, topBars(bars, 15, others), CONTENT_WIDTH, s)

  const listingRows = r.groupBy === "none" ? r.lines.length : 0
  const summary = listingRows > o.maxRows && o.overflow === "summary"
  const content: Array<Content> = [
    ...headerBlock(l.shiftReport, r.header, l, s),
    { text: l.keyFigures, style: "h2" },
    figuresTable(figures),
    chart
  ]
  if (summary) {
    content.push({ text: l.tooManyRows(listingRows, o.maxRows, o.excelFileName), bold: true, color: COLORS.alert, margin: [0, 4, 0, 6] })
  }
  // Summaries first (what most readers want), then the listing.
  if (r.groupBy !== "outlet") content.push({ text: l.sheets.departments, style: "h2" }, groupedTable(r, l, o, "department"))
  if (r.groupBy !== "dep") content.push({ text: l.sheets.outlets, style: "h2" }, groupedTable(r, l, o, "outlet"))
  if (r.groupBy === "none" && !summary) {
    content.push({ text: l.sheets.shifts, style: "h2", pageBreak: "before" }, listingTable(r, l, o))
  }
  const h = r.header
  return {
    doc: baseDoc(content, {
      title: `${l.shiftReport} — ${h.organisation}`,
      subject: Format.period(h.period.from, h.period.to, s),
      keywords: ["ShiftReport", h.inn ?? ""].join(" "),
      language: o.language
    }, 7),
    footerLeft: footerText(l.shiftReport, h, s),
    pageTemplate: l.pageTemplate,
    summarized: summary,
    tableLines: (summary ? 0 : listingRows) + r.byOutlet.length + r.byDepartment.length
  }
}
