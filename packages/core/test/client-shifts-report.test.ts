import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as LocalDateTime from "../src/LocalDateTime.js"
import * as ShiftsReport from "../src/ShiftsReport.js"
import * as TaxcomClient from "../src/TaxcomClient.js"
import * as TaxcomError from "../src/TaxcomError.js"
import * as Wire from "../src/wire/index.js"
import { ancestorsOrSelf, type Chain, departmentOf, makeChain, registerOfShift, rowOf } from "./fake/chain.js"
import { clientLayer, setToday, TODAY } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const client = TaxcomClient.TaxcomClient
const chain = makeChain()
const ldt = LocalDateTime.unsafeFromString
const NOW = LocalDateTime.fromInstant(TODAY, Fake.TIME_ZONE)

/** 1 March – 14 May 2025: 75 days. */
const period75 = { from: ldt("2025-03-01T00:00:00"), to: ldt("2025-05-14T23:59:59") }

/** The shift-by-shift truth: every shift the period selects, as its own row, grouped on request. */
const truth = (
  c: Chain,
  period: ShiftsReport.Period,
  include: ShiftsReport.IncludePeriod,
  groupBy: ShiftsReport.GroupBy,
  filters: TaxcomClient.ReportFilters = {}
) =>
  ShiftsReport.sortRows(
    ShiftsReport.aggregate(
      c.shifts
        .filter((s) => ShiftsReport.selects(include, s.totals, period.from, period.to, NOW))
        .filter((s) => {
          const r = registerOfShift(c, s)
          if (filters.outletId !== undefined && r.outletId !== filters.outletId) return false
          if (filters.kktRegNumber !== undefined && r.kkt.regNumber !== filters.kktRegNumber) return false
          if (filters.departmentId !== undefined) {
            return ancestorsOrSelf(c, departmentOf(c, r.outletId)?.id ?? null).includes(filters.departmentId)
          }
          return true
        })
        .map((s) => ShiftsReport.canonicalRow(rowOf(c, s))),
      groupBy
    )
  )

const spanning = chain.shifts.find((s) => s.totals.openedAt.startsWith("2025-03-31") && s.totals.closedAt?.startsWith("2025-04-01"))!

const kktstatBodies = (fake: Fake.Fake) =>
  fake.requests.filter((r) => r.path === "kktstat/shifts").map((r) => Schema.decodeUnknownSync(Wire.KktStat.ShiftsRequest)(JSON.parse(r.body)))

