import { assert, layer } from "@effect/vitest"
import { Methods } from "@taxcom-kit/core"
import { Effect, Schema } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"
import { apiCode, call, login } from "./helpers.js"

const dataset = Dataset.generate({ seed: 31, registers: 30, from: "2026-01-01", to: "2026-01-31", now: "2026-01-31T21:00:00", receiptsPerShift: [5, 15] })
const decodeReport = Schema.decodeUnknownSync(Methods.KktStatShifts.response)

const withToken = <A>(f: (s: SandboxServer.SandboxServerService, token: string) => Effect.Effect<A>) =>
  Effect.flatMap(SandboxServer.SandboxServer, (s) => Effect.flatMap(login(s), (token) => f(s, token)))

const shiftsOf = (body: { Items: ReadonlyArray<{ FnFactoryNumber: string; Shift: number }> }) => new Set(body.Items.map((r) => `${r.FnFactoryNumber}/${r.Shift}`))

layer(SandboxServer.layerTest({ dataset }))("kktstat", (it) => {
  it.effect("kktstat/shifts refuses periods longer than 31 days", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const ok = yield* call(s, "kktstat/shifts", { token, body: { From: "2026-01-01T00:00:00", To: "2026-02-01T00:00:00" } })
        assert.strictEqual(ok.status, 200)
        const refused = yield* call(s, "kktstat/shifts", { token, body: { From: "2026-01-01T00:00:00", To: "2026-02-01T00:00:01" } })
        assert.strictEqual(refused.status, 400)
        assert.strictEqual(apiCode(refused), 2201)
        assert.match(refused.json.details, /31 день/)
        assert.strictEqual(apiCode(yield* call(s, "kktstat/shifts", { token, body: { From: "2026-01-10T00:00:00", To: "2026-01-01T00:00:00" } })), 2201)
        assert.strictEqual(apiCode(yield* call(s, "kktstat/shifts", { token, body: { From: "январь", To: "2026-01-01T00:00:00" } })), 2201)
        // Names bind in any letter case.
        assert.strictEqual((yield* call(s, "kktstat/shifts", { token, body: { from: "2026-01-01T00:00:00", to: "2026-01-02T00:00:00" } })).status, 200)
      })))

  it.effect("IncludePeriod: all = overlap, opened = opened inside, closed = closed inside", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const kkt = dataset.kkts.find((k) => k.plan?.schedule === "overnight")!
        const shift = dataset.shifts(kkt).find((x) => x.closedAt !== null && x.openedAt > Date.UTC(2026, 0, 3))!
        const day = Dataset.formatDateTime(shift.openedAt).slice(0, 10)
        const next = Dataset.formatDateTime(shift.closedAt!).slice(0, 10)
        assert.notStrictEqual(day, next, "an overnight shift")
        const key = `${shift.fn}/${shift.number}`
        const ask = (From: string, To: string, IncludePeriod?: string) =>
          Effect.map(call(s, "kktstat/shifts", { token, body: { From, To, KktRegNumber: kkt.regNumber, ...(IncludePeriod === undefined ? {} : { IncludePeriod }) } }), (r) => shiftsOf(r.json).has(key))
        // The morning after: the shift is still in "all" and in "closed", not in "opened".
        assert.isTrue(yield* ask(`${next}T00:00:00`, `${next}T12:00:00`))
        assert.isTrue(yield* ask(`${next}T00:00:00`, `${next}T12:00:00`, "all"))
        assert.isFalse(yield* ask(`${next}T00:00:00`, `${next}T12:00:00`, "opened"))
        assert.isTrue(yield* ask(`${next}T00:00:00`, `${next}T12:00:00`, "closed"))
        // The evening before midnight: in "all" and "opened", not in "closed".
        assert.isTrue(yield* ask(`${day}T12:00:00`, `${day}T23:59:59`, "all"))
        assert.isTrue(yield* ask(`${day}T12:00:00`, `${day}T23:59:59`, "opened"))
        assert.isFalse(yield* ask(`${day}T12:00:00`, `${day}T23:59:59`, "closed"))
        // An open shift runs until now: "all" includes it, "closed" never does.
        const open = dataset.kkts.flatMap((k) => dataset.shifts(k)).find((x) => x.closedAt === null)!
        const openKkt = dataset.kkts[open.kktIndex]!
        const body = { From: "2026-01-31T20:00:00", To: "2026-01-31T20:30:00", KktRegNumber: openKkt.regNumber }
        assert.isTrue(shiftsOf((yield* call(s, "kktstat/shifts", { token, body })).json).has(`${open.fn}/${open.number}`))
        assert.isFalse(shiftsOf((yield* call(s, "kktstat/shifts", { token, body: { ...body, IncludePeriod: "closed" } })).json).has(`${open.fn}/${open.number}`))
      })))

  it.effect("rows carry rubles that convert exactly to the dataset's kopecks, and every grouping adds up to the same", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const period = { From: "2026-01-05T00:00:00", To: "2026-01-20T23:59:59" }
        const reports = {} as Record<string, ReturnType<typeof decodeReport>>
        for (const GroupBy of ["none", "outlet", "dep"]) {
          const r = yield* call(s, "kktstat/shifts", { token, body: { ...period, GroupBy } })
          assert.strictEqual(r.status, 200)
          assert.strictEqual(r.json.GroupBy, GroupBy)
          reports[GroupBy] = decodeReport(r.json)
        }
        const none = reports.none!
        // Each shift row equals the shift's own sums.
        for (const row of none.rows.slice(0, 40)) {
          const totals = dataset.shiftTotals(row.shift!.fn, row.shift!.number)!
          assert.strictEqual(row.income.total, totals.income.total)
          assert.strictEqual(row.income.cash, totals.income.cash)
          assert.strictEqual(row.income.card, totals.income.electronic)
          assert.strictEqual(row.incomeReturn.total, totals.incomeReturn.total)
          assert.strictEqual(row.revenue, totals.income.total - totals.incomeReturn.total)
          // VAT is income VAT less income-return VAT (core's ShiftsReport.fromShiftTotals), zero rates left out.
          for (const v of row.vat) {
            const net = (rate: string, half: "vat" | "gross") =>
              (totals.income.vat.find((x) => x.rate === rate)?.[half] ?? 0) - (totals.incomeReturn.vat.find((x) => x.rate === rate)?.[half] ?? 0)
            if (v.vat !== null) assert.strictEqual(v.vat, net(v.rate, "vat"))
            else assert.strictEqual(v.gross, net(v.rate, "gross"))
            assert.isFalse(v.vat === 0 || v.gross === 0)
          }
        }
        const sum = (rows: ReadonlyArray<{ income: { total: number; cash: number; prepayment: number }; expenditure: { total: number }; documentsCount: number; revenue: number }>) =>
          rows.reduce((a, r) => ({ income: a.income + r.income.total, cash: a.cash + r.income.cash, prepayment: a.prepayment + r.income.prepayment, expenditure: a.expenditure + r.expenditure.total, docs: a.docs + r.documentsCount, revenue: a.revenue + r.revenue }), { income: 0, cash: 0, prepayment: 0, expenditure: 0, docs: 0, revenue: 0 })
        assert.deepStrictEqual(sum(reports.outlet!.rows), sum(none.rows))
        assert.deepStrictEqual(sum(reports.dep!.rows), sum(none.rows))
        assert.isAbove(sum(none.rows).prepayment, 0)
      })))

  it.effect("narrows by department, outlet and register, and answers 3102/3103/3104 for unknown ones", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const period = { From: "2026-01-05T00:00:00", To: "2026-01-06T00:00:00" }
        const outlet = dataset.outlets[2]!
        const r = yield* call(s, "kktstat/shifts", { token, body: { ...period, OutletId: outlet.id } })
        assert.isAbove(r.json.Items.length, 0)
        assert.isTrue(r.json.Items.every((x: { OutletName: string }) => x.OutletName === outlet.name))
        const region = dataset.departments.find((d) => d.parentId === null)!
        const dep = yield* call(s, "kktstat/shifts", { token, body: { ...period, DepartmentId: region.id, GroupBy: "outlet" } })
        const names = new Set(dataset.outletsOfDepartment(region.id).map((o) => o.name))
        assert.isTrue(dep.json.Items.every((x: { OutletName: string }) => names.has(x.OutletName)))
        assert.strictEqual(apiCode(yield* call(s, "kktstat/shifts", { token, body: { ...period, OutletId: "nope" } })), 3102)
        assert.strictEqual(apiCode(yield* call(s, "kktstat/shifts", { token, body: { ...period, KktRegNumber: "1" } })), 3103)
        assert.strictEqual(apiCode(yield* call(s, "kktstat/shifts", { token, body: { ...period, DepartmentId: "nope" } })), 3104)
      })))

  it.effect("kktstat/kktinfo filters (true applies, false is ignored) and pages by 100", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const all = yield* call(s, "kktstat/kktinfo", { token, body: {} })
        assert.strictEqual(all.json.PageCount, "1")
        assert.strictEqual(all.json.Items.length, dataset.kkts.length)
        const open = yield* call(s, "kktstat/kktinfo", { token, body: { ShiftOpen: true } })
        assert.isAbove(open.json.Items.length, 0)
        assert.isTrue(open.json.Items.every((r: { ShiftStatus: string }) => r.ShiftStatus === "open"))
        assert.deepStrictEqual((yield* call(s, "kktstat/kktinfo", { token, body: { ShiftOpen: false } })).json.Items.length, dataset.kkts.length)
        const expired = yield* call(s, "kktstat/kktinfo", { token, body: { FnExpired: "true" } })
        assert.isAbove(expired.json.Items.length, 0)
        assert.isTrue(expired.json.Items.every((r: { FnStatus: string }) => r.FnStatus === "error"))
        const unpaid = yield* call(s, "kktstat/kktinfo", { token, body: { KktNotPayed: true } })
        assert.isTrue(unpaid.json.Items.every((r: { KktStatus: string }) => r.KktStatus === "blocked"))
        // Within a group the flags add up (open or closed = all with data); across groups they narrow.
        const either = yield* call(s, "kktstat/kktinfo", { token, body: { ShiftOpen: true, ShiftClose: true } })
        const both = yield* call(s, "kktstat/kktinfo", { token, body: { ShiftOpen: true, FnActive: true } })
        assert.isAtLeast(either.json.Items.length, open.json.Items.length)
        assert.isAtMost(both.json.Items.length, open.json.Items.length)
        const page2 = yield* call(s, "kktstat/kktinfo", { token, body: { PageNumber: 2 } })
        assert.strictEqual(page2.json.Items.length, 0)
      })))

  it.effect("kktstat/dashboard counts registers with problems, with thresholds from the request or the settings", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const d = (yield* call(s, "kktstat/dashboard", { token, body: {} })).json
        assert.strictEqual(d.KktCount, dataset.kkts.length)
        assert.strictEqual(d.OutletCount, dataset.outlets.length)
        assert.isAtLeast(d.ShiftInvalid, 1)
        assert.isAtLeast(d.FnError, 1)
        assert.isAtLeast(d.FnWarning, 1)
        assert.isAtLeast(d.KktError, 1)
        assert.isAtLeast(d.NoDocumentError, 1)
        const strict = (yield* call(s, "kktstat/dashboard", { token, body: { LastDocDaysCountWarning: 0, LastDocDaysCountError: 0 } })).json
        assert.isAbove(strict.NoDocumentError, d.NoDocumentError)
      })))
})
