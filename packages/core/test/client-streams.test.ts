import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"
import * as Hierarchy from "../src/Hierarchy.js"
import * as LocalDateTime from "../src/LocalDateTime.js"
import * as TaxcomClient from "../src/TaxcomClient.js"
import { documentsOf, makeChain } from "./fake/chain.js"
import { clientLayer, setToday } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const client = TaxcomClient.TaxcomClient
const chain = makeChain()
const longShift = chain.shifts.find((s) => (s.totals.income.receiptCount ?? 0) >= 10)!
const april = { from: LocalDateTime.unsafeFromString("2025-04-01T00:00:00"), to: LocalDateTime.unsafeFromString("2025-04-30T23:59:59") }

describe("paged streams", () => {
  it.effect("a pn/ps list comes as a Stream in order, its pages fetched ahead within the concurrency bound", () => {
    const fake = Fake.make({ chain, maxPageSize: 3, latency: "100 millis" })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(Stream.runCollect(taxcom.documentList({ fn: longShift.totals.fn, shift: longShift.totals.number })))
      yield* TestClock.adjust("10 seconds")
      const docs = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      assert.deepStrictEqual(docs.map((d) => d.fd), documentsOf(longShift).map((d) => d.fd))
      const pages = fake.requests.filter((r) => r.path === "DocumentList")
      assert.strictEqual(pages.length, Math.ceil(docs.length / 3))
      assert.deepStrictEqual(pages.map((r) => r.query.get("ps")), pages.map(() => "3"))
      assert.deepStrictEqual(pages.map((r) => Number(r.query.get("pn"))).sort((a, b) => a - b), pages.map((_, i) => i + 1))
      // After the first page, the rest went out together: up to the bound of 2 in flight.
      assert.strictEqual(fake.inFlight.max, 2)
    }).pipe(Effect.provide(clientLayer(fake, { pageSize: 3, concurrency: 2, rateLimit: { limit: 1000, interval: "1 second" } })))
  })

  it.effect("when the service serves fewer records per page than asked, the rest is read at its size", () => {
    const fake = Fake.make({ chain, capPageSize: 4 })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const docs = Chunk.toReadonlyArray(
        yield* Stream.runCollect(taxcom.documentList({ fn: longShift.totals.fn, shift: longShift.totals.number }))
      )
      assert.deepStrictEqual(docs.map((d) => d.fd), documentsOf(longShift).map((d) => d.fd))
      const pages = fake.requests.filter((r) => r.path === "DocumentList").map((r) => r.query.get("ps"))
      assert.deepStrictEqual(pages, ["50", ...pages.slice(1).map(() => "4")])
    }).pipe(Effect.provide(clientLayer(fake, { pageSize: 50 })))
  })

  it.effect("DocumentList repeats `type` for several document types", () => {
    const fake = Fake.make({ chain })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const docs = yield* Stream.runCollect(taxcom.documentList({ fn: longShift.totals.fn, shift: longShift.totals.number, types: [2, 5] }))
      assert.deepStrictEqual(Chunk.toReadonlyArray(docs).map((d) => d.type), [2, 5])
      assert.deepStrictEqual(fake.requests.find((r) => r.path === "DocumentList")!.query.getAll("type"), ["2", "5"])
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("kktstat/kktinfo pages by PageNumber until PageCount", () => {
    const row = (n: number) => ({ KktName: `Касса ${n}`, KktRegNumber: String(n).padStart(16, "0"), ShiftStatus: "open" })
    const fake = Fake.make({
      chain,
      intercept: (req) => {
        if (req.path !== "kktstat/kktinfo") return undefined
        const body = JSON.parse(req.body) as { PageNumber: number; ShiftOpen?: boolean }
        assert.strictEqual(body.ShiftOpen, true)
        const p = body.PageNumber
        return { status: 200, body: { Created: "2025-05-20T12:00:00", PageCount: "3", Items: [row(p * 10 + 1), row(p * 10 + 2)] } }
      }
    })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const rows = Chunk.toReadonlyArray(yield* Stream.runCollect(taxcom.kktStatKktInfo({ shiftOpen: true })))
      assert.deepStrictEqual(rows.map((r) => r.name), ["Касса 11", "Касса 12", "Касса 21", "Касса 22", "Касса 31", "Касса 32"])
      assert.strictEqual(fake.count("kktstat/kktinfo"), 3)
    }).pipe(Effect.provide(clientLayer(fake)))
  })
})

describe("hierarchy streams", () => {
  it.effect("outlets → registers → drives (FnHistory) → shifts → documents, keyed with the FN", () => {
    const fake = Fake.make({ chain, maxPageSize: 5 })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const registers = Chunk.toReadonlyArray(yield* Stream.runCollect(taxcom.registers()))
      assert.deepStrictEqual(registers.map((r) => `${r.outlet.id}:${r.kkt.regNumber}`), chain.registers.map((r) => `${r.outletId}:${r.kkt.regNumber}`))

      const drives = Chunk.toReadonlyArray(yield* Stream.runCollect(taxcom.fiscalDrives()))
      assert.deepStrictEqual(drives.map((d) => d.fn), chain.registers.flatMap((r) => r.drives.map((d) => d.fn)))
      assert.deepStrictEqual(drives.filter((d) => d.kkt.regNumber === chain.registers[2]!.kkt.regNumber).map((d) => d.active), [false, true])

      // April: register 3 changes drives on the 10th, so its shift numbers 1.. appear under two FNs.
      const shifts = Chunk.toReadonlyArray(yield* Stream.runCollect(taxcom.shifts(april)))
      const expected = chain.shifts.filter((s) => s.totals.openedAt <= april.to && (s.totals.closedAt ?? "9999") >= april.from)
      assert.strictEqual(shifts.length, expected.length)
      const keys = shifts.map((s) => Hierarchy.shiftKey(s.shift.fn, s.shift.number))
      assert.strictEqual(new Set(keys).size, keys.length)
      const numbers = shifts.map((s) => String(s.shift.number))
      assert.isBelow(new Set(numbers).size, numbers.length, "shift numbers alone repeat across drives")

      const docs = Chunk.toReadonlyArray(yield* Stream.runCollect(taxcom.documents({ ...april, outletId: "o-b", types: [3] })))
      const inB = expected.filter((s) => chain.registers.find((r) => r.kkt.regNumber === s.kktRegNumber)!.outletId === "o-b")
      assert.strictEqual(docs.length, inB.reduce((n, s) => n + documentsOf(s).filter((d) => d.type === 3).length, 0))
      const docKeys = docs.map((d) => Hierarchy.documentKey(d.document.fn, d.document.fd))
      assert.strictEqual(new Set(docKeys).size, docKeys.length)
      assert.isTrue(docs.every((d) => d.outlet.id === "o-b" && d.document.fn === d.shift.fn))
    }).pipe(Effect.provide(clientLayer(fake, { pageSize: 5 })))
  })

  it.effect("outletPlaces puts each outlet in the deepest department that lists it", () => {
    const fake = Fake.make({ chain })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const places = yield* taxcom.outletPlaces
      assert.strictEqual(places.get("o-a")!.department?.name, "Север")
      assert.strictEqual(places.get("o-b")!.department?.name, "Юг")
      assert.isNull(places.get("o-c")!.department)
    }).pipe(Effect.provide(clientLayer(fake)))
  })
})
