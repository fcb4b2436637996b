/**
 * Hostile ERP exports, beyond the bad-file corpus of packages/reconcile (test/bad-files.test.ts): sizes, NUL bytes,
 * encodings mixed past the detection sample, quotes that never close, billion-row claims, formula cells. Each ends
 * as a typed ImportError naming the file, line and column, or as rejected rows naming them — in bounded time and
 * memory, with no row lost (read = accepted + rejected). Then through the built runner: exit code 5 with the message,
 * and formula cells escaped in every output a spreadsheet opens.
 */
import { it } from "@effect/vitest"
import { ErpImport } from "@taxcom-kit/reconcile"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it as plain } from "vitest"
import { cleanEnv, describeRun, filesUnder, run, tempDir } from "./support/run.js"

const HEADER = "Дата;Номер документа;Торговая точка;Касса;ФН;Номер ФД;Вид операции;Сумма;Наличными;Безналичными"
const row = (n: number, doc = `ЧК-${n}`, total = "100,00") =>
  `02.01.2026 10:${String(n % 60).padStart(2, "0")}:00;${doc};Магазин;Касса 1;9999078902004193;${n};Продажа;${total};${total};0,00`

/** Windows-1251 bytes of a text (every character used here has one). */
const cp1251 = (() => {
  const table = new Map<string, number>()
  const dec = new TextDecoder("windows-1251")
  for (let b = 0; b < 256; b++) table.set(dec.decode(new Uint8Array([b])), b)
  return (text: string) => Uint8Array.from(text, (ch) => table.get(ch) ?? 0x3f)
})()
const utf8 = (text: string) => new TextEncoder().encode(text)
const concat = (...parts: ReadonlyArray<Uint8Array>) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Imports in 256 KiB chunks, as the runner reads files. */
const read = (name: string, bytes: Uint8Array) => ErpImport.readAll(ErpImport.fromBytes(name, bytes, { chunkSize: 256 * 1024 }))
/** The ImportError of a file; an import that succeeds fails the test with a short summary (never the rows). */
const fail = (name: string, bytes: Uint8Array) =>
  Effect.matchEffect(read(name, bytes), {
    onFailure: Effect.succeed,
    onSuccess: (r) =>
      Effect.dieMessage(`${name} was imported: ${r.report.rowsRead} rows read, ${r.receipts.length} accepted, rejected on lines ${r.rejected.map((x) => x.line).slice(0, 10).join(", ")}`)
  })

/** Data rows of a file: one per line after the header. */
const rows = (n: number, f: (i: number) => string = (i) => row(i)) => Array.from({ length: n }, (_, i) => f(i + 1)).join("\r\n") + "\r\n"

const heapMb = () => process.memoryUsage().heapUsed / 1e6

describe("sizes", () => {
  it.effect("a 10 MB line among the rows: an ImportError naming the line, before the rest of the file is buffered", () =>
    Effect.gen(function*() {
      const huge = row(4, "Ч".repeat(5_000_000))
      const text = HEADER + "\r\n" + rows(3) + huge + "\r\n" + rows(3)
      const e = yield* fail("huge-line.csv", utf8(text))
      assert.strictEqual(e._tag, "ImportError")
      assert.strictEqual(e.kind, "oversized_row")
      assert.strictEqual(e.line, 5)
      assert.match(e.message, /huge-line\.csv: the row on line 5 is longer than 1 MiB/)
    }), 30_000)

  it.effect("50 MB without a single line break: an ImportError at once, memory bounded", () =>
    Effect.gen(function*() {
      const bytes = new Uint8Array(50_000_000).fill(0x41)
      bytes.set(utf8(HEADER + "\r\n"))
      const before = heapMb()
      const e = yield* fail("one-line.csv", bytes)
      assert.strictEqual(e.kind, "oversized_row")
      assert.strictEqual(e.line, 2)
      assert.isBelow(heapMb() - before, 40, "the import keeps about one row, not the file")
    }), 30_000)

  it.effect("a header of a million columns: read or refused in bounded time, not hung", () =>
    Effect.gen(function*() {
      const text = HEADER + ";x".repeat(1_000_000) + "\r\n" + rows(3)
      const started = Date.now()
      const r = yield* Effect.either(read("wide.csv", utf8(text)))
      assert.isBelow(Date.now() - started, 15_000)
      if (r._tag === "Left") assert.strictEqual(r.left._tag, "ImportError")
      else assert.strictEqual(r.right.report.rowsRead, 3)
    }), 30_000)
})

