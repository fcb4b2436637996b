import { assert, describe, it } from "@effect/vitest"
import type { LocalDateTime, ShiftsReport } from "@taxcom-kit/core"
import { ReportHeader, ShiftReport } from "@taxcom-kit/reports"
import { Effect, Stream, TestClock } from "effect"
import { documentTotals, header, kktstatRows, makeShifts, shiftInfoInputs } from "./fixtures.js"

const shifts = makeShifts("2025-12-30", 4)
const inputs = shiftInfoInputs(shifts)

describe("ShiftReport", () => {
  it("totals equal the sums of the fiscal documents", () => {
    const r = ShiftReport.make(header(), inputs)
    const docs = documentTotals(shifts)
    const t = r.total.amounts
    assert.strictEqual(t.income.total, docs.income)
    assert.strictEqual(t.income.cash, docs.incomeCash)
    assert.strictEqual(t.income.electronic, docs.incomeElectronic)
    assert.strictEqual(t.income.count, docs.incomeCount)
    assert.strictEqual(t.incomeReturn.total, docs.incomeReturn)
    assert.strictEqual(t.expenditure.total, docs.expenditure)
    assert.strictEqual(t.incomeCorrection, docs.incomeCorrection)
    assert.strictEqual(t.netRevenue, docs.income - docs.incomeReturn)
    // ShiftInfo does not give prepaid/credit/other here: unknown stays unknown, it is not summed as zero.
    assert.strictEqual(t.income.prepaid, null)
  })

  it("orders departments, outlets and shifts and closes each group with its subtotal", () => {
    const r = ShiftReport.make(header(), [...inputs].reverse())
    const tags = r.lines.map((l) => (l._tag === "Subtotal" ? `S:${l.level}:${l.outlet?.name ?? l.department.name}` : l._tag))
    // Москва: Кафе «Арбат» (4 shifts), Магазин «Тверская» (4 + 3 shifts); Санкт-Петербург: Невский, 1 (4 shifts)
    assert.deepStrictEqual(tags, [
      "Shift", "Shift", "Shift", "Shift", "S:outlet:Кафе «Арбат»",
      "Shift", "Shift", "Shift", "Shift", "Shift", "Shift", "Shift", "S:outlet:Магазин «Тверская»",
      "S:department:Москва",
      "Shift", "Shift", "Shift", "Shift", "S:outlet:Невский, 1",
      "S:department:Санкт-Петербург",
      "Total"
    ])
    const tverskaya = r.lines.filter((l): l is ShiftReport.ShiftLine => l._tag === "Shift" && l.outlet?.code === "T-1")
    assert.deepStrictEqual(tverskaya.map((s) => `${s.kktName}#${s.shiftNumber}`), [
      "Касса 1#1", "Касса 1#2", "Касса 1#3", "Касса 1#4", "Касса 2#1", "Касса 2#3", "Касса 2#4"
    ])
    const sub = r.lines[12] as ShiftReport.SubtotalLine
    assert.strictEqual(sub.amounts.income.total, tverskaya.reduce((s, l) => s + l.amounts.income.total, 0))
    assert.deepStrictEqual(sub.counts, { shifts: 7, open: 0, overlong: 1, crossesMidnight: 1 })
    assert.strictEqual(r.shiftCount, 15)
  })

  it("flags open, overlong and across-midnight shifts", () => {
    const r = ShiftReport.make(header(), inputs)
    const find = (kkt: string, n: number) =>
      r.lines.find((l): l is ShiftReport.ShiftLine => l._tag === "Shift" && l.kktName === kkt && l.shiftNumber === n)!
    const open = find("Касса Ёлкина №1", 4)
    assert.isTrue(open.open)
    assert.isNull(open.closedAt)
    // Opened 2026-01-02 12:00, still open at generatedAt 2026-02-01: overlong and (provisionally) across midnight.
    assert.isTrue(open.overlong)
    assert.isTrue(open.crossesMidnight)
    const long = find("Касса 2", 1)
    assert.isTrue(long.overlong)
    assert.isTrue(long.crossesMidnight)
    const cafe = find("Касса кафе", 1)
    assert.deepStrictEqual([cafe.open, cafe.overlong, cafe.crossesMidnight], [false, false, true])
    const plain = find("Касса 1", 2)
    assert.deepStrictEqual([plain.open, plain.overlong, plain.crossesMidnight], [false, false, false])
    assert.deepStrictEqual(r.total.counts, { shifts: 15, open: 1, overlong: 2, crossesMidnight: 6 })
  })

  it("groups by outlet or department: grouped rows and a grand total only", () => {
    const none = ShiftReport.make(header(), inputs)
    const byOutlet = ShiftReport.make(header(), inputs, { groupBy: "outlet" })
    const byDep = ShiftReport.make(header(), inputs, { groupBy: "dep" })
    assert.deepStrictEqual(byOutlet.lines.map((l) => l._tag), ["Group", "Group", "Group", "Total"])
    assert.deepStrictEqual(byDep.lines.map((l) => l._tag), ["Group", "Group", "Total"])
    assert.deepStrictEqual(byOutlet.total, none.total)
    assert.deepStrictEqual(byDep.total, none.total)
    assert.deepStrictEqual(byDep.lines.slice(0, 2), [...none.byDepartment])
  })

  it("kktstat rows give no receipt counts: counts stay unknown, amounts still add up", () => {
    const r = ShiftReport.make(header({ source: "kktstat" }), kktstatRows(shifts))
    assert.strictEqual(r.total.amounts.income.count, null)
    assert.strictEqual(r.total.amounts.income.total, documentTotals(shifts).income)
    // kktstat rows carry prepayment/credit/exchange as numbers (zero here).
    assert.strictEqual(r.total.amounts.income.prepaid, 0)
  })

  it("rows already grouped by the source stand in for their shifts, with unknown shift counts", () => {
    const grouped: ShiftsReport.ShiftsReportRow = { ...inputs[0]!.row, groupBy: "outlet", shift: null }
    const r = ShiftReport.make(header(), [grouped, ...inputs.slice(1)])
    assert.strictEqual(r.lines[0]!._tag, "Shift")
    assert.isTrue(r.lines.some((l) => l._tag === "Group" && l.level === "outlet"))
    assert.strictEqual(r.total.counts, null)
    assert.strictEqual(r.total.amounts.income.total, ShiftReport.make(header(), inputs).total.amounts.income.total)
  })

  it.effect("builds from a stream as from an iterable, and stamps the header from the clock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.UTC(2026, 1, 1, 7, 0, 0))
      const h = yield* ReportHeader.make({
        organisation: "ООО «Ромашка»",
        inn: "7701234567",
        period: header().period,
        timeZone: "Europe/Moscow",
        source: "shiftInfo"
      })
      assert.strictEqual(h.generatedAt, "2026-02-01T10:00:00" as LocalDateTime.LocalDateTime)
      const fromStream = yield* ShiftReport.fromStream(h, Stream.fromIterable(inputs).pipe(Stream.rechunk(3)))
      assert.deepStrictEqual(fromStream, ShiftReport.make(h, inputs))
    }))
})
