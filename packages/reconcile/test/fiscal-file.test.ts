/**
 * A fiscal file read in columns reconciles exactly as the same documents given as `DocumentSummary` objects.
 */
import { NodeFileSystem } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Either, Stream } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { VatRate } from "@taxcom-kit/core"
import type { FiscalDocument, Money } from "@taxcom-kit/core"
import { ErpImport, FiscalFile, Reconcile } from "@taxcom-kit/reconcile"
import { erpExport, makeWorld } from "./fixture.js"

type Doc = FiscalDocument.DocumentSummary

const world = makeWorld({ outlets: 2, days: 3, receiptsPerShift: 14, seed: 9 })
const taxed = (rate: VatRate.VatRateId) => VatRate.get(rate).numerator !== null

/** What a file row can hold: no cashier or taxation, one amount per rate (the compared one), no zero entries. */
const asInFile = (d: Doc): Doc => ({
  ...d,
  cashier: null,
  taxation: null,
  vat: d.vat
    .map((a) => (taxed(a.rate) ? { rate: a.rate, gross: null, vat: a.vat } : { rate: a.rate, gross: a.gross, vat: null }))
    .filter((a) => (a.vat ?? a.gross ?? 0) !== 0)
})
const documents = world.documents.map(asInFile)

const RATES = VatRate.all.map((r) => r.id)
const csv = (docs: ReadonlyArray<Doc>) =>
  [
    ["fn", "shift", "type", "date_time", "fd", "number_in_shift", "fiscal_sign", "operation", "total", "cash", "electronic", ...RATES].join(";"),
    ...docs.map((d) => {
      const amount = (rate: VatRate.VatRateId) => {
        const a = d.vat.find((x) => x.rate === rate)
        return a === undefined ? "" : String(taxed(rate) ? a.vat : a.gross)
      }
      return [d.fn, d.shift, d.type, d.dateTime, d.fd, d.numberInShift ?? "", d.fiscalSign ?? "", d.operation ?? "", d.total, d.cash, d.electronic, ...RATES.map(amount)]
        .join(";")
    })
  ].join("\r\n") + "\r\n"

const chunks = (text: string, size: number) => {
  const bytes = new TextEncoder().encode(text)
  const out: Array<Uint8Array> = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return Stream.fromIterable(out)
}

