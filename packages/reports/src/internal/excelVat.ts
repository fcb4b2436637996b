/** The VAT-rate report as a workbook: the header with totals per block, then one sheet per block. */
import { VatRate } from "@taxcom-kit/core"
import type ExcelJS from "exceljs"
import type { BlockName, Check, VatBlock, VatReport, VatReportLine } from "../VatReport.js"
import { headerLines } from "./excelShift.js"
import * as Format from "./format.js"
import { type Labels, namedText } from "./labels.js"
import { type Column, type Context, type InfoLine, type Rank, writeInfoSheet, writeTableSheet } from "./xlsx.js"

export const checkText = (c: Check, l: Labels): string =>
  c === "ok" ? l.checkOk : c === "mismatch" ? l.checkMismatch : l.checkUnknown

const rankOf = (line: VatReportLine): Rank =>
  line._tag === "Row" ? 0 : line._tag === "MonthTotal" ? 1 : line._tag === "QuarterTotal" ? 2 : 3

export const totalLabel = (line: VatReportLine, l: Labels, language: "ru" | "en"): string | null =>
  line._tag === "MonthTotal"
    ? l.monthTotal(Format.month(line.month, language))
    : line._tag === "QuarterTotal"
    ? l.quarterTotal(line.year, line.quarter)
    : line._tag === "Total"
    ? l.grandTotal
    : null

/** Gross and VAT per rate (only the base for 0% and no VAT), then the check. */
export const blockColumns = <L>(
  r: VatReport,
  l: Labels,
  language: "ru" | "en",
  block: (line: L) => VatBlock
): Array<Column<L>> => {
  const cols: Array<Column<L>> = []
  r.rates.forEach((rate, i) => {
    const label = VatRate.label(rate, language)
    const noVat = VatRate.get(rate).numerator === null
    cols.push({ group: label, header: noVat ? l.base : l.gross, kind: "money", sum: true, value: (x) => block(x).cells[i]!.gross })
    if (!noVat) cols.push({ group: label, header: l.vat, kind: "money", sum: true, value: (x) => block(x).cells[i]!.vat })
  })
  cols.push(
    { header: l.receiptsTotal, kind: "money", sum: true, value: (x) => block(x).total },
    { header: l.ratesSum, kind: "money", sum: true, value: (x) => block(x).ratesSum },
    { header: l.difference, kind: "money", sum: true, value: (x) => block(x).difference },
    { header: l.check, kind: "text", value: (x) => checkText(block(x).check, l) }
  )
  return cols
}

const lineColumns = (r: VatReport, l: Labels, name: BlockName, language: "ru" | "en"): Array<Column<VatReportLine>> => {
  const row = <A>(f: (x: Extract<VatReportLine, { _tag: "Row" }>) => A) => (x: VatReportLine): A | null =>
    x._tag === "Row" ? f(x) : null
  const cols: Array<Column<VatReportLine>> = [
    { header: l.month, kind: "month", value: (x) => (x._tag === "Row" || x._tag === "MonthTotal" ? x.month : null) },
    {
      header: l.department,
      kind: "text",
      value: (x) => (x._tag === "Row" ? namedText(x.department, l.noDepartment) : totalLabel(x, l, language))
    }
  ]
  if (r.by === "outlet") cols.push({ header: l.outlet, kind: "text", value: row((x) => namedText(x.outlet, l.noOutlet)) })
  if (r.detail !== "none") cols.push({ header: l.day, kind: "date", value: row((x) => x.day) })
  if (r.detail === "shift") {
    cols.push(
      { group: l.shift, header: l.kkt, kind: "text", value: row((x) => x.shift?.kktName ?? null) },
      { group: l.shift, header: l.kktRegNumber, kind: "text", value: row((x) => x.shift?.kktRegNumber ?? null) },
      { group: l.shift, header: l.fn, kind: "text", value: row((x) => x.shift?.fn ?? null) },
      { group: l.shift, header: l.shiftNumber, kind: "int", value: row((x) => x.shift?.number ?? null) },
      { group: l.shift, header: l.openedAt, kind: "datetime", value: row((x) => x.shift?.openedAt ?? null) }
    )
  }
  return [...cols, ...blockColumns<VatReportLine>(r, l, language, (x) => x.blocks[name])]
}

const blockSummary = (r: VatReport, block: VatBlock, l: Labels, language: "ru" | "en"): Array<InfoLine> => [
  ...r.rates.flatMap((rate, i): Array<InfoLine> => {
    const label = VatRate.label(rate, language)
    const cell = block.cells[i]!
    return VatRate.get(rate).numerator === null
      ? [{ label: `${label}: ${l.base.toLowerCase()}`, value: cell.gross, kind: "money" }]
      : [
        { label: `${label}: ${l.gross.toLowerCase()}`, value: cell.gross, kind: "money" },
        { label: `${label}: ${l.vat}`, value: cell.vat, kind: "money" }
      ]
  }),
  { label: l.receiptsTotal, value: block.total, kind: "money", bold: true },
  { label: l.ratesSum, value: block.ratesSum, kind: "money" },
  { label: l.check, value: checkText(block.check, l), kind: "text" }
]

export const writeVatReport = async (
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  r: VatReport,
  l: Labels,
  ctx: Context
): Promise<Array<string>> => {
  const language = ctx.language
  const blocks: ReadonlyArray<readonly [BlockName, string, string]> = [
    ["income", l.sheets.income, l.blockIncome],
    ["incomeReturn", l.sheets.incomeReturn, l.blockIncomeReturn],
    ["net", l.sheets.net, l.blockNet]
  ]
  await writeInfoSheet(wb, l.sheets.report, l.vatReport, [
    { heading: null, lines: headerLines(r.header, l, ctx) },
    ...blocks.map(([name, , heading]) => ({ heading, lines: blockSummary(r, r.total.blocks[name], l, language) })),
    {
      heading: l.check,
      lines: [
        { label: l.mismatchNote(r.mismatchedRows), value: null, kind: "text" as const },
        { label: l.vatUnknownNote, value: null, kind: "text" as const }
      ]
    }
  ], ctx)
  const sheets = [l.sheets.report]
  for (const [name, sheet] of blocks) {
    await writeTableSheet(wb, { name: sheet }, {
      columns: lineColumns(r, l, name, language),
      lines: r.lines,
      rankOf,
      alert: (x) => x.blocks[name].check === "mismatch"
    }, ctx)
    sheets.push(sheet)
  }
  return sheets
}
