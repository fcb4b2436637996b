/**
 * A small table writer over exceljs' streaming WorkbookWriter: real numbers and dates, per-column formats,
 * two-level headers, frozen header, autofilter, fitted widths, subtotal rows as `SUBTOTAL(9, …)` formulas with
 * their cached results, and a yield to the event loop every few rows (the writer has no backpressure).
 */
import * as fs from "node:fs"
import type { LocalDateTime } from "@taxcom-kit/core"
import ExcelJS from "exceljs"
import * as Format from "./format.js"

export type ColumnKind = "text" | "money" | "count" | "int" | "datetime" | "date" | "month"

export interface Column<L> {
  readonly header: string
  /** A label over consecutive columns that share it (merged in the first header row). */
  readonly group?: string
  readonly kind: ColumnKind
  /** Money in kopecks; date-times as `LocalDateTime` text; dates as `yyyy-MM-dd`; months as `yyyy-MM`. */
  readonly value: (line: L) => string | number | null
  /** Subtotal and total lines sum this column with a formula. */
  readonly sum?: boolean
}

/** 0: a data line; 1–3: subtotals that close ever larger groups (3: the grand total). */
export type Rank = 0 | 1 | 2 | 3

export interface TableSpec<L> {
  readonly columns: ReadonlyArray<Column<L>>
  readonly lines: ReadonlyArray<L>
  readonly rankOf: (line: L) => Rank
  /** Lines to show in red (a failed check). */
  readonly alert?: (line: L) => boolean
  /** Outline level per rank (Excel's grouping buttons); omitted: no outline. */
  readonly outline?: boolean
}

/**
 * Number format codes are stored in the file in a locale-independent form — `,` groups thousands, `.` marks
 * decimals — and every spreadsheet shows them with the reader's own separators. `#,##0.00` is what a Russian
 * Excel or LibreOffice displays as `1 234,56`; writing the literal `# ##0,00` would store a space and a
 * thousands-scaling comma instead. Dates use explicit codes so the order (day first) does not depend on
 * the reader's locale.
 */
export const formats = {
  money: "#,##0.00",
  count: "#,##0",
  int: "0",
  text: "General",
  datetime: { ru: "dd.mm.yyyy hh:mm", en: "yyyy-mm-dd hh:mm" },
  date: { ru: "dd.mm.yyyy", en: "yyyy-mm-dd" },
  month: { ru: "mm.yyyy", en: "yyyy-mm" }
} as const

/** Rows per sheet in Excel (and LibreOffice since 7.4 can open no more). */
export const MAX_SHEET_ROWS = 1_048_576

const FONT = { name: "Calibri", size: 10 }
const BOLD = { ...FONT, bold: true }
const RED = { ...FONT, color: { argb: "FFC00000" } }
const RED_BOLD = { ...BOLD, color: { argb: "FFC00000" } }
const fill = (argb: string): ExcelJS.Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb } })
const THIN = { style: "thin" as const, color: { argb: "FFBFBFBF" } }
const RANK_FILLS = [null, fill("FFF2F2F2"), fill("FFE2EFDA"), fill("FFD9E1F2")] as const
const HEADER_FILL = fill("FFDDEBF7")

export interface Context {
  readonly language: "ru" | "en"
  /** Yield to the event loop after this many rows. */
  readonly yieldEvery: number
  readonly signal: AbortSignal | undefined
}

const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve))

const checkAbort = (signal: AbortSignal | undefined) => {
  if (signal?.aborted) throw new Error("rendering interrupted")
}

const numFmtOf = (kind: ColumnKind, language: "ru" | "en"): string =>
  kind === "datetime" || kind === "date" || kind === "month" ? formats[kind][language] : formats[kind]

const columnLetter = (n: number): string => {
  let s = ""
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s
  return s
}

const cellValue = (kind: ColumnKind, v: string | number | null): ExcelJS.CellValue => {
  if (v === null) return null
  switch (kind) {
    case "money":
      return Format.rubles(v as number)
    case "datetime":
      return Format.cellDate(v as LocalDateTime.LocalDateTime)
    case "date":
      return Format.cellDay(v as string)
    case "month":
      return Format.cellDay(`${v as string}-01`)
    default:
      return v
  }
}

/** Display width in characters of a value, for fitting columns. */
const widthOf = (kind: ColumnKind, v: string | number | null): number => {
  if (v === null) return 0
  switch (kind) {
    case "money":
      return Format.money(v as number, "ru").length
    case "count":
      return Format.integer(v as number, "ru").length
    case "int":
      return String(v).length
    case "datetime":
      return 16
    case "date":
      return 10
    case "month":
      return 7
    default:
      return String(v).length
  }
}

