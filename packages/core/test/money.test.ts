import { assert, describe, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import * as Money from "../src/Money.js"

const rub = (s: string) => Either.getOrThrow(Money.parseRubles(s))
const reason = (s: string) => Either.match(Money.parseRubles(s), { onLeft: (e) => e.reason, onRight: () => "ok" })

describe("Money.parseRubles", () => {
  it("reads the forms people and ERPs write", () => {
    assert.strictEqual(rub("1 234,56"), 123456)
    assert.strictEqual(rub("1\u00a0234,56"), 123456)
    assert.strictEqual(rub("1\u202f234,56"), 123456)
    assert.strictEqual(rub("1234.5"), 123450)
    assert.strictEqual(rub("1234,5"), 123450)
    assert.strictEqual(rub("1234"), 123400)
    assert.strictEqual(rub("0,01"), 1)
    assert.strictEqual(rub(" 12,30 "), 1230)
    assert.strictEqual(rub("+5"), 500)
  })

  it("reads negatives in every notation", () => {
    assert.strictEqual(rub("-0,01"), -1)
    assert.strictEqual(rub("133,55-"), -13355)
    assert.strictEqual(rub("(1,00)"), -100)
    assert.strictEqual(rub("−2,50"), -250)
    assert.strictEqual(rub("-1 234,56"), -123456)
    // -0 is zero, not negative zero
    assert.isTrue(Object.is(rub("-0,00"), 0))
  })

  it("tells the decimal mark from the grouping mark", () => {
    assert.strictEqual(rub("1.234,56"), 123456)
    assert.strictEqual(rub("1,234.56"), 123456)
    assert.strictEqual(rub("1.234.567"), 123456700)
    assert.strictEqual(rub("1'234,56"), 123456)
  })

  it("rejects junk with a reason", () => {
    assert.strictEqual(reason(""), "the value is empty")
    assert.strictEqual(reason("abc"), 'unexpected character "a"')
    assert.strictEqual(reason("12a"), 'unexpected character "a"')
    assert.strictEqual(reason("1,234"), 'more than two decimals ("234")')
    assert.strictEqual(reason("1,005"), 'more than two decimals ("005")')
    assert.strictEqual(reason("--1"), "more than one minus sign")
    assert.strictEqual(reason("-1-"), "more than one minus sign")
    assert.strictEqual(reason("(1,00"), "unbalanced parentheses")
    assert.strictEqual(reason(","), "there are no digits")
    assert.isTrue(Either.isLeft(Money.parseRubles("1 2 3,4 5")))
    assert.isTrue(Either.isLeft(Money.parseRubles("1,,2")))
    assert.isTrue(Either.isLeft(Money.parseRubles("=1+2")))
    assert.isTrue(Either.isLeft(Money.parseRubles("99999999999999999999")))
  })

  it("the error message names the input", () => {
    const e = Either.getLeft(Money.parseRubles("12a")).pipe((o) => o._tag === "Some" ? o.value : undefined)!
    assert.include(e.message, '"12a"')
  })
})

describe("Money from kktstat rubles (JSON numbers)", () => {
  const k = (n: number) => Either.getOrThrow(Money.fromRublesNumber(n))
  it("converts exactly once, half away from zero", () => {
    assert.strictEqual(k(1234.5), 123450)
    assert.strictEqual(k(1234.57), 123457) // 1234.57 * 100 = 123456.99999999999 in binary
    assert.strictEqual(k(0.1 + 0.2), 30) // 0.30000000000000004
    assert.strictEqual(k(1.005), 101) // the text "1.005", not the binary 1.00499…
    assert.strictEqual(k(-0.015), -2)
    assert.strictEqual(k(1e-7), 0)
    assert.strictEqual(k(1e21 / 1e10), 10000000000000) // 1e11 rubles
    assert.strictEqual(k(0), 0)
    assert.isTrue(Either.isLeft(Money.fromRublesNumber(Number.NaN)))
    assert.isTrue(Either.isLeft(Money.fromRublesNumber(1e300)))
  })

  it("round-trips through the wire schema", () => {
    const decode = Schema.decodeUnknownSync(Money.RublesFromNumber)
    const encode = Schema.encodeSync(Money.RublesFromNumber)
    for (const n of [0, 0.01, 1234.57, 99999999.99, -17.3]) {
      assert.strictEqual(encode(decode(n)), n)
    }
    assert.throws(() => decode(Number.POSITIVE_INFINITY))
  })
})

describe("Money.format", () => {
  it("formats for people, in integers", () => {
    assert.strictEqual(Money.format(Money.kopecks(123456)), "1\u00a0234,56")
    assert.strictEqual(Money.format(Money.kopecks(-5)), "-0,05")
    assert.strictEqual(Money.format(Money.kopecks(100000000)), "1\u00a0000\u00a0000,00")
    assert.strictEqual(Money.format(Money.kopecks(7), { currency: true }), "0,07\u00a0₽")
    assert.strictEqual(Money.format(Money.kopecks(-123450), { style: "plain" }), "-1234.50")
    // near the top of the safe range, where k / 100 in floating point would round
    assert.strictEqual(Money.toDecimalString(Money.kopecks(9007199254740991)), "90071992547409.91")
  })

  it("parse ∘ format is the identity", () => {
    for (const k of [0, 1, -1, 99, 100, 123456789, -987654321]) {
      assert.strictEqual(rub(Money.format(Money.kopecks(k))), k)
      assert.strictEqual(rub(Money.format(Money.kopecks(k), { style: "plain" })), k)
    }
  })
})

describe("Money.mulDivHalfUp", () => {
  it("rounds half away from zero exactly", () => {
    assert.strictEqual(Money.mulDivHalfUp(6999, 20, 120), 1167) // 1166.5
    assert.strictEqual(Money.mulDivHalfUp(6998, 20, 120), 1166) // 1166.33
    assert.strictEqual(Money.mulDivHalfUp(-6999, 20, 120), -1167)
    assert.strictEqual(Money.mulDivHalfUp(61, 22, 122), 11) // 11.0
    assert.strictEqual(Money.mulDivHalfUp(0, 10, 110), 0)
    // beyond the safe product range the BigInt path gives the same answer
    assert.strictEqual(Money.mulDivHalfUp(900719925474099, 20, 120), 150119987579017) // …016.5
  })
})

describe("Money.parseRubles grouping", () => {
  it("accepts groups of three only, and only before the decimal mark", () => {
    assert.strictEqual(reason("1 23,45"), "thousands must be grouped by three digits, before the decimal mark")
    assert.isTrue(Either.isLeft(Money.parseRubles("1234 567,00")))
    assert.isTrue(Either.isLeft(Money.parseRubles("12,3 4")))
    assert.strictEqual(rub("12 345 678,90"), 1234567890)
    assert.strictEqual(rub("123 456"), 12345600)
  })
})
