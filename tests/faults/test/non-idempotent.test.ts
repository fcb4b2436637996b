/**
 * The calls that must never be sent twice — CreateKKTRegApp, CreateKKTRe-RegApp, CreateKKTRemovalApp and DraftAccept
 * (a repeated application is a second application) — through the client against the sandbox with harsh faults.
 * Every request the client sends is recorded with its answer, and the sandbox counts what it received: a create call
 * is sent again only after a 401 (2109, the service refused the token unread), never after a 5xx, a dropped
 * connection or an answer. The sandbox's state agrees: exactly the calls that succeeded left an application.
 */
import { it } from "@effect/vitest"
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { type Ids, type Registration, Session, TaxcomClient, type TaxcomError } from "@taxcom-kit/core"
import { Effect, Either, Layer, Redacted } from "effect"
import { afterAll, assert, beforeAll, describe } from "vitest"
import { type Running, start } from "./support/sandbox.js"

const CREATE_METHODS = ["CreateKKTRegApp", "CreateKKTRe-RegApp", "CreateKKTRemovalApp", "DraftAccept"] as const

interface Sent {
  readonly method: string
  /** The HTTP status, or `transport` when no answer came. */
  readonly outcome: number | "transport"
}

const sent: Array<Sent> = []

/** The method of a request: the last path segment (`/API/v2/fns/CreateKKTRegApp` → `CreateKKTRegApp`). */
const methodOf = (url: string) => new URL(url).pathname.split("/").filter((s) => s !== "").pop() ?? ""

const recording = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (response, request) =>
    response.pipe(
      Effect.tap((r) => Effect.sync(() => void sent.push({ method: methodOf(request.url), outcome: r.status }))),
      Effect.tapError(() => Effect.sync(() => void sent.push({ method: methodOf(request.url), outcome: "transport" })))
    ))

let sandbox: Running
let client: Layer.Layer<TaxcomClient.TaxcomClient>

beforeAll(async () => {
  sandbox = await start({
    dataset: { seed: 23, registers: 4, from: "2026-01-01", to: "2026-01-31" },
    settings: {
      // The tax service answers at once, so the registration reports reach DraftList within the test.
      registration: { rnmDelayMs: 0, cardDelayMs: 0 },
      faults: { seed: 5, errorRate: 0.25, errorStatuses: [500, 502, 503, 504], dropRate: 0.1, tokenExpiryRate: 0.15 }
    }
  })
  client = TaxcomClient.layer({
    baseUrl: sandbox.server.url,
    integratorId: Redacted.make("demo"),
    credentials: Session.password({ login: "demo", password: Redacted.make("demo") }),
    rateLimit: { limit: 1000, interval: "1 second" },
    retry: { baseDelay: "5 millis", maxDelay: "20 millis" },
    transformClient: recording
  }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.orDie)
}, 60_000)

afterAll(() => sandbox?.close())

const address: Registration.InstallationAddress = {
  fiasId: null, postalCode: "101000", regionCode: "77", district: null, city: "Москва", settlement: null,
  street: "ул. Тверская", house: "7", building: null, flat: null, placeName: "Торговый зал"
}
const usage: Registration.UsageFlags = {
  lottery: false, gambling: false, bankPaymentAgent: false, paymentAgent: false, automatic: false, automatNumber: null,
  internet: false, delivery: false, bsoSystem: false, excise: false
}
const proof: Registration.FiscalProof = { dateTime: "2026-01-20T10:00:00" as never, fd: 10 as Ids.FdNumber, fiscalSign: "1234567890" }

/** One call of a create method: what the client answered, and every request it sent for it. */
interface Outcome {
  readonly method: string
  readonly result: Either.Either<unknown, TaxcomError.TaxcomError>
  readonly requests: ReadonlyArray<Sent>
}

const once = <A>(method: string, call: Effect.Effect<A, TaxcomError.TaxcomError>): Effect.Effect<Outcome & { result: Either.Either<A, TaxcomError.TaxcomError> }> =>
  Effect.gen(function*() {
    const from = sent.length
    const result = yield* Effect.either(call)
    return { method, result, requests: sent.slice(from).filter((s) => s.method === method) }
  })

