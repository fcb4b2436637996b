/**
 * A hostile service: answers with wrong types, missing fields, pages claiming a billion records, a 50 MB page, a
 * proxy's HTML page instead of JSON, a body cut short, an answer that never ends. Each becomes a typed error whose
 * message names the method and, for a bad answer, the JSON path — in bounded time, without a crash or a runaway
 * loop of requests. Through the client first (exact errors), then through the built runner (exit code 4).
 */
import { it } from "@effect/vitest"
import { NodeHttpClient } from "@effect/platform-node"
import { type Ids, Session, TaxcomClient, type TaxcomError } from "@taxcom-kit/core"
import { Chunk, Effect, Layer, Redacted, Stream } from "effect"
import * as path from "node:path"
import { afterAll, assert, beforeAll, beforeEach, describe } from "vitest"
import * as Hostile from "./support/hostile.js"
import { cleanEnv, describeRun, run, tempDir } from "./support/run.js"
import { accountEnv, type Running, start } from "./support/sandbox.js"

let sandbox: Running
let hostile: Hostile.Hostile
let shift: { fn: Ids.FnNumber; number: number }

beforeAll(async () => {
  sandbox = await start({ dataset: { seed: 29, registers: 2, from: "2026-01-01", to: "2026-01-31" } })
  hostile = await Hostile.start(sandbox.server.url)
  const ds = sandbox.server.dataset
  const s = ds.shifts(ds.kkts[0]!).find((x) => ds.documentSummaries(x).length > 5)!
  shift = { fn: s.fn as Ids.FnNumber, number: s.number }
}, 60_000)

afterAll(async () => {
  await hostile?.close()
  await sandbox?.close()
})

beforeEach(() => {
  hostile.set(undefined)
  hostile.counts.clear()
})

const clientLayer = (options: Partial<TaxcomClient.Options> = {}) =>
  TaxcomClient.layer({
    baseUrl: hostile.url,
    integratorId: Redacted.make("demo"),
    credentials: Session.password({ login: "demo", password: Redacted.make("demo") }),
    rateLimit: { limit: 1000, interval: "1 second" },
    retry: { baseDelay: "5 millis", maxDelay: "20 millis" },
    requestTimeout: "10 seconds",
    ...options
  }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.orDie)

/** The typed error of a call, or a test failure if it succeeds or takes longer than `seconds`. */
const failure = <A>(call: Effect.Effect<A, TaxcomError.TaxcomError, TaxcomClient.TaxcomClient>, seconds = 20, options: Partial<TaxcomClient.Options> = {}) =>
  call.pipe(
    Effect.flip,
    Effect.timeoutFail({ duration: `${seconds} seconds`, onTimeout: () => new Error(`no answer within ${seconds} s: a hang`) }),
    Effect.provide(clientLayer(options))
  )

const documents = Effect.flatMap(TaxcomClient.TaxcomClient, (t) =>
  Stream.runCollect(t.documentList({ fn: shift.fn, shift: shift.number })).pipe(Effect.map(Chunk.size)))

describe("answers that do not decode", () => {
  it.live("a wrong type: DecodeError naming the method and the JSON path", () =>
    Effect.gen(function*() {
      hostile.set((r) => (r.method === "ShiftInfo" ? { _tag: "Edit", edit: (j) => ({ ...j, shift: { ...j.shift, income: { ...j.shift.income, total: "1116346" } } }) } : undefined))
      const e = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.shiftInfo({ fn: shift.fn, shift: shift.number })))
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag !== "DecodeError") return
      assert.strictEqual(e.method, "ShiftInfo")
      assert.strictEqual(e.path, "$.shift.income.total")
      assert.include(e.message, "ShiftInfo: cannot read the answer at $.shift.income.total")
      // A bad answer is not a transient fault: asked once.
      assert.strictEqual(hostile.counts.get("ShiftInfo"), 1)
    }))

  it.live("a wrong type deep in a page of a list", () =>
    Effect.gen(function*() {
      hostile.set((r) =>
        r.method === "DocumentList"
          ? { _tag: "Edit", edit: (j) => ({ ...j, records: j.records.map((d: object, i: number) => (i === 3 ? { ...d, fdNumber: "девять" } : d)) }) }
          : undefined
      )
      const e = yield* failure(documents)
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag === "DecodeError") assert.strictEqual(e.path, "$.records[3].fdNumber")
    }))

  it.live("missing fields: the path of the first one, and how many more", () =>
    Effect.gen(function*() {
      hostile.set((r) =>
        r.method === "OutletList"
          ? { _tag: "Edit", edit: (j) => ({ ...j, records: j.records.map(({ id: _id, name: _name, ...rest }: Record<string, unknown>) => rest) }) }
          : undefined
      )
      const e = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.outletListPage()))
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag !== "DecodeError") return
      assert.strictEqual(e.path, "$.records[0].id")
      assert.match(e.message, /OutletList: cannot read the answer at \$\.records\[0\]\.id: is missing \(\+\d+ more\)/)
      hostile.set((r) => (r.method === "OutletList" ? Hostile.json(200, { reportDate: "2026-02-01T00:00:00" }) : undefined))
      const none = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.outletListPage()))
      assert.strictEqual(none._tag === "DecodeError" ? none.path : none._tag, "$.counts")
    }))

  it.live("JSON of the wrong shape altogether (an array, a number, null)", () =>
    Effect.gen(function*() {
      for (const body of ["[]", "42", "null", "\"ok\""]) {
        hostile.set((r) => (r.method === "ShiftInfo" ? { _tag: "Reply", status: 200, body } : undefined))
        const e = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.shiftInfo({ fn: shift.fn, shift: shift.number })))
        assert.strictEqual(e._tag, "DecodeError", body)
        assert.include(e.message, "ShiftInfo: cannot read the answer at $", body)
      }
    }))
})

