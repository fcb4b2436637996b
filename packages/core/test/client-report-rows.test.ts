import { assert, describe, it } from "@effect/vitest"
import type * as Ids from "../src/Ids.js"
import * as LocalDateTime from "../src/LocalDateTime.js"
import type { Kopecks } from "../src/Money.js"
import * as ShiftsReport from "../src/ShiftsReport.js"
import * as ShiftTotals from "../src/ShiftTotals.js"

const ldt = LocalDateTime.unsafeFromString
/** Deep equality against plain literals (brands are compile-time only). */
const eq = (actual: unknown, expected: unknown) => assert.deepStrictEqual(actual, expected)
const k = (n: number) => n as Kopecks

describe("splitPeriod", () => {
  it("75 days → 31 + 31 + 13, each part ending a second before the next", () => {
    assert.deepStrictEqual(ShiftsReport.splitPeriod({ from: ldt("2025-03-01T00:00:00"), to: ldt("2025-05-14T23:59:59") }), [
      { from: ldt("2025-03-01T00:00:00"), to: ldt("2025-03-31T23:59:59") },
      { from: ldt("2025-04-01T00:00:00"), to: ldt("2025-05-01T23:59:59") },
      { from: ldt("2025-05-02T00:00:00"), to: ldt("2025-05-14T23:59:59") }
    ])
  })

  it("a whole 31-day month is one part; one more second is two", () => {
    assert.strictEqual(ShiftsReport.splitPeriod({ from: ldt("2025-01-01T00:00:00"), to: ldt("2025-01-31T23:59:59") }).length, 1)
    assert.deepStrictEqual(ShiftsReport.splitPeriod({ from: ldt("2025-01-01T00:00:00"), to: ldt("2025-02-01T00:00:00") })[1], {
      from: ldt("2025-02-01T00:00:00"),
      to: ldt("2025-02-01T00:00:00")
    })
  })

  it("an empty period has no parts; a non-midnight start keeps its time", () => {
    assert.deepStrictEqual(ShiftsReport.splitPeriod({ from: ldt("2025-01-02T00:00:00"), to: ldt("2025-01-01T00:00:00") }), [])
    assert.deepStrictEqual(ShiftsReport.splitPeriod({ from: ldt("2025-01-01T10:47:00"), to: ldt("2025-03-01T10:47:00") }, 31)[1], {
      from: ldt("2025-02-01T10:47:00"),
      to: ldt("2025-03-01T10:47:00")
    })
  })
})

describe("selects (IncludePeriod)", () => {
  const night = { openedAt: ldt("2025-03-31T20:00:00"), closedAt: ldt("2025-04-01T04:00:00") }
  const march = [ldt("2025-03-01T00:00:00"), ldt("2025-03-31T23:59:59")] as const
  const april = [ldt("2025-04-01T00:00:00"), ldt("2025-04-30T23:59:59")] as const
  const now = ldt("2025-05-20T12:00:00")

  it("a shift across the boundary: `all` in both parts, `opened` in the first, `closed` in the second", () => {
    assert.deepStrictEqual(
      (["all", "opened", "closed"] as const).map((i) => [
        ShiftsReport.selects(i, night, march[0], march[1], now),
        ShiftsReport.selects(i, night, april[0], april[1], now)
      ]),
      [[true, true], [true, false], [false, true]]
    )
  })

  it("ends are inclusive; an open shift lasts until now for `all` and is never `closed`", () => {
    assert.isTrue(ShiftsReport.selects("opened", { openedAt: march[1], closedAt: null }, march[0], march[1], now))
    assert.isTrue(ShiftsReport.selects("closed", { openedAt: march[0], closedAt: march[0] }, march[0], march[1], now))
    const open = { openedAt: ldt("2025-02-27T09:00:00"), closedAt: null }
    assert.isTrue(ShiftsReport.selects("all", open, april[0], april[1], now))
    assert.isFalse(ShiftsReport.selects("all", open, april[0], april[1], ldt("2025-03-15T00:00:00")))
    assert.isFalse(ShiftsReport.selects("closed", open, march[0], march[1], now))
  })
})

const op = (over: Partial<ShiftTotals.OperationTotals>): ShiftTotals.OperationTotals => ({ ...ShiftTotals.emptyOperationTotals, ...over })