describe("FiscalFile", () => {
  it.effect("columns from a file give the same reconciliation as the documents as objects", () =>
    Effect.gen(function*() {
      const ex = erpExport(world, { level: "receipt", fiscalColumns: true, perKind: 2, seed: 4 })
      const input = { erp: ErpImport.fromBytes("sales.csv", ex.bytes, { chunkSize: 4096 }), registers: world.directory }
      const fromObjects = yield* Reconcile.runCollect({ ...input, ofd: Stream.fromIterable(documents) })
      const fromFile = yield* Reconcile.runCollect({ ...input, ofd: FiscalFile.fromStream(chunks(csv(documents), 1000)) })
      assert.isAbove(fromObjects.matches.length, 100)
      assert.isAbove(fromObjects.differences.length, 10)
      assert.isAbove(fromObjects.vatChecks.length, 0)
      assert.deepStrictEqual(JSON.parse(JSON.stringify(fromFile)), JSON.parse(JSON.stringify(fromObjects)))
    }))

  it("a batch survives a structured clone (worker threads) once revived", () => {
    const reader = FiscalFile.columnReader()
    const batch = reader.push(new TextEncoder().encode(csv(documents.slice(0, 50))))
    const last = reader.finish()
    assert.strictEqual(batch.n + last.n, 50)
    const copy = FiscalFile.revive(structuredClone(batch, { transfer: FiscalFile.transferables(batch) }))
    assert.strictEqual(copy.n, 50)
    assert.strictEqual(copy.fns[copy.fn[0]!], documents[0]!.fn)
    assert.strictEqual(copy.fd[49], documents[49]!.fd)
  })

  it.effect("write then fromFile: the same reconciliation as the documents themselves", () =>
    Effect.gen(function*() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fiscal-file-"))
      const file = path.join(dir, "documents.csv")
      // as DocumentList lists them: zeros at the rates the register reports, cashier and taxation set
      const listed = world.documents.map((d): Doc => ({
        ...d,
        cashier: "Кассир; \"Иванова\"",
        taxation: "OSN",
        vat: [...d.vat, ...(d.vat.some((a) => a.rate === "vat10") ? [] : [{ rate: "vat10" as const, gross: null, vat: 0 as Money.Kopecks }])]
      }))
      const written = yield* FiscalFile.write(Stream.fromIterable(listed), file)
      assert.strictEqual(written.documents, listed.length)
      assert.deepStrictEqual(fs.readdirSync(dir), ["documents.csv"])
      const lines = fs.readFileSync(file, "utf8").split("\r\n")
      assert.strictEqual(lines[0], FiscalFile.header())
      assert.strictEqual(lines.length, listed.length + 2) // a CRLF after the last row

      const ex = erpExport(world, { level: "receipt", fiscalColumns: true, perKind: 2, seed: 4 })
      const input = { erp: ErpImport.fromBytes("sales.csv", ex.bytes, { chunkSize: 4096 }), registers: world.directory }
      const fromObjects = yield* Reconcile.runCollect({ ...input, ofd: Stream.fromIterable(documents) })
      const fromFile = yield* Reconcile.runCollect({ ...input, ofd: FiscalFile.fromFile(file, { chunkSize: 4 }) })
      assert.isAbove(fromObjects.differences.length, 10)
      assert.isAbove(fromObjects.vatChecks.length, 0)
      assert.deepStrictEqual(JSON.parse(JSON.stringify(fromFile)), JSON.parse(JSON.stringify(fromObjects)))
      // and as the listed documents themselves: a rate at zero is no entry (the VAT buckets count receipts with amounts)
      const fromListed = yield* Reconcile.runCollect({ ...input, ofd: Stream.fromIterable(listed) })
      assert.deepStrictEqual(JSON.parse(JSON.stringify(fromListed.vatChecks)), JSON.parse(JSON.stringify(fromObjects.vatChecks)))
      assert.deepStrictEqual(JSON.parse(JSON.stringify(fromListed.summary)), JSON.parse(JSON.stringify(fromObjects.summary)))
      assert.deepStrictEqual(fromListed.differences.map((d) => [d.kind, d.erp?.line, d.ofd?.fd]), fromObjects.differences.map((d) => [d.kind, d.erp?.line, d.ofd?.fd]))
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("a write that fails midway leaves no file, and an earlier file as it was", () =>
    Effect.gen(function*() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fiscal-file-"))
      const file = path.join(dir, "documents.csv")
      fs.writeFileSync(file, "earlier")
      const failing = Stream.concat(Stream.fromIterable(world.documents.slice(0, 500)), Stream.fail("the service went away" as const))
      const result = yield* Effect.either(FiscalFile.write(failing, file))
      assert.deepStrictEqual(result, Either.left("the service went away" as const))
      assert.deepStrictEqual(fs.readdirSync(dir), ["documents.csv"])
      assert.strictEqual(fs.readFileSync(file, "utf8"), "earlier")
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("a file without a required column, or with a bad value, fails with its line", () =>
    Effect.gen(function*() {
      const noFd = yield* Effect.either(Stream.runDrain(FiscalFile.fromStream(chunks("fn;type;date_time;total\r\n1;3;2026-11-01T10:00:00;100\r\n", 7))))
      assert.isTrue(Either.isLeft(noFd) && noFd.left._tag === "FiscalFileError" && noFd.left.column === "fd")
      const badDate = yield* Effect.either(
        Stream.runDrain(FiscalFile.fromStream(chunks("fn;type;date_time;fd;total\n1;3;2026-11-01T10:00:00;1;100\n1;3;01.11.2026;2;100\n", 5)))
      )
      assert.isTrue(Either.isLeft(badDate) && badDate.left._tag === "FiscalFileError" && badDate.left.line === 3, JSON.stringify(badDate))
      // the message a person reads names the file, the line and the column, and shows the value
      assert.strictEqual(
        Either.isLeft(badDate) ? badDate.left.message : "",
        "fiscal documents, line 3, column «date_time»: not a date-time yyyy-MM-ddTHH:mm:ss: \"01.11.2026\""
      )
      assert.strictEqual(
        Either.isLeft(noFd) ? noFd.left.message : "",
        "fiscal documents, line 1, column «fd»: no column \"fd\" in the header (4 columns: fn, type, date_time, total)"
      )
    }))

  it.effect("a file's size sizes the reconciliation's columns: the batches estimate the whole file's documents", () =>
    Effect.gen(function*() {
      const big = makeWorld({ outlets: 4, days: 5, receiptsPerShift: 30, seed: 21 }) // 1,280 documents
      const bigDocuments = big.documents.map(asInFile)
      const text = csv(bigDocuments)
      const size = new TextEncoder().encode(text).length
      const batches = yield* Stream.runCollect(FiscalFile.fromStream(chunks(text, 8 * 1024), { totalBytes: size }))
      const all = Chunk.toReadonlyArray(batches)
      const total = all.reduce((n, b) => n + b.n, 0)
      assert.strictEqual(total, bigDocuments.length)
      assert.isAbove(total, 1200)
      // every batch after the first thousand rows carries an estimate, a little over the real count (rows vary)
      const estimates = all.map((b) => b.expectedDocuments).filter((x): x is number => x !== undefined)
      assert.isAbove(estimates.length, 0)
      for (const e of estimates) {
        assert.isAtLeast(e, total * 0.95)
        assert.isAtMost(e, total * 1.2)
      }
      // without a size there is no estimate, and the reconciliation is the same either way
      const none = yield* Stream.runCollect(FiscalFile.fromStream(chunks(text, 8 * 1024)))
      assert.isTrue(Chunk.toReadonlyArray(none).every((b) => b.expectedDocuments === undefined))
      const ex = erpExport(big, { level: "receipt", fiscalColumns: true, perKind: 2, seed: 4 })
      const input = { erp: ErpImport.fromBytes("sales.csv", ex.bytes, { chunkSize: 4096 }), registers: big.directory }
      const sized = yield* Reconcile.runCollect({ ...input, ofd: Stream.fromIterable(all) })
      const unsized = yield* Reconcile.runCollect({ ...input, ofd: Stream.fromIterable(Chunk.toReadonlyArray(none)) })
      assert.deepStrictEqual(JSON.parse(JSON.stringify(sized)), JSON.parse(JSON.stringify(unsized)))
    }))
})