describe("non-idempotent calls under faults", () => {
  it.live("each create call is sent once, or again only after the service refused the token unread (401)", () =>
    Effect.gen(function*() {
      const taxcom = yield* TaxcomClient.TaxcomClient
      const ds = sandbox.server.dataset
      const outcomes: Array<Outcome> = []
      const fns: Array<{ fn: Ids.FnNumber; outcome: Outcome }> = []
      for (let i = 0; i < 16; i++) {
        const fn = `99994405000001${String(i).padStart(2, "0")}` as Ids.FnNumber
        const o = yield* once("CreateKKTRegApp", taxcom.createKktRegApp({
          kktFactoryNumber: `001069999900${String(i).padStart(2, "0")}` as Ids.KktFactoryNumber,
          kktModel: "АТОЛ 30Ф", fn, fnModel: "ФН-1.1М исполнение 36", address, usage
        }))
        outcomes.push(o)
        fns.push({ fn, outcome: o })
      }
      const kkts = ds.kkts.slice(0, 4)
      for (const [i, kkt] of kkts.entries()) {
        outcomes.push(yield* once("CreateKKTRe-RegApp", taxcom.createKktReRegApp({
          kktRegNumber: kkt.regNumber as Ids.KktRegNumber,
          reasons: { addressChange: true, ofdChange: false, automaticModeChange: false, fnChange: false, offlineToOnline: false, userNameChange: false, other: false },
          kktFactoryNumber: kkt.factoryNumber as Ids.KktFactoryNumber, kktModel: "АТОЛ 30Ф",
          fn: `99994405000002${String(i).padStart(2, "0")}` as Ids.FnNumber, fnModel: "ФН-1.1М исполнение 36", address, usage, proof
        })))
        outcomes.push(yield* once("CreateKKTRemovalApp", taxcom.createKktRemovalApp({
          kktRegNumber: kkt.regNumber as Ids.KktRegNumber, kktFactoryNumber: kkt.factoryNumber as Ids.KktFactoryNumber,
          kktModel: "АТОЛ 30Ф", stolen: false, lost: false, proof
        })))
      }
      // The registration reports of the applications that went through, each accepted on its own.
      const drafts = (yield* taxcom.draftList).filter((d) => fns.some((f) => f.fn === d.fn))
      const accepts: Array<{ id: number; outcome: Outcome }> = []
      for (const d of drafts) {
        const o = yield* once("DraftAccept", taxcom.draftAccept([{ id: d.id, type: d.type, kktModel: "АТОЛ 30Ф", fnDuration: "36", tariff: "CD_Base" }]))
        outcomes.push(o)
        accepts.push({ id: d.id, outcome: o })
      }

      // No request of a create call follows an answer other than 401, or a dropped connection.
      for (const o of outcomes) {
        assert.isAtLeast(o.requests.length, 1, o.method)
        const repeatedAfter = o.requests.slice(0, -1).filter((r) => r.outcome !== 401)
        assert.deepStrictEqual(repeatedAfter, [], `${o.method} was sent again after ${JSON.stringify(repeatedAfter)}`)
      }
      // The sandbox received exactly what the client recorded sending.
      const stats = yield* sandbox.server.stats
      for (const m of CREATE_METHODS) {
        assert.strictEqual(stats.requests[m] ?? 0, sent.filter((s) => s.method === m).length, m)
      }
      // The faults hit the create calls in every way: 5xx, dropped connections, and refused tokens.
      const failed = outcomes.filter((o) => Either.isLeft(o.result)).map((o) => (o.result as Either.Left<TaxcomError.TaxcomError, unknown>).left._tag)
      assert.include(failed, "TransportError")
      assert.isTrue(failed.includes("ServerError") || failed.includes("HttpStatusError"), failed.join(", "))
      assert.isTrue(outcomes.some((o) => o.requests.length > 1), "some create call was refused with 401 and sent again")
      assert.isAbove(outcomes.filter((o) => Either.isRight(o.result)).length, 5)

      // The sandbox's state: an application exists for exactly the calls that succeeded.
      yield* sandbox.server.setFaults({})
      for (const { fn, outcome } of fns) {
        const app = yield* Effect.either(taxcom.kktRegApp(fn))
        assert.strictEqual(Either.isRight(app), Either.isRight(outcome.result), `application for ${fn}`)
        if (Either.isLeft(app)) assert.strictEqual(app.left._tag, "NotFoundError")
      }
      // And a report left DraftList exactly when its DraftAccept call succeeded.
      const left = new Set((yield* taxcom.draftList).map((d) => d.id as number))
      for (const { id, outcome } of accepts) assert.strictEqual(!left.has(id), Either.isRight(outcome.result), `draft ${id}`)
    }).pipe(Effect.provide(client)), 120_000)
})