describe("NUL bytes", () => {
  it.effect("a zero byte in the first 4 KiB: the file is binary or UTF-16, an encoding error at its offset", () =>
    Effect.gen(function*() {
      const e = yield* fail("nul-start.csv", utf8(HEADER + "\r\n" + row(1, "A\u0000B") + "\r\n"))
      assert.strictEqual(e.kind, "encoding")
      assert.match(e.message, /nul-start\.csv: the file has a zero byte at offset \d+/)
    }))

  it.effect("a zero byte far into the file: an encoding error naming its line, not a NUL in the outputs", () =>
    Effect.gen(function*() {
      const text = HEADER + "\r\n" + rows(2000) + row(2001, "ЧК\u00002001") + "\r\n" + rows(5)
      const e = yield* fail("nul-late.csv", utf8(text))
      assert.strictEqual(e.kind, "encoding")
      assert.strictEqual(e.line, 2002)
      assert.match(e.message, /nul-late\.csv: a zero byte at offset \d+ \(line 2002, column «Номер документа»\)/)
    }))
})

describe("mixed encodings", () => {
  it.effect("UTF-8 first, Windows-1251 rows beyond the 64 KiB the detection looks at: line and column", () =>
    Effect.gen(function*() {
      const bytes = concat(utf8(HEADER + "\r\n" + rows(1500)), cp1251(row(1501, "ЧК-1501", "1,00").replace("Магазин", "Магазин Тверская") + "\r\n"))
      assert.isAbove(bytes.length, 64 * 1024)
      const e = yield* fail("mixed-late.csv", bytes)
      assert.strictEqual(e.kind, "encoding")
      assert.strictEqual(e.line, 1502)
      assert.isNotNull(e.column)
      assert.match(e.message, /mixed-late\.csv: .*not UTF-8.*\(line 1502, column «/)
    }))

  it.effect("Windows-1251 first, UTF-8 rows later: an encoding error, not garbled names accepted", () =>
    Effect.gen(function*() {
      const bytes = concat(cp1251(HEADER + "\r\n" + rows(1500)), utf8(row(1501).replace("Магазин", "Магазин Тверская") + "\r\n"))
      const e = yield* fail("mixed-utf8.csv", bytes)
      assert.strictEqual(e.kind, "encoding")
      assert.strictEqual(e.line, 1502)
      assert.strictEqual(e.column, "Торговая точка")
      assert.match(e.message, /mixed-utf8\.csv: the file was read as windows-1251 .* are UTF-8 text: the file mixes encodings.*\(line 1502, column «Торговая точка»\)/)
    }))
})

describe("unbalanced quotes", () => {
  it.effect("a quote that opens and never closes, near the end: that row is rejected naming its line and column", () =>
    Effect.gen(function*() {
      const text = HEADER + "\r\n" + rows(5) + row(6, "\"ЧК-6") + "\r\n" + row(7) + "\r\n"
      const r = yield* read("quote-end.csv", utf8(text))
      assert.strictEqual(r.report.rowsRead, r.report.rowsAccepted + r.report.rowsRejected)
      assert.strictEqual(r.receipts.length, 5)
      assert.strictEqual(r.rejected[0]!.line, 7)
      assert.strictEqual(r.rejected[0]!.column, "Номер документа")
      assert.match(r.rejected[0]!.reason, /ends inside a quoted cell/)
    }))

  it.effect("a quote that never closes in a large file: an ImportError naming where it opened, without buffering the rest", () =>
    Effect.gen(function*() {
      const text = HEADER + "\r\n" + rows(10) + row(11, "\"ЧК-11") + "\r\n" + rows(40_000)
      assert.isAbove(text.length, 3_000_000)
      const e = yield* fail("quote-open.csv", utf8(text))
      assert.strictEqual(e.kind, "oversized_row")
      assert.strictEqual(e.line, 12)
      assert.strictEqual(e.column, "Номер документа")
      assert.match(e.message, /a quoted cell opened on line 12, column «Номер документа», has no closing quote/)
    }), 30_000)
})

describe("billion-row claims", () => {
  it.effect("a preamble and a totals row claiming a billion rows change nothing: three rows are three rows", () =>
    Effect.gen(function*() {
      const text = [
        "Выгрузка продаж;rows: 1000000000;Строк: 1 000 000 000",
        "# rows=1000000000",
        HEADER,
        row(1), row(2), row(3),
        "Итого;1000000000 строк;;;;;;999 999 999 999,99;;"
      ].join("\r\n") + "\r\n"
      const started = Date.now()
      const r = yield* read("claims.csv", utf8(text))
      assert.isBelow(Date.now() - started, 2_000)
      assert.strictEqual(r.report.headerLine, 3)
      assert.strictEqual(r.receipts.length, 3)
      assert.strictEqual(r.report.rowsRead, 4)
      assert.match(r.rejected[0]!.reason, /a totals row/)
    }))

  it.effect("counts a billion and beyond in number cells: rejected or read as the numbers they are, nothing sized by them", () =>
    Effect.gen(function*() {
      const text = [
        HEADER + ";Количество;Номер строки",
        row(1) + ";1000000000;1000000000",
        row(2).replace(";2;Продажа", ";99999999999999999999;Продажа") + ";1;1",
        row(3, "ЧК-3", "9 999 999 999 999 999 999,99") + ";1;1"
      ].join("\r\n") + "\r\n"
      const started = Date.now()
      const r = yield* read("numbers.csv", utf8(text))
      assert.isBelow(Date.now() - started, 2_000)
      assert.strictEqual(r.report.rowsRead, 3)
      assert.strictEqual(r.report.rowsRead, r.report.rowsAccepted + r.report.rowsRejected)
      const byLine = new Map(r.rejected.map((x) => [x.line, x]))
      assert.strictEqual(byLine.get(3)?.column, "Номер ФД")
      assert.strictEqual(byLine.get(4)?.column, "Сумма")
    }))
})

describe("through the runner", () => {
  // The embedded sandbox is enough: the import fails whatever the fiscal side holds.
  const env = cleanEnv({ TAXCOM_SANDBOX_REGISTERS: "2", TAXCOM_SANDBOX_SEED: "3" })

  const reconcile = async (name: string, bytes: Uint8Array) => {
    const dir = tempDir("hostile-erp")
    const erp = path.join(dir, name)
    fs.writeFileSync(erp, bytes)
    const out = path.join(dir, "out")
    const r = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--out", out], env, 60_000)
    return { r, out }
  }

  plain("a quote that never closes: exit code 5, the file, line and column, and no output", async () => {
    const { out, r } = await reconcile("open-quote.csv", utf8(HEADER + "\r\n" + rows(10) + row(11, "\"ЧК-11") + "\r\n" + rows(40_000)))
    assert.strictEqual(r.code, 5, describeRun(r))
    assert.include(r.stderr, "report-runner: open-quote.csv: a quoted cell opened on line 12, column «Номер документа», has no closing quote")
    assert.include(r.stderr, "fix the input file")
    assert.deepStrictEqual(filesUnder(out).filter((f) => !f.startsWith(".cache")), [])
  }, 90_000)

  plain("a zero byte deep in the file: exit code 5 naming its line and column", async () => {
    const { r } = await reconcile("nul.csv", utf8(HEADER + "\r\n" + rows(3000) + row(3001, "ЧК\u00003001") + "\r\n"))
    assert.strictEqual(r.code, 5, describeRun(r))
    assert.match(r.stderr, /report-runner: nul\.csv: a zero byte at offset \d+ \(line 3002, column «Номер документа»\)/)
  }, 90_000)
})
