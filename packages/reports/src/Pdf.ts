/**
 * PDF renderer: any report model to an A4-landscape PDF with pdfmake — Cyrillic in the bundled Roboto, the
 * report header, key figures, a vector chart, tables whose header row repeats on every page, subtotals and
 * totals, and "Лист N из M" in the footer. Russian number and date formats by default. Big documents are laid
 * out in a worker thread (pdfmake blocks its thread for the whole layout). The file appears atomically.
 */
import { AtomicFile } from "@taxcom-kit/core"
import { Effect } from "effect"
import type { NumberStyle } from "./internal/format.js"
import { labels } from "./internal/labels.js"
import type { PdfSpec } from "./internal/pdfCommon.js"
import { renderInline, renderInWorker } from "./internal/pdfRuntime.js"
import { reconciliationReportPdf } from "./internal/pdfReconciliation.js"
import { type PdfLayoutOptions, shiftReportPdf } from "./internal/pdfShift.js"
import { vatReportPdf } from "./internal/pdfVat.js"
import type { Report } from "./Report.js"
import type { Language } from "./ReportHeader.js"
import { RenderError } from "./ReportError.js"

export interface Options {
  /** Labels; default `ru`. */
  readonly language?: Language
  /** Numbers and dates: `ru` (default, `1 234,56`, `03.12.2025`) or `en` (`1,234.56`, `2025-12-03`). */
  readonly numberStyle?: NumberStyle
  /** Listing lines a PDF may hold (default 5,000, about 120 pages). */
  readonly maxRows?: number
  /** Beyond `maxRows`: `summary` (default) prints the totals with a note pointing to the Excel file; `full` prints everything. */
  readonly overflow?: "summary" | "full"
  /** The Excel file's name for that note. */
  readonly excelFileName?: string | null
  /** `auto` (default): a worker thread above 300 table lines; `always` / `never` force it. */
  readonly worker?: "auto" | "always" | "never"
}

export interface Written {
  readonly path: string
  readonly bytes: number
  readonly pages: number
  /** The listing was replaced by a summary because it had more than `maxRows` lines. */
  readonly summarized: boolean
}

const WORKER_THRESHOLD = 300

/** The document of a report, as plain data (no functions). */
export const definition = (report: Report, options: Options = {}): PdfSpec => {
  const language = options.language ?? "ru"
  const layout: PdfLayoutOptions = {
    language,
    style: options.numberStyle ?? "ru",
    maxRows: options.maxRows ?? 5_000,
    overflow: options.overflow ?? "summary",
    excelFileName: options.excelFileName ?? null
  }
  const l = labels(language)
  return report._tag === "ShiftReport"
    ? shiftReportPdf(report, l, layout)
    : report._tag === "VatReport"
    ? vatReportPdf(report, l, layout)
    : reconciliationReportPdf(report, l, layout)
}

/** Renders a report to `path` (PDF). The file is replaced only when the whole document was written. */
export const write: (report: Report, path: string, options?: Options) => Effect.Effect<Written, RenderError> = Effect.fn(
  "Pdf.write"
)(function*(report: Report, path: string, options: Options = {}) {
  return yield* writePdf(report, path, options)
})

const writePdf = (report: Report, path: string, options: Options): Effect.Effect<Written, RenderError> =>
  Effect.suspend(() => {
    const spec = definition(report, options)
    const mode = options.worker ?? "auto"
    const inWorker = mode === "always" || (mode === "auto" && spec.tableLines > WORKER_THRESHOLD)
    return AtomicFile.write(path, async (tmp, signal) => {
      const { pages } = inWorker ? await renderInWorker(spec, tmp, signal) : await renderInline(spec, tmp)
      return { pages, summarized: spec.summarized }
    }, (cause) => RenderError.failed("pdf", path, cause))
  })
