/**
 * Report totals against the fiscal documents they come from, on the sandbox's generated chain: the shift and
 * VAT-rate reports built from ShiftInfo totals and from `kktstat/shifts` rows must add up to the sums of every
 * document (DocumentInfo form, VAT per line) of the period.
 */
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { FiscalDocument, type Ids, type LocalDateTime, Money, VatBreakdown, type VatRate } from "@taxcom-kit/core"
import { Excel, Pdf, ShiftInput, ShiftReport, VatReport } from "@taxcom-kit/reports"
import { Dataset } from "@taxcom-kit/sandbox"
import { Effect } from "effect"
import { header } from "./fixtures.js"
import { kopecksOf, pdfText, plain, readXlsx, tempDir } from "./helpers.js"

const ds = Dataset.generate({ seed: 11, registers: 5, from: "2025-12-01", to: "2026-01-31", receiptsPerShift: [4, 10] })
const period = { from: "2025-12-01T00:00:00" as LocalDateTime.LocalDateTime, to: "2026-01-31T23:59:59" as LocalDateTime.LocalDateTime }

const placeOf = (kkt: Dataset.KktRec): ShiftInput.Place => {
  const outlet = ds.outlet(kkt.outletId)!
  const dep = outlet.departmentId === null ? undefined : ds.department(outlet.departmentId)
  return {
    department: { name: dep?.name ?? null, code: dep?.code ?? null },
    outlet: { name: outlet.name, code: outlet.code },
    kkt: { name: kkt.name, regNumber: kkt.regNumber as Ids.KktRegNumber, factoryNumber: kkt.factoryNumber }
  }
}

const shiftInfo = ds.kkts.flatMap((kkt) => ds.shifts(kkt).map((s) => ShiftInput.fromShiftInfo(ds.shiftTotals(s)!, placeOf(kkt))))
const kktstat = ds.shiftsReport({ from: period.from, to: period.to, groupBy: "none" }).rows

/** Sums of every document of the dataset, by operation; VAT per rate from the lines. */
const fromDocuments = (() => {
  const docs = ds.kkts.flatMap((kkt) => ds.shifts(kkt).flatMap((s) => ds.documents(s).map((d) => ds.toDocumentDetail(d))))
  const pick = (op: string, correction: boolean) =>
    docs.filter((d) => d.operation === op && (d.type === 31 || d.type === 41) === correction && d.total !== null)
  const sum = (ds: ReadonlyArray<FiscalDocument.FiscalDocumentDetail>, f: (d: FiscalDocument.FiscalDocumentDetail) => number | null) =>
    ds.reduce((s, d) => s + (f(d) ?? 0), 0)
  const income = pick("Income", false)
  const incomeReturn = pick("IncomeReturn", false)
  return {
    documents: docs.length,
    income: { total: sum(income, (d) => d.total), cash: sum(income, (d) => d.cash), electronic: sum(income, (d) => d.electronic), count: income.length },
    incomeReturn: sum(incomeReturn, (d) => d.total),
    expenditure: sum(pick("Expenditure", false), (d) => d.total),
    expenditureReturn: sum(pick("ExpenditureReturn", false), (d) => d.total),
    incomeCorrection: sum([...pick("Income", true), ...pick("IncomeReturn", true)], (d) => d.total),
    incomeVat: VatBreakdown.combine(income.map(FiscalDocument.vatFromItems)),
    incomeReturnVat: VatBreakdown.combine(incomeReturn.map(FiscalDocument.vatFromItems)),
    netVat: VatBreakdown.combine([
      ...income.map(FiscalDocument.vatFromItems),
      ...incomeReturn.map((d) => VatBreakdown.negate(FiscalDocument.vatFromItems(d)))
    ])
  }
})()