describe("shiftsReport over kktstat/shifts", () => {
  it("the chain has a shift across the 31 March / 1 April boundary, and an open one", () => {
    assert.isDefined(spanning)
    assert.isTrue(chain.shifts.some((s) => s.totals.closedAt === null))
  })

  it.effect("a 75-day period becomes three kktstat calls and the merged rows equal the shift-by-shift truth", () => {
    const fake = Fake.make({ chain })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const report = yield* taxcom.shiftsReport(period75)
      const bodies = kktstatBodies(fake)
      assert.deepStrictEqual(bodies.map((b): Array<string | undefined> => [b.from, b.to, b.groupBy]), [
        ["2025-03-01T00:00:00", "2025-03-31T23:59:59", "none"],
        ["2025-04-01T00:00:00", "2025-05-01T23:59:59", "none"],
        ["2025-05-02T00:00:00", "2025-05-14T23:59:59", "none"]
      ])
      const expected = truth(chain, period75, "all", "none")
      assert.deepStrictEqual(report.rows, expected)
      // The spanning shift was in the answers of the first two parts, and is in the report once.
      for (const part of bodies.slice(0, 2)) assert.isTrue(ShiftsReport.selects("all", spanning.totals, part.from, part.to, NOW))
      const key = `${spanning.totals.fn}/${spanning.totals.number}`
      assert.strictEqual(report.rows.filter((r) => ShiftsReport.shiftKey(r) === key).length, 1)
      // Totals over the period are exactly the sum of the shifts'.
      const sum = (rows: ReadonlyArray<ShiftsReport.ShiftsReportRow>) => rows.reduce((n, r) => n + r.revenue, 0)
      assert.strictEqual(sum(report.rows), sum(expected))
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  for (const include of ["all", "opened", "closed"] as const) {
    for (const groupBy of ["none", "outlet", "dep"] as const) {
      it.effect(`75 days, IncludePeriod ${include}, GroupBy ${groupBy}: equal to the truth`, () => {
        const fake = Fake.make({ chain })
        return Effect.gen(function*() {
          yield* setToday
          const taxcom = yield* client
          const report = yield* taxcom.shiftsReport(period75, { includePeriod: include }, groupBy)
          assert.strictEqual(report.groupBy, groupBy)
          assert.deepStrictEqual(report.rows, truth(chain, period75, include, groupBy))
          assert.deepStrictEqual(kktstatBodies(fake).map((b) => [b.includePeriod, b.groupBy]), [
            [include, "none"],
            [include, "none"],
            [include, "none"]
          ])
        }).pipe(Effect.provide(clientLayer(fake)))
      })
    }
  }

  it.effect("a period within 31 days is one call, grouped by the service", () => {
    const fake = Fake.make({ chain })
    const april = { from: ldt("2025-04-01T00:00:00"), to: ldt("2025-04-30T23:59:59") }
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const report = yield* taxcom.shiftsReport(april, {}, "outlet")
      assert.deepStrictEqual(kktstatBodies(fake).map((b) => b.groupBy), ["outlet"])
      assert.deepStrictEqual(report.rows, truth(chain, april, "all", "outlet"))
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("filters reach every part of a split period", () => {
    const fake = Fake.make({ chain })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const byDepartment = yield* taxcom.shiftsReport(period75, { departmentId: "d-north" }, "outlet")
      assert.deepStrictEqual(byDepartment.rows, truth(chain, period75, "all", "outlet", { departmentId: "d-north" }))
      assert.deepStrictEqual(byDepartment.rows.map((r) => r.outlet?.name), ["Магазин на Ленина", "Магазин у вокзала"])
      const byRegister = yield* taxcom.shiftsReport(period75, { kktRegNumber: chain.registers[2]!.kkt.regNumber })
      assert.deepStrictEqual(byRegister.rows, truth(chain, period75, "all", "none", { kktRegNumber: chain.registers[2]!.kkt.regNumber }))
      assert.isTrue(kktstatBodies(fake).slice(0, 3).every((b) => b.departmentId === "d-north"))
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("an account whose kktstat answers 400 with an empty message gets an HttpStatusError", () => {
    const fake = Fake.make({ chain, kktstatRefused: true })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const error = yield* Effect.flip(taxcom.shiftsReport(period75))
      assert.strictEqual(error._tag, "HttpStatusError")
      if (error._tag === "HttpStatusError") {
        assert.strictEqual(error.httpStatus, 400)
        assert.strictEqual(error.body, "")
      }
      assert.isTrue(TaxcomError.isKktStatRefused(error))
      // ...and the caller falls back to ShiftList + ShiftInfo.
      const fallback = yield* taxcom.shiftsReportFromShifts(period75)
      assert.deepStrictEqual(fallback.rows, truth(chain, period75, "all", "none"))
    }).pipe(Effect.provide(clientLayer(fake)))
  })
})

describe("shiftsReportFromShifts: the same rows from ShiftList + ShiftInfo", () => {
  const cases: ReadonlyArray<readonly [ShiftsReport.IncludePeriod, ShiftsReport.GroupBy, TaxcomClient.ReportFilters]> = [
    ["all", "none", {}],
    ["opened", "outlet", {}],
    ["closed", "dep", {}],
    ["all", "none", { departmentId: "d-south" }],
    ["opened", "none", { outletId: "o-c" }]
  ]
  for (const [include, groupBy, filters] of cases) {
    it.effect(`${include} / ${groupBy} ${JSON.stringify(filters)}: identical to kktstat/shifts and to the truth`, () => {
      const fake = Fake.make({ chain, kktstatRefused: false })
      return Effect.gen(function*() {
        yield* setToday
        const taxcom = yield* client
        const viaKktstat = yield* taxcom.shiftsReport(period75, { ...filters, includePeriod: include }, groupBy)
        const viaShifts = yield* taxcom.shiftsReportFromShifts(period75, { ...filters, includePeriod: include }, groupBy)
        assert.deepStrictEqual(viaShifts.rows, viaKktstat.rows)
        assert.deepStrictEqual(viaShifts.rows, truth(chain, period75, include, groupBy, filters))
        assert.isAbove(viaShifts.rows.length, 0)
      }).pipe(Effect.provide(clientLayer(fake)))
    })
  }

  it.effect("uses one ShiftInfo per selected shift, and ShiftList per fiscal drive", () => {
    const fake = Fake.make({ chain, kktstatRefused: true })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const report = yield* taxcom.shiftsReportFromShifts(period75, { includePeriod: "closed" })
      assert.strictEqual(fake.count("ShiftInfo"), report.rows.length)
      assert.strictEqual(fake.count("ShiftList"), chain.registers.reduce((n, r) => n + r.drives.length, 0))
      assert.strictEqual(fake.count("kktstat/shifts"), 0)
    }).pipe(Effect.provide(clientLayer(fake)))
  })
})
