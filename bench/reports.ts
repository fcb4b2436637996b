/**
 * Time and peak RSS of the report renderers: a shift report of 100,000 shifts to xlsx and of 10,000 shifts to PDF,
 * each beside a baseline measured in the same run — the raw library writing the same rows without the report
 * model (exceljs' streaming writer with per-column formats and a yield every 32 rows, as PERFORMANCE-NOTES
 * recommends; pdfmake laying out one plain table of the same rows in the main thread). Every case runs in its own
 * child process, so its wall time and peak RSS are its own.
 *
 *   npx tsx bench/reports.ts [xlsxRows] [pdfRows]        (default 100000 10000)
 *
 * Workspace packages load from their `dist/` builds: run `npx tsc -b packages/reports` (or `npm run build`) first.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Money } from "@taxcom-kit/core"
import { Excel, Pdf, ShiftReport } from "@taxcom-kit/reports"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import pdfmake from "pdfmake"
import { shiftRows } from "./lib/reports-data.js"
import { machine } from "./lib/results.js"
import * as ResultsSections from "./lib/results-sections.js"
import type { RenderCase } from "./lib/results-sections.js"

type Case = "data" | "xlsx-baseline" | "xlsx" | "pdf-baseline" | "pdf"

/** One case's figures: the layout of bench/results.md's section (a case name of this bench). */
interface Result extends RenderCase {
  readonly case: Case
}

const header = {
  organisation: "ООО «Бенчмарк»",
  inn: "7701234567",
  period: { from: "2026-01-01T00:00:00", to: "2026-01-31T23:59:59" },
  timeZone: "Europe/Moscow",
  source: "kktstat",
  generatedAt: "2026-02-01T09:00:00"
} as unknown as Parameters<typeof ShiftReport.make>[0]

const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve))
const dateCell = (t: string | null) => (t === null ? null : new Date(Date.UTC(+t.slice(0, 4), +t.slice(5, 7) - 1, +t.slice(8, 10), +t.slice(11, 13), +t.slice(14, 16), +t.slice(17, 19))))

/** The raw streaming writer: the listing's 29 columns, formats per column, no model, no subtotals. */
const xlsxBaseline = async (rows: ReturnType<typeof shiftRows>, file: string) => {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet("Смены", { views: [{ state: "frozen", ySplit: 1 }] })
  const text = { width: 20 }
  const money = { width: 14, style: { numFmt: "#,##0.00" } }
  const count = { width: 8, style: { numFmt: "#,##0" } }
  const date = { width: 16, style: { numFmt: "dd.mm.yyyy hh:mm" } }
  ws.columns = [text, text, text, text, text, count, date, date, text, count, ...Array(6).fill(money), money, count, money, money, money, money, money, money, money, money, count, text, text, text]
  ws.addRow(Array.from({ length: 29 }, (_, i) => `Колонка ${i + 1}`)).commit()
  const r = (k: number) => k / 100
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i]!
    const s = x.shift!
    ws.addRow([
      x.department.name, x.outlet?.name ?? null, s.kktName, s.kktRegNumber, s.fn, s.number, dateCell(s.openedAt), dateCell(s.closedAt), s.cashier,
      x.documentsCount, r(x.income.total), r(x.income.cash), r(x.income.card), r(x.income.prepayment), r(x.income.credit), r(x.income.exchange),
      r(x.incomeReturn.total), x.documentsCount, r(x.incomeReturn.cash), r(x.incomeReturn.card), r(x.expenditure.total), r(x.expenditureReturn.total),
      r(x.incomeCorrection.total), r(x.expenditureCorrection.total), r(x.income.total - x.incomeReturn.total), r(x.revenue), x.documentsCount,
      s.closedAt === null ? "да" : null, null, null
    ]).commit()
    if (i % 32 === 31) await yieldNow()
  }
  ws.commit()
  await wb.commit()
}

/** Raw pdfmake: one 15-column text table of the same rows, header repeated, "Лист N из M"; no model, no charts. */
const pdfBaseline = async (rows: ReturnType<typeof shiftRows>, file: string): Promise<number> => {
  const fonts = path.join(path.dirname(fileURLToPath(import.meta.resolve("pdfmake/package.json"))), "build", "fonts", "Roboto")
  pdfmake.setFonts({ Roboto: { normal: path.join(fonts, "Roboto-Regular.ttf"), bold: path.join(fonts, "Roboto-Medium.ttf"), italics: path.join(fonts, "Roboto-Italic.ttf"), bolditalics: path.join(fonts, "Roboto-MediumItalic.ttf") } })
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((p) => p.startsWith(fonts))
  const m = (k: number) => Money.format(k as Money.Kopecks)
  const body = [Array.from({ length: 15 }, (_, i) => ({ text: `Колонка ${i + 1}`, bold: true }))] as Array<Array<unknown>>
  for (const x of rows) {
    const s = x.shift!
    body.push([
      `${s.kktName}\n${s.kktRegNumber} · ${s.fn}`, String(s.number), s.openedAt ?? "", s.closedAt ?? "", s.cashier ?? "", String(x.documentsCount),
      m(x.income.total), m(x.income.cash), m(x.income.card), m(x.incomeReturn.total), m(x.expenditure.total), m(x.expenditureReturn.total),
      m(x.incomeCorrection.total), m(x.income.total - x.incomeReturn.total), s.closedAt === null ? "открыта" : ""
    ])
  }
  let pages = 0
  await pdfmake.createPdf({
    pageSize: "A4",
    pageOrientation: "landscape",
    pageMargins: [28, 28, 28, 34],
    defaultStyle: { font: "Roboto", fontSize: 7 },
    footer: (page: number, count: number) => {
      pages = count
      return { text: `Лист ${page} из ${count}`, alignment: "right", margin: [28, 12, 28, 0] }
    },
    content: [{ table: { headerRows: 1, widths: [130, 24, 36, 36, "*", 26, 52, 50, 50, 48, 44, 44, 44, 54, 40], body } }]
  } as never).write(file)
  return pages
}

