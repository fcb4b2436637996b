import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import type * as Ids from "../src/Ids.js"
import type * as Registration from "../src/Registration.js"
import * as TaxcomClient from "../src/TaxcomClient.js"
import { makeChain } from "./fake/chain.js"
import { clientLayer, setToday } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const client = TaxcomClient.TaxcomClient

/** Answers `path` with `replies` in turn, then lets the fake answer. */
const faults = (path: string, replies: ReadonlyArray<Fake.Reply>) => {
  let i = 0
  return (req: Fake.FakeRequest): Fake.Reply | undefined => (req.path === path && i < replies.length ? replies[i++] : undefined)
}

const gateway = (status: number, headers: Record<string, string> = {}): Fake.Reply => ({ status, text: "<html>Bad gateway</html>", headers })

const registration: Registration.RegistrationRequest = {
  kktFactoryNumber: "0012345678" as Ids.KktFactoryNumber,
  kktModel: "АТОЛ 30Ф",
  fn: "9999078900000009" as Ids.FnNumber,
  fnModel: "ФН-1.1М",
  address: {
    fiasId: null,
    postalCode: "101000",
    regionCode: "77",
    district: null,
    city: "Москва",
    settlement: null,
    street: "Ленина",
    house: "1",
    building: null,
    flat: null,
    placeName: "Магазин"
  },
  usage: {
    lottery: false,
    gambling: false,
    bankPaymentAgent: false,
    paymentAgent: false,
    automatic: false,
    automatNumber: null,
    internet: false,
    delivery: false,
    bsoSystem: false,
    excise: false
  }
}

