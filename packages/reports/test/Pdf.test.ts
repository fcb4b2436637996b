import * as fs from "node:fs/promises"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Money } from "@taxcom-kit/core"
import { Pdf, ShiftReport, VatReport } from "@taxcom-kit/reports"
import { Effect, Exit, Fiber } from "effect"
import { documentTotals, header, kktstatRows, makeShifts, shiftInfoInputs } from "./fixtures.js"
import { pdfText, plain, tempDir } from "./helpers.js"

const shifts = makeShifts("2025-12-28", 8)
const inputs = shiftInfoInputs(shifts)
const rub = (k: number) => plain(Money.format(k as Money.Kopecks))

describe("Pdf", () => {
  it.scoped("shift report: header, totals, the table header on every listing page, Лист N из M", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = path.join(dir, "shifts.pdf")
      const report = ShiftReport.make(header(), inputs)
      const written = yield* Pdf.write(report, file, { worker: "never" })
      const { pages } = yield* pdfText(file)
      assert.strictEqual(pages.length, written.pages)
      assert.isAbove(pages.length, 2)
      pages.forEach((text, i) => assert.include(text, `Лист ${i + 1} из ${pages.length}`))
      const first = plain(pages[0]!)
      for (const s of ["Отчёт по сменам", "ООО «Ромашка»", "7701234567", "01.12.2025 – 31.01.2026", "Europe/Moscow", "01.02.2026 10:00"]) {
        assert.include(first, s)
      }
      // Key figures: the totals of the fiscal documents, in Russian format (1 234,56).
      const docs = documentTotals(shifts)
      assert.include(first, rub(docs.income))
      assert.include(first, rub(docs.income - docs.incomeReturn))
      // The chart's labels are text too (vector, not an image).
      assert.include(first, "Выручка по торговым точкам")
      // The listing's header row repeats on each of its pages.
      const start = pages.findIndex((t) => t.includes("Кассир"))
      assert.isAbove(start, 0)
      assert.isAbove(pages.length - start, 1)
      for (const t of pages.slice(start)) {
        assert.include(t, "Кассир")
        assert.include(t, "Безналичными")
      }
      const all = plain(pages.join("\n"))
      assert.include(all, "Итого по торговой точке: Кафе «Арбат» [A-7]")
      assert.include(all, "Касса Ёлкина №1")
      assert.include(all, "Всего")
      assert.include(all, "Не закрыта")
      assert.include(all, "через 0:00")
    }))

  it.scoped("in a worker thread the document is the same", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const report = ShiftReport.make(header(), inputs)
      const a = yield* Pdf.write(report, path.join(dir, "inline.pdf"), { worker: "never" })
      const b = yield* Pdf.write(report, path.join(dir, "worker.pdf"), { worker: "always" })
      assert.strictEqual(a.pages, b.pages)
      const ta = yield* pdfText(path.join(dir, "inline.pdf"))
      const tb = yield* pdfText(path.join(dir, "worker.pdf"))
      assert.deepStrictEqual(ta.pages, tb.pages)
    }))

  it.scoped("too many rows: a summary with a note pointing to the Excel file, or the full listing on request", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const report = ShiftReport.make(header(), inputs)
      const summary = yield* Pdf.write(report, path.join(dir, "summary.pdf"), { maxRows: 10, excelFileName: "shifts-2025-12.xlsx" })
      assert.isTrue(summary.summarized)
      const text = plain((yield* pdfText(path.join(dir, "summary.pdf"))).pages.join("\n"))
      assert.include(text, "полный перечень — в файле Excel «shifts-2025-12.xlsx»")
      assert.notInclude(text, "Кассир")
      assert.include(text, rub(report.total.amounts.netRevenue))
      const full = yield* Pdf.write(report, path.join(dir, "full.pdf"), { maxRows: 10, overflow: "full" })
      assert.isFalse(full.summarized)
      assert.isAbove(full.pages, summary.pages)
    }))

  it.scoped("English labels; Russian number format unless asked otherwise", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const report = ShiftReport.make(header(), inputs, { groupBy: "dep" })
      yield* Pdf.write(report, path.join(dir, "en.pdf"), { language: "en" })
      const en = plain((yield* pdfText(path.join(dir, "en.pdf"))).pages.join("\n"))
      assert.include(en, "Shift report")
      assert.include(en, "Page 1 of")
      assert.include(en, rub(report.total.amounts.income.total))
      yield* Pdf.write(report, path.join(dir, "en2.pdf"), { language: "en", numberStyle: "en" })
      const en2 = plain((yield* pdfText(path.join(dir, "en2.pdf"))).pages.join("\n"))
      assert.include(en2, Money.format(report.total.amounts.income.total).replace(/\u00a0/g, ",").replace(/,(\d\d)$/, ".$1"))
      assert.include(en2, "2025-12-01 – 2026-01-31")
    }))

  it.scoped("VAT report: blocks, rates, totals equal the documents, failed checks named", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = path.join(dir, "vat.pdf")
      const report = VatReport.make(header(), inputs, { by: "department", detail: "day" })
      yield* Pdf.write(report, file)
      const { pages } = yield* pdfText(file)
      pages.forEach((text, i) => assert.include(text, `Лист ${i + 1} из ${pages.length}`))
      const all = plain(pages.join("\n"))
      for (const s of ["Отчёт по ставкам НДС", "Приход", "Возврат прихода", "Нетто (приход − возврат прихода)", "НДС 20/120", "НДС 22/122", "Без НДС", "Итого за декабрь 2025", "Итого за I квартал 2026 г.", "ОШИБКА"]) {
        assert.include(all, s)
      }
      const docs = documentTotals(shifts)
      const vat20 = docs.incomeVat.find((a) => a.rate === "vat20")!
      assert.include(all, rub(vat20.vat!))
      assert.include(all, rub(docs.income))
      assert.include(all, "Строк, где сумма по ставкам не равна итогу по чекам: 1.")
    }))

  it.scoped("VAT report from kktstat rows: unknown amounts print as a dash with the reason", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = path.join(dir, "vat-kktstat.pdf")
      yield* Pdf.write(VatReport.make(header({ source: "kktstat" }), kktstatRows(shifts)), file)
      const all = plain((yield* pdfText(file)).pages.join("\n"))
      assert.include(all, "kktstat/shifts даёт по ставкам только НДС")
      assert.include(all, "н/д")
    }))

  it.live("interrupting a render in a worker leaves no file behind", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.promise(() => fs.mkdtemp(path.join(process.cwd(), ".tmp-")))
      const big = ShiftReport.make(header(), shiftInfoInputs(makeShifts("2025-12-01", 40)))
      const fiber = yield* Effect.fork(Pdf.write(big, path.join(dir, "big.pdf"), { worker: "always" }))
      yield* Effect.sleep("150 millis")
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isInterrupted(exit))
      assert.deepStrictEqual(yield* Effect.promise(() => fs.readdir(dir)), [])
      yield* Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
    }))
})
