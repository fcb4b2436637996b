/**
 * An ERP export imported in a worker thread reconciles exactly as the same file imported on this thread, and its
 * failures are the same errors (the worker runs the package's build: the root `npm test` builds first).
 */
import { NodeFileSystem } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Stream } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { ErpImport, ErpImportWorker, Reconcile } from "@taxcom-kit/reconcile"
import { erpExport, makeWorld } from "./fixture.js"

const world = makeWorld({ outlets: 2, days: 3, receiptsPerShift: 14, seed: 11 })
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "erp-worker-"))
const write = (name: string, bytes: Uint8Array | string) => {
  const file = path.join(dir, name)
  fs.writeFileSync(file, bytes)
  return file
}

describe("ErpImportWorker", () => {
  it.effect("the worker's import reconciles like the same file imported here: matches, differences, rejections, summary", () =>
    Effect.gen(function*() {
      const ex = erpExport(world, { level: "line", fiscalColumns: true, perKind: 2, seed: 5 })
      // A junk amount on one row: the rejection must come through the worker too.
      const lines = ex.text.split("\r\n")
      // (the line's amount is the cell before its VAT rate)
      const amount = /;\d[\d ]*,\d\d;(\d+%)/
      const junk = lines.findIndex((l, i) => i > 3 && amount.test(l))
      lines[junk] = lines[junk]!.replace(amount, ";12x,34;$1")
      const file = write("sales.csv", lines.join("\r\n"))
      const input = { ofd: Stream.fromIterable(world.documents), registers: world.directory }
      const here = yield* Reconcile.runCollect({ ...input, erp: ErpImport.fromFile(file, { name: "sales.csv" }) })
      const there = yield* Effect.scoped(
        Effect.flatMap(ErpImportWorker.start(file, { name: "sales.csv" }), (erp) => Reconcile.runCollect({ ...input, erp }))
      )
      assert.isAbove(here.matches.length, 100)
      assert.isAbove(here.differences.length, 10)
      assert.isAbove(here.rejected.length, 0)
      assert.deepStrictEqual(JSON.parse(JSON.stringify(there)), JSON.parse(JSON.stringify(here)))
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("a file that is not there fails with the platform's NotFound naming the path", () =>
    Effect.gen(function*() {
      const missing = path.join(dir, "no-such-file.csv")
      const r = yield* Effect.either(Effect.scoped(Effect.flatMap(ErpImportWorker.start(missing), (erp) => Stream.runDrain(erp.imported))))
      assert.isTrue(Either.isLeft(r))
      if (Either.isLeft(r)) {
        assert.strictEqual(r.left._tag, "SystemError")
        assert.include(String(r.left.message), missing)
        assert.include(String(r.left.message), "NotFound")
      }
    }))

  it.effect("a file in UTF-16 fails with the same ImportError as on this thread", () =>
    Effect.gen(function*() {
      const file = write("utf16.csv", Buffer.from("\ufeffДата;Сумма\r\n01.11.2026;10,00\r\n", "utf16le"))
      const here = yield* Effect.either(Stream.runDrain(ErpImport.read(ErpImport.fromFile(file, { name: "utf16.csv" }))))
      const there = yield* Effect.either(
        Effect.scoped(Effect.flatMap(ErpImportWorker.start(file, { name: "utf16.csv" }), (erp) => Stream.runDrain(erp.imported)))
      )
      assert.isTrue(Either.isLeft(here) && Either.isLeft(there))
      if (Either.isLeft(here) && Either.isLeft(there)) {
        assert.strictEqual(there.left._tag, "ImportError")
        assert.deepStrictEqual({ ...there.left }, { ...here.left })
      }
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it("the build bundles the worker into one file, and that file is what the worker runs", () => {
    // The bundle is the difference between a worker that starts in about 0.12 s and one that spends 0.7 s loading
    // modules (bench/reconcile-speed.ts); a build that stopped making it would still pass every other test.
    const entry = ErpImportWorker.workerEntry()
    assert.match(entry, /dist[\\/]internal[\\/]importWorker\.bundle\.js$/)
    const text = fs.readFileSync(entry, "utf8")
    // self-contained: no import of a package or of a sibling module is left for the thread to load
    assert.notMatch(text, /^import .* from "(effect|@taxcom-kit\/core|\.\.?\/)/m)
  })
})
