import { assert, describe, it } from "@effect/vitest"
import type { Ids, LocalDateTime, Money } from "@taxcom-kit/core"
import { ShiftInput, VatReport } from "@taxcom-kit/reports"
import { documentTotals, header, kktstatRows, makeShifts, registers, shiftInfoInputs, totalsOf } from "./fixtures.js"

const shifts = makeShifts("2025-12-30", 4)
const inputs = shiftInfoInputs(shifts)

const cellOf = (r: VatReport.VatReport, block: VatReport.VatBlock, rate: string) => block.cells[r.rates.indexOf(rate as never)]!

describe("VatReport", () => {
  it("gross and VAT per rate equal the fiscal documents, for income, income return and net", () => {
    const r = VatReport.make(header(), inputs)
    const docs = documentTotals(shifts)
    for (const a of docs.incomeVat) {
      const c = cellOf(r, r.total.blocks.income, a.rate)
      assert.strictEqual(c.gross, a.gross, a.rate)
      assert.strictEqual(c.vat, a.vat, a.rate)
    }
    for (const a of docs.incomeReturnVat) {
      const c = cellOf(r, r.total.blocks.incomeReturn, a.rate)
      assert.strictEqual(c.gross, a.gross, a.rate)
      const income = docs.incomeVat.find((x) => x.rate === a.rate)!
      const net = cellOf(r, r.total.blocks.net, a.rate)
      assert.strictEqual(net.gross, income.gross! - a.gross!)
      assert.strictEqual(net.vat, a.vat === null ? null : income.vat! - a.vat)
    }
    assert.strictEqual(r.total.blocks.income.total, docs.income)
    assert.strictEqual(r.total.blocks.net.total, docs.income - docs.incomeReturn)
  })

  it("shows every rate present, in report order, and only the base for 0% and no VAT", () => {
    const r = VatReport.make(header(), inputs)
    assert.deepStrictEqual(r.rates, ["vat22", "vat20", "vat10", "vat22_122", "vat20_120", "vat0", "none"])
    for (const line of r.lines) {
      assert.strictEqual(cellOf(r, line.blocks.income, "vat0").vat, null)
      assert.strictEqual(cellOf(r, line.blocks.net, "none").vat, null)
    }
    // Legacy rates appear when the data has them: a 2018 shift at 18% and 18/118.
    const legacy = totalsOf(shifts[0]!)
    const old = ShiftInput.fromShiftInfo({
      ...legacy,
      openedAt: "2018-12-30T09:00:00" as LocalDateTime.LocalDateTime,
      closedAt: "2018-12-30T20:00:00" as LocalDateTime.LocalDateTime,
      income: { ...legacy.income, total: 11_800 as Money.Kopecks, vat: [{ rate: "vat18_118", gross: 5_900 as Money.Kopecks, vat: 900 as Money.Kopecks }, { rate: "vat18", gross: 5_900 as Money.Kopecks, vat: 900 as Money.Kopecks }] }
    }, registers[0]!.place)
    const withLegacy = VatReport.make(header(), [old, ...inputs])
    assert.deepStrictEqual(withLegacy.rates.slice(-2), ["vat18", "vat18_118"])
  })

  it("the check flags the row whose rates do not add up to the receipts", () => {
    const r = VatReport.make(header(), inputs, { by: "outlet", detail: "shift" })
    const rows = r.lines.filter((l): l is VatReport.VatRow => l._tag === "Row")
    assert.strictEqual(rows.length, 15)
    const bad = rows.filter((l) => l.blocks.income.check === "mismatch")
    assert.strictEqual(bad.length, 1)
    // The sale with an unknown rate code: 50.00 rubles in the total, under no rate.
    assert.strictEqual(bad[0]!.shift?.fn, "7380440800000001")
    assert.strictEqual(bad[0]!.shift?.number, 1)
    assert.strictEqual(bad[0]!.blocks.income.difference, 5_000)
    assert.strictEqual(bad[0]!.blocks.net.check, "mismatch")
    assert.isTrue(rows.filter((l) => l !== bad[0]).every((l) => l.blocks.income.check === "ok" && l.blocks.incomeReturn.check === "ok"))
    assert.deepStrictEqual(r.mismatches, { income: 1, incomeReturn: 0, net: 1 })
    assert.strictEqual(r.mismatchedRows, 1)
  })

  it("closes each month with its total and each quarter with its total when the report spans months", () => {
    const r = VatReport.make(header(), inputs, { by: "department" })
    assert.deepStrictEqual(r.lines.map((l) => (l._tag === "Row" ? `${l.month} ${l.department.name}` : l._tag === "QuarterTotal" ? `Q${l.quarter} ${l.year}` : l._tag === "MonthTotal" ? `M ${l.month}` : l._tag)), [
      "2025-12 Москва", "2025-12 Санкт-Петербург", "M 2025-12", "Q4 2025",
      "2026-01 Москва", "2026-01 Санкт-Петербург", "M 2026-01", "Q1 2026",
      "Total"
    ])
    const dec = r.lines[2] as VatReport.MonthTotal
    const rowsDec = r.lines.slice(0, 2) as Array<VatReport.VatRow>
    assert.strictEqual(dec.blocks.income.total, rowsDec[0]!.blocks.income.total + rowsDec[1]!.blocks.income.total)
    const oneMonth = VatReport.make(header(), inputs.filter((i) => i.row.shift!.openedAt! < "2026-01-01"))
    assert.isFalse(oneMonth.lines.some((l) => l._tag === "QuarterTotal"))
    assert.deepStrictEqual(oneMonth.lines.slice(-2).map((l) => l._tag), ["MonthTotal", "Total"])
  })

  it("rows per day follow the day the shift opened", () => {
    const r = VatReport.make(header(), inputs, { by: "department", detail: "day" })
    const days = r.lines.filter((l): l is VatReport.VatRow => l._tag === "Row" && l.department.name === "Москва").map((l): string | null => l.day)
    assert.deepStrictEqual(days, ["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"])
    assert.deepStrictEqual(r.units.map((u) => u.department.name), ["Москва", "Санкт-Петербург"])
  })

  it("kktstat rows: the net VAT is exact, income and returns apart are unknown where a shift had returns", () => {
    const rows = kktstatRows(shifts)
    const r = VatReport.make(header({ source: "kktstat" }), rows)
    const docs = documentTotals(shifts)
    const income20 = docs.incomeVat.find((a) => a.rate === "vat20")!.vat!
    const return20 = docs.incomeReturnVat.find((a) => a.rate === "vat20")?.vat ?? 0
    assert.isAbove(return20, 0)
    // A row's VAT is income net of returns (ShiftsReport.fromShiftTotals): the net block, exactly.
    assert.strictEqual(cellOf(r, r.total.blocks.net, "vat20").vat, income20 - return20)
    assert.strictEqual(cellOf(r, r.total.blocks.net, "vat20").gross, null)
    assert.strictEqual(r.total.blocks.net.check, "unknown")
    // Returns happened and a row does not split VAT by operation: income and return VAT are unknown, not guessed.
    assert.strictEqual(cellOf(r, r.total.blocks.income, "vat20").vat, null)
    assert.strictEqual(cellOf(r, r.total.blocks.incomeReturn, "vat20").vat, null)
    // Rows of shifts without returns: the net VAT is the income VAT, and the return block a known zero.
    const noReturns = kktstatRows(shifts.map((s) => ({ ...s, receipts: s.receipts.filter((x) => x.operation !== "IncomeReturn") })))
    const r2 = VatReport.make(header({ source: "kktstat" }), noReturns)
    assert.strictEqual(cellOf(r2, r2.total.blocks.income, "vat20").vat, income20)
    assert.strictEqual(cellOf(r2, r2.total.blocks.incomeReturn, "vat20").vat, 0)
    assert.strictEqual(cellOf(r2, r2.total.blocks.net, "vat20").vat, income20)
  })

  it("a shift without dates falls in the month the period starts", () => {
    const row = { ...inputs[0]!.row, shift: { ...inputs[0]!.row.shift!, openedAt: null, closedAt: null, fn: "7380440800000001" as Ids.FnNumber } }
    const r = VatReport.make(header(), [row])
    assert.strictEqual((r.lines[0] as VatReport.VatRow).month, "2025-12")
  })
})
