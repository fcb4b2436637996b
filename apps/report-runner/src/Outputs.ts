/**
 * Writing a job's files. Reports go to xlsx and PDF for people (rubles, Russian formats) and to CSV and JSON for
 * machines (integer kopecks, columns named `…_kopecks`, as in `discrepancies.csv`). Every file appears atomically.
 */
import { Csv } from "@taxcom-kit/reconcile"
import { AtomicFile } from "@taxcom-kit/core"
import { Excel, Pdf, type Report, type ShiftReport, type VatReport } from "@taxcom-kit/reports"
import { Data, Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { OutputFormat } from "./JobFile.js"

/** A file the job wrote. */
export interface Written {
  readonly path: string
  readonly bytes: number
  readonly format: OutputFormat | "csv" | "json"
  readonly what: string
}

/** An output file could not be written (disk full, permissions): the target is left as it was. */
export class OutputError extends Data.TaggedError("OutputError")<{ readonly path: string; readonly reason: string }> {
  override get message(): string {
    return `cannot write ${this.path}: ${this.reason}`
  }
}

const outputError = (target: string) => (cause: unknown) =>
  new OutputError({ path: target, reason: cause instanceof Error ? cause.message : String(cause) })

export const writeText = (target: string, text: string): Effect.Effect<{ path: string; bytes: number }, OutputError> =>
  AtomicFile.writeText(target, text, outputError(target))

const BOM = "\uFEFF"

const csv = (header: ReadonlyArray<string>, rows: Iterable<ReadonlyArray<string | number | null>>): string => {
  const lines = [Csv.formatRow(header)]
  for (const r of rows) lines.push(Csv.formatRow(r))
  // The BOM lets Excel open the UTF-8 text with Cyrillic intact.
  return BOM + lines.join("\r\n") + "\r\n"
}

const shiftCsv = (r: ShiftReport.ShiftReport): string =>
  csv(
    [
      "line", "department", "department_code", "outlet", "outlet_code", "kkt_name", "kkt_reg_number", "fn", "shift",
      "opened", "closed", "cashier", "income_count", "income_kopecks", "income_cash_kopecks", "income_electronic_kopecks",
      "income_prepaid_kopecks", "income_credit_kopecks", "income_other_kopecks", "income_return_kopecks",
      "expenditure_kopecks", "expenditure_return_kopecks", "income_correction_kopecks", "expenditure_correction_kopecks",
      "net_revenue_kopecks", "documents", "open", "over_24h", "across_midnight"
    ],
    r.lines.map((l) => {
      const a = l.amounts
      const shift = l._tag === "Shift" ? l : null
      const place = l._tag === "Total" ? null : l
      return [
        l._tag === "Shift" ? "shift" : l._tag === "Total" ? "total" : `${l._tag.toLowerCase()}:${l.level}`,
        place?.department.name ?? null, place?.department.code ?? null, place?.outlet?.name ?? null, place?.outlet?.code ?? null,
        shift?.kktName ?? null, shift?.kktRegNumber ?? null, shift?.fn ?? null, shift?.shiftNumber ?? null,
        shift?.openedAt ?? null, shift?.closedAt ?? null, shift?.cashier ?? null,
        a.income.count, a.income.total, a.income.cash, a.income.electronic, a.income.prepaid, a.income.credit, a.income.other,
        a.incomeReturn.total, a.expenditure.total, a.expenditureReturn.total, a.incomeCorrection, a.expenditureCorrection,
        a.netRevenue, a.documents,
        shift === null ? null : String(shift.open), shift === null ? null : String(shift.overlong),
        shift === null ? null : String(shift.crossesMidnight)
      ]
    })
  )

const vatCsv = (r: VatReport.VatReport): string => {
  const rows: Array<Array<string | number | null>> = []
  for (const l of r.lines) {
    const where = l._tag === "Row"
      ? [l.month, l.department.name, l.department.code, l.outlet?.name ?? null, l.outlet?.code ?? null, l.day, l.shift?.fn ?? null, l.shift?.number ?? null]
      : [l._tag === "MonthTotal" ? l.month : l._tag === "QuarterTotal" ? `${l.year}-Q${l.quarter}` : null, null, null, null, null, null, null, null]
    for (const block of ["income", "incomeReturn", "net"] as const) {
      const b = l.blocks[block]
      r.rates.forEach((rate, i) => {
        const c = b.cells[i]!
        rows.push([l._tag === "Row" ? "row" : l._tag === "MonthTotal" ? "month" : l._tag === "QuarterTotal" ? "quarter" : "total", ...where, block, rate, c.gross, c.vat, b.total, b.check])
      })
    }
  }
  return csv(
    ["line", "month", "department", "department_code", "outlet", "outlet_code", "day", "fn", "shift", "block", "vat_rate", "gross_kopecks", "vat_kopecks", "block_total_kopecks", "check"],
    rows
  )
}

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Removes the temporary files a killed run (SIGKILL, power loss) could not clean up: `.<name>.<pid>.<hex>.tmp`
 * of a process that is gone. Finished files are never touched; returns what was removed.
 */
export const removeStaleTemporaries = (dir: string): ReadonlyArray<string> => {
  const removed: Array<string> = []
  let names: Array<string>
  try {
    names = fs.readdirSync(dir)
  } catch {
    return removed
  }
  for (const name of names) {
    const m = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)
    if (m === null || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue
    fs.rmSync(path.join(dir, name), { force: true })
    removed.push(name)
  }
  return removed
}

/** Writes one report in the formats asked for, as `<dir>/<name>.<ext>`. */
export const writeReport = (
  report: Report,
  dir: string,
  name: string,
  formats: ReadonlyArray<OutputFormat>,
  options: { readonly language: "ru" | "en"; readonly pdfRowLimit: number; readonly what: string }
): Effect.Effect<ReadonlyArray<Written>, OutputError> =>
  Effect.forEach(formats, (format) => {
    const target = path.join(dir, `${name}.${format}`)
    const done = (w: { path: string; bytes: number }): Written => ({ path: w.path, bytes: w.bytes, format, what: options.what })
    switch (format) {
      case "xlsx":
        return Excel.write(report, target, { language: options.language }).pipe(
          Effect.map(done),
          Effect.mapError((e) => new OutputError({ path: target, reason: e.reason }))
        )
      case "pdf":
        return Pdf.write(report, target, {
          language: options.language,
          maxRows: options.pdfRowLimit,
          excelFileName: formats.includes("xlsx") ? `${name}.xlsx` : null
        }).pipe(Effect.map(done), Effect.mapError((e) => new OutputError({ path: target, reason: e.reason })))
      case "json":
        return Effect.map(writeText(target, JSON.stringify(report, null, 1) + "\n"), done)
      case "csv":
        return report._tag === "ReconciliationReport"
          ? Effect.fail(new OutputError({ path: target, reason: "a reconciliation report's CSV is discrepancies.csv" }))
          : Effect.map(writeText(target, report._tag === "ShiftReport" ? shiftCsv(report) : vatCsv(report)), done)
    }
  })
