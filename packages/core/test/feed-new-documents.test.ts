import { FileSystem } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Layer, Option, Schema, Stream, TestClock } from "effect"
import * as FeedCursorStore from "../src/FeedCursorStore.js"
import * as FeedCursorStoreFile from "../src/FeedCursorStore/File.js"
import type * as Ids from "../src/Ids.js"
import * as NewDocumentsFeed from "../src/NewDocumentsFeed.js"
import * as Wire from "../src/wire/index.js"
import { clientLayer, setToday, TODAY } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const MINUTE = 60_000
const DAY = 86_400_000

/** Feed documents 1001.., decoded from the wire like the client would. */
const feedDocuments = (n: number, firstId = 1001) =>
  Schema.decodeUnknownSync(Wire.NewDocuments.NewDocuments)({
    records: Array.from({ length: n }, (_, i) => ({
      id: firstId + i,
      documentType: "3",
      document: { "1041": "9999078900000001", "1040": 500 + i, "1038": 7, "1012": "2025-05-19T10:00:00", "1020": 100 * (i + 1) }
    }))
  }).documents

const entries = (docs: ReadonlyArray<(typeof feedDocuments extends (...a: any) => infer R ? R : never)[number]>, receivedAt: (i: number) => number) =>
  docs.map((document, i): Fake.FeedEntry => ({ receivedAt: receivedAt(i), document }))

const polls = (fake: Fake.Fake) => fake.requests.filter((r) => r.path === "NewDocuments")

const storeLayer = (store: FeedCursorStore.Service) => Layer.succeed(FeedCursorStore.FeedCursorStore, store)