/** The recorded shift 84 of the fixtures (4 receipts, 12000 kopecks, cash 9200) with a made-up refund and VAT. */
const shift84: ShiftTotals.ShiftTotals = {
  reportDate: null,
  fn: "9999078900004444" as Ids.FnNumber,
  number: 84 as Ids.ShiftNumber,
  openedAt: ldt("2020-01-06T10:28:00"),
  openFd: 16213 as Ids.FdNumber,
  closedAt: ldt("2020-01-06T21:00:00"),
  closeFd: 16219 as Ids.FdNumber,
  cashier: "Иванова",
  state: "Close",
  income: op({
    total: k(12000),
    cash: k(9200),
    electronic: k(2800),
    receiptCount: 4,
    vat: [{ rate: "vat20", gross: k(6000), vat: k(1000) }, { rate: "none", gross: k(6000), vat: null }]
  }),
  incomeReturn: op({ total: k(1000), cash: k(1000), receiptCount: 1, vat: [{ rate: "vat20", gross: k(1000), vat: k(167) }] }),
  incomeCorrection: ShiftTotals.emptyOperationTotals,
  expenditure: ShiftTotals.emptyOperationTotals,
  expenditureReturn: ShiftTotals.emptyOperationTotals,
  expenditureCorrection: ShiftTotals.emptyOperationTotals
}

const context = (outlet: string, department: string): ShiftsReport.ShiftContext => ({
  kktName: "Касса 1",
  kktFactoryNumber: "00106",
  kktRegNumber: "0000000001000001" as Ids.KktRegNumber,
  department: { name: department, code: null },
  outlet: { name: outlet, code: "" }
})

describe("fromShiftTotals", () => {
  it("revenue net of refunds, forms of payment, VAT as kktstat shows it, documents and average", () => {
    const row = ShiftsReport.fromShiftTotals(shift84, context("Магазин", "Север"))
    assert.strictEqual(row.revenue, 11000)
    assert.strictEqual(row.revenueCash, 8200)
    assert.strictEqual(row.revenueCashless, 2800)
    eq(row.income, { cash: 9200, card: 2800, prepayment: 0, credit: 0, exchange: 0, total: 12000 })
    eq(row.incomeReturn, { cash: 1000, card: 0, prepayment: 0, credit: 0, exchange: 0, total: 1000 })
    eq(row.vat, [{ rate: "vat20", gross: null, vat: 833 }, { rate: "none", gross: 6000, vat: null }])
    assert.strictEqual(row.documentsCount, 5)
    assert.strictEqual(row.averageDocumentSum, 2200)
    eq(row.shift, {
      number: 84,
      openedAt: "2020-01-06T10:28:00",
      closedAt: "2020-01-06T21:00:00",
      cashier: "Иванова",
      kktName: "Касса 1",
      kktFactoryNumber: "00106",
      kktRegNumber: "0000000001000001",
      fn: "9999078900004444"
    })
  })

  it("averageDocumentSum rounds half away from zero", () => {
    assert.strictEqual(ShiftsReport.averageDocumentSum(k(5), 2), 3)
    assert.strictEqual(ShiftsReport.averageDocumentSum(k(-5), 2), -3)
    assert.strictEqual(ShiftsReport.averageDocumentSum(k(100), 0), 0)
  })
})

describe("aggregate", () => {
  const a = ShiftsReport.fromShiftTotals(shift84, context("Магазин", "Север"))
  const small: ShiftTotals.ShiftTotals = {
    ...shift84,
    number: 85 as Ids.ShiftNumber,
    income: op({ total: k(3001), cash: k(3001), receiptCount: 2, vat: [{ rate: "vat10", gross: k(3001), vat: k(273) }] }),
    incomeReturn: ShiftTotals.emptyOperationTotals
  }
  const b = ShiftsReport.fromShiftTotals(small, context("Магазин", "Север"))
  const c = ShiftsReport.fromShiftTotals(small, context("Киоск", "Север"))

  it("by outlet sums the shifts of each outlet and recomputes the average", () => {
    const [kiosk, shop] = ShiftsReport.sortRows(ShiftsReport.aggregate([a, b, c], "outlet"))
    assert.strictEqual(kiosk!.outlet?.name, "Киоск")
    assert.strictEqual(kiosk!.revenue, 3001)
    assert.strictEqual(shop!.outlet?.name, "Магазин")
    assert.strictEqual(shop!.revenue, 14001)
    assert.strictEqual(shop!.documentsCount, 7)
    assert.strictEqual(shop!.averageDocumentSum, 2000)
    eq(shop!.vat, [
      { rate: "vat20", gross: null, vat: 833 },
      { rate: "vat10", gross: null, vat: 273 },
      { rate: "none", gross: 6000, vat: null }
    ])
    assert.isNull(shop!.shift)
    assert.strictEqual(shop!.groupBy, "outlet")
  })

  it("by department merges the outlets and drops the outlet", () => {
    const rows = ShiftsReport.aggregate([a, b, c], "dep")
    assert.strictEqual(rows.length, 1)
    assert.strictEqual(rows[0]!.revenue, 11000 + 3001 + 3001)
    assert.isNull(rows[0]!.outlet)
    assert.deepStrictEqual(rows[0]!.department, { name: "Север", code: null })
  })

  it("mergeShiftRows keeps a shift that two parts share once", () => {
    assert.deepStrictEqual(ShiftsReport.mergeShiftRows([[a, b], [b, c]]).map(ShiftsReport.shiftKey), [
      "9999078900004444/84",
      "9999078900004444/85"
    ])
  })
})
