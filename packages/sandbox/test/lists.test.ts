import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"
import * as Settings from "../src/Settings.js"
import { apiCode, call, login } from "./helpers.js"

// Outlets enough for more than one page of 100.
const dataset = Dataset.generate({ seed: 21, registers: 420, from: "2026-01-05", to: "2026-01-12", receiptsPerShift: [3, 6] })

const withToken = <A>(f: (s: SandboxServer.SandboxServerService, token: string) => Effect.Effect<A>) =>
  Effect.flatMap(SandboxServer.SandboxServer, (s) => Effect.flatMap(login(s), (token) => f(s, token)))

layer(SandboxServer.layerTest({ dataset }))("lists", (it) => {
  it.effect("page with pn/ps: 1–100, default 100, counts as recorded", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const all = dataset.outlets.length
        assert.isAbove(all, 100)
        const first = yield* call(s, "OutletList", { token })
        assert.deepStrictEqual(first.json.counts, { recordCount: all, recordFilteredCount: all, recordInResponceCount: 100 })
        const pages = Math.ceil(all / 30)
        const ids: Array<string> = []
        for (let pn = 1; pn <= pages; pn++) {
          const r = yield* call(s, "OutletList", { token, query: { pn, ps: 30 } })
          ids.push(...r.json.records.map((o: { id: string }) => o.id))
        }
        assert.deepStrictEqual(ids, dataset.outlets.map((o) => o.id))
        const beyond = yield* call(s, "OutletList", { token, query: { pn: pages + 1, ps: 30 } })
        assert.strictEqual(beyond.json.records.length, 0)
        assert.strictEqual(beyond.json.counts.recordInResponceCount, 0)
        for (const ps of [0, 101, -1]) assert.strictEqual(apiCode(yield* call(s, "OutletList", { token, query: { ps } })), 2201, `ps=${ps}`)
        assert.strictEqual(apiCode(yield* call(s, "OutletList", { token, query: { pn: 0 } })), 2201)
        assert.strictEqual(apiCode(yield* call(s, "OutletList", { token, query: { ps: "abc" } })), 2201)
      })))

  it.effect("filter by problem indicator (np) and by department (id, with its children)", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const ok = yield* call(s, "OutletList", { token, query: { np: "OK", ps: 100 } })
        const problem = yield* call(s, "OutletList", { token, query: { np: "Problem", ps: 100 } })
        const warning = yield* call(s, "OutletList", { token, query: { np: "Warning", ps: 100 } })
        const n = (r: typeof ok) => r.json.counts.recordFilteredCount as number
        assert.isAbove(n(problem), 0)
        assert.strictEqual(n(ok) + n(problem) + n(warning), dataset.outlets.length)
        assert.isTrue(problem.json.records.every((o: { problemIndicator: string }) => o.problemIndicator === "Problem"))
        assert.strictEqual(problem.json.counts.recordCount, dataset.outlets.length)
        assert.strictEqual(apiCode(yield* call(s, "OutletList", { token, query: { np: "Bad" } })), 2201)
        const region = dataset.departments.find((d) => d.parentId === null)!
        const inRegion = yield* call(s, "OutletList", { token, query: { id: region.id, ps: 100 } })
        const expected = dataset.outletsOfDepartment(region.id)
        assert.isAbove(expected.length, 0)
        assert.strictEqual(inRegion.json.counts.recordFilteredCount, expected.length)
        assert.isTrue(dataset.departments.some((d) => d.parentId === region.id), "the region has child departments")
        const depts = yield* call(s, "DepartmentList", { token, query: { ps: 100 } })
        assert.strictEqual(depts.json.counts.recordCount, dataset.departments.length)
        const child = depts.json.records.find((d: { parentId?: string }) => d.parentId === region.id)
        assert.strictEqual(child.parentName, region.name)
      })))

  it.effect("DocumentList lists receipts unless `type` asks for others; `type` repeats", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const kkt = dataset.kkts[0]!
        const shift = dataset.shifts(kkt).find((x) => x.closedAt !== null)!
        const q = { fn: shift.fn, shift: shift.number }
        const plain = yield* call(s, "DocumentList", { token, query: q })
        assert.isTrue(plain.json.records.every((d: { documentType: string }) => d.documentType === "3" || d.documentType === "31"))
        assert.strictEqual(plain.json.counts.recordCount, shift.receipts + shift.corrections)
        const reports = yield* call(s, "DocumentList", { token, query: { ...q, type: [2, 5] } })
        assert.deepStrictEqual(reports.json.records.map((d: { fdNumber: number }) => d.fdNumber), [shift.openFd, shift.closeFd])
        assert.strictEqual(reports.json.counts.recordCount, shift.receipts + shift.corrections + 2)
        assert.strictEqual(reports.json.counts.recordFilteredCount, 2)
        const commaList = yield* call(s, "DocumentList", { token, query: { ...q, type: "2,5" } })
        assert.deepStrictEqual(commaList.json.records, reports.json.records)
        assert.strictEqual(apiCode(yield* call(s, "DocumentList", { token, query: { ...q, type: 7 } })), 2201)
      })))

  it.effect("ShiftList returns the shifts that overlap the period", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const kkt = dataset.kkts.find((k) => k.plan?.schedule === "overnight")!
        const fn = dataset.currentFn(kkt).number
        const shift = dataset.shiftsOfFn(fn).find((x) => x.closedAt !== null && new Date(x.closedAt).getUTCDate() !== new Date(x.openedAt).getUTCDate())!
        // A period starting after midnight still catches the shift opened the evening before.
        const midnight = Dataset.formatDateTime(shift.openedAt).slice(0, 10) + "T23:59:59"
        const nextMorning = Dataset.formatDateTime(shift.closedAt! - 60_000)
        const r = yield* call(s, "ShiftList", { token, query: { fn, begin: midnight, end: nextMorning } })
        assert.deepStrictEqual(r.json.records.map((x: { shiftNumber: number }) => x.shiftNumber), [shift.number])
        assert.strictEqual(r.json.counts.recordCount, dataset.shiftsOfFn(fn).length)
        const none = yield* call(s, "ShiftList", { token, query: { fn, begin: "2025-01-01T00:00:00", end: "2025-01-02T00:00:00" } })
        assert.strictEqual(none.json.counts.recordFilteredCount, 0)
        assert.strictEqual(apiCode(yield* call(s, "ShiftList", { token, query: { fn, begin: "yesterday", end: nextMorning } })), 2201)
        assert.strictEqual(apiCode(yield* call(s, "ShiftList", { token, query: { fn } })), 2201)
      })))

  it.effect("answers every not-found code of the document", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const kkt = dataset.kkts[0]!
        const fn = dataset.currentFn(kkt).number
        const shift = dataset.shifts(kkt)[0]!
        const unknownFn = "9999999999999999"
        const expect = (r: { status: number; json: { apiErrorCode: number; details: string } }, code: number, status = 404) => {
          assert.strictEqual(r.status, status, JSON.stringify(r.json))
          assert.strictEqual(r.json.apiErrorCode, code)
          assert.isString(r.json.details)
        }
        expect(yield* call(s, "DocumentInfo", { token, query: { fn, fd: 999_999_999 } }), 3101)
        expect(yield* call(s, "DocumentURL", { token, query: { fn, fd: 999_999_999 } }), 3101)
        expect(yield* call(s, "PrintDocument/pdf", { token, query: { kktId: kkt.factoryNumber, fp: 1 } }), 3101)
        expect(yield* call(s, "OutletInfo", { token, query: { id: "nope" } }), 3102)
        expect(yield* call(s, "KKTList", { token, query: { id: "nope" } }), 3102)
        for (const [path, query] of [
          ["KKTInfo", { fn: unknownFn }], ["ShiftList", { fn: unknownFn, begin: "2026-01-01T00:00:00", end: "2026-01-02T00:00:00" }],
          ["ShiftInfo", { fn: unknownFn, shift: 1 }], ["DocumentList", { fn: unknownFn, shift: 1 }], ["DocumentInfo", { fn: unknownFn, fd: 1 }],
          ["DocumentURL", { fn: unknownFn, fd: 1 }], ["FnHistory", { kktRegNumber: "1" }]
        ] as const) expect(yield* call(s, path, { token, query }), 3103)
        expect(yield* call(s, "DepartmentInfo", { token, query: { id: "nope" } }), 3104)
        expect(yield* call(s, "OutletList", { token, query: { id: "nope" } }), 3104)
        expect(yield* call(s, "ShiftInfo", { token, query: { fn, shift: 99_999 } }), 3105)
        expect(yield* call(s, "DocumentList", { token, query: { fn, shift: 99_999 } }), 3105)
        expect(yield* call(s, "PrintDocument/html", { token, query: { kktId: "nope", fp: 1 } }), 3106)
        expect(yield* call(s, "NewDocuments", { token, query: { an: "0000-000000" } }), 3106)
        expect(yield* call(s, "DraftAccept", { token, body: [{ id: 1, type: "Registration", kktModelName: "АТОЛ 30Ф", fnDuration: "15", tariff: "CD_Base" }] }), 3107)
        expect(yield* call(s, "KKTRegApp", { token, query: { fn } }), 3301)
        expect(yield* call(s, "KKTRegCard", { token, query: { fn } }), 3301)
        expect(yield* call(s, "KKTRegApp", { token, query: { fn: unknownFn } }), 3103)
        expect(yield* call(s, "NewDocuments", { token, query: { id: "not-an-id" } }), 2203, 400)
        assert.strictEqual(shift.number > 0, true)
      })))

  it.effect("routes like ASP.NET: any letter case, 404 and 405 with {Message}, 415 for a non-JSON body", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        assert.strictEqual((yield* call(s, "outletlist", { token, prefix: "/api/v2/" })).status, 200)
        assert.strictEqual((yield* call(s, "kktstat/KKTINFO", { token, prefix: "/Api/V2/", body: {} })).status, 200)
        const missing = yield* call(s, "NoSuchMethod", { token })
        assert.strictEqual(missing.status, 404)
        assert.isString(missing.json.Message)
        const verb = yield* call(s, "OutletList", { token, method: "POST", body: {} })
        assert.strictEqual(verb.status, 405)
        assert.isString(verb.json.Message)
        const form = yield* call(s, "kktstat/dashboard", { token, body: "x=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } })
        assert.strictEqual(form.status, 415)
        assert.strictEqual(apiCode(form), 2202)
      })))
})

layer(SandboxServer.layerTest({ dataset, settings: { paging: { defaultSize: 100, maxSize: 100, overrides: Settings.largePages } } }))("large pages", (it) => {
  it.effect("ShiftList and DocumentList take ps up to 1000 when the setting says so; others stay at 100", () =>
    withToken((s, token) =>
      Effect.gen(function*() {
        const kkt = dataset.kkts[0]!
        const fn = dataset.currentFn(kkt).number
        const shift = dataset.shiftsOfFn(fn)[0]!
        const q = { fn, begin: "2026-01-01T00:00:00", end: "2026-01-31T00:00:00" }
        assert.strictEqual((yield* call(s, "ShiftList", { token, query: { ...q, ps: 1000 } })).status, 200)
        assert.strictEqual((yield* call(s, "DocumentList", { token, query: { fn, shift: shift.number, ps: 1000 } })).status, 200)
        assert.strictEqual(apiCode(yield* call(s, "ShiftList", { token, query: { ...q, ps: 1001 } })), 2201)
        assert.strictEqual(apiCode(yield* call(s, "OutletList", { token, query: { ps: 1000 } })), 2201)
      })))
})
