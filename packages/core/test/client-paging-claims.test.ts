import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import * as LocalDateTime from "../src/LocalDateTime.js"
import * as TaxcomClient from "../src/TaxcomClient.js"
import { makeChain } from "./fake/chain.js"
import { clientLayer, setToday } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const client = TaxcomClient.TaxcomClient
const chain = makeChain()
const april = { from: LocalDateTime.unsafeFromString("2025-04-01T00:00:00"), to: LocalDateTime.unsafeFromString("2025-04-30T23:59:59") }
const fn = chain.registers[0]!.kkt.fn

const shiftRecord = (n: number) => ({
  fnFactoryNumber: fn, shiftNumber: n, openDateTime: "2025-04-02T09:00:00", closeDateTime: "2025-04-02T21:00:00", receiptCount: 3
})

/** A ShiftList whose first page holds `first` records and claims `claimed`; every later page is empty. */
const lyingShiftList = (first: number, claimed: number) => (req: Fake.FakeRequest): Fake.Reply | undefined => {
  if (req.path !== "ShiftList") return undefined
  const records = req.query.get("pn") === "1" ? Array.from({ length: first }, (_, i) => shiftRecord(i + 1)) : []
  return {
    status: 200,
    body: { reportDate: "2025-05-20T12:00:00", counts: { recordCount: claimed, recordFilteredCount: claimed, recordInResponceCount: records.length }, records }
  }
}

describe("pages that lie about their size", () => {
  it.effect("a page claiming a billion records, then an empty page: a DecodeError, after a handful of requests", () => {
    const fake = Fake.make({ chain, intercept: lyingShiftList(3, 1_000_000_000) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const e = yield* Effect.flip(Stream.runCollect(taxcom.shiftList({ fn, ...april })))
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag !== "DecodeError") return
      assert.strictEqual(e.path, "$.counts.recordFilteredCount")
      assert.include(e.message, "recordFilteredCount 1000000000 means 333333334 pages of 3, but page 2 holds 0 records")
      assert.isAtMost(fake.count("ShiftList"), 1 + 4)
    }).pipe(Effect.provide(clientLayer(fake, { concurrency: 4 })))
  })

  it.effect("the same through the hierarchy, which reads each drive's shifts whole", () => {
    const fake = Fake.make({ chain, intercept: lyingShiftList(3, 1_000_000_000) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const e = yield* Effect.flip(Stream.runCollect(taxcom.shifts({ ...april, kktRegNumber: chain.registers[0]!.kkt.regNumber })))
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag === "DecodeError") assert.strictEqual(e.path, "$.counts.recordFilteredCount")
      assert.isAtMost(fake.count("ShiftList"), 1 + 4)
    }).pipe(Effect.provide(clientLayer(fake, { concurrency: 4 })))
  })

  it.effect("a page holding more records than asked for: a DecodeError, and no further page is asked", () => {
    const fake = Fake.make({ chain, intercept: lyingShiftList(150, 150_000) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const e = yield* Effect.flip(Stream.runCollect(taxcom.shiftList({ fn, ...april })))
      assert.strictEqual(e._tag, "DecodeError")
      if (e._tag === "DecodeError") assert.include(e.message, "ShiftList: cannot read the answer at $.records: page 1 holds 150 records, more than the 100 asked for")
      assert.strictEqual(fake.count("ShiftList"), 1)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("a last page that comes back empty (a record gone meanwhile) is no error", () => {
    const fake = Fake.make({ chain, intercept: lyingShiftList(3, 4) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const shifts = yield* Stream.runCollect(taxcom.shiftList({ fn, ...april }))
      assert.strictEqual(Chunk.size(shifts), 3)
    }).pipe(Effect.provide(clientLayer(fake, { pageSize: 3 })))
  })
})