describe("retries", () => {
  it.effect("a GET hit by two 503s then a 200 succeeds", () => {
    const fake = Fake.make({ chain: makeChain(), intercept: faults("OutletList", [gateway(503), gateway(503)]) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(taxcom.outletListPage())
      // Backoff 500 ms then 1 s, jittered ±20%, capped at 10 s.
      yield* TestClock.adjust("3 seconds")
      const page = yield* Fiber.join(fiber)
      assert.strictEqual(page.records.length, 3)
      assert.strictEqual(fake.count("OutletList"), 3)
      const [a, b, c] = fake.requests.filter((r) => r.path === "OutletList").map((r) => r.at)
      assert.isAtLeast(b! - a!, 400)
      assert.isAtMost(b! - a!, 600)
      assert.isAtLeast(c! - b!, 800)
      assert.isAtMost(c! - b!, 1200)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("CreateKKTRegApp hit by a 503 fails with the typed error and was sent once", () => {
    const fake = Fake.make({ chain: makeChain(), intercept: faults("CreateKKTRegApp", [gateway(503)]) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(Effect.flip(taxcom.createKktRegApp(registration)))
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "HttpStatusError")
      if (error._tag === "HttpStatusError") {
        assert.strictEqual(error.httpStatus, 503)
        assert.strictEqual(error.method, "CreateKKTRegApp")
      }
      assert.strictEqual(fake.count("CreateKKTRegApp"), 1)
      // The application went out with the documented wire names.
      const body = JSON.parse(fake.requests.find((r) => r.path === "CreateKKTRegApp")!.body)
      assert.strictEqual(body.fnFactoryNumber, "9999078900000009")
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("no create method nor DraftAccept is ever retried, even on 5101", () => {
    const serverError: Fake.Reply = { status: 500, body: { httpErrorCode: 500, apiErrorCode: 5101, commonDescription: "Внутренняя ошибка сервера" } }
    const fake = Fake.make({
      chain: makeChain(),
      intercept: (req) => (["CreateKKTRe-RegApp", "CreateKKTRemovalApp", "DraftAccept"].includes(req.path) ? serverError : undefined)
    })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const proof = { dateTime: "2025-05-01T10:00:00" as never, fd: 12 as Ids.FdNumber, fiscalSign: "123456" }
      const fiber = yield* Effect.fork(Effect.all([
        Effect.flip(taxcom.createKktReRegApp({
          ...registration,
          kktRegNumber: "0000000000000001" as Ids.KktRegNumber,
          reasons: {
            addressChange: true,
            ofdChange: false,
            automaticModeChange: false,
            fnChange: false,
            offlineToOnline: false,
            userNameChange: false,
            other: false
          },
          proof
        })),
        Effect.flip(taxcom.createKktRemovalApp({
          kktRegNumber: "0000000000000001" as Ids.KktRegNumber,
          kktFactoryNumber: "0012345678" as Ids.KktFactoryNumber,
          kktModel: "АТОЛ 30Ф",
          stolen: false,
          lost: false,
          proof
        })),
        Effect.flip(taxcom.draftAccept([{ id: 7 as Ids.DraftId, type: "Registration", kktModel: "АТОЛ 30Ф", fnDuration: "15", tariff: "CD_Base" }]))
      ]))
      yield* TestClock.adjust("1 minute")
      const errors = yield* Fiber.join(fiber)
      assert.deepStrictEqual(errors.map((e) => e._tag), ["ServerError", "ServerError", "ServerError"])
      assert.strictEqual(fake.count("CreateKKTRe-RegApp"), 1)
      assert.strictEqual(fake.count("CreateKKTRemovalApp"), 1)
      assert.strictEqual(fake.count("DraftAccept"), 1)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("429 with Retry-After waits that long", () => {
    const fake = Fake.make({ chain: makeChain(), intercept: faults("OutletList", [gateway(429, { "retry-after": "7" })]) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(taxcom.outletListPage())
      yield* TestClock.adjust("6999 millis")
      assert.strictEqual(fake.count("OutletList"), 1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      const [a, b] = fake.requests.filter((r) => r.path === "OutletList").map((r) => r.at)
      assert.strictEqual(b! - a!, 7000)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("a Retry-After longer than maxRetryAfter is not waited for: the error carries it", () => {
    const fake = Fake.make({ chain: makeChain(), intercept: faults("OutletList", [gateway(429, { "retry-after": "600" })]) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const error = yield* Effect.flip(taxcom.outletListPage())
      assert.strictEqual(error._tag, "HttpStatusError")
      if (error._tag === "HttpStatusError") assert.strictEqual(error.retryAfterMillis, 600_000)
      assert.strictEqual(fake.count("OutletList"), 1)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("kktstat/shifts is a read-only POST: retried on 502 and 5102", () => {
    const fake = Fake.make({
      chain: makeChain(),
      intercept: faults("kktstat/shifts", [
        gateway(502),
        { status: 500, body: { httpErrorCode: 500, apiErrorCode: 5102, commonDescription: "Необрабатываемое исключение" } }
      ])
    })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(
        taxcom.kktStatShifts({ from: "2025-04-01T00:00:00" as never, to: "2025-04-10T23:59:59" as never })
      )
      yield* TestClock.adjust("10 seconds")
      const report = yield* Fiber.join(fiber)
      assert.isAbove(report.rows.length, 0)
      assert.strictEqual(fake.count("kktstat/shifts"), 3)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("a request that times out is retried, with the same session", () => {
    let slow = 2
    const fake = Fake.make({ chain: makeChain(), latency: (req) => (req.path === "AccountList" && slow-- > 0 ? "2 minutes" : undefined) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(taxcom.accountList)
      yield* TestClock.adjust("1 minute")
      const accounts = yield* Fiber.join(fiber)
      assert.strictEqual(accounts.accounts.length, 1)
      assert.strictEqual(fake.count("AccountList"), 3)
      assert.strictEqual(fake.count("Login"), 1)
    }).pipe(Effect.provide(clientLayer(fake, { requestTimeout: "5 seconds" })))
  })

  it.effect("a login that keeps timing out is tried 1 + `times` times, not again for each retry of the call", () => {
    const fake = Fake.make({ chain: makeChain(), latency: "2 minutes" })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(Effect.flip(taxcom.accountList))
      yield* TestClock.adjust("30 minutes")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") assert.strictEqual(error.method, "Login")
      // Login is repeated after a transient fault (it only creates a token): 1 + 2 retries.
      assert.strictEqual(fake.count("Login"), 3)
      assert.strictEqual(fake.count("AccountList"), 0)
    }).pipe(Effect.provide(clientLayer(fake, { requestTimeout: "5 seconds", retry: { times: 2 } })))
  })

  it.effect("a connection reset is retried for a GET", () => {
    const fake = Fake.make({ chain: makeChain(), intercept: faults("ShiftInfo", [{ status: -1 }]) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const s = makeChain().shifts[0]!
      const fiber = yield* Effect.fork(taxcom.shiftInfo({ fn: s.totals.fn, shift: s.totals.number }))
      yield* TestClock.adjust("2 seconds")
      const totals = yield* Fiber.join(fiber)
      assert.deepStrictEqual(totals.income, s.totals.income)
      assert.strictEqual(fake.count("ShiftInfo"), 2)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("a 404 (not transient) is not retried", () => {
    const fake = Fake.make({ chain: makeChain() })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const error = yield* Effect.flip(taxcom.shiftInfo({ fn: "9999078900000001" as Ids.FnNumber, shift: 9999 }))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual(fake.count("ShiftInfo"), 1)
    }).pipe(Effect.provide(clientLayer(fake)))
  })
})
