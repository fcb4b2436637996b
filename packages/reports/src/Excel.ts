/**
 * Excel renderer: any report model to an xlsx file, through exceljs' streaming writer so memory stays flat
 * however many rows there are. Real numbers (rubles, format `#,##0.00`, shown as `1 234,56` by a Russian
 * Excel), real dates, a frozen header with an autofilter, fitted widths, subtotal rows as `SUBTOTAL` formulas
 * with their values cached, one sheet per report part, document properties. The file appears atomically.
 */
import { AtomicFile, LocalDateTime } from "@taxcom-kit/core"
import { Effect } from "effect"
import { writeReconciliationReport } from "./internal/excelReconciliation.js"
import { writeShiftReport } from "./internal/excelShift.js"
import { writeVatReport } from "./internal/excelVat.js"
import * as Format from "./internal/format.js"
import { labels } from "./internal/labels.js"
import { type Context, workbook } from "./internal/xlsx.js"
import type { Report } from "./Report.js"
import type { Language } from "./ReportHeader.js"
import { RenderError } from "./ReportError.js"

export interface Options {
  /** Default `ru`. */
  readonly language?: Language
  /**
   * Rows written between yields to the event loop (default 32). exceljs' streaming writer has no backpressure:
   * without yielding it buffers the whole file in memory.
   */
  readonly yieldEvery?: number
}

export interface Written {
  readonly path: string
  readonly bytes: number
  readonly sheets: ReadonlyArray<string>
}

const titleOf = (report: Report, language: Language): string => {
  const l = labels(language)
  return report._tag === "ShiftReport" ? l.shiftReport : report._tag === "VatReport" ? l.vatReport : l.reconciliationReport
}

/** Renders a report to `path` (xlsx). The file is replaced only when the whole workbook was written. */
export const write: (report: Report, path: string, options?: Options) => Effect.Effect<Written, RenderError> = Effect.fn(
  "Excel.write"
)(function*(report: Report, path: string, options: Options = {}) {
  return yield* writeXlsx(report, path, options)
})

const writeXlsx = (report: Report, path: string, options: Options): Effect.Effect<Written, RenderError> => {
  const language = options.language ?? "ru"
  const l = labels(language)
  const h = report.header
  return AtomicFile.write(path, async (tmp, signal) => {
    const { wb, failed, out } = workbook(tmp, {
      title: `${titleOf(report, language)} — ${h.organisation}`,
      subject: h.organisation + (h.inn === null ? "" : ` (${l.inn} ${h.inn})`),
      description: `${l.period}: ${Format.period(h.period.from, h.period.to, language)}; ${l.timeZone}: ${h.timeZone}; ${l.source}: ${l.sources[h.source]}`,
      keywords: [report._tag, h.inn ?? "", h.period.from.slice(0, 10), h.period.to.slice(0, 10)].filter((s) => s !== "").join(" "),
      created: new Date(LocalDateTime.toInstant(h.generatedAt, h.timeZone)),
      language: language === "ru" ? "ru-RU" : "en-GB"
    })
    const ctx: Context = { language, yieldEvery: Math.max(1, options.yieldEvery ?? 32), signal }
    const render = async () => {
      const sheets = report._tag === "ShiftReport"
        ? await writeShiftReport(wb, report, l, ctx)
        : report._tag === "VatReport"
        ? await writeVatReport(wb, report, l, ctx)
        : await writeReconciliationReport(wb, report, l, ctx)
      await wb.commit()
      // 'finish' has flushed the data; wait for the descriptor to close before the file is renamed.
      if (!out.closed) await new Promise<void>((resolve) => out.once("close", () => resolve()))
      return { sheets }
    }
    try {
      return await Promise.race([render(), failed])
    } catch (e) {
      // Stop the zip and close the temporary file so it can be removed.
      ;(wb as unknown as { zip: { abort(): void } }).zip.abort()
      out.destroy()
      throw e
    }
  }, (cause) => RenderError.failed("xlsx", path, cause))
}
