import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Redacted, TestClock } from "effect"
import * as TaxcomClient from "../src/TaxcomClient.js"
import { makeChain } from "./fake/chain.js"
import { clientLayer, setToday, TODAY } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const client = TaxcomClient.TaxcomClient

describe("rate limit and concurrency", () => {
  it.effect("the rate limiter holds under TestClock: 10 per second, bursts of 10 at most", () => {
    const fake = Fake.make({ chain: makeChain() })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      yield* taxcom.authenticate // the login takes the first token
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 40 }, () => taxcom.accountList), { concurrency: "unbounded" }))
      for (let i = 0; i < 50; i++) yield* TestClock.adjust("100 millis")
      yield* Fiber.join(fiber)
      const times = fake.requests.map((r) => r.at - TODAY)
      assert.strictEqual(times.length, 41)
      // Token bucket (limit 10, 1 s): never more than 10 + t/100 ms requests started by time t.
      for (const t of [0, 100, 500, 1000, 2000, 3000]) {
        assert.isAtMost(times.filter((x) => x <= t).length, 10 + Math.floor(t / 100), `by ${t} ms`)
      }
      // ...and it does not hold them back more than that: all 41 have gone by 3.1 s.
      assert.isAtMost(times[times.length - 1]!, 3100)
    }).pipe(Effect.provide(clientLayer(fake, { concurrency: 64, rateLimit: { limit: 10, interval: "1 second" } })))
  })

  it.effect("no more requests in flight than the concurrency bound, logins included", () => {
    const fake = Fake.make({ chain: makeChain(), latency: "200 millis" })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 30 }, () => taxcom.accountList), { concurrency: "unbounded" }))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      assert.strictEqual(fake.inFlight.max, 3)
      assert.strictEqual(fake.count("AccountList"), 30)
    }).pipe(Effect.provide(clientLayer(fake, { concurrency: 3, rateLimit: { limit: 1000, interval: "1 second" } })))
  })

  it.effect("invalid options fail the layer with a ConfigError", () =>
    Effect.gen(function*() {
      const fake = Fake.make()
      const error = yield* Effect.flip(
        TaxcomClient.make({ baseUrl: "https://x", integratorId: Redacted.make("i"), pageSize: 5000 }).pipe(
          Effect.provide(fake.layer),
          Effect.scoped
        )
      )
      assert.strictEqual(error._op, "InvalidData")
      assert.include(String(error), "pageSize")
    }))
})
