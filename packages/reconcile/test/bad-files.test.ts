/**
 * The corpus of bad files: each gets a clear error or clear rejections naming the line and the column, and no row
 * is lost (read = accepted + rejected, read = the data lines of the file).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ErpImport } from "@taxcom-kit/reconcile"
import type { Profile } from "@taxcom-kit/reconcile"
import { encode1251, encode866 } from "./fixture.js"

const HEADER = "Дата;Номер документа;Касса;Рег. номер ККТ;ФН;Номер ФД;Вид операции;Сумма;Наличными;Безналичными"
const row = (n: number, total = "100,00") => `02.11.2026 10:${String(n).padStart(2, "0")}:00;ЧК-${n};Касса 1;1012345;9999078902004193;${n};Продажа;${total};${total};0,00`

const read = (name: string, content: string | Uint8Array, profile?: Profile.Profile) =>
  ErpImport.readAll(ErpImport.fromBytes(name, content, { chunkSize: 7, ...(profile ? { profile } : {}) }))

const fail = (name: string, content: string | Uint8Array, profile?: Profile.Profile) => Effect.flip(read(name, content, profile))

/** Data lines of a text: after the header, not blank. */
const dataLines = (text: string) => text.split(/\r\n|\n/).slice(1).filter((l) => l.trim() !== "").length

