/**
 * The reconciliation report from hand-built reconciliation output: the model, the stream reader, and both
 * renderers, without running the matcher (its own package tests it).
 */
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import type { LocalDateTime, Money } from "@taxcom-kit/core"
import type { Reconcile } from "@taxcom-kit/reconcile"
import { Excel, Pdf, ReconciliationReport } from "@taxcom-kit/reports"
import { Effect, Exit, Stream } from "effect"
import { header } from "./fixtures.js"
import { kopecksOf, pdfText, plain, readXlsx, tempDir } from "./helpers.js"

// Reconcile's own output must fit what the report reads: a compile-time check.
type Assert<T extends true> = T
export type ReconcileItemFits = Assert<Reconcile.ReconcileItem extends ReconciliationReport.StreamItem ? true : false>

const k = (n: number) => n as Money.Kopecks
const t = (s: string) => s as LocalDateTime.LocalDateTime

const base = {
  _tag: "Difference" as const,
  tier: 1 as const,
  severity: "error" as const,
  register: "Касса 1",
  ofdText: null,
  erpText: null,
  vatRate: null,
  businessDay: null,
  fn: null,
  fd: null,
  shift: null
}
const erp = (line: number, total: number, dateTime = "2026-01-10T10:00:00") => ({
  file: "sales.csv", line, lines: [line], documentNumber: `ЧК-${line}`, dateTime: t(dateTime), operation: "Income" as const, total: k(total)
})
const ofd = (fd: number, total: number, dateTime = "2026-01-10T10:00:00") => ({
  fn: "7380440800000001" as never, fd: fd as never, shift: 3 as never, dateTime: t(dateTime), operation: "Income" as const, total: k(total), fiscalSign: "824629212" as never
})

const differences = [
  { ...base, kind: "rounding" as const, severity: "info" as const, reason: "1 копейка", outlet: "Тверская", erp: erp(9, 10_001), ofd: ofd(19, 10_000), ofdValue: k(10_000), erpValue: k(10_001), difference: k(1) },
  { ...base, kind: "amount_mismatch" as const, reason: "сумма больше на 10,00", outlet: "Тверская", erp: erp(5, 151_000), ofd: ofd(15, 150_000), ofdValue: k(150_000), erpValue: k(151_000), difference: k(1_000) },
  { ...base, kind: "missing_in_erp" as const, tier: null, reason: "чек не проведён", outlet: "Арбат", erp: null, ofd: ofd(31, 2_500, "2026-01-11T12:00:00"), ofdValue: k(2_500), erpValue: null, difference: k(-2_500) },
  { ...base, kind: "missing_in_ofd" as const, tier: null, reason: "нет чека", outlet: "Арбат", erp: { ...erp(12, 7_000), lines: [12, 13, 14] }, ofd: null, ofdValue: null, erpValue: k(7_000), difference: k(7_000) },
  { ...base, kind: "vat_total_mismatch" as const, tier: 5 as const, reason: "НДС 22% за период", outlet: null, register: null, erp: null, ofd: null, vatRate: "vat22" as const, ofdValue: k(40_000), erpValue: k(39_000), difference: k(-1_000) }
]

const summary = {
  _tag: "Summary" as const,
  rows: { read: 120, accepted: 119, rejected: 1 },
  erp: { receipts: 119, income: { total: k(2_000_000) }, incomeReturn: { total: k(50_000) } },
  ofd: { documents: 140, inScope: 120, income: { total: k(1_990_000) }, incomeReturn: { total: k(50_000) } },
  matches: { total: 117, byTier: { 1: 110, 2: 5, 3: 2 } },
  imports: [{ file: "sales.csv" }],
  byOutlet: [
    { outlet: "Тверская", erpReceipts: 70, erpKopecks: k(1_200_000), ofdReceipts: 70, ofdKopecks: k(1_199_000), matched: 69, errors: 1 },
    { outlet: "Арбат", erpReceipts: 49, erpKopecks: k(750_000), ofdReceipts: 50, ofdKopecks: k(741_000), matched: 48, errors: 2 }
  ],
  byVatRate: [
    { rate: "vat22" as const, operation: "Income" as const, ofdVat: k(40_000), erpVat: k(39_000), ofdGross: null, erpGross: null, difference: k(-1_000), status: "mismatch" as const, receiptDifferences: 0 }
  ],
  notes: ["Регистры определены по колонкам ФН."]
}
const rejected = { _tag: "RejectedRow" as const, file: "sales.csv", line: 77, column: "Сумма", raw: "12,345", reason: "more than two decimals" }

const items = [...differences, rejected, { _tag: "Match" as const }, summary]
const h = header({ source: "reconciliation" })

