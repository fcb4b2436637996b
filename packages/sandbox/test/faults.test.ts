import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"
import { apiCode, call, login } from "./helpers.js"

const options = { seed: 61, registers: 4, from: "2026-01-10", to: "2026-01-14" }
const server = (faults: SandboxServer.Options["settings"] = {}) => SandboxServer.make({ dataset: Dataset.generate(options), settings: faults })

/** Lets the event loop run (I/O), without waiting on any clock. */
const tick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/** Waits until some fiber sleeps on the TestClock (the server delaying an answer). */
const untilSleeping = Effect.gen(function*() {
  for (let i = 0; i < 10_000; i++) {
    if ((yield* TestClock.sleeps()).length > 0) return
    yield* tick
  }
  throw new Error("nothing went to sleep")
})

describe("faults", () => {
  it.scoped("5xx answers: 500 with the vendor body (5101), 502–504 with a proxy page; switched off at run time", () =>
    Effect.gen(function*() {
      const s = yield* server({ faults: { errorRate: 1, errorStatuses: [500] } })
      const r = yield* call(s, "Login", { body: { login: "demo", password: "demo" }, headers: { "Integrator-ID": "demo" } })
      assert.strictEqual(r.status, 500)
      assert.strictEqual(apiCode(r), 5101)
      yield* s.setFaults({ errorRate: 1, errorStatuses: [503] })
      const proxy = yield* call(s, "AccountList")
      assert.strictEqual(proxy.status, 503)
      assert.match(proxy.contentType, /text\/html/)
      yield* s.setFaults({})
      assert.strictEqual((yield* call(s, "AccountList", { token: yield* login(s) })).status, 200)
    }))

  it.scoped("faults can be limited to some methods", () =>
    Effect.gen(function*() {
      const s = yield* server({ faults: { errorRate: 1, errorStatuses: [502], methods: ["ShiftInfo"] } })
      const token = yield* login(s)
      const shift = s.dataset.shifts(s.dataset.kkts[0]!)[0]!
      assert.strictEqual((yield* call(s, "OutletList", { token })).status, 200)
      assert.strictEqual((yield* call(s, "ShiftInfo", { token, query: { fn: shift.fn, shift: shift.number } })).status, 502)
    }))

  it.scoped("dropped connections: the socket closes without an answer", () =>
    Effect.gen(function*() {
      const s = yield* server({ faults: { dropRate: 1 } })
      const result = yield* Effect.either(Effect.tryPromise(() => fetch(`${s.baseUrl}AccountList`)))
      assert.isTrue(result._tag === "Left")
      yield* s.setFaults({})
      assert.strictEqual((yield* call(s, "AccountList", { token: yield* login(s) })).status, 200)
    }))

  it.scoped("kktstat/shifts refused: HTTP 400 with an empty body", () =>
    Effect.gen(function*() {
      const s = yield* server({ faults: { kktstatShiftsRefused: true } })
      const token = yield* login(s)
      const r = yield* call(s, "kktstat/shifts", { token, body: { From: "2026-01-10T00:00:00", To: "2026-01-11T00:00:00" } })
      assert.strictEqual(r.status, 400)
      assert.strictEqual(r.text, "")
      // The fallback the client uses (ShiftList + ShiftInfo) keeps working.
      const shift = s.dataset.shifts(s.dataset.kkts[0]!)[0]!
      assert.strictEqual((yield* call(s, "ShiftInfo", { token, query: { fn: shift.fn, shift: shift.number } })).status, 200)
    }))

  it.scoped("tokens that expire early: at a rate, or after a shorter lifetime", () =>
    Effect.gen(function*() {
      const s = yield* server({ faults: { tokenExpiryRate: 1 } })
      assert.strictEqual(apiCode(yield* call(s, "AccountList", { token: yield* login(s) })), 2109)
      const short = yield* server({ faults: { sessionTtlMs: 20_000 } })
      const token = yield* login(short)
      yield* TestClock.adjust("19 seconds")
      assert.strictEqual((yield* call(short, "AccountList", { token })).status, 200)
      yield* TestClock.adjust("21 seconds")
      assert.strictEqual(apiCode(yield* call(short, "AccountList", { token })), 2109)
    }))

  it.scoped("added latency waits on Effect's clock", () =>
    Effect.gen(function*() {
      const s = yield* server({ faults: { latency: { _tag: "Fixed", ms: 2_000 } } })
      const fiber = yield* Effect.fork(call(s, "Login", { body: { login: "demo", password: "demo" }, headers: { "Integrator-ID": "demo" } }))
      yield* untilSleeping
      yield* TestClock.adjust("1 second")
      assert.isTrue((yield* Fiber.poll(fiber))._tag === "None", "not answered before the latency")
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Fiber.join(fiber)).status, 200)
    }))

  it.scoped("a slow page: every n-th list request is delayed", () =>
    Effect.gen(function*() {
      const s = yield* server({ faults: { slowPage: { every: 2, delayMs: 30_000 } } })
      const token = yield* login(s)
      assert.strictEqual((yield* call(s, "OutletList", { token })).status, 200)
      const fiber = yield* Effect.fork(call(s, "OutletList", { token }))
      yield* untilSleeping
      yield* TestClock.adjust("30 seconds")
      assert.strictEqual((yield* Fiber.join(fiber)).status, 200)
    }))

  it.scoped("faults never change data: a retrying client gets the same totals", () =>
    Effect.gen(function*() {
      const clean = yield* server()
      const faulty = yield* server({ faults: { errorRate: 0.5, errorStatuses: [500, 502, 503], seed: 7 } })
      const cleanToken = yield* login(clean)
      const shifts = clean.dataset.kkts.flatMap((k) => clean.dataset.shifts(k)).slice(0, 12)
      let failures = 0
      for (const shift of shifts) {
        const query = { fn: shift.fn, shift: shift.number }
        const expected = (yield* call(clean, "ShiftInfo", { token: cleanToken, query })).json
        for (;;) {
          const t = yield* call(faulty, "Login", { body: { login: "demo", password: "demo" }, headers: { "Integrator-ID": "demo" } })
          if (t.status !== 200) {
            failures++
            continue
          }
          const r = yield* call(faulty, "ShiftInfo", { token: t.json.sessionToken, query })
          if (r.status !== 200) {
            failures++
            continue
          }
          assert.deepStrictEqual(r.json, expected)
          break
        }
      }
      assert.isAbove(failures, 3)
    }))
})
