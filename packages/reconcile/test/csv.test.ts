import { assert, describe, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { Csv } from "@taxcom-kit/reconcile"

const enc = (s: string) => new TextEncoder().encode(s)

/** Parses `text` pushed in the given chunk sizes; rows as [line, cells, malformed]. */
const parseChunked = (text: string, sizes: ReadonlyArray<number>, delimiter = ";") => {
  const bytes = enc(text)
  const r = new Csv.CsvReader(delimiter.charCodeAt(0))
  const rows: Array<[number, Array<string>, string | null]> = []
  let off = 0
  let k = 0
  while (off < bytes.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]!)
    r.push(bytes.subarray(off, Math.min(bytes.length, off + n)))
    off += n
    while (r.next(false)) rows.push([r.line, r.cells(), r.malformed])
  }
  while (r.next(true)) rows.push([r.line, r.cells(), r.malformed])
  return rows
}

describe("Csv.CsvReader", () => {
  it("splits RFC 4180: quotes, doubled quotes, delimiters and line breaks inside quotes", () => {
    const rows = Csv.parse("a;b;c\r\n1;\"ООО \"\"Ромашка\"\"; Тверская\";\"two\r\nlines\"\r\n2;;x\r\n")
    assert.deepStrictEqual(rows.map((r) => r.cells), [
      ["a", "b", "c"],
      ["1", "ООО \"Ромашка\"; Тверская", "two\r\nlines"],
      ["2", "", "x"]
    ])
    // a row that spans two physical lines is reported on the line it starts; the next row is on line 4
    assert.deepStrictEqual(rows.map((r) => r.line), [1, 2, 4])
  })

  it("counts physical lines for LF, CRLF and lone CR alike", () => {
    assert.deepStrictEqual(Csv.parse("a\nb\r\nc\rd").map((r) => [r.line, r.cells[0]]), [[1, "a"], [2, "b"], [3, "c"], [4, "d"]])
    assert.deepStrictEqual(Csv.parse("\"x\ny\rz\r\nw\";1\nnext").map((r) => r.line), [1, 5])
  })

  it("reads a last line without a line break, and marks a file that ends inside a quote", () => {
    assert.deepStrictEqual(Csv.parse("a;b\n1;2").map((r) => r.cells), [["a", "b"], ["1", "2"]])
    const cut = Csv.parse("a;b\n1;\"unfinished\ncell")
    assert.strictEqual(cut.length, 2)
    assert.strictEqual(cut[1]!.line, 2)
    assert.match(cut[1]!.malformed!, /ends inside a quoted cell/)
  })

  it("keeps a quote inside an unquoted cell, and flags text after a closing quote", () => {
    assert.deepStrictEqual(Csv.parse("ООО \"Ромашка\";1").map((r) => r.cells), [["ООО \"Ромашка\"", "1"]])
    const bad = Csv.parse("\"abc\"def;1")
    assert.deepStrictEqual(bad[0]!.cells, ["\"abc\"def", "1"])
    assert.match(bad[0]!.malformed!, /after the closing quote/)
  })

  it("gives the same rows whatever the chunk boundaries (every split point)", () => {
    const text = "Дата;Сумма;Имя\r\n01.11.2026 10:00:00;1\u00a0234,56;\"a;\"\"b\"\"\r\nc\"\r\n\r\n02.11.2026;2,00;\"x\"\rlast;3;"
    const whole = parseChunked(text, [1 << 20])
    const bytes = enc(text).length
    for (let cut = 1; cut < bytes; cut++) {
      assert.deepStrictEqual(parseChunked(text, [cut, 1 << 20]), whole, `split at byte ${cut}`)
    }
    assert.deepStrictEqual(parseChunked(text, [1]), whole)
  })

  it("property: chunked parsing equals whole parsing for random CSV-ish text", () => {
    const alphabet = FastCheck.constantFrom(";", "\"", "\r", "\n", "a", "Я", "1", ",", " ")
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(alphabet, { maxLength: 60 }).map((a) => a.join("")),
        FastCheck.array(FastCheck.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        (text, sizes) => {
          assert.deepStrictEqual(parseChunked(text, sizes), parseChunked(text, [1 << 20]))
        }
      ),
      { numRuns: 300 }
    )
  })

  it("reads tab- and comma-separated text", () => {
    assert.deepStrictEqual(Csv.parse("a\tb\n1\t\"x\ty\"", "\t").map((r) => r.cells), [["a", "b"], ["1", "x\ty"]])
    assert.deepStrictEqual(Csv.parse("a,b\n\"1,5\",2", ",").map((r) => r.cells), [["a", "b"], ["1,5", "2"]])
  })

  it("decodes cells in Windows-1251 and cp866", () => {
    const cp1251 = new Uint8Array([0xc4, 0xe0, 0xf2, 0xe0, 0x3b, 0x31]) // Дата;1
    const r = new Csv.CsvReader(59, Csv.cellsFor("windows-1251"))
    r.push(cp1251)
    assert.isTrue(r.next(true))
    assert.deepStrictEqual(r.cells(), ["Дата", "1"])
    const dos = new Csv.CsvReader(59, Csv.cellsFor("ibm866"))
    dos.push(new Uint8Array([0x84, 0xa0, 0xe2, 0xa0])) // Дата in cp866
    assert.isTrue(dos.next(true))
    assert.strictEqual(dos.cell(0), "Дата")
  })

  it("refuses invalid UTF-8 in a text cell", () => {
    const r = new Csv.CsvReader(59, Csv.utf8Cells())
    r.push(new Uint8Array([0x61, 0xc4, 0xe0, 0x3b, 0x31]))
    assert.isTrue(r.next(true))
    assert.throws(() => r.cell(0), Csv.InvalidCellBytes)
    assert.strictEqual(r.cell(1), "1")
  })
})

describe("Csv.escapeCell", () => {
  it("defuses spreadsheet formulas and quotes what needs quoting", () => {
    assert.strictEqual(Csv.escapeCell("=SUM(A1:A3)"), "'=SUM(A1:A3)")
    assert.strictEqual(Csv.escapeCell("+7 900"), "'+7 900")
    assert.strictEqual(Csv.escapeCell("-1"), "'-1")
    assert.strictEqual(Csv.escapeCell("@cmd"), "'@cmd")
    assert.strictEqual(Csv.escapeCell("=1,2"), "\"'=1,2\"")
    assert.strictEqual(Csv.escapeCell("ООО \"Ромашка\""), "\"ООО \"\"Ромашка\"\"\"")
    assert.strictEqual(Csv.escapeCell("a\nb"), "\"a\nb\"")
    assert.strictEqual(Csv.escapeCell("plain"), "plain")
    // numbers are numbers: a negative amount is not a formula
    assert.strictEqual(Csv.escapeCell(-150), "-150")
    assert.strictEqual(Csv.escapeCell(null), "")
    assert.strictEqual(Csv.formatRow(["a", 1, null, "=x"]), "a,1,,'=x")
  })
})
