/** The README's example is this folder's client-readme-example.ts, verbatim: it compiles with the tests and runs here. */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as TaxcomClient from "../src/TaxcomClient.js"
import { program, TaxcomLive } from "./client-readme-example.js"
import { documentsOf, makeChain } from "./fake/chain.js"
import { clientLayer, setToday } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const README = fs.readFileSync(path.resolve(__dirname, "../README.md"), "utf8")
const EXAMPLE = fs.readFileSync(path.resolve(__dirname, "client-readme-example.ts"), "utf8")

describe("README", () => {
  it("shows client-readme-example.ts verbatim", () => {
    const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])
    assert.include(blocks, EXAMPLE)
  })

  it.effect("the example's program runs against a Taxcom fake", () => {
    const chain = makeChain()
    const fake = Fake.make({ chain })
    return Effect.gen(function*() {
      yield* setToday
      const result = yield* program
      assert.strictEqual(result.outlets, 3)
      const march = chain.shifts.filter((s) => s.totals.openedAt <= "2025-03-31T23:59:59" && (s.totals.closedAt ?? "9") >= "2025-03-01T00:00:00")
      assert.strictEqual(result.receipts, march.reduce((n, s) => n + documentsOf(s).filter((d) => d.type === 3).length, 0))
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("the example's layer reads its configuration", () =>
    Effect.gen(function*() {
      const taxcom = yield* TaxcomClient.TaxcomClient
      assert.strictEqual(taxcom.settings.baseUrl, "https://api-lk-ofd.taxcom.ru")
      assert.strictEqual(taxcom.settings.timeZone, "Asia/Yekaterinburg")
    }).pipe(
      Effect.provide(
        TaxcomLive.pipe(
          Layer.provide(
            Layer.setConfigProvider(
              ConfigProvider.fromMap(
                new Map([
                  ["TAXCOM_INTEGRATOR_ID", "i-1"],
                  ["TAXCOM_LOGIN", "user"],
                  ["TAXCOM_PASSWORD", "pw"],
                  ["TAXCOM_TIME_ZONE", "Asia/Yekaterinburg"]
                ])
              )
            )
          )
        )
      )
    ))
})
