import { assert, describe, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { Money } from "@taxcom-kit/core"
import { Encoding } from "@taxcom-kit/reconcile"
import * as V from "../src/internal/values.js"
import { encode1251, encode866 } from "./fixture.js"

const date = (s: string, order: V.DateOrder = "dmy") => {
  const f: V.DateFields = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, hasTime: false, offset: null }
  const k = V.parseDate(s, f, order)
  return k === V.DATE_OK ? `${V.fieldsToLocal(f)}${f.hasTime ? "" : " (date)"}${f.offset === null ? "" : ` ${f.offset}`}` : k === V.DATE_EMPTY ? "empty" : "bad"
}

describe("dates", () => {
  it("reads the Russian, short and ISO forms", () => {
    assert.strictEqual(date("01.11.2026 9:05"), "2026-11-01T09:05:00")
    assert.strictEqual(date("01.11.2026 09:05:07"), "2026-11-01T09:05:07")
    assert.strictEqual(date("1.2.2026"), "2026-02-01T00:00:00 (date)")
    assert.strictEqual(date("01.11.26"), "2026-11-01T00:00:00 (date)")
    assert.strictEqual(date("2026-11-01T10:03:15"), "2026-11-01T10:03:15")
    assert.strictEqual(date("2026-11-01 10:03"), "2026-11-01T10:03:00")
    assert.strictEqual(date("2026-11-01T10:03:15.123+03:00"), "2026-11-01T10:03:15 180")
    assert.strictEqual(date("2026-11-01T07:03:15Z"), "2026-11-01T07:03:15 0")
    assert.strictEqual(date("01/11/2026"), "2026-11-01T00:00:00 (date)")
    assert.strictEqual(date("11/01/2026", "mdy"), "2026-11-01T00:00:00 (date)")
    assert.strictEqual(date(" 01.11.2026\u00a010:00 "), "2026-11-01T10:00:00")
  })

  it("treats 1C's empty date and blank cells as empty", () => {
    assert.strictEqual(date("01.01.0001"), "empty")
    assert.strictEqual(date("01.01.0001 0:00:00"), "empty")
    assert.strictEqual(date(""), "empty")
    assert.strictEqual(date("   "), "empty")
  })

  it("refuses impossible dates and junk, and says why", () => {
    assert.strictEqual(date("31.02.2026"), "bad")
    assert.strictEqual(date("01.13.2026"), "bad")
    assert.strictEqual(date("01.11.2026 25:00"), "bad")
    assert.strictEqual(date("01.11.2026x"), "bad")
    assert.strictEqual(date("46327"), "bad")
    assert.match(V.explainDate("46327"), /serial number/)
    assert.match(V.explainDate("31.02.2026"), /calendar date/)
    assert.match(V.explainDate("завтра"), /expected dd\.mm\.yyyy/)
  })
})

describe("numbers and identifiers", () => {
  it("keeps a 16-digit FN as text and explains spreadsheet damage", () => {
    assert.strictEqual(V.parseFn("9999078902004193"), "9999078902004193")
    assert.strictEqual(V.parseFn("9999 0789 0200 4193"), "9999078902004193")
    // beyond 2^53: a JS number would change it
    assert.notStrictEqual(String(Number("9999078902004193")), "9999078902004193")
    assert.isNull(V.parseFn("7.38044E+15"))
    assert.match(V.explainFn("7.38044E+15"), /scientific notation/)
    assert.match(V.explainFn("738044080000001"), /16 digits, this one has 15/)
  })

  it("reads counts with grouping, refuses fractions and negatives", () => {
    const b = (s: string) => {
      const x = new TextEncoder().encode(s)
      return V.parseCountBytes(x, 0, x.length)
    }
    assert.strictEqual(b("1234"), 1234)
    assert.strictEqual(b(" 1 234 "), 1234)
    assert.strictEqual(b("1\u00a0234"), 1234)
    assert.strictEqual(b("12,5"), -1)
    assert.strictEqual(b("-3"), -1)
    assert.strictEqual(b("4294967296"), -1)
    assert.match(V.explainCount("12,5", "the FD number"), /whole number/)
  })

  it("reads fiscal signs without leading zeros", () => {
    const sign = (s: string) => {
      const x = new TextEncoder().encode(s)
      return V.fiscalSignBytes(x, 0, x.length, { decoder: { text: (b, f, t) => new TextDecoder().decode(b.subarray(f, t)) } })
    }
    assert.strictEqual(sign("824629212"), "824629212")
    assert.strictEqual(sign("0824629212"), "824629212")
    assert.strictEqual(sign("4294967295"), "4294967295")
    assert.isNull(sign("4294967296"))
    assert.isNull(sign("12a"))
  })

  it("names operations and VAT rates the ways ERPs write them", () => {
    assert.strictEqual(V.parseOperation("Продажа"), "Income")
    assert.strictEqual(V.parseOperation(" ПРИХОД "), "Income")
    assert.strictEqual(V.parseOperation("Возврат продажи"), "IncomeReturn")
    assert.strictEqual(V.parseOperation("refund"), "IncomeReturn")
    assert.strictEqual(V.parseOperation("Возврат расхода"), "ExpenditureReturn")
    assert.isUndefined(V.parseOperation("Списание"))
    assert.strictEqual(V.parseOperation("Списание", new Map([["списание", "Expenditure"]])), "Expenditure")
    assert.strictEqual(V.parseVatRate("20%"), "vat20")
    assert.strictEqual(V.parseVatRate("НДС 22%"), "vat22")
    assert.strictEqual(V.parseVatRate("22 %"), "vat22")
    assert.strictEqual(V.parseVatRate("20/120"), "vat20_120")
    assert.strictEqual(V.parseVatRate("НДС 10/110"), "vat10_110")
    assert.strictEqual(V.parseVatRate("Без НДС"), "none")
    assert.strictEqual(V.parseVatRate("без ндс"), "none")
    assert.strictEqual(V.parseVatRate("0%"), "vat0")
    assert.strictEqual(V.parseVatRate("vat5_105"), "vat5_105")
    assert.isUndefined(V.parseVatRate("21%"))
  })
})

