/**
 * The server's fast encoder walks core's response schemas without re-checking refinements; here every method's
 * answer is compared, byte for byte, with a server that encodes with `Schema.encodeSync` itself.
 */
import { assert, it } from "@effect/vitest"
import { Methods } from "@taxcom-kit/core"
import { Effect } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"
import { call, login, requestsForEveryMethod } from "./helpers.js"

it.scoped("the fast encoder writes exactly what Schema.encodeSync writes, for every method", () =>
  Effect.gen(function*() {
    const options = { seed: 8, registers: 6, from: "2026-01-20", to: "2026-01-29" }
    const fast = yield* SandboxServer.make({ dataset: Dataset.generate(options) })
    const strict = yield* SandboxServer.make({ dataset: Dataset.generate(options), settings: { strictEncoding: true } })
    const fastToken = yield* login(fast)
    const strictToken = yield* login(strict)
    assert.strictEqual(fastToken, strictToken)
    const a = requestsForEveryMethod(fast, fastToken, fast.dataset)
    const b = requestsForEveryMethod(strict, strictToken, strict.dataset)
    for (const spec of Methods.all) {
      const ra = yield* a[spec.name]!()
      const rb = yield* b[spec.name]!()
      assert.strictEqual(ra.status, rb.status, spec.name)
      assert.strictEqual(ra.text, rb.text, spec.name)
    }
    // kktstat/shifts in every grouping, over every shift.
    for (const GroupBy of ["none", "outlet", "dep"]) {
      const body = { From: "2026-01-20T00:00:00", To: "2026-01-29T23:59:59", GroupBy }
      const ra = yield* call(fast, "kktstat/shifts", { token: fastToken, body })
      const rb = yield* call(strict, "kktstat/shifts", { token: strictToken, body })
      assert.strictEqual(ra.status, 200)
      assert.strictEqual(ra.text, rb.text, GroupBy)
    }
  }))
