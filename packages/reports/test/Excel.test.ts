import * as fs from "node:fs/promises"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Excel, Pdf, ShiftReport, VatReport } from "@taxcom-kit/reports"
import { Effect, Exit } from "effect"
import { documentTotals, header, makeShifts, shiftInfoInputs } from "./fixtures.js"
import { columnOf, kopecksOf, readXlsx, tempDir } from "./helpers.js"

const shifts = makeShifts("2025-12-30", 4)
const inputs = shiftInfoInputs(shifts)

describe("Excel", () => {
  it.scoped("shift report: real numbers and dates, subtotals as SUBTOTAL formulas with cached results", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = path.join(dir, "shifts.xlsx")
      const report = ShiftReport.make(header(), inputs)
      const written = yield* Excel.write(report, file)
      assert.deepStrictEqual(written.sheets, ["Отчёт", "Смены", "Торговые точки", "Подразделения"])
      const wb = yield* readXlsx(file)
      assert.deepStrictEqual(wb.worksheets.map((w) => w.name), written.sheets)
      assert.strictEqual(wb.title, "Отчёт по сменам — ООО «Ромашка»")
      assert.strictEqual(wb.creator, "taxcom-kit")

      const ws = wb.getWorksheet("Смены")!
      // Frozen two header rows and an autofilter on the second.
      assert.deepInclude(ws.views[0], { state: "frozen", ySplit: 2 })
      assert.strictEqual(ws.autoFilter as unknown as string, `A2:${ws.getColumn(ws.columnCount).letter}2`)
      assert.strictEqual(ws.getRow(1).getCell(columnOf(ws, "Итого", "Приход")).text, "Приход")

      const incomeTotal = columnOf(ws, "Итого", "Приход")
      const opened = columnOf(ws, "Открыта")
      const net = columnOf(ws, "Выручка (приход − возврат)")
      assert.strictEqual(ws.getColumn(incomeTotal).numFmt, "#,##0.00")
      // Every line of the model is a row, in order, from row 3.
      assert.strictEqual(ws.rowCount, 2 + report.lines.length)
      report.lines.forEach((line, i) => {
        const row = ws.getRow(3 + i)
        const cell = row.getCell(incomeTotal)
        assert.strictEqual(kopecksOf(cell), line.amounts.income.total, `row ${3 + i}`)
        assert.strictEqual(kopecksOf(row.getCell(net)), line.amounts.netRevenue)
        if (line._tag === "Shift") {
          assert.strictEqual(typeof cell.value, "number")
          const d = row.getCell(opened).value
          assert.instanceOf(d, Date)
          // The wall clock of the shift, not shifted by the machine's or Moscow's offset.
          assert.strictEqual((d as Date).toISOString().slice(0, 19), line.openedAt)
          assert.strictEqual(row.getCell(opened).numFmt, "dd.mm.yyyy hh:mm")
          assert.strictEqual(row.getCell(columnOf(ws, "ФН")).value, line.fn)
        } else {
          const v = cell.value as { formula: string; result: number }
          assert.match(v.formula, /^SUBTOTAL\(9,[A-Z]+\d+:[A-Z]+\d+\)$/)
          assert.isTrue(row.getCell(1).font.bold)
        }
      })
      const last = ws.getRow(2 + report.lines.length)
      assert.strictEqual(last.getCell(1).value, "Всего")
      assert.strictEqual(kopecksOf(last.getCell(incomeTotal)), documentTotals(shifts).income)
      assert.strictEqual((last.getCell(incomeTotal).value as { formula: string }).formula, `SUBTOTAL(9,${last.getCell(incomeTotal).address.replace(/\d+$/, "")}3:${last.getCell(incomeTotal).address.replace(/\d+$/, "")}${last.number - 1})`)

      // Evaluate every SUBTOTAL(9, range) as a spreadsheet would — the sum of the range, skipping the other
      // SUBTOTAL cells in it — and compare it with the cached result: the ranges are right, nothing counts twice.
      let formulas = 0
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          const v = cell.value as { formula?: string; result?: number } | null
          if (v === null || typeof v !== "object" || v.formula === undefined) return
          const m = /^SUBTOTAL\(9,([A-Z]+)(\d+):[A-Z]+(\d+)\)$/.exec(v.formula)!
          let sum = 0
          for (let r = Number(m[2]); r <= Number(m[3]); r++) {
            const c = ws.getCell(`${m[1]}${r}`).value
            if (typeof c === "number") sum += c
          }
          // exceljs' reader drops a cached result of 0 (the file holds <v>0</v>): read a missing result as 0.
          assert.strictEqual(Math.round(sum * 100), Math.round((v.result ?? 0) * 100), `${cell.address} ${v.formula}`)
          formulas++
        })
      })
      assert.isAbove(formulas, 50)

      // Flags: "да" on a shift, counts on subtotals.
      const openCol = columnOf(ws, "Не закрыта", "Отметки")
      assert.strictEqual(last.getCell(openCol).value, 1)

      const info = wb.getWorksheet("Отчёт")!
      const infoValues = new Map<string, unknown>()
      info.eachRow((row) => infoValues.set(row.getCell(1).text, row.getCell(2).value))
      assert.strictEqual(infoValues.get("ИНН"), "7701234567")
      assert.strictEqual(infoValues.get("Часовой пояс"), "Europe/Moscow")
      assert.strictEqual(infoValues.get("Период"), "01.12.2025 – 31.01.2026")
      assert.strictEqual(Math.round((infoValues.get("Выручка (приход − возврат)") as number) * 100), report.total.amounts.netRevenue)
      assert.instanceOf(infoValues.get("Сформирован"), Date)

      const outlets = wb.getWorksheet("Торговые точки")!
      assert.strictEqual(outlets.rowCount, 2 + report.byOutlet.length + 1)
      assert.strictEqual(outlets.getRow(3).getCell(2).value, "Кафе «Арбат» [A-7]")
      assert.strictEqual(outlets.getRow(3).getCell(3).value, 4)
    }))

  it.scoped("English labels and ISO dates on request", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = path.join(dir, "shifts-en.xlsx")
      yield* Excel.write(ShiftReport.make(header(), inputs, { groupBy: "outlet" }), file, { language: "en" })
      const wb = yield* readXlsx(file)
      assert.deepStrictEqual(wb.worksheets.map((w) => w.name), ["Report", "Outlets"])
      const ws = wb.getWorksheet("Outlets")!
      assert.strictEqual(ws.getRow(2).getCell(1).value, "Department")
      assert.strictEqual(ws.getRow(ws.rowCount).getCell(1).value, "Grand total")
      const info = wb.getWorksheet("Report")!
      let generated: unknown
      info.eachRow((row) => {
        if (row.getCell(1).text === "Generated") generated = row.getCell(2).numFmt
      })
      assert.strictEqual(generated, "yyyy-mm-dd hh:mm")
    }))

  it.scoped("VAT report: a sheet per block, rates in report order, check column flags failures in red", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = path.join(dir, "vat.xlsx")
      const report = VatReport.make(header(), inputs, { by: "outlet" })
      yield* Excel.write(report, file)
      const wb = yield* readXlsx(file)
      assert.deepStrictEqual(wb.worksheets.map((w) => w.name), ["Отчёт", "Приход", "Возврат прихода", "Нетто"])
      const ws = wb.getWorksheet("Приход")!
      const groups = new Set<string>()
      for (let c = 1; c <= ws.columnCount; c++) groups.add(ws.getRow(1).getCell(c).text)
      const rateGroups = [...groups].filter((g) => g.startsWith("НДС") || g === "Без НДС")
      assert.deepStrictEqual(rateGroups, ["НДС 22%", "НДС 20%", "НДС 10%", "НДС 22/122", "НДС 20/120", "НДС 0%", "Без НДС"])
      // 0% and no VAT: the base only.
      const none = columnOf(ws, "Сумма", "Без НДС")
      assert.notStrictEqual(ws.getRow(2).getCell(none + 1).text, "НДС")
      const check = columnOf(ws, "Проверка")
      const totalCol = columnOf(ws, "Итого по чекам")
      report.lines.forEach((line, i) => {
        const row = ws.getRow(3 + i)
        assert.strictEqual(kopecksOf(row.getCell(totalCol)), line.blocks.income.total)
        const text = row.getCell(check).value
        assert.strictEqual(text, line.blocks.income.check === "ok" ? "ОК" : line.blocks.income.check === "mismatch" ? "ОШИБКА" : "н/д")
        if (line.blocks.income.check === "mismatch") assert.strictEqual(row.getCell(check).font.color?.argb, "FFC00000")
      })
      const vat20 = columnOf(ws, "НДС", "НДС 20%")
      const i20 = report.rates.indexOf("vat20")
      const last = ws.getRow(ws.rowCount)
      assert.strictEqual(kopecksOf(last.getCell(vat20)), report.total.blocks.income.cells[i20]!.vat)
    }))

  it.effect("a directory that does not exist is a RenderError, for xlsx and PDF alike", () =>
    Effect.gen(function*() {
      const report = ShiftReport.make(header(), inputs)
      const target = path.join(process.cwd(), ".no-such-dir", "x")
      const xlsx = yield* Effect.flip(Excel.write(report, `${target}.xlsx`))
      assert.strictEqual(xlsx._tag, "RenderError")
      assert.strictEqual(xlsx.format, "xlsx")
      assert.match(xlsx.message, /ENOENT/)
      const pdf = yield* Effect.flip(Pdf.write(report, `${target}.pdf`, { worker: "never" }))
      assert.strictEqual(pdf.format, "pdf")
    }))

  it.effect("a failed render leaves no file and no temporary file behind", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.promise(() => fs.mkdtemp(path.join(process.cwd(), ".tmp-")))
      try {
        const file = path.join(dir, "broken.xlsx")
        const report = ShiftReport.make(header(), inputs)
        // A line the writer cannot render (a date-time that is not one) makes it throw half-way.
        const broken = { ...report, lines: [...report.lines.slice(0, 5), { ...report.lines[0]!, openedAt: {} }, ...report.lines.slice(5)] } as never
        yield* Effect.promise(() => fs.writeFile(file, "previous content"))
        const exit = yield* Effect.exit(Excel.write(broken, file, { yieldEvery: 1 }))
        assert.isTrue(Exit.isFailure(exit))
        assert.deepStrictEqual(yield* Effect.promise(() => fs.readdir(dir)), ["broken.xlsx"])
        assert.strictEqual(yield* Effect.promise(() => fs.readFile(file, "utf8")), "previous content")
      } finally {
        yield* Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
      }
    }))
})