describe("on sandbox data", () => {
  it("the dataset has what the reports must cope with", () => {
    assert.isAbove(fromDocuments.documents, 500)
    assert.isAbove(fromDocuments.incomeReturn, 0)
    assert.isAbove(fromDocuments.incomeVat.length, 3)
    assert.strictEqual(kktstat.length, shiftInfo.length)
  })

  for (const [name, rows] of [["ShiftList + ShiftInfo", shiftInfo], ["kktstat/shifts", kktstat]] as const) {
    it(`shift report totals equal the fiscal documents (${name})`, () => {
      const r = ShiftReport.make(header({ period }), rows)
      const t = r.total.amounts
      assert.strictEqual(t.income.total, fromDocuments.income.total)
      assert.strictEqual(t.income.cash, fromDocuments.income.cash)
      assert.strictEqual(t.income.electronic, fromDocuments.income.electronic)
      assert.strictEqual(t.incomeReturn.total, fromDocuments.incomeReturn)
      assert.strictEqual(t.expenditure.total, fromDocuments.expenditure)
      assert.strictEqual(t.expenditureReturn.total, fromDocuments.expenditureReturn)
      assert.strictEqual(t.incomeCorrection, fromDocuments.incomeCorrection)
      assert.strictEqual(t.netRevenue, fromDocuments.income.total - fromDocuments.incomeReturn)
      if (name === "ShiftList + ShiftInfo") assert.strictEqual(t.income.count, fromDocuments.income.count)
      // Subtotals add up to the total at every level.
      assert.strictEqual(r.byDepartment.reduce((s, d) => s + d.amounts.income.total, 0), t.income.total)
      assert.strictEqual(r.byOutlet.reduce((s, d) => s + d.amounts.netRevenue, 0), t.netRevenue)
    })

    it(`VAT-rate report totals equal the fiscal documents, rate by rate (${name})`, () => {
      const r = VatReport.make(header({ period }), rows, { by: "outlet", detail: "day" })
      const at = (b: VatReport.VatBlock, rate: VatRate.VatRateId) => b.cells[r.rates.indexOf(rate)]
      // Net VAT (income − income return) is exact from either source.
      for (const a of fromDocuments.netVat) {
        if (a.gross === 0 && (a.vat ?? 0) === 0) continue
        const c = at(r.total.blocks.net, a.rate)!
        assert.strictEqual(c.vat, a.vat, `${a.rate} net VAT`)
        // kktstat gives the gross only for 0% and no VAT.
        if (name === "ShiftList + ShiftInfo" || a.vat === null) assert.strictEqual(c.gross, a.gross, `${a.rate} net gross`)
      }
      // Income and income return apart: ShiftInfo knows them; a kktstat row only where its shift had no returns.
      if (name === "ShiftList + ShiftInfo") {
        for (const a of fromDocuments.incomeVat) {
          if (a.gross === 0 && (a.vat ?? 0) === 0) continue
          const c = at(r.total.blocks.income, a.rate)!
          assert.strictEqual(c.vat, a.vat, `${a.rate} income VAT`)
          assert.strictEqual(c.gross, a.gross, `${a.rate} income gross`)
        }
      } else {
        assert.isAbove(fromDocuments.incomeReturn, 0)
        assert.strictEqual(r.total.blocks.income.check, "unknown")
      }
      assert.strictEqual(r.total.blocks.income.total, fromDocuments.income.total)
      if (name === "ShiftList + ShiftInfo") {
        for (const a of fromDocuments.incomeReturnVat) {
          if (a.gross === 0) continue
          assert.strictEqual(at(r.total.blocks.incomeReturn, a.rate)!.vat, a.vat, `${a.rate} return VAT`)
        }
        // The generated receipts put every line under a rate: every check passes.
        assert.strictEqual(r.mismatchedRows, 0)
        assert.strictEqual(r.total.blocks.net.check, "ok")
      }
      // Month totals add up to the grand total.
      const months = r.lines.filter((l): l is VatReport.MonthTotal => l._tag === "MonthTotal")
      assert.deepStrictEqual(months.map((m) => m.month), ["2025-12", "2026-01"])
      assert.strictEqual(months.reduce((s, m) => s + m.blocks.net.total, 0), r.total.blocks.net.total)
    })
  }

  it.scoped("the rendered files carry the same totals", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const shiftReport = ShiftReport.make(header({ period }), shiftInfo)
      yield* Excel.write(shiftReport, path.join(dir, "s.xlsx"))
      const wb = yield* readXlsx(path.join(dir, "s.xlsx"))
      const ws = wb.getWorksheet("Подразделения")!
      const last = ws.getRow(ws.rowCount)
      assert.strictEqual(last.getCell(1).value, "Всего")
      // Department, shifts, receipts, then income total.
      assert.strictEqual(kopecksOf(last.getCell(4)), fromDocuments.income.total)
      yield* Pdf.write(shiftReport, path.join(dir, "s.pdf"), { maxRows: 100 })
      const text = plain((yield* pdfText(path.join(dir, "s.pdf"))).pages.join("\n"))
      assert.include(text, "Всего")
      assert.include(text, plain(Money.format(fromDocuments.income.total as Money.Kopecks)))
    }))
})