describe("ReconciliationReport model", () => {
  it.effect("sums by kind from the listed differences, every kind in order, errors listed first", () =>
    Effect.gen(function*() {
      const r = yield* ReconciliationReport.fromStream(h, Stream.fromIterable(items))
      assert.strictEqual(r.byKind[0]!.kind, "missing_in_ofd")
      const amount = r.byKind.find((x) => x.kind === "amount_mismatch")!
      assert.deepStrictEqual([amount.count, amount.ofd, amount.erp, amount.difference, amount.atStake], [1, 150_000, 151_000, 1_000, 1_000])
      assert.strictEqual(r.byKind.find((x) => x.kind === "duplicate")!.count, 0)
      assert.deepStrictEqual(r.kindTotal, { count: 5, ofd: 202_500, erp: 207_001, difference: 4_501, atStake: 11_501 })
      assert.deepStrictEqual(r.differences.map((d) => d.kind), ["missing_in_ofd", "missing_in_erp", "amount_mismatch", "vat_total_mismatch", "rounding"])
      assert.strictEqual(r.overview.errors, 4)
      // Outlets in Russian order, with the differences found there.
      assert.deepStrictEqual(r.byOutlet.map((o) => [o.outlet, o.differences, o.atStake]), [["Арбат", 2, 9_500], ["Тверская", 2, 1_001]])
      const missing = r.differences[0]!
      assert.deepStrictEqual(missing.erp?.lines, [12, 13, 14])
      assert.isNull(missing.fiscal)
      assert.deepStrictEqual<unknown>(r.differences[2]!.fiscal, { fn: "7380440800000001", fd: 15, shift: 3, dateTime: "2026-01-10T10:00:00", operation: "Income", total: 150_000, fiscalSign: "824629212" })
      assert.deepStrictEqual(r.rejected, [{ file: "sales.csv", line: 77, column: "Сумма", raw: "12,345", reason: "more than two decimals" }])
    }))

  it.effect("a stream that ends without its summary fails with MissingSummary", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(ReconciliationReport.fromStream(h, Stream.fromIterable(items.slice(0, -1))))
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) assert.match(String(exit.cause), /MissingSummary/)
    }))

  it.scoped("renders every part: workbook sheets with figures and lines, PDF with pages numbered", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const r = ReconciliationReport.make(h, { summary, differences, rejected: [rejected] })
      const written = yield* Excel.write(r, path.join(dir, "r.xlsx"))
      assert.deepStrictEqual(written.sheets, ["Отчёт", "По видам", "По точкам", "По ставкам", "Расхождения", "Отклонённые строки"])
      const wb = yield* readXlsx(path.join(dir, "r.xlsx"))
      const kinds = wb.getWorksheet("По видам")!
      const total = kinds.getRow(kinds.rowCount)
      assert.strictEqual(total.getCell(1).value, "Всего")
      assert.strictEqual(kopecksOf(total.getCell(7)), 11_501)
      const list = wb.getWorksheet("Расхождения")!
      const row = list.getRow(3)
      assert.strictEqual(row.getCell(1).value, "Нет в ОФД (продажа не фискализирована)")
      assert.strictEqual(row.getCell(7).value, "12–14")
      assert.instanceOf(row.getCell(9).value, Date)
      assert.strictEqual(kopecksOf(row.getCell(23)), 7_000)
      const rates = wb.getWorksheet("По ставкам")!
      assert.strictEqual(rates.getRow(2).getCell(1).value, "НДС 22%")
      assert.strictEqual(rates.getRow(2).getCell(8).value, "расходится")

      yield* Pdf.write(r, path.join(dir, "r.pdf"), { worker: "never" })
      if (process.env.KEEP_PDF) yield* Effect.promise(() => import("node:fs/promises").then((fs) => fs.copyFile(path.join(dir, "r.pdf"), process.env.KEEP_PDF!)))
      const { pages } = yield* pdfText(path.join(dir, "r.pdf"))
      pages.forEach((p, i) => assert.include(p, `Лист ${i + 1} из ${pages.length}`))
      const all = plain(pages.join("\n"))
      for (const s of ["Отчёт о сверке с учётной системой", "Расхождения по видам", "Нет в учёте (чек не проведён)", "sales.csv: 12–14", "ФД 15", "115,01", "Регистры определены по колонкам ФН."]) {
        assert.include(all, s)
      }
      // Too many differences for a PDF: the totals and a note pointing to the Excel file.
      const summarized = yield* Pdf.write(r, path.join(dir, "r2.pdf"), { maxRows: 2, excelFileName: "r.xlsx" })
      assert.isTrue(summarized.summarized)
      assert.include(plain((yield* pdfText(path.join(dir, "r2.pdf"))).pages.join("\n")), "«r.xlsx»")
    }))
})