describe("NewDocuments feed", () => {
  it.effect("polls at once while batches are full, then no more than once a minute (TestClock)", () => {
    const docs = feedDocuments(8)
    // Five documents are there from the start; three more arrive 90 s, 150 s and 400 s later.
    const arrival = [-DAY, -DAY, -DAY, -DAY, -DAY, 90_000, 150_000, 400_000]
    const fake = Fake.make({ feed: entries(docs, (i) => TODAY + arrival[i]!), feedBatchLimit: 2 })
    return Effect.gen(function*() {
      yield* setToday
      const fiber = yield* Effect.fork(Stream.runCollect(NewDocumentsFeed.stream({ batchLimit: 2 }).pipe(Stream.take(8))))
      for (let i = 0; i < 60; i++) yield* TestClock.adjust("10 seconds")
      const events = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      assert.deepStrictEqual(events.map((e) => (e._tag === "Received" ? e.document.id : "gap")), docs.map((d) => d.id))
      const times = polls(fake).map((r) => (r.at - TODAY) / 1000)
      // Full batches of 2 are followed at once; after the batch of 1 the feed is caught up and waits a minute each time.
      assert.deepStrictEqual(times.slice(0, 3), [0, 0, 0])
      for (let i = 3; i < times.length; i++) assert.isAtLeast(times[i]! - times[i - 1]!, 60, `poll ${i}`)
      assert.deepStrictEqual(times, [0, 0, 0, 60, 120, 180, 240, 300, 360, 420])
      assert.deepStrictEqual(polls(fake).map((r) => r.query.get("id")), [null, "1002", "1004", "1005", "1005", "1006", "1007", "1007", "1007", "1007"])
    }).pipe(Effect.provide(clientLayer(fake)), Effect.provide(FeedCursorStore.layerMemory))
  })

  it.effect("the cursor resumes after a restart (at-least-once: saved when the next batch is asked for)", () => {
    const docs = feedDocuments(5)
    const fake = Fake.make({ feed: entries(docs, (i) => TODAY - DAY + i), feedBatchLimit: 2 })
    const store = FeedCursorStore.makeMemory()
    const firstRun = Stream.runCollect(NewDocumentsFeed.stream({ batchLimit: 2, agreementNumber: "A-1" }).pipe(Stream.take(3)))
    const secondRun = Stream.runCollect(NewDocumentsFeed.stream({ batchLimit: 2, agreementNumber: "A-1" }).pipe(Stream.take(3)))
    return Effect.gen(function*() {
      yield* setToday
      const first = yield* firstRun.pipe(Effect.provide(clientLayer(fake)))
      const saved = yield* store.load("NewDocuments:A-1")
      assert.deepStrictEqual(Option.map(saved, (c): [string, boolean] => [c.id, c.caughtUp]), Option.some<[string, boolean]>(["1002", false]))
      // A new process: a new client over the same store.
      const second = yield* secondRun.pipe(Effect.provide(clientLayer(fake)))
      const ids = (c: typeof first) => Chunk.toReadonlyArray(c).map((e) => (e._tag === "Received" ? e.document.id : "gap"))
      assert.deepStrictEqual(ids(first), ["1001", "1002", "1003"])
      assert.deepStrictEqual(ids(second), ["1003", "1004", "1005"])
      const restart = polls(fake)[2]!
      assert.strictEqual(restart.query.get("id"), "1002")
      assert.strictEqual(restart.query.get("an"), "A-1")
      assert.strictEqual(fake.count("Login"), 2)
    }).pipe(Effect.provide(storeLayer(store)))
  })

  it.effect("the file-backed store keeps cursors as JSON and replaces the file atomically", () => {
    const files = new Map<string, string>()
    const renames: Array<string> = []
    const fs = FileSystem.layerNoop({
      exists: (path) => Effect.succeed(files.has(path)),
      readFileString: (path) => Effect.succeed(files.get(path) ?? ""),
      writeFileString: (path, data) => Effect.sync(() => void files.set(path, data)),
      rename: (from, to) =>
        Effect.sync(() => {
          renames.push(`${from} → ${to}`)
          files.set(to, files.get(from)!)
          files.delete(from)
        })
    })
    return Effect.gen(function*() {
      const store = yield* FeedCursorStoreFile.make("/var/lib/taxcom/cursor.json")
      assert.isTrue(Option.isNone(yield* store.load("NewDocuments:*")))
      yield* store.save("NewDocuments:*", { id: "1002" as Ids.FeedDocumentId, polledAt: 5, caughtUp: true })
      yield* store.save("NewDocuments:A-1", { id: "77" as Ids.FeedDocumentId, polledAt: 6, caughtUp: false })
      // Read back by a fresh store, as after a restart.
      const again = yield* FeedCursorStoreFile.make("/var/lib/taxcom/cursor.json")
      assert.deepStrictEqual(yield* again.load("NewDocuments:*"), Option.some({ id: "1002" as Ids.FeedDocumentId, polledAt: 5, caughtUp: true }))
      assert.deepStrictEqual(renames, Array(2).fill("/var/lib/taxcom/cursor.json.tmp → /var/lib/taxcom/cursor.json"))
      assert.deepStrictEqual(Object.keys(JSON.parse(files.get("/var/lib/taxcom/cursor.json")!)), ["NewDocuments:*", "NewDocuments:A-1"])
      files.set("/var/lib/taxcom/cursor.json", "{not json")
      const broken = yield* Effect.flip(again.load("NewDocuments:*"))
      assert.strictEqual(broken._tag, "FeedCursorStoreError")
    }).pipe(Effect.provide(fs))
  })

  it.effect("a cursor older than the 21-day window is reported as a gap, then the feed goes on from the window", () => {
    const docs = feedDocuments(3)
    const fake = Fake.make({ feed: entries(docs, (i) => TODAY - 2 * DAY + i) })
    const store = FeedCursorStore.makeMemory([
      ["NewDocuments:*", { id: "900" as Ids.FeedDocumentId, polledAt: TODAY - 30 * DAY, caughtUp: true }]
    ])
    return Effect.gen(function*() {
      yield* setToday
      const events = Chunk.toReadonlyArray(yield* Stream.runCollect(NewDocumentsFeed.stream().pipe(Stream.take(4))))
      assert.deepStrictEqual(events[0], {
        _tag: "Gap",
        lastCursor: "900" as Ids.FeedDocumentId,
        lastPolledAt: "2025-04-20T12:00:00" as never,
        caughtUp: true,
        windowStart: "2025-04-29T12:00:00" as never
      })
      assert.deepStrictEqual(events.slice(1).map((e) => (e._tag === "Received" ? e.document.id : "gap")), ["1001", "1002", "1003"])
      // The old cursor was tried and refused (2203), then the window's start was asked for.
      assert.deepStrictEqual(polls(fake).map((r) => r.query.get("id")), ["900", null])
    }).pipe(Effect.provide(clientLayer(fake)), Effect.provide(storeLayer(store)))
  })

  it.effect("a recent cursor the service rejects (2203) fails the feed with FeedCursorRejectedError", () => {
    const fake = Fake.make({ feed: entries(feedDocuments(2), (i) => TODAY - DAY + i) })
    const store = FeedCursorStore.makeMemory([
      ["NewDocuments:*", { id: "4242" as Ids.FeedDocumentId, polledAt: TODAY - 10 * MINUTE, caughtUp: true }]
    ])
    return Effect.gen(function*() {
      yield* setToday
      const error = yield* Effect.flip(Stream.runCollect(NewDocumentsFeed.stream()))
      assert.strictEqual(error._tag, "FeedCursorRejectedError")
      if (error._tag === "FeedCursorRejectedError") {
        assert.strictEqual(error.cursor, "4242")
        assert.strictEqual(error.apiCode, 2203)
      }
      assert.strictEqual(polls(fake).length, 1)
    }).pipe(Effect.provide(clientLayer(fake)), Effect.provide(storeLayer(store)))
  })
})
