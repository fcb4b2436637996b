/**
 * What every PDF report shares: page setup, styles, the header block, the footer with "Лист N из M", and the
 * table layout. Document definitions here are plain data (no functions), so they can be sent to a worker;
 * the footer and the table layout are attached where pdfmake runs (`pdfRuntime.ts`).
 */
import type { Content, ContentText, TableCell, TableCellProperties, TDocumentDefinitions } from "pdfmake/interfaces.js"
import type { ReportHeader } from "../ReportHeader.js"
import * as Format from "./format.js"
import type { Labels } from "./labels.js"

/** A document definition without functions, and what the runtime needs to finish it. */
export interface PdfSpec {
  readonly doc: TDocumentDefinitions
  /** Left part of the footer on every page. */
  readonly footerLeft: string
  /** Right part: `{n}` and `{m}` become the page number and the page count. */
  readonly pageTemplate: string
  /** True when the listing was left out for a summary (too many rows). */
  readonly summarized: boolean
  /** Table lines in the document: decides whether to render in a worker. */
  readonly tableLines: number
}

/** The table layout every report table uses (registered under this name by the runtime). */
export const TABLE_LAYOUT = "taxcomReport"

export const COLORS = {
  header: "#DDEBF7",
  rank: ["", "#F2F2F2", "#E2EFDA", "#D9E1F2"],
  section: "#FAFAFA",
  alert: "#C00000",
  alertFill: "#FDE9E9",
  muted: "#666666",
  bar: "#4472C4",
  barNegative: "#C0504D"
} as const

/** A4 landscape: 841.89 × 595.28 pt; the margins leave 785 pt of width. */
export const PAGE = { width: 841.89, height: 595.28, margins: [28, 28, 28, 34] as [number, number, number, number] }
export const CONTENT_WIDTH = PAGE.width - PAGE.margins[0] - PAGE.margins[2]

export const baseDoc = (
  content: Array<Content>,
  meta: { title: string; subject: string; keywords: string; language: "ru" | "en" },
  fontSize: number
): TDocumentDefinitions => ({
  pageSize: "A4",
  pageOrientation: "landscape",
  pageMargins: PAGE.margins,
  info: { title: meta.title, author: "taxcom-kit", subject: meta.subject, keywords: meta.keywords, creator: "taxcom-kit", producer: "taxcom-kit (pdfmake)" },
  language: meta.language === "ru" ? "ru-RU" : "en-GB",
  defaultStyle: { font: "Roboto", fontSize, lineHeight: 1.05 },
  styles: {
    title: { fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
    h2: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
    th: { bold: true, fillColor: COLORS.header, alignment: "center", fontSize: Math.min(fontSize, 6.5) },
    num: { alignment: "right" },
    small: { fontSize: Math.max(5, fontSize - 1.5), color: COLORS.muted },
    note: { fontSize: 8, color: COLORS.muted, margin: [0, 6, 0, 0] }
  },
  content
})

export const headerBlock = (title: string, h: ReportHeader, l: Labels, style: Format.NumberStyle): Array<Content> => {
  const rows: Array<[string, string]> = [
    [l.organisation, h.organisation],
    [l.inn, h.inn ?? "—"],
    [l.period, Format.period(h.period.from, h.period.to, style)],
    [l.timeZone, h.timeZone],
    [l.source, l.sources[h.source]],
    [l.generatedAt, Format.dateTime(h.generatedAt, style)],
    ...(h.details ?? []).map(([a, b]): [string, string] => [a, b])
  ]
  return [
    { text: title, style: "title" },
    {
      table: { widths: ["auto", "*"], body: rows.map(([a, b]) => [{ text: a, bold: true }, { text: b }]) },
      layout: "noBorders",
      fontSize: 8.5,
      margin: [0, 0, 0, 6]
    }
  ]
}

/** Key figures as a compact two-row table: labels above, values below. */
export const figuresTable = (figures: ReadonlyArray<readonly [string, string]>): Content => ({
  table: {
    widths: figures.map(() => "*"),
    body: [
      figures.map(([label]): TableCell => ({ text: label, style: "th", fontSize: 7.5 })),
      figures.map(([, value]): TableCell => ({ text: value, alignment: "center", bold: true, fontSize: 9 }))
    ]
  },
  layout: TABLE_LAYOUT,
  margin: [0, 2, 0, 6]
})

export const footerText = (title: string, h: ReportHeader, style: Format.NumberStyle): string =>
  `${title} · ${h.organisation} · ${Format.period(h.period.from, h.period.to, style)}`

/** A text cell of a table. */
export type Cell = ContentText & TableCellProperties
/** Properties to add to a text cell. */
export type CellStyle = Omit<Partial<Cell>, "text">

/** Filler cells for a pdfmake colSpan. */
export const spanned = (cell: Cell, span: number): Array<TableCell> => [
  { ...cell, colSpan: span },
  ...Array.from({ length: span - 1 }, () => ({}))
]
