import { FileSystem } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Sink, Stream } from "effect"
import { Csv, ErpImport, Output, Profile, Reconcile } from "@taxcom-kit/reconcile"
import { erpExport, makeWorld } from "./fixture.js"

/** An in-memory file system with what Output.write uses. */
const memoryFs = () => {
  const files = new Map<string, string>()
  const layer = FileSystem.layerNoop({
    makeDirectory: () => Effect.void,
    writeFileString: (path, data, options) =>
      Effect.sync(() => {
        files.set(path, options?.flag === "a" ? (files.get(path) ?? "") + data : data)
      }),
    sink: (path) => {
      const decoder = new TextDecoder()
      files.set(path, "")
      return Sink.forEach((bytes: Uint8Array) => Effect.sync(() => files.set(path, files.get(path)! + decoder.decode(bytes, { stream: true }))))
    },
    rename: (from, to) =>
      Effect.sync(() => {
        files.set(to, files.get(from)!)
        files.delete(from)
      }),
    remove: (path) => Effect.sync(() => void files.delete(path))
  })
  return { files, layer }
}

describe("Output", () => {
  it.effect("a reconciliation that fails midway leaves the earlier files as they were and no temporary file", () =>
    Effect.gen(function*() {
      const world = makeWorld({ outlets: 1, days: 1, receiptsPerShift: 4, seed: 3 })
      const { files, layer } = memoryFs()
      files.set("/out/discrepancies.csv", "earlier run\r\n")
      const failing = Stream.concat(
        Reconcile.run({ erp: ErpImport.fromBytes("sales.csv", erpExport(world, { perKind: 1 }).text), ofd: Stream.fromIterable(world.documents) })
          .pipe(Stream.filter((i) => i._tag !== "Summary")),
        Stream.fail("the service went away" as const)
      )
      const result = yield* Output.write(failing, { directory: "/out" }).pipe(Effect.either, Effect.provide(layer))
      assert.deepStrictEqual(result, Either.left("the service went away" as const))
      assert.deepStrictEqual([...files.keys()], ["/out/discrepancies.csv"])
      assert.strictEqual(files.get("/out/discrepancies.csv"), "earlier run\r\n")
    }))

  it.effect("writes discrepancies.csv, summary.json and rejected.csv; formula-like cells are defused", () =>
    Effect.gen(function*() {
      const world = makeWorld({ outlets: 1, days: 2, receiptsPerShift: 8, seed: 9 })
      const ex = erpExport(world, { perKind: 1 })
      // a formula in a text column and a rejected row
      const text = ex.text.replace("ЧК-000002", "=HYPERLINK(\"x\")") + "02.11.2026 10:00:00;ЧК-9;Тверская;Касса 1;1;;;;;;Продажа;сто;1;1;0;0;0\r\n"
      const { files, layer } = memoryFs()
      const summary = yield* Output.write(
        Reconcile.run({ erp: ErpImport.fromBytes("sales.csv", text), ofd: Stream.fromIterable(world.documents), registers: world.directory }),
        { directory: "/out" }
      ).pipe(Effect.provide(layer))
      const csv = files.get("/out/discrepancies.csv")!
      const lines = csv.trimEnd().split("\r\n")
      assert.strictEqual(lines[0], "kind,tier,fn,fd,shift,erp_file,erp_line,ofd_value_kopecks,erp_value_kopecks,difference_kopecks,vat_rate,reason")
      const rows = Csv.parse(csv, ",").slice(1).filter((r) => r.cells.length > 1)
      const counted = summary.differences.reduce((a, k) => a + k.count, 0)
      assert.strictEqual(rows.length, counted)
      const amount = rows.find((r) => r.cells[0] === "amount_mismatch")!.cells
      assert.strictEqual(amount[1], "1")
      assert.match(amount[2]!, /^\d{16}$/)
      assert.strictEqual(Number(amount[9]), Number(amount[8]) - Number(amount[7]))
      // negative numbers stay numbers; text that starts like a formula gets a quote
      assert.isTrue(rows.some((r) => /^-\d+$/.test(r.cells[9]!)))
      assert.isFalse(csv.includes("\n=") || csv.includes(",=") || csv.includes(",+") || csv.includes(",@"))
      const json = JSON.parse(files.get("/out/summary.json")!)
      assert.strictEqual(json.format, "taxcom-kit/reconcile-summary@1")
      assert.strictEqual(json.rows.rejected, 1)
      assert.strictEqual(json.rows.read, json.rows.accepted + json.rows.rejected)
      assert.strictEqual(json.settings.timeWindowSeconds, 180)
      const rejected = files.get("/out/rejected.csv")!
      assert.match(rejected, /^file,line,column,raw,reason\r\nsales\.csv,\d+,Сумма,сто,"not an amount in rubles: unexpected character ""с"""\r\n$/)
      assert.isFalse([...files.keys()].some((k) => k.endsWith(".tmp")))
    }))

  it("discrepancyRow lists every line of a line-level receipt", () => {
    const row = Output.discrepancyRow({
      _tag: "Difference", kind: "missing_in_ofd", tier: null, severity: "error", reason: "=bad", erp: { lines: [5, 6], line: 5, file: "f.csv" } as never,
      ofd: null, fn: null, fd: null, shift: null, register: null, outlet: null, ofdValue: null, erpValue: 100 as never, difference: 100 as never,
      ofdText: null, erpText: null, vatRate: null, businessDay: null
    })
    assert.strictEqual(row, "missing_in_ofd,,,,,f.csv,\"5;6\",,100,100,,'=bad")
  })
})

describe("Profile", () => {
  it("refuses unknown keys, roles, encodings and time zones, naming them", () => {
    const e = (json: unknown) => Either.match(Profile.decode(json), { onLeft: (x) => x.message, onRight: () => "ok" })
    assert.match(e({ colums: {} }), /colums/)
    assert.match(e({ columns: { totl: "Сумма" } }), /unknown column role "totl"/)
    assert.match(e({ encoding: "koi8-r" }), /unknown encoding "koi8-r"/)
    assert.match(e({ timeZone: "Moscow" }), /unknown time zone "Moscow"/)
    assert.match(e({ operations: { "Отгрузка": "Sale" } }), /operations\.Отгрузка: expected one of "Income", "IncomeReturn", "Expenditure", "ExpenditureReturn"; got "Sale"/)
    assert.notMatch(e({ encoding: "koi8-r" }), /Expected undefined/)
    assert.strictEqual(e({ encoding: "cp1251", delimiter: "tab", columns: { "vat:vat20": "НДС20", fn: { index: 3 } } }), "ok")
    assert.match(Either.getLeft(Profile.parse("{oops")).pipe((x) => x._tag === "Some" ? x.value.message : ""), /not valid JSON/)
    const resolved = Profile.resolve(Either.getOrThrow(Profile.decode({ encoding: "cp1251", delimiter: "tab" })))
    assert.strictEqual(resolved.encoding, "windows-1251")
    assert.strictEqual(resolved.delimiter, "\t")
  })
})
