/**
 * Through core's TaxcomClient: what a real client decodes from the sandbox equals the dataset's ground truth.
 * (The client has its own clock-driven rate limiter, so this runs on the live clock.)
 */
import { FetchHttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Session, TaxcomClient } from "@taxcom-kit/core"
import { Chunk, Effect, Redacted, Stream } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"

const dataset = Dataset.generate({ seed: 81, registers: 6, from: "2026-01-05", to: "2026-01-20", receiptsPerShift: [10, 25] })

const withClient = <A, E>(f: (client: TaxcomClient.Service, server: SandboxServer.SandboxServerService) => Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const server = yield* SandboxServer.make({ dataset })
    const client = yield* TaxcomClient.make({
      baseUrl: server.url,
      integratorId: Redacted.make("demo"),
      credentials: Session.password({ login: "demo", password: Redacted.make("demo") }),
      rateLimit: { limit: 1000, interval: "1 second" }
    }).pipe(Effect.provide(FetchHttpClient.layer))
    return yield* f(client, server)
  })

describe("through core's TaxcomClient", () => {
  it.scopedLive("lists, shifts, documents and the shifts report decode to the dataset's values", () =>
    withClient((client) =>
      Effect.gen(function*() {
        const outlets = Chunk.toReadonlyArray(yield* Stream.runCollect(client.outletList()))
        assert.deepStrictEqual(outlets.map((o) => o.id), dataset.outlets.map((o) => o.id))
        const kkt = dataset.kkts[1]!
        const fn = dataset.currentFn(kkt).number as never
        const period = { from: "2026-01-05T00:00:00" as never, to: "2026-01-20T23:59:59" as never }
        const shifts = Chunk.toReadonlyArray(yield* Stream.runCollect(client.shiftList({ fn, ...period })))
        assert.deepStrictEqual(shifts, dataset.shiftsOfFn(fn).map((s) => dataset.toShift(s)))
        const shift = dataset.shiftsOfFn(fn)[3]!
        const totals = yield* client.shiftInfo({ fn, shift: shift.number })
        assert.deepStrictEqual({ ...totals, reportDate: null }, dataset.shiftTotals(shift))
        const docs = Chunk.toReadonlyArray(yield* Stream.runCollect(client.documentList({ fn, shift: shift.number, types: [2, 3, 31, 5] })))
        assert.deepStrictEqual(docs.map((d) => d.fd), dataset.documents(shift).map((d) => d.fd))
        const receipt = dataset.documents(shift)[2]!
        assert.deepStrictEqual(yield* client.documentInfo({ fn, fd: receipt.fd }), dataset.toDocumentDetail(receipt))
        const report = yield* client.kktStatShifts({ from: "2026-01-06T00:00:00" as never, to: "2026-01-12T23:59:59" as never })
        assert.deepStrictEqual(report.rows, dataset.shiftsReport({ from: "2026-01-06T00:00:00" as never, to: "2026-01-12T23:59:59" as never }).rows)
      })))
})
