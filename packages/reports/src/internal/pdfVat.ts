/** The VAT-rate report as a pdfmake document definition. */
import { VatRate } from "@taxcom-kit/core"
import type { Content, TableCell } from "pdfmake/interfaces.js"
import type { BlockName, VatBlock, VatCell, VatReport, VatReportLine } from "../VatReport.js"
import { checkText, totalLabel } from "./excelVat.js"
import * as Format from "./format.js"
import { type Labels, namedText } from "./labels.js"
import { barChart } from "./pdfCharts.js"
import { baseDoc, type CellStyle, COLORS, CONTENT_WIDTH, footerText, headerBlock, type PdfSpec, spanned, TABLE_LAYOUT } from "./pdfCommon.js"
import type { PdfLayoutOptions } from "./pdfShift.js"

const blockTitle = (name: BlockName, l: Labels) =>
  name === "income" ? l.blockIncome : name === "incomeReturn" ? l.blockIncomeReturn : l.blockNet

/** Gross above, VAT below in small grey; only the base for 0% and no VAT; "—" where the source is silent. */
const rateCell = (cell: VatCell, noVat: boolean, l: Labels, s: Format.NumberStyle, extra: CellStyle): TableCell => ({
  stack: [
    { text: Format.moneyOrDash(cell.gross, s), alignment: "right" },
    ...(noVat ? [] : [{ text: `${l.vat} ${Format.moneyOrDash(cell.vat, s)}`, alignment: "right" as const, style: "small" }])
  ],
  ...(extra.fillColor === undefined ? {} : { fillColor: extra.fillColor }),
  ...(extra.bold === undefined ? {} : { bold: extra.bold })
})

const blockCells = (r: VatReport, b: VatBlock, l: Labels, s: Format.NumberStyle, extra: CellStyle): Array<TableCell> => {
  const alert = b.check === "mismatch"
  return [
    ...r.rates.map((rate, i) => rateCell(b.cells[i]!, VatRate.get(rate).numerator === null, l, s, extra)),
    { text: Format.money(b.total, s), alignment: "right", bold: true, ...extra },
    { text: Format.moneyOrDash(b.difference, s), alignment: "right", ...extra, ...(alert ? { color: COLORS.alert } : {}) },
    {
      text: checkText(b.check, l),
      alignment: "center",
      ...extra,
      ...(alert ? { color: COLORS.alert, bold: true, fillColor: COLORS.alertFill } : {})
    }
  ]
}

const rateHeaders = (r: VatReport, l: Labels, language: "ru" | "en"): Array<string> =>
  r.rates.map((rate) =>
    `${VatRate.label(rate, language)}\n${VatRate.get(rate).numerator === null ? l.base.toLowerCase() : `${l.gross.toLowerCase()} / ${l.vat}`}`
  )

const th = (text: string): TableCell => ({ text, style: "th" })

const detailText = (line: Extract<VatReportLine, { _tag: "Row" }>, l: Labels, s: Format.NumberStyle): string => {
  if (line.shift !== null) {
    const sh = line.shift
    return `${sh.kktName ?? sh.kktRegNumber ?? sh.fn} · ${l.shiftNumber} ${sh.number}${sh.openedAt === null ? "" : `\n${Format.dateTime(sh.openedAt, s)}`}`
  }
  return line.day === null ? "" : Format.date(line.day, s)
}

const rateWidths = (r: VatReport) => r.rates.map(() => "auto" as const)

/** Rows per unit (and day or shift), month sections, month / quarter totals, the grand total. */
const blockTable = (r: VatReport, name: BlockName, l: Labels, o: PdfLayoutOptions): Content => {
  const s = o.style
  const withDetail = r.detail !== "none"
  const unitHeader = r.by === "outlet" ? `${l.department} · ${l.outlet}` : l.department
  const headers = [unitHeader, ...(withDetail ? [r.detail === "day" ? l.day : l.shift] : []), ...rateHeaders(r, l, o.language), l.receiptsTotal, l.difference, l.check]
  const n = headers.length
  const lead = withDetail ? 2 : 1
  const body: Array<Array<TableCell>> = [headers.map(th)]
  let month: string | null = null
  for (const line of r.lines) {
    if (line._tag === "Row") {
      if (line.month !== month) {
        month = line.month
        body.push(spanned({ text: Format.month(line.month, o.language), bold: true, fillColor: COLORS.section }, n))
      }
      const b = line.blocks[name]
      const alert = b.check === "mismatch" ? { color: COLORS.alert } : {}
      body.push([
        { text: r.by === "outlet" ? `${namedText(line.department, l.noDepartment)} · ${namedText(line.outlet, l.noOutlet)}` : namedText(line.department, l.noDepartment), ...alert },
        ...(withDetail ? [{ text: detailText(line, l, s) }] : []),
        ...blockCells(r, b, l, s, {})
      ])
    } else {
      const rank = line._tag === "MonthTotal" ? 1 : line._tag === "QuarterTotal" ? 2 : 3
      const extra: CellStyle = { fillColor: COLORS.rank[rank]!, bold: true }
      body.push([...spanned({ text: totalLabel(line, l, o.language) ?? "", ...extra }, lead), ...blockCells(r, line.blocks[name], l, s, extra)])
    }
  }
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: ["*", ...(withDetail ? [74] : []), ...rateWidths(r), "auto", "auto", 34], body },
    layout: TABLE_LAYOUT
  }
}

