/** The reconciliation report as a workbook: overview, by kind, by outlet, by rate, every difference, rejected rows. */
import { Operation, VatRate } from "@taxcom-kit/core"
import { Difference } from "@taxcom-kit/reconcile"
import type ExcelJS from "exceljs"
import type { DifferenceLine, KindLine, OutletLine, RateLine, ReconciliationReport, RejectedLine } from "../ReconciliationReport.js"
import { headerLines } from "./excelShift.js"
import type { Labels } from "./labels.js"
import { type Column, type Context, type InfoLine, writeInfoSheet, writeTableSheet } from "./xlsx.js"

export const kindLabel = (kind: Difference.DifferenceKind, language: "ru" | "en"): string =>
  (language === "ru" ? Difference.labelRu : Difference.labelEn)[kind] ?? kind

export const operationLabel = (op: Operation.Operation | null, language: "ru" | "en"): string | null =>
  op === null ? null : (language === "ru" ? Operation.labelRu : Operation.labelEn)[op]

export const severityLabel = (s: Difference.Severity, l: Labels) => (s === "error" ? l.severityError : l.severityInfo)

/** `57, 58, 59` → `57–59`; `57, 60` as is. */
export const linesText = (lines: ReadonlyArray<number>): string => {
  if (lines.length === 0) return ""
  const contiguous = lines.every((n, i) => i === 0 || n === lines[i - 1]! + 1)
  return contiguous && lines.length > 2 ? `${lines[0]}–${lines[lines.length - 1]}` : lines.join(", ")
}

type KindRow = KindLine | { readonly _total: true } & Omit<KindLine, "kind" | "severity">
type OutletRow = OutletLine | { readonly _total: true } & Omit<OutletLine, "outlet">

export const overviewLines = (r: ReconciliationReport, l: Labels): Array<InfoLine> => {
  const o = r.overview
  return [
    { label: l.erpFiles, value: o.files.join(", "), kind: "text" },
    { label: l.rowsRead, value: o.rows.read, kind: "count" },
    { label: l.rowsAccepted, value: o.rows.accepted, kind: "count" },
    { label: l.rowsRejected, value: o.rows.rejected, kind: "count" },
    { label: l.erpReceipts, value: o.erp.receipts, kind: "count" },
    { label: l.erpIncome, value: o.erp.income, kind: "money" },
    { label: l.erpIncomeReturn, value: o.erp.incomeReturn, kind: "money" },
    { label: l.ofdDocuments, value: o.ofd.documents, kind: "count" },
    { label: l.ofdInScope, value: o.ofd.inScope, kind: "count" },
    { label: l.ofdIncome, value: o.ofd.income, kind: "money" },
    { label: l.ofdIncomeReturn, value: o.ofd.incomeReturn, kind: "money" },
    { label: l.matched, value: o.matched, kind: "count" },
    ...([1, 2, 3] as const).map((t): InfoLine => ({ label: l.matchedByTier(t), value: o.matchedByTier[t], kind: "count" })),
    { label: l.errors, value: o.errors, kind: "count", bold: true },
    { label: l.differencesCount, value: r.kindTotal.count, kind: "count" },
    { label: l.atStake, value: r.kindTotal.atStake, kind: "money", bold: true }
  ]
}