const longestWord = (s: string) => s.split(/\s+/).reduce((m, w) => Math.max(m, w.length), 0)

/** Column widths that fit the values (a sample of long tables is enough: widths are bounded anyway). */
export const fitWidths = <L>(columns: ReadonlyArray<Column<L>>, lines: ReadonlyArray<L>): Array<number> => {
  const widths = columns.map((c) => Math.max(longestWord(c.header), c.kind === "datetime" ? 16 : 6))
  const step = lines.length > 20_000 ? Math.ceil(lines.length / 20_000) : 1
  for (let i = 0; i < lines.length; i += step) {
    const line = lines[i]!
    for (let c = 0; c < columns.length; c++) {
      const w = widthOf(columns[c]!.kind, columns[c]!.value(line))
      if (w > widths[c]!) widths[c] = w
    }
  }
  // Totals are the widest numbers; make sure the last line (the grand total) is measured.
  if (lines.length > 0) {
    const last = lines[lines.length - 1]!
    for (let c = 0; c < columns.length; c++) widths[c] = Math.max(widths[c]!, widthOf(columns[c]!.kind, columns[c]!.value(last)))
  }
  return widths.map((w) => Math.min(w + 2, 60))
}

export interface SheetOptions {
  readonly name: string
  /** Landscape A4, fit to page width, header rows repeated on printed pages. */
  readonly print?: boolean
}

/**
 * A workbook writer on a file stream whose errors (a missing directory, a full disk) reject `failed` instead of
 * surfacing as an unhandled 'error' event; document properties set.
 */
export const workbook = (
  filename: string,
  props: { title: string; subject: string; description: string; keywords: string; created: Date; language: string }
): { readonly wb: ExcelJS.stream.xlsx.WorkbookWriter; readonly failed: Promise<never>; readonly out: fs.WriteStream } => {
  const out = fs.createWriteStream(filename)
  const failed = new Promise<never>((_, reject) => out.on("error", reject))
  // Only raced against the writing; keep an unobserved rejection from being reported as unhandled.
  failed.catch(() => {})
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  // Core properties are read from the writer object itself when the workbook is committed.
  Object.assign(wb, {
    creator: "taxcom-kit",
    lastModifiedBy: "taxcom-kit",
    created: props.created,
    modified: props.created,
    title: props.title,
    subject: props.subject,
    description: props.description,
    keywords: props.keywords,
    category: "Taxcom-Kassa",
    language: props.language
  })
  return { wb, failed, out }
}

/**
 * Writes a table into a new sheet: header rows, data, subtotals. Returns the 1-based row numbers of each
 * line, in order (tests and callers use them to find lines).
 */