/** The summary used when there are too many rows: one line per department or outlet over the whole period. */
const unitTable = (r: VatReport, name: BlockName, l: Labels, o: PdfLayoutOptions): Content => {
  const s = o.style
  const headers = [r.by === "outlet" ? `${l.department} · ${l.outlet}` : l.department, ...rateHeaders(r, l, o.language), l.receiptsTotal, l.difference, l.check]
  const body: Array<Array<TableCell>> = [headers.map(th)]
  for (const u of r.units) {
    body.push([
      { text: r.by === "outlet" ? `${namedText(u.department, l.noDepartment)} · ${namedText(u.outlet, l.noOutlet)}` : namedText(u.department, l.noDepartment) },
      ...blockCells(r, u.blocks[name], l, s, {})
    ])
  }
  const extra: CellStyle = { fillColor: COLORS.rank[3]!, bold: true }
  body.push([{ text: l.grandTotal, ...extra }, ...blockCells(r, r.total.blocks[name], l, s, extra)])
  return { table: { headerRows: 1, dontBreakRows: true, widths: ["*", ...rateWidths(r), "auto", "auto", 34], body }, layout: TABLE_LAYOUT }
}

/** Totals of the three blocks side by side: the first thing an accountant checks. */
const totalsTable = (r: VatReport, l: Labels, o: PdfLayoutOptions): Content => {
  const s = o.style
  const body: Array<Array<TableCell>> = [["", ...rateHeaders(r, l, o.language), l.receiptsTotal, l.difference, l.check].map(th)]
  for (const name of ["income", "incomeReturn", "net"] as const) {
    body.push([{ text: blockTitle(name, l), bold: true }, ...blockCells(r, r.total.blocks[name], l, s, {})])
  }
  return { table: { headerRows: 1, widths: [90, ...rateWidths(r), "auto", "auto", 34], body }, layout: TABLE_LAYOUT, margin: [0, 2, 0, 6] }
}

export const vatReportPdf = (r: VatReport, l: Labels, o: PdfLayoutOptions): PdfSpec => {
  const s = o.style
  const rows = r.lines.filter((x) => x._tag === "Row").length
  const summary = rows > o.maxRows && o.overflow === "summary"
  // The chart shows net VAT per rate where it is known, else the income VAT.
  const net = r.total.blocks.net
  const useNet = net.cells.every((c) => c.vat !== null || c.gross !== null)
  const block = useNet ? net : r.total.blocks.income
  const bars = r.rates
    .map((rate, i) => ({ rate, cell: block.cells[i]! }))
    .filter(({ rate }) => VatRate.get(rate).numerator !== null)
    .map(({ rate, cell }) => ({ label: VatRate.label(rate, o.language), value: cell.vat ?? 0 }))
  const content: Array<Content> = [
    ...headerBlock(l.vatReport, r.header, l, s),
    { text: l.keyFigures, style: "h2" },
    totalsTable(r, l, o),
    barChart(`${l.vatByRate} — ${(useNet ? l.blockNet : l.blockIncome).toLowerCase()}`, bars, CONTENT_WIDTH * 0.6, s)
  ]
  const hasUnknown = r.lines.some((x) => (["income", "incomeReturn", "net"] as const).some((b) => x.blocks[b].check === "unknown"))
  if (hasUnknown) content.push({ text: l.vatUnknownNote, style: "note" })
  if (r.mismatchedRows > 0) content.push({ text: l.mismatchNote(r.mismatchedRows), style: "note", color: COLORS.alert })
  if (summary) content.push({ text: l.tooManyRows(rows, o.maxRows, o.excelFileName), bold: true, color: COLORS.alert, margin: [0, 4, 0, 6] })
  for (const name of ["income", "incomeReturn", "net"] as const) {
    content.push({ text: blockTitle(name, l), style: "h2", pageBreak: "before" }, summary ? unitTable(r, name, l, o) : blockTable(r, name, l, o))
  }
  const h = r.header
  const fontSize = r.rates.length > 11 ? 5.5 : r.rates.length > 8 ? 6.2 : 7
  return {
    doc: baseDoc(content, {
      title: `${l.vatReport} — ${h.organisation}`,
      subject: Format.period(h.period.from, h.period.to, s),
      keywords: ["VatReport", h.inn ?? ""].join(" "),
      language: o.language
    }, fontSize),
    footerLeft: footerText(l.vatReport, h, s),
    pageTemplate: l.pageTemplate,
    summarized: summary,
    tableLines: 3 * (summary ? r.units.length : r.lines.length)
  }
}
