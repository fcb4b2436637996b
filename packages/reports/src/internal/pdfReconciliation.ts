/** The reconciliation report as a pdfmake document definition. */
import { VatRate } from "@taxcom-kit/core"
import type { Content, TableCell } from "pdfmake/interfaces.js"
import type { ReconciliationReport } from "../ReconciliationReport.js"
import { kindLabel, linesText, operationLabel, severityLabel } from "./excelReconciliation.js"
import * as Format from "./format.js"
import type { Labels } from "./labels.js"
import { barChart } from "./pdfCharts.js"
import { baseDoc, type CellStyle, COLORS, CONTENT_WIDTH, figuresTable, footerText, headerBlock, type PdfSpec, TABLE_LAYOUT } from "./pdfCommon.js"
import type { PdfLayoutOptions } from "./pdfShift.js"

const th = (text: string): TableCell => ({ text, style: "th" })
const num = (text: string, extra: CellStyle = {}): TableCell => ({ text, alignment: "right", ...extra })
const TOTAL: CellStyle = { fillColor: COLORS.rank[3]!, bold: true }

export const reconciliationReportPdf = (r: ReconciliationReport, l: Labels, o: PdfLayoutOptions): PdfSpec => {
  const s = o.style
  const lang = o.language
  const money = (k: number | null) => Format.moneyOrDash(k, s)
  const int = (n: number) => Format.integer(n, s)
  const ov = r.overview

  const figures: Array<readonly [string, string]> = [
    [l.erpReceipts, int(ov.erp.receipts)],
    [l.erpIncome, money(ov.erp.income)],
    [l.ofdInScope, int(ov.ofd.inScope)],
    [l.ofdIncome, money(ov.ofd.income)],
    [l.matched, int(ov.matched)],
    [l.errors, int(ov.errors)],
    [l.differencesCount, int(r.kindTotal.count)],
    [l.atStake, money(r.kindTotal.atStake)]
  ]

  const kinds: Array<Array<TableCell>> = [[l.kind, l.severity, l.count, l.amountOfd, l.amountErp, l.amountDelta, l.atStake].map(th)]
  for (const k of r.byKind) {
    const alert = k.severity === "error" && k.count > 0 ? { color: COLORS.alert } : {}
    kinds.push([
      { text: kindLabel(k.kind, lang), ...alert },
      { text: severityLabel(k.severity, l) },
      num(int(k.count), alert),
      num(money(k.ofd)),
      num(money(k.erp)),
      num(money(k.difference)),
      num(money(k.atStake), alert)
    ])
  }
  const t = r.kindTotal
  kinds.push([{ text: l.grandTotal, ...TOTAL }, { text: "", ...TOTAL }, num(int(t.count), TOTAL), num(money(t.ofd), TOTAL), num(money(t.erp), TOTAL), num(money(t.difference), TOTAL), num(money(t.atStake), TOTAL)])

  const outlets: Array<Array<TableCell>> = [[l.outlet, l.erpReceipts, `${l.erpSide}: ${l.netSales.toLowerCase()}`, l.ofdReceipts, `${l.fiscalSide}: ${l.netSales.toLowerCase()}`, l.matched, l.errors, l.differencesCount, l.atStake].map(th)]
  for (const x of r.byOutlet) {
    outlets.push([
      { text: x.outlet ?? l.noOutlet },
      num(int(x.erpReceipts)), num(money(x.erpTotal)), num(int(x.ofdReceipts)), num(money(x.ofdTotal)),
      num(int(x.matched)), num(int(x.errors), x.errors > 0 ? { color: COLORS.alert } : {}), num(int(x.differences)), num(money(x.atStake))
    ])
  }

  const rates: Array<Array<TableCell>> = [[l.rate, l.operation, l.ofdVat, l.erpVat, l.ofdGross, l.erpGross, l.amountDelta, l.statusLabel, l.receiptDifferences].map(th)]
  for (const x of r.byRate) {
    const alert = x.status === "mismatch" ? { color: COLORS.alert, bold: true } : {}
    rates.push([
      { text: VatRate.label(x.rate, lang) }, { text: operationLabel(x.operation, lang) ?? "" },
      num(money(x.ofdVat)), num(money(x.erpVat)), num(money(x.ofdGross)), num(money(x.erpGross)),
      num(money(x.difference), alert), { text: l.status[x.status], ...alert }, num(int(x.receiptDifferences))
    ])
  }

  const summary = r.differences.length > o.maxRows && o.overflow === "summary"
  const content: Array<Content> = [
    ...headerBlock(l.reconciliationReport, r.header, l, s),
    { text: `${l.erpFiles}: ${ov.files.join(", ")}`, fontSize: 8, margin: [0, 0, 0, 4] },
    { text: l.keyFigures, style: "h2" },
    figuresTable(figures),
    barChart(
      l.differencesByKind,
      r.byKind.filter((k) => k.count > 0).map((k) => ({ label: `${kindLabel(k.kind, lang)} (${int(k.count)})`, value: k.atStake })),
      CONTENT_WIDTH * 0.75,
      s
    ),
    ...(ov.notes.length === 0 ? [] : [{ text: `${l.notes}: ${ov.notes.join(" ")}`, style: "note" }]),
    { text: l.sheets.byKind, style: "h2" },
    { table: { headerRows: 1, dontBreakRows: true, widths: ["*", 60, 50, 80, 80, 80, 90], body: kinds }, layout: TABLE_LAYOUT },
    { text: l.sheets.byOutlet, style: "h2" },
    { table: { headerRows: 1, dontBreakRows: true, widths: ["*", 55, 75, 55, 75, 55, 45, 55, 80], body: outlets }, layout: TABLE_LAYOUT },
    ...(r.byRate.length === 0 ? [] : [
      { text: l.sheets.byRate, style: "h2" } as Content,
      { table: { headerRows: 1, dontBreakRows: true, widths: [60, 90, 70, 70, 70, 70, 70, 60, "*"], body: rates }, layout: TABLE_LAYOUT } as Content
    ])
  ]
  if (summary) {
    content.push({ text: l.tooManyRows(r.differences.length, o.maxRows, o.excelFileName), bold: true, color: COLORS.alert, margin: [0, 8, 0, 6] })
  } else if (r.differences.length > 0) {
    const body: Array<Array<TableCell>> = [[l.kind, `${l.outlet} / ${l.register}`, l.erpSide, l.fiscalSide, l.amountOfd, l.amountErp, l.amountDelta, l.explanation].map(th)]
    for (const d of r.differences) {
      const erp = d.erp === null
        ? "—"
        : [`${d.erp.file}: ${linesText(d.erp.lines)}`, d.erp.documentNumber, d.erp.dateTime === null ? null : Format.dateTime(d.erp.dateTime, s), `${operationLabel(d.erp.operation, lang)} ${money(d.erp.total)}`]
          .filter((x) => x !== null).join("\n")
      const f = d.fiscal
      const fiscal = f === null
        ? "—"
        : [
          [f.fn === null ? null : `${l.fn} ${f.fn}`, f.fd === null ? null : `${l.fd} ${f.fd}`].filter((x) => x !== null).join(" · "),
          f.shift === null ? null : `${l.shiftNumber} ${f.shift}`,
          f.dateTime === null ? null : Format.dateTime(f.dateTime, s),
          f.total === null ? null : `${operationLabel(f.operation, lang) ?? ""} ${money(f.total)}`.trim()
        ].filter((x) => x !== null && x !== "").join("\n")
      const alert = d.severity === "error" ? {} : { color: COLORS.muted }
      body.push([
        { text: `${kindLabel(d.kind, lang)}${d.vatRate === null ? "" : `\n${VatRate.label(d.vatRate, lang)}`}`, bold: d.severity === "error", ...alert },
        { text: [d.outlet ?? "—", d.register].filter((x) => x !== null).join("\n") },
        { text: erp },
        { text: fiscal },
        num(d.ofdValue === null ? d.ofdText ?? "—" : money(d.ofdValue)),
        num(d.erpValue === null ? d.erpText ?? "—" : money(d.erpValue)),
        num(money(d.difference), { bold: true }),
        { text: d.reason, fontSize: 6 }
      ])
    }
    content.push({ text: l.sheets.differences, style: "h2", pageBreak: "before" }, {
      table: { headerRows: 1, dontBreakRows: true, widths: [80, 80, 120, 120, 52, 52, 52, "*"], body },
      layout: TABLE_LAYOUT
    })
  }
  const h = r.header
  return {
    doc: baseDoc(content, {
      title: `${l.reconciliationReport} — ${h.organisation}`,
      subject: Format.period(h.period.from, h.period.to, s),
      keywords: ["ReconciliationReport", h.inn ?? ""].join(" "),
      language: lang
    }, 7),
    footerLeft: footerText(l.reconciliationReport, h, s),
    pageTemplate: l.pageTemplate,
    summarized: summary,
    tableLines: r.byKind.length + r.byOutlet.length + r.byRate.length + (summary ? 0 : r.differences.length)
  }
}