describe("pages that lie about their size", () => {
  it.live("a page claiming a billion records, then empty pages: a DecodeError, not 10 million requests", () =>
    Effect.gen(function*() {
      hostile.set((r) =>
        r.method === "DocumentList" ? { _tag: "Edit", edit: (j) => ({ ...j, counts: { ...j.counts, recordFilteredCount: 1_000_000_000 } }) } : undefined
      )
      const e = yield* failure(documents, 20, { pageSize: 5 })
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag !== "DecodeError") return
      assert.strictEqual(e.method, "DocumentList")
      assert.strictEqual(e.path, "$.counts.recordFilteredCount")
      assert.include(e.message, "1000000000")
      assert.isBelow(hostile.counts.get("DocumentList") ?? 0, 50)
    }), 30_000)

  it.live("kktstat/kktinfo claiming a billion pages: a DecodeError at the first empty page", () =>
    Effect.gen(function*() {
      hostile.set((r) =>
        r.method === "kktinfo" ? { _tag: "Edit", edit: (j) => (Number(j.PageCount) >= 1 ? { ...j, PageCount: "1000000000" } : j) } : undefined
      )
      const e = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => Stream.runCount(t.kktStatKktInfo())))
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag === "DecodeError") assert.include(e.message, "1000000000")
      assert.isBelow(hostile.counts.get("kktinfo") ?? 0, 50)
    }), 30_000)

  it.live("a 50 MB page holding far more records than asked for: a DecodeError naming both counts", () =>
    Effect.gen(function*() {
      const ds = sandbox.server.dataset
      const s = ds.shifts(ds.kkts[0]!).find((x) => x.fn === shift.fn && x.number === shift.number)!
      const one = ds.documentSummaries(s)[0]!
      // A DocumentList record on the wire (~300 bytes); 170,000 of them are ~50 MB.
      const record = {
        fnFactoryNumber: shift.fn, shiftNumber: shift.number, documentType: "3", dateTime: "2026-01-01T09:22:00", fdNumber: 1, numberInShift: 1,
        fpd: "1292866024", cashier: "Волкова М.А.", taxationSystem: "OSN", accountingType: "Income", sum: one.total, cash: 100,
        electronic: 0, nds22: 0, nds20: 0, nds10: 0, ndsC22: 0, ndsC20: 0, ndsC10: 0, nds0Sum: 0, nondsSum: 0
      }
      const n = 170_000
      const page = Buffer.from(JSON.stringify({
        reportDate: "2026-02-01T00:00:00",
        counts: { recordCount: n, recordFilteredCount: n, recordInResponceCount: n },
        records: Array.from({ length: n }, (_, i) => ({ ...record, fdNumber: i + 1, numberInShift: i + 1 }))
      }))
      assert.isAbove(page.length, 50_000_000)
      hostile.set((r) => (r.method === "DocumentList" ? { _tag: "Reply", status: 200, body: page } : undefined))
      const e = yield* failure(documents, 60)
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag !== "DecodeError") return
      assert.strictEqual(e.path, "$.records")
      assert.include(e.message, "170000 records")
      assert.include(e.message, "100")
      assert.strictEqual(hostile.counts.get("DocumentList"), 1)
    }), 90_000)
})

