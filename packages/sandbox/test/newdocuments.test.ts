import { assert, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"
import { apiCode, call, login } from "./helpers.js"

const DAY = 86_400_000
const options = { seed: 41, registers: 6, from: "2026-01-01", to: "2026-01-31", now: "2026-01-31T22:00:00", receiptsPerShift: [10, 20] as const }

/** The documents the feed must serve at `now`, in acceptance order. */
const expected = (ds: Dataset.Dataset, now: number) =>
  [...ds.allDocuments()]
    .map((d) => ({ d, accepted: d.at + ds.kkts[d.kktIndex]!.feedLagSeconds * 1000 }))
    .filter((x) => x.accepted > now - 21 * DAY && x.accepted <= now)
    .sort((a, b) => a.accepted - b.accepted || a.d.kktIndex - b.d.kktIndex || a.d.fnOrdinal - b.d.fnOrdinal || a.d.fd - b.d.fd)
    .map((x) => `${x.d.fn}/${x.d.fd}`)

it.scoped("NewDocuments serves the last 21 days once each, in order, 10,000 at most per call, then once a minute", () =>
  Effect.gen(function*() {
    const cap = 400
    const s = yield* SandboxServer.make({ dataset: Dataset.generate(options), settings: { newDocuments: { windowDays: 21, cap, minIntervalMs: 60_000 } } })
    const token = yield* login(s)
    const want = expected(s.dataset, s.dataset.now)
    assert.isAbove(want.length, 2 * cap)
    const got: Array<string> = []
    let id: string | undefined
    let calls = 0
    for (;;) {
      const r = yield* call(s, "NewDocuments", { token, query: id === undefined ? {} : { id } })
      assert.strictEqual(r.status, 200, r.text.slice(0, 200))
      const records = r.json.records as Array<{ id: string; document: Record<string, unknown> }>
      assert.isAtMost(records.length, cap)
      got.push(...records.map((x) => `${x.document["1041"]}/${x.document["1040"]}`))
      calls++
      if (records.length < cap) break
      id = records[records.length - 1]!.id
    }
    assert.deepStrictEqual(got, want)
    assert.strictEqual(calls, Math.floor(want.length / cap) + 1)
    // Caught up: the next call within a minute is refused.
    const tooSoon = yield* call(s, "NewDocuments", { token, query: { id: id! } })
    assert.strictEqual(tooSoon.status, 429)
    assert.strictEqual(apiCode(tooSoon), 2204)
    yield* TestClock.adjust("59 seconds")
    assert.strictEqual((yield* call(s, "NewDocuments", { token, query: { id: id! } })).status, 429)
    yield* TestClock.adjust("1 second")
    assert.strictEqual((yield* call(s, "NewDocuments", { token, query: { id: id! } })).status, 200)
  }))

it.scoped("NewDocuments: the window moves with the clock; a bad id is 2203", () =>
  Effect.gen(function*() {
    const s = yield* SandboxServer.make({ dataset: Dataset.generate(options), settings: { newDocuments: { windowDays: 21, cap: 50, minIntervalMs: 60_000 } } })
    const token = yield* login(s)
    const first = (yield* call(s, "NewDocuments", { token })).json.records[0]
    assert.strictEqual(`${first.document["1041"]}/${first.document["1040"]}`, expected(s.dataset, s.dataset.now)[0])
    // A day later the oldest day has left the window.
    yield* TestClock.adjust("1 day")
    const again = yield* login(s)
    const later = (yield* call(s, "NewDocuments", { token: again })).json.records[0]
    assert.strictEqual(`${later.document["1041"]}/${later.document["1040"]}`, expected(s.dataset, s.dataset.now + DAY)[0])
    assert.isTrue(later.document["1012"] > first.document["1012"])
    for (const bad of ["x", "0-0-999999999", "99999-0-1"]) {
      const r = yield* call(s, "NewDocuments", { token: again, query: { id: bad } })
      assert.strictEqual(r.status, 400)
      assert.strictEqual(apiCode(r), 2203, bad)
    }
  }))

it.scoped("NewDocuments returns at most 10,000 documents per call by default", () =>
  Effect.gen(function*() {
    const s = yield* SandboxServer.make({ dataset: Dataset.generate({ ...options, registers: 12, receiptsPerShift: [40, 60] }) })
    const token = yield* login(s)
    assert.isAbove(expected(s.dataset, s.dataset.now).length, 10_000)
    const r = yield* call(s, "NewDocuments", { token })
    assert.strictEqual(r.json.records.length, 10_000)
    assert.strictEqual(r.json.counts.recordInResponceCount, 10_000)
  }))