export const writeReconciliationReport = async (
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  r: ReconciliationReport,
  l: Labels,
  ctx: Context
): Promise<Array<string>> => {
  const lang = ctx.language
  const sheets: Array<string> = []
  await writeInfoSheet(wb, l.sheets.report, l.reconciliationReport, [
    { heading: null, lines: headerLines(r.header, l, ctx) },
    { heading: l.keyFigures, lines: overviewLines(r, l) },
    ...(r.overview.notes.length === 0 ? [] : [{ heading: l.notes, lines: r.overview.notes.map((n): InfoLine => ({ label: n, value: null, kind: "text" })) }])
  ], ctx)
  sheets.push(l.sheets.report)

  const kindRows: Array<KindRow> = [...r.byKind, { _total: true, ...r.kindTotal }]
  const isTotal = (x: object): boolean => "_total" in x
  const kindColumns: Array<Column<KindRow>> = [
    { header: l.kind, kind: "text", value: (x) => ("kind" in x ? kindLabel(x.kind, lang) : l.grandTotal) },
    { header: l.severity, kind: "text", value: (x) => ("severity" in x ? severityLabel(x.severity, l) : null) },
    { header: l.count, kind: "count", sum: true, value: (x) => x.count },
    { header: l.amountOfd, kind: "money", sum: true, value: (x) => x.ofd },
    { header: l.amountErp, kind: "money", sum: true, value: (x) => x.erp },
    { header: l.amountDelta, kind: "money", sum: true, value: (x) => x.difference },
    { header: l.atStake, kind: "money", sum: true, value: (x) => x.atStake }
  ]
  await writeTableSheet(wb, { name: l.sheets.byKind }, { columns: kindColumns, lines: kindRows, rankOf: (x) => (isTotal(x) ? 3 : 0) }, ctx)
  sheets.push(l.sheets.byKind)

  const sumOutlets = (f: (o: OutletLine) => number) => r.byOutlet.reduce((s, o) => s + f(o), 0)
  const outletRows: Array<OutletRow> = [...r.byOutlet, {
    _total: true,
    erpReceipts: sumOutlets((o) => o.erpReceipts),
    erpTotal: sumOutlets((o) => o.erpTotal) as never,
    ofdReceipts: sumOutlets((o) => o.ofdReceipts),
    ofdTotal: sumOutlets((o) => o.ofdTotal) as never,
    matched: sumOutlets((o) => o.matched),
    errors: sumOutlets((o) => o.errors),
    differences: sumOutlets((o) => o.differences),
    atStake: sumOutlets((o) => o.atStake) as never
  }]
  const outletColumns: Array<Column<OutletRow>> = [
    { header: l.outlet, kind: "text", value: (x) => ("outlet" in x ? x.outlet ?? l.noOutlet : l.grandTotal) },
    { group: l.erpSide, header: l.receipts, kind: "count", sum: true, value: (x) => x.erpReceipts },
    { group: l.erpSide, header: l.netSales, kind: "money", sum: true, value: (x) => x.erpTotal },
    { group: l.fiscalSide, header: l.receipts, kind: "count", sum: true, value: (x) => x.ofdReceipts },
    { group: l.fiscalSide, header: l.netSales, kind: "money", sum: true, value: (x) => x.ofdTotal },
    { header: l.matched, kind: "count", sum: true, value: (x) => x.matched },
    { header: l.errors, kind: "count", sum: true, value: (x) => x.errors },
    { header: l.differencesCount, kind: "count", sum: true, value: (x) => x.differences },
    { header: l.atStake, kind: "money", sum: true, value: (x) => x.atStake }
  ]
  await writeTableSheet(wb, { name: l.sheets.byOutlet }, { columns: outletColumns, lines: outletRows, rankOf: (x) => (isTotal(x) ? 3 : 0) }, ctx)
  sheets.push(l.sheets.byOutlet)

  const rateColumns: Array<Column<RateLine>> = [
    { header: l.rate, kind: "text", value: (x) => VatRate.label(x.rate, lang) },
    { header: l.operation, kind: "text", value: (x) => operationLabel(x.operation, lang) },
    { header: l.ofdVat, kind: "money", value: (x) => x.ofdVat },
    { header: l.erpVat, kind: "money", value: (x) => x.erpVat },
    { header: l.ofdGross, kind: "money", value: (x) => x.ofdGross },
    { header: l.erpGross, kind: "money", value: (x) => x.erpGross },
    { header: l.amountDelta, kind: "money", value: (x) => x.difference },
    { header: l.statusLabel, kind: "text", value: (x) => l.status[x.status] },
    { header: l.receiptDifferences, kind: "count", value: (x) => x.receiptDifferences }
  ]
  await writeTableSheet(wb, { name: l.sheets.byRate }, {
    columns: rateColumns,
    lines: r.byRate,
    rankOf: () => 0,
    alert: (x) => x.status === "mismatch"
  }, ctx)
  sheets.push(l.sheets.byRate)

  const diffColumns: Array<Column<DifferenceLine>> = [
    { header: l.kind, kind: "text", value: (d) => kindLabel(d.kind, lang) },
    { header: l.severity, kind: "text", value: (d) => severityLabel(d.severity, l) },
    { header: l.tier, kind: "int", value: (d) => d.tier },
    { header: l.outlet, kind: "text", value: (d) => d.outlet },
    { header: l.register, kind: "text", value: (d) => d.register },
    { group: l.erpSide, header: l.file, kind: "text", value: (d) => d.erp?.file ?? null },
    { group: l.erpSide, header: l.lines, kind: "text", value: (d) => (d.erp === null ? null : linesText(d.erp.lines)) },
    { group: l.erpSide, header: l.erpDocument, kind: "text", value: (d) => d.erp?.documentNumber ?? null },
    { group: l.erpSide, header: l.documentTime, kind: "datetime", value: (d) => d.erp?.dateTime ?? null },
    { group: l.erpSide, header: l.operation, kind: "text", value: (d) => operationLabel(d.erp?.operation ?? null, lang) },
    { group: l.erpSide, header: l.total, kind: "money", value: (d) => d.erp?.total ?? null },
    { group: l.fiscalSide, header: l.fn, kind: "text", value: (d) => d.fiscal?.fn ?? null },
    { group: l.fiscalSide, header: l.fd, kind: "int", value: (d) => d.fiscal?.fd ?? null },
    { group: l.fiscalSide, header: l.shiftNumber, kind: "int", value: (d) => d.fiscal?.shift ?? null },
    { group: l.fiscalSide, header: l.documentTime, kind: "datetime", value: (d) => d.fiscal?.dateTime ?? null },
    { group: l.fiscalSide, header: l.operation, kind: "text", value: (d) => operationLabel(d.fiscal?.operation ?? null, lang) },
    { group: l.fiscalSide, header: l.total, kind: "money", value: (d) => d.fiscal?.total ?? null },
    { group: l.fiscalSide, header: l.fiscalSign, kind: "text", value: (d) => d.fiscal?.fiscalSign ?? null },
    { header: l.rate, kind: "text", value: (d) => (d.vatRate === null ? null : VatRate.label(d.vatRate, lang)) },
    { header: l.businessDay, kind: "date", value: (d) => d.businessDay },
    { header: l.amountOfd, kind: "money", value: (d) => d.ofdValue },
    { header: l.amountErp, kind: "money", value: (d) => d.erpValue },
    { header: l.amountDelta, kind: "money", value: (d) => d.difference },
    { header: l.explanation, kind: "text", value: (d) => d.reason }
  ]
  await writeTableSheet(wb, { name: l.sheets.differences }, {
    columns: diffColumns,
    lines: r.differences,
    rankOf: () => 0
  }, ctx)
  sheets.push(l.sheets.differences)

  if (r.rejected.length > 0) {
    const rejectedColumns: Array<Column<RejectedLine>> = [
      { header: l.file, kind: "text", value: (x) => x.file },
      { header: l.erpLine, kind: "int", value: (x) => x.line },
      { header: l.column, kind: "text", value: (x) => x.column },
      { header: l.value, kind: "text", value: (x) => x.raw },
      { header: l.reason, kind: "text", value: (x) => x.reason }
    ]
    await writeTableSheet(wb, { name: l.rejectedSheet }, { columns: rejectedColumns, lines: r.rejected, rankOf: () => 0 }, ctx)
    sheets.push(l.rejectedSheet)
  }
  return sheets
}