describe("proxies and broken connections", () => {
  it.live("a proxy's 502 HTML page: retried, then an HttpStatusError whose message is the page's title", () =>
    Effect.gen(function*() {
      hostile.set((r) => (r.method === "ShiftInfo" ? Hostile.html(502, "502 Bad Gateway") : undefined))
      const e = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.shiftInfo({ fn: shift.fn, shift: shift.number })))
      assert.strictEqual(e._tag, "HttpStatusError")
      assert.strictEqual(e.message.split("\n").length, 1)
      assert.include(e.message, "ShiftInfo: HTTP 502: 502 Bad Gateway (an HTML page, not the service's JSON")
      assert.notInclude(e.message, "<")
      assert.strictEqual(hostile.counts.get("ShiftInfo"), 5, "the first try and 4 retries")
    }))

  it.live("an HTML page with status 200 (a captive portal): a DecodeError saying so", () =>
    Effect.gen(function*() {
      hostile.set((r) => (r.method === "ShiftInfo" ? Hostile.html(200, "Вход в сеть — Wi-Fi", "<form><input name=password></form>") : undefined))
      const e = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.shiftInfo({ fn: shift.fn, shift: shift.number })))
      assert.strictEqual(e._tag, "DecodeError")
      assert.include(e.message, "ShiftInfo: cannot read the answer at $: the body is not JSON: Вход в сеть — Wi-Fi (an HTML page")
      hostile.set((r) => (r.method === "ShiftInfo" ? { _tag: "Reply", status: 200, contentType: "text/plain", body: "Service temporarily\nunavailable" } : undefined))
      const text = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.shiftInfo({ fn: shift.fn, shift: shift.number })))
      assert.include(text.message, "the body is not JSON: text/plain, starting \"Service temporarily unavailable\"")
    }))

  it.live("a body cut short: a transient TransportError, retried, then reported", () =>
    Effect.gen(function*() {
      hostile.set((r) =>
        r.method === "ShiftInfo" ? { _tag: "Cut", status: 200, contentType: "application/json", length: 5000, body: "{\"reportDate\":\"2026-02-01T00:00:00\",\"shift\":{" } : undefined
      )
      const e = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.shiftInfo({ fn: shift.fn, shift: shift.number })))
      assert.strictEqual(e._tag, "TransportError")
      assert.match(e.message, /^ShiftInfo: /)
      assert.strictEqual(hostile.counts.get("ShiftInfo"), 5)
    }))

  it.live("an answer that never ends: TimeoutError after the request timeout, for each try", () =>
    Effect.gen(function*() {
      hostile.set((r) =>
        r.method === "ShiftInfo" ? { _tag: "Stall", status: 200, contentType: "application/json", body: "{\"reportDate\":" } : undefined
      )
      const e = yield* failure(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.shiftInfo({ fn: shift.fn, shift: shift.number })), 20, { requestTimeout: "500 millis", retry: { times: 2, baseDelay: "5 millis" } })
      assert.strictEqual(e._tag, "TimeoutError")
      assert.include(e.message, "ShiftInfo: no answer within 500 ms")
      assert.strictEqual(hostile.counts.get("ShiftInfo"), 3)
    }))
})

describe("through the runner", () => {
  const env = () => cleanEnv({ ...accountEnv(sandbox.server), TAXCOM_BASE_URL: hostile.url })

  it("a wrong type in ShiftInfo: exit code 4, the method and the JSON path, no report written", async () => {
    hostile.set((r) => (r.method === "ShiftInfo" ? { _tag: "Edit", edit: (j) => ({ ...j, shift: { ...j.shift, state: 42 } }) } : undefined))
    const out = tempDir("hostile-types")
    const r = await run(["vat", "--month", "2026-01", "--format", "json", "--out", out], env(), 60_000)
    assert.strictEqual(r.code, 4, describeRun(r))
    assert.include(r.stderr, "report-runner: ShiftInfo: cannot read the answer at $.shift.state")
    assert.notInclude(r.stderr, "    at ", "no stack trace")
  }, 90_000)

  it("DocumentList claiming a billion records: exit code 4 in bounded time", async () => {
    hostile.set((r) =>
      r.method === "DocumentList" ? { _tag: "Edit", edit: (j) => ({ ...j, counts: { ...j.counts, recordFilteredCount: 1_000_000_000 } }) } : undefined
    )
    const out = tempDir("hostile-pages")
    const erp = path.join(out, "erp.csv")
    const { writeFileSync } = await import("node:fs")
    writeFileSync(erp, "Дата;Номер документа;Сумма\r\n05.01.2026 10:00;1;100,00\r\n")
    const r = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--out", out], env(), 60_000)
    assert.strictEqual(r.code, 4, describeRun(r))
    assert.include(r.stderr, "DocumentList: cannot read the answer at $.counts.recordFilteredCount")
    assert.isBelow(hostile.counts.get("DocumentList") ?? 0, 200)
  }, 90_000)
})