describe("bad files", () => {
  it.effect("wrong encoding: a Windows-1251 file the profile calls UTF-8 fails, naming the offset and the line", () =>
    Effect.gen(function*() {
      const e = yield* fail("win.csv", encode1251(HEADER + "\r\n" + row(1) + "\r\n"), { encoding: "utf-8" })
      assert.strictEqual(e.kind, "encoding")
      assert.strictEqual(e.line, 1)
      assert.match(e.message, /win\.csv: the profile says UTF-8, but the bytes at offset 0 \(C4 E0 F2 E0\) are not UTF-8/)
      assert.match(e.message, /\(line 1\)/)
      assert.match(e.message, /windows-1251/)
    }))

  it.effect("wrong encoding: a UTF-8 file with Windows-1251 rows further down names the line and the column", () =>
    Effect.gen(function*() {
      const head = new TextEncoder().encode("\ufeff" + HEADER + "\r\n" + row(1) + "\r\n" + row(2) + "\r\n")
      const bad = encode1251("02.11.2026 10:05:00;ЧК-3;Касса Тверская;1012345;9999078902004193;3;Продажа;1,00;1,00;0\r\n")
      const e = yield* fail("mixed.csv", new Uint8Array([...head, ...bad]))
      assert.strictEqual(e.kind, "encoding")
      assert.strictEqual(e.line, 4)
      assert.strictEqual(e.column, "Номер документа")
      assert.match(e.message, /read as UTF-8 \(it starts with a byte-order mark\).*line 4, column «Номер документа»/)
    }))

  it.effect("wrong encoding: DOS cp866 read as Windows-1251 finds no header and says it looks like cp866", () =>
    Effect.gen(function*() {
      const e = yield* fail("dos.csv", encode866(HEADER + "\r\n" + row(1) + "\r\n"))
      assert.strictEqual(e.kind, "no_header")
      assert.match(e.message, /no recognisable column header in the first 30 lines \(read as windows-1251, delimiter ";"\)/)
      assert.match(e.message, /line 1: "/)
      assert.match(e.message, /cp866/)
    }))

  it.effect("wrong encoding: UTF-16 and spreadsheets are named for what they are", () =>
    Effect.gen(function*() {
      const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(new TextEncoder().encode("Date")).flatMap((b) => [b, 0])])
      assert.match((yield* fail("u16.csv", utf16)).message, /UTF-16 byte-order mark/)
      assert.match((yield* fail("book.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).message, /ZIP archive \(an \.xlsx workbook\?\)/)
    }))

  it.effect("missing columns: no total column names the header line and every column seen", () =>
    Effect.gen(function*() {
      const e = yield* fail("nototal.csv", "Дата;Номер документа;Касса\n02.11.2026;1;Касса 1\n")
      assert.strictEqual(e.kind, "missing_columns")
      assert.strictEqual(e.line, 1)
      assert.match(e.message, /the header on line 1 has no column for the receipt total/)
      assert.match(e.message, /column 1 «Дата», column 2 «Номер документа», column 3 «Касса»/)
    }))

  it.effect("missing columns: nothing to match by (no date, no FN/FD, no fiscal sign)", () =>
    Effect.gen(function*() {
      const e = yield* fail("nokeys.csv", "Касса;Сумма\nКасса 1;1,00\n")
      assert.strictEqual(e.kind, "missing_columns")
      assert.match(e.message, /no column to match receipts by/)
    }))

  it.effect("no recognisable columns at all: says what it saw", () =>
    Effect.gen(function*() {
      const e = yield* fail("other.csv", "foo;bar;baz\n1;2;3\n")
      assert.strictEqual(e.kind, "no_header")
      assert.match(e.message, /line 1: "foo;bar;baz"/)
    }))

  it.effect("junk numbers: each bad cell rejects its row with line, column, raw value and reason", () =>
    Effect.gen(function*() {
      const text = [HEADER, row(1), row(2, "12,345"), row(3), row(4, "сто"), row(5, "1.2.3,4"), "02.11.2026 10:06:00;ЧК-6;Касса 1;1012345;9999078902004193;шесть;Продажа;1,00;1,00;0", row(7)].join("\r\n") + "\r\n"
      const r = yield* read("junk.csv", text)
      assert.strictEqual(r.report.rowsRead, dataLines(text))
      assert.strictEqual(r.report.rowsRead, r.report.rowsAccepted + r.report.rowsRejected)
      assert.deepStrictEqual(r.receipts.map((e) => e.line), [2, 4, 8])
      const byLine = new Map(r.rejected.map((x) => [x.line, x]))
      assert.deepStrictEqual([...byLine.keys()].sort(), [3, 5, 6, 7])
      assert.strictEqual(byLine.get(3)!.column, "Сумма")
      assert.strictEqual(byLine.get(3)!.raw, "12,345")
      assert.match(byLine.get(3)!.reason, /more than two decimals/)
      assert.match(byLine.get(5)!.reason, /unexpected character/)
      assert.strictEqual(byLine.get(7)!.column, "Номер ФД")
      assert.match(byLine.get(7)!.reason, /the FD number is not a whole number/)
      assert.match(ErpImportLocation(byLine.get(3)!), /junk\.csv:3, column «Сумма»/)
    }))

  it.effect("truncated last line: the cut row is rejected naming the first missing column; the rest is kept", () =>
    Effect.gen(function*() {
      const text = [HEADER, row(1), row(2), "02.11.2026 10:03:00;ЧК-3;Касса 1;1012"].join("\r\n")
      const r = yield* read("cut.csv", text)
      assert.strictEqual(r.receipts.length, 2)
      assert.strictEqual(r.rejected.length, 1)
      assert.strictEqual(r.rejected[0]!.line, 4)
      assert.strictEqual(r.rejected[0]!.column, "ФН")
      assert.match(r.rejected[0]!.reason, /4 cells but the header has 10: it is cut short/)
      const quoted = [HEADER, row(1), "02.11.2026 10:03:00;\"ЧК-3"].join("\n")
      const q = yield* read("cutq.csv", quoted)
      assert.strictEqual(q.rejected[0]!.line, 3)
      assert.strictEqual(q.rejected[0]!.column, "Номер документа")
      assert.match(q.rejected[0]!.reason, /ends inside a quoted cell/)
      assert.strictEqual(q.report.rowsRead, q.report.rowsAccepted + q.report.rowsRejected)
    }))

  it.effect("empty file and header only fail with what was seen", () =>
    Effect.gen(function*() {
      const empty = yield* fail("empty.csv", "")
      assert.strictEqual(empty.kind, "empty")
      assert.match(empty.message, /empty\.csv is empty \(0 bytes\)/)
      const header = yield* fail("header.csv", "\r\n" + HEADER + "\r\n\r\n")
      assert.strictEqual(header.kind, "no_data")
      assert.strictEqual(header.line, 2)
      assert.match(header.message, /header on line 2 \(10 columns\) but no data rows/)
    }))

  it.effect("formula cells: a formula where an amount or a date belongs is rejected as one; in a text column it is kept", () =>
    Effect.gen(function*() {
      const text = [
        HEADER,
        row(1, "=SUM(H2:H3)"),
        "=NOW();ЧК-2;Касса 1;1012345;9999078902004193;2;Продажа;1,00;1,00;0",
        "02.11.2026 10:03:00;=HYPERLINK(\"http://x\");Касса 1;1012345;9999078902004193;3;Продажа;1,00;1,00;0",
        "02.11.2026 10:04:00;ЧК-4;Касса 1;1012345;9999078902004193;4;Продажа;+1,00;1,00;0",
        "02.11.2026 10:05:00;ЧК-5;Касса 1;1012345;9999078902004193;5;Продажа;-1,00;1,00;0"
      ].join("\n")
      const r = yield* read("formula.csv", text)
      const byLine = new Map(r.rejected.map((x) => [x.line, x]))
      assert.strictEqual(byLine.get(2)!.column, "Сумма")
      assert.match(byLine.get(2)!.reason, /spreadsheet formula, not an amount/)
      assert.strictEqual(byLine.get(3)!.column, "Дата")
      assert.match(byLine.get(3)!.reason, /spreadsheet formula, not a date/)
      // text is data: kept as written (the CSV writers defuse it on the way out)
      assert.strictEqual(r.receipts.find((e) => e.line === 4)!.documentNumber, "=HYPERLINK(\"http://x\")")
      // "+1,00" and "-1,00" are numbers, not formulas
      assert.strictEqual(r.receipts.find((e) => e.line === 5)!.total, 100)
      assert.strictEqual(r.receipts.find((e) => e.line === 6)!.operation, "IncomeReturn")
      assert.strictEqual(r.report.rowsRead, 5)
      assert.strictEqual(r.report.rowsRead, r.report.rowsAccepted + r.report.rowsRejected)
    }))

  it.effect("rows with too many cells and malformed quotes are rejected with their line", () =>
    Effect.gen(function*() {
      const text = [HEADER, row(1) + ";extra", row(2) + ";", "\"02.11.2026\"x;ЧК-3;Касса 1;1012345;9999078902004193;3;Продажа;1,00;1,00;0"].join("\n")
      const r = yield* read("shape.csv", text)
      const byLine = new Map(r.rejected.map((x) => [x.line, x]))
      assert.match(byLine.get(2)!.reason, /11 cells but the header has 10/)
      assert.strictEqual(byLine.get(2)!.raw, "extra")
      // a trailing empty cell is harmless
      assert.isTrue(r.receipts.some((e) => e.line === 3))
      assert.strictEqual(byLine.get(4)!.column, "Дата")
      assert.match(byLine.get(4)!.reason, /text after the closing quote/)
    }))
})

describe("hostile files", () => {
  /** The import's error; an import that succeeds fails the test with a summary (not thousands of rows in a diff). */
  const chunked = (name: string, bytes: Uint8Array) =>
    Effect.matchEffect(ErpImport.readAll(ErpImport.fromBytes(name, bytes, { chunkSize: 256 * 1024 })), {
      onFailure: Effect.succeed,
      onSuccess: (r) => Effect.dieMessage(`${name} was imported: ${r.report.rowsRead} rows, rejected on lines ${r.rejected.map((x) => x.line).slice(0, 5)}`)
    })
  const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => row(from + i)).join("\r\n") + "\r\n"

  it.effect("a quote that never closes fails naming where it opened, instead of swallowing the rest of the file", () =>
    Effect.gen(function*() {
      const text = HEADER + "\r\n" + many(1, 3) + row(4).replace("ЧК-4", "\"ЧК-4") + "\r\n" + many(5, 12_000)
      const e = yield* (chunked("open-quote.csv", new TextEncoder().encode(text)))
      assert.strictEqual(e.kind, "oversized_row")
      assert.strictEqual(e.line, 5)
      assert.strictEqual(e.column, "Номер документа")
      assert.match(e.message, /open-quote\.csv: a quoted cell opened on line 5, column «Номер документа», has no closing quote: more than 1 MiB \(\d+ lines\)/)
    }))

  it.effect("a row longer than 1 MiB fails naming its line", () =>
    Effect.gen(function*() {
      const text = HEADER + "\r\n" + many(1, 2) + row(3).replace("Касса 1", "К".repeat(1_100_000)) + "\r\n" + many(4, 2)
      const e = yield* (chunked("long-row.csv", new TextEncoder().encode(text)))
      assert.strictEqual(e.kind, "oversized_row")
      assert.strictEqual(e.line, 4)
      assert.match(e.message, /long-row\.csv: the row on line 4 is longer than 1 MiB without a line break/)
    }))

  it.effect("a zero byte past the first 4 KiB fails naming its offset, line and column", () =>
    Effect.gen(function*() {
      const text = HEADER + "\r\n" + many(1, 200) + row(201).replace("Касса 1", "Касса\u00001") + "\r\n" + many(202, 3)
      const e = yield* (chunked("zero.csv", new TextEncoder().encode(text)))
      assert.strictEqual(e.kind, "encoding")
      assert.strictEqual(e.line, 202)
      assert.strictEqual(e.column, "Касса")
      assert.match(e.message, /zero\.csv: a zero byte at offset \d+ \(line 202, column «Касса»\): binary data or UTF-16 text/)
    }))

  it.effect("UTF-8 rows inside a Windows-1251 file fail naming the line and column, instead of garbled names", () =>
    Effect.gen(function*() {
      const head = encode1251(HEADER + "\r\n" + many(1, 5))
      const tail = new TextEncoder().encode(row(6).replace("Касса 1", "Касса Тверская") + "\r\n")
      const e = yield* (chunked("mixed.csv", new Uint8Array([...head, ...tail])))
      assert.strictEqual(e.kind, "encoding")
      assert.strictEqual(e.line, 7)
      assert.strictEqual(e.column, "Касса")
      assert.match(e.message, /mixed\.csv: the file was read as windows-1251 .*are UTF-8 text: the file mixes encodings/)
    }))
})

const ErpImportLocation = (r: { file: string; line: number; column: string | null }) => `${r.file}:${r.line}${r.column ? `, column «${r.column}»` : ""}`