export const writeTableSheet = async <L>(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: SheetOptions,
  spec: TableSpec<L>,
  ctx: Context
): Promise<void> => {
  const { columns, lines } = spec
  const hasGroups = columns.some((c) => c.group !== undefined)
  const headerRows = hasGroups ? 2 : 1
  if (lines.length + headerRows > MAX_SHEET_ROWS) {
    throw new Error(
      `the sheet «${sheet.name}» would have ${lines.length + headerRows} rows, more than a spreadsheet holds (${MAX_SHEET_ROWS}); narrow the period or group by outlet or department`
    )
  }
  const lastCol = columnLetter(columns.length)
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRows, activeCell: `A${headerRows + 1}` }],
    properties: spec.outline ? ({ outlineLevelRow: 2 } as ExcelJS.WorksheetProperties) : ({} as ExcelJS.WorksheetProperties),
    pageSetup: {
      orientation: "landscape",
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${headerRows}`
    }
  })
  const widths = fitWidths(columns, lines)
  const numFmts = columns.map((c) => numFmtOf(c.kind, ctx.language))
  ws.columns = columns.map((_, i) => ({ width: widths[i]!, style: { numFmt: numFmts[i]!, font: FONT } }))

  // One style object per (rank, column, alert): exceljs caches style ids by object identity.
  const styles = [0, 1, 2, 3].map((rank) =>
    [false, true].map((alert) =>
      columns.map((_, i): Partial<ExcelJS.Style> => ({
        numFmt: numFmts[i]!,
        font: rank === 0 ? (alert ? RED : FONT) : alert ? RED_BOLD : BOLD,
        alignment: { vertical: "top" },
        ...(RANK_FILLS[rank] === null ? {} : { fill: RANK_FILLS[rank]!, border: { top: THIN } })
      }))
    )
  )
  const headerStyle: Partial<ExcelJS.Style> = {
    font: BOLD,
    fill: HEADER_FILL,
    alignment: { vertical: "middle", horizontal: "center", wrapText: true },
    border: { bottom: THIN, top: THIN, left: THIN, right: THIN },
    numFmt: "General"
  }

  // Both header rows exist before any merge: merging creates the rows it touches.
  const top = hasGroups ? ws.addRow(columns.map((c) => c.group ?? c.header)) : null
  const head = ws.addRow(columns.map((c) => c.header))
  if (top !== null) {
    let start = 0
    for (let i = 1; i <= columns.length; i++) {
      const g = columns[start]!.group
      if (i === columns.length || columns[i]!.group !== g || g === undefined) {
        // A column without a group spans both header rows; a group spans its columns.
        if (g === undefined) ws.mergeCells(1, start + 1, 2, start + 1)
        else if (i - start > 1) ws.mergeCells(1, start + 1, 1, i)
        start = i
      }
    }
    top.eachCell({ includeEmpty: true }, (cell) => {
      cell.style = headerStyle
    })
  }
  const wraps = columns.some((c, i) => c.header.length > widths[i]! - 2)
  if (wraps) head.height = 28
  head.eachCell({ includeEmpty: true }, (cell) => {
    cell.style = headerStyle
  })
  head.commit()
  ws.autoFilter = `A${headerRows}:${lastCol}${headerRows}`

  const first = headerRows + 1
  // Start row of the range each rank's subtotal covers.
  const starts = [first, first, first, first]
  let rowNumber = first
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!
    const rank = spec.rankOf(line)
    const alert = spec.alert?.(line) ?? false
    const values = columns.map((c, i) => {
      const raw = c.value(line)
      const v = cellValue(c.kind, raw)
      if (rank > 0 && c.sum && raw !== null && starts[rank]! <= rowNumber - 1) {
        const col = columnLetter(i + 1)
        // SUBTOTAL ignores other SUBTOTAL cells in its range, so nested groups are not counted twice.
        return { formula: `SUBTOTAL(9,${col}${starts[rank]}:${col}${rowNumber - 1})`, result: v as number }
      }
      return v
    })
    const row = ws.addRow(values)
    const rowStyles = styles[rank]![alert ? 1 : 0]!
    for (let c = 0; c < columns.length; c++) row.getCell(c + 1).style = rowStyles[c]!
    if (spec.outline) row.outlineLevel = rank === 0 ? 2 : rank === 1 ? 1 : 0
    row.commit()
    if (rank > 0) for (let r = 0; r <= rank; r++) starts[r] = rowNumber + 1
    rowNumber++
    if (li % ctx.yieldEvery === ctx.yieldEvery - 1) {
      checkAbort(ctx.signal)
      await yieldNow()
    }
  }
  ws.commit()
}

export interface InfoLine {
  readonly label: string
  readonly value: string | number | null
  readonly kind: ColumnKind
  readonly bold?: boolean
}

/** A sheet of label / value lines: the report header and its key figures. */
export const writeInfoSheet = async (
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  sections: ReadonlyArray<{ readonly heading: string | null; readonly lines: ReadonlyArray<InfoLine> }>,
  ctx: Context
): Promise<void> => {
  const ws = wb.addWorksheet(name, { pageSetup: { orientation: "portrait", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  const all = sections.flatMap((s) => s.lines)
  const labelWidth = Math.min(60, Math.max(20, ...all.map((l) => l.label.length + 2)))
  const valueWidth = Math.min(90, Math.max(18, ...all.map((l) => widthOf(l.kind, l.value) + 2)))
  ws.columns = [{ width: labelWidth }, { width: valueWidth }]
  const t = ws.addRow([title])
  t.getCell(1).style = { font: { ...BOLD, size: 14 } }
  t.commit()
  for (const s of sections) {
    ws.addRow([]).commit()
    if (s.heading !== null) {
      const h = ws.addRow([s.heading])
      h.getCell(1).style = { font: { ...BOLD, size: 12 } }
      h.commit()
    }
    for (const l of s.lines) {
      const row = ws.addRow([l.label, cellValue(l.kind, l.value)])
      row.getCell(1).style = { font: l.bold ? BOLD : FONT, numFmt: "General" }
      row.getCell(2).style = {
        font: l.bold ? BOLD : FONT,
        numFmt: numFmtOf(l.kind, ctx.language),
        alignment: { horizontal: l.kind === "text" ? "left" : "right" }
      }
      row.commit()
    }
  }
  ws.commit()
}