const child = async (which: Case, n: number) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-reports-"))
  const file = path.join(dir, which.startsWith("xlsx") ? "out.xlsx" : "out.pdf")
  const rows = shiftRows(n)
  // The longest gap between ticks of a 10 ms timer: how long the main thread's event loop was blocked.
  // (perf_hooks' monitorEventLoopDelay under-reports one long block, so the gap is measured directly.)
  let last = performance.now()
  let maxGap = 0
  const ticker = setInterval(() => {
    const now = performance.now()
    maxGap = Math.max(maxGap, now - last)
    last = now
  }, 10)
  const t0 = performance.now()
  let modelMs: number | null = null
  let pages: number | null = null
  if (which === "data") fs.writeFileSync(file, "")
  else if (which === "xlsx-baseline") await xlsxBaseline(rows, file)
  else if (which === "pdf-baseline") pages = await pdfBaseline(rows, file)
  else {
    const report = ShiftReport.make(header, rows)
    modelMs = performance.now() - t0
    if (which === "xlsx") await Effect.runPromise(Excel.write(report, file))
    else pages = (await Effect.runPromise(Pdf.write(report, file, { overflow: "full", maxRows: Number.MAX_SAFE_INTEGER }))).pages
  }
  const ms = performance.now() - t0
  clearInterval(ticker)
  const result: Result = {
    case: which,
    rows: n,
    ms,
    modelMs,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
    fileMb: fs.statSync(file).size / 2 ** 20,
    pages,
    maxLoopDelayMs: Math.max(maxGap, performance.now() - last)
  }
  fs.rmSync(dir, { recursive: true, force: true })
  process.stdout.write("RESULT " + JSON.stringify(result) + "\n")
}

const run = (which: Case, n: number): Result => {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", which, String(n)], {
    encoding: "utf8",
    maxBuffer: 16 * 2 ** 20
  })
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("RESULT "))
  if (line === undefined) throw new Error(`case ${which} failed (exit ${r.status}):\n${r.stderr}`)
  return JSON.parse(line.slice(7)) as Result
}

const main = () => {
  const xlsxRows = Number(process.argv[2] ?? 100_000)
  const pdfRows = Number(process.argv[3] ?? 10_000)
  const m = machine()
  console.log(`reports bench — Node ${process.version}, ${os.cpus().length} CPUs; each case in its own process`)
  const results = [
    run("data", xlsxRows),
    run("xlsx-baseline", xlsxRows),
    run("xlsx", xlsxRows),
    run("pdf-baseline", pdfRows),
    run("pdf", pdfRows)
  ]
  const f = (n: number, d = 1) => n.toFixed(d).padStart(8)
  console.log("\ncase            rows      time s   model s  peak RSS MB  file MB   pages  main loop blocked ms")
  for (const r of results) {
    console.log(
      `${r.case.padEnd(14)} ${String(r.rows).padStart(7)} ${f(r.ms / 1000, 2)}  ${r.modelMs === null ? "       —" : f(r.modelMs / 1000, 2)}  ${f(r.peakRssMb, 0)}     ${f(r.fileMb, 1)} ${r.pages === null ? "      —" : String(r.pages).padStart(7)}  ${f(r.maxLoopDelayMs, 0)}`
    )
  }
  const [d, xb, x, pb, p] = results as [Result, Result, Result, Result, Result]
  console.log(`\nthe ${d.rows} input rows alone: ${d.peakRssMb.toFixed(0)} MB peak RSS (generated in every case, not timed)`)
  console.log(`xlsx: ${(x.ms / xb.ms).toFixed(2)}× the raw streaming writer's time; peak RSS ${(x.peakRssMb - d.peakRssMb).toFixed(0)} MB above the input rows (raw writer: ${(xb.peakRssMb - d.peakRssMb).toFixed(0)} MB)`)
  console.log(`pdf:  ${(p.ms / pb.ms).toFixed(2)}× raw pdfmake's time, ${(p.peakRssMb / pb.peakRssMb).toFixed(2)}× its peak RSS; main-thread event loop blocked at most ${p.maxLoopDelayMs.toFixed(0)} ms (raw pdfmake in the main thread: ${pb.maxLoopDelayMs.toFixed(0)} ms)`)
  ResultsSections.reportRendering(m, results)
}

if (process.argv[2] === "--child") await child(process.argv[3] as Case, Number(process.argv[4]))
else main()