describe("Money.parseRublesBytesOrNaN (core), the import's amount reader", () => {
  const viaUtf8 = (s: string) => {
    const b = new TextEncoder().encode(s)
    return Money.parseRublesBytesOrNaN(b, 0, b.length)
  }
  const via1251 = (s: string) => {
    const b = encode1251(s)
    return Money.parseRublesBytesOrNaN(b, 0, b.length, 0xa0)
  }

  it("reads every form the string parser reads, from UTF-8 and Windows-1251 bytes", () => {
    for (const s of ["1 234,56", "1\u00a0234,56", "1\u202f234,56", "-1,00", "1,00-", "(1,00)", "−2,50", "0,01", "1234.5", "+5", "1.234,56", "1,234.56"]) {
      assert.strictEqual(viaUtf8(s), Money.parseRublesOrNaN(s), s)
    }
    for (const s of ["1\u00a0234,56", "-1,00", "(1 000,00)", "12,3"]) assert.strictEqual(via1251(s), Money.parseRublesOrNaN(s), s)
    assert.strictEqual(viaUtf8("1\u00a0234,56"), 123456)
    assert.isNaN(viaUtf8("12,345"))
    assert.isNaN(viaUtf8("1 2 3 р."))
    assert.isNaN(viaUtf8("=1+2"))
  })

  it("property: agrees with parseRublesOrNaN on random amount-like text", () => {
    const ch = FastCheck.constantFrom("0", "1", "5", "9", ",", ".", "-", "(", ")", " ", "\u00a0", "\u202f", "\u2212", "+", "'", "x")
    FastCheck.assert(
      FastCheck.property(FastCheck.array(ch, { maxLength: 14 }).map((a) => a.join("")), (s) => {
        const a = Money.parseRublesOrNaN(s)
        const b = viaUtf8(s)
        assert.isTrue(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), JSON.stringify(s))
      }),
      { numRuns: 2000 }
    )
  })
})

describe("Encoding.Detector", () => {
  const detect = (bytes: Uint8Array, setting: Encoding.EncodingSetting = "auto") => {
    const d = new Encoding.Detector(setting)
    d.observe(bytes, 0, true)
    return d.finalReport()
  }

  it("follows the rules: BOM, valid UTF-8, else Windows-1251; ASCII is undecided", () => {
    assert.deepStrictEqual(detect(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), { encoding: "utf-8", evidence: "bom", decidedAtByte: 0 })
    assert.strictEqual(detect(new TextEncoder().encode("Дата;Сумма")).evidence, "valid-utf8")
    const win = detect(encode1251("Date;Сумма"))
    assert.strictEqual(win.encoding, "windows-1251")
    assert.strictEqual(win.decidedAtByte, 5)
    assert.strictEqual(detect(new TextEncoder().encode("date;total")).evidence, "ascii-only")
  })

  it("uses cp866 only when the file or the profile says so", () => {
    const dos = encode866("Дата;Сумма")
    assert.strictEqual(detect(dos).encoding, "windows-1251")
    assert.strictEqual(detect(dos, "ibm866").encoding, "ibm866")
    const declared = new Uint8Array([...new TextEncoder().encode("# encoding: cp866\r\n"), ...dos])
    assert.deepStrictEqual(detect(declared), { encoding: "ibm866", evidence: "declared", decidedAtByte: null })
  })

  it("refuses what is not CSV text, saying what it is", () => {
    assert.throws(() => detect(new Uint8Array([0xff, 0xfe, 0x14, 0x04])), /UTF-16/)
    assert.throws(() => detect(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0])), /ZIP archive/)
    assert.throws(() => detect(new Uint8Array([0x41, 0, 0x42, 0])), /zero byte at offset 1/)
    assert.throws(() => detect(encode1251("Дата;Сумма"), "utf-8"), /profile says UTF-8, but the bytes at offset 0 \(C4 E0 F2 E0\)/)
  })

  it("recognises garbled headers", () => {
    const utf8As1251 = new TextDecoder("windows-1251").decode(new TextEncoder().encode("Дата;Сумма;Касса"))
    assert.match(Encoding.garbleHint(utf8As1251, "windows-1251"), /UTF-8 read as Windows-1251/)
    const dosAs1251 = new TextDecoder("windows-1251").decode(encode866("Дата;Сумма;Касса"))
    assert.match(Encoding.garbleHint(dosAs1251, "windows-1251"), /cp866/)
    assert.strictEqual(Encoding.garbleHint("Дата;Сумма", "windows-1251"), "")
  })
})

describe("wall-clock arithmetic", () => {
  it("fieldsToWallMillis agrees with Date.UTC across leap years and centuries", () => {
    for (const [y, mo, d] of [[1900, 2, 28], [1900, 3, 1], [2000, 2, 29], [2024, 12, 31], [2026, 1, 1], [2100, 3, 1], [2399, 12, 31]] as const) {
      const f: V.DateFields = { y, mo, d, h: 23, mi: 59, s: 58, hasTime: true, offset: null }
      assert.strictEqual(V.fieldsToWallMillis(f), Date.UTC(y, mo - 1, d, 23, 59, 58), `${y}-${mo}-${d}`)
    }
  })
})
