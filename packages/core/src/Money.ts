/**
 * Money in integer kopecks.
 *
 * Every amount in taxcom-kit is a safe integer number of kopecks. Rubles appear only at the edges:
 * parsing (ERP files, `kktstat/*` JSON numbers) and formatting (rendered reports). Nothing here multiplies
 * or divides a binary float that carries money: rubles are read as decimal text, digit by digit.
 */
import { Brand, Data, Either, ParseResult, Schema } from "effect"

/** An amount in kopecks (1/100 ruble); always a safe integer. */
export type Kopecks = number & Brand.Brand<"Kopecks">

/** Schema of an integer kopeck amount as it appears on the wire (a JSON integer). */
export const Kopecks: Schema.brand<typeof Schema.Int, "Kopecks"> = Schema.Int.pipe(Schema.brand("Kopecks"))

/** Brands a number as kopecks; throws on a non-integer, which is always a programming error. */
export const kopecks = (n: number): Kopecks => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer kopeck amount: ${n}`)
  return n as Kopecks
}

export const zero: Kopecks = 0 as Kopecks

export const add = (a: Kopecks, b: Kopecks): Kopecks => (a + b) as Kopecks
export const subtract = (a: Kopecks, b: Kopecks): Kopecks => (a - b) as Kopecks
export const negate = (a: Kopecks): Kopecks => (a === 0 ? 0 : -a) as Kopecks

/** Sum of any number of amounts. */
export const sum = (amounts: Iterable<Kopecks>): Kopecks => {
  let total = 0
  for (const a of amounts) total += a
  return total as Kopecks
}

/**
 * Multiplies by a rational and rounds half away from zero, exactly, in integer arithmetic.
 * Used for VAT (`gross × 20 / 120`). Falls back to BigInt when the product leaves the safe range.
 */
export const mulDivHalfUp = (amount: number, numerator: number, denominator: number): Kopecks => {
  const sign = amount < 0 ? -1 : 1
  const a = Math.abs(amount)
  const product = a * numerator
  if (Number.isSafeInteger(product) && Number.isSafeInteger(product * 2 + denominator)) {
    const twice = product * 2 + denominator
    const div = denominator * 2
    // floor(twice / div) computed exactly: float division then correction by exact integer products.
    let q = Math.floor(twice / div)
    if (q * div > twice) q -= 1
    else if ((q + 1) * div <= twice) q += 1
    return (q === 0 ? 0 : sign * q) as Kopecks
  }
  const q = (BigInt(a) * BigInt(numerator) * 2n + BigInt(denominator)) / (BigInt(denominator) * 2n)
  return kopecks(sign * Number(q))
}

/** Why a text could not be read as an amount of rubles. */
export class MoneyParseError extends Data.TaggedError("MoneyParseError")<{
  readonly input: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot read ${JSON.stringify(this.input)} as an amount in rubles: ${this.reason}`
  }
}

const DIGIT_0 = 48
const DIGIT_9 = 57
const isSeparatorSpace = (c: number) => c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x27

/**
 * Reads a ruble amount written by a person or an ERP into kopecks; `NaN` when it is not one.
 *
 * Accepts a decimal comma or dot, at most two decimals, thousands separated by space, U+00A0, U+202F, U+2009
 * or an apostrophe, and negatives written as `-1,00`, `−1,00`, `1,00-` (1C) or `(1,00)` (accounting).
 * When both `,` and `.` occur, the last one is the decimal mark and the other groups thousands.
 * This is the hot path of the ERP import: one pass over char codes, no allocation. Use {@link parseRubles}
 * to get the reason of a failure.
 */
export const parseRublesOrNaN = (s: string): number => {
  const n = s.length
  if (n > codes.length) codes = new Uint16Array(n * 2)
  for (let i = 0; i < n; i++) codes[i] = s.charCodeAt(i)
  return parseCodesOrNaN(codes, 0, n)
}

/**
 * {@link parseRublesOrNaN} over the bytes of a CSV cell, without decoding the cell to a string: the ERP import reads
 * amounts straight from the file's bytes. Same grammar. Besides ASCII it reads the UTF-8 sequences of U+00A0,
 * U+202F, U+2009 (grouping) and U+2212 (minus); in a single-byte code page pass `nbspByte`, the byte of U+00A0
 * there (0xA0 in Windows-1251, 0xFF in cp866). Any other non-ASCII byte makes it `NaN`.
 */
export const parseRublesBytesOrNaN = (bytes: Uint8Array, from: number, to: number, nbspByte = -1): number => {
  // Fast path for the commonest cell, `[-]digits[,|.]dd` with nothing else: the result the grammar below would give.
  {
    let i = from
    const negative = bytes[i] === 45
    if (negative) i++
    let v = 0
    const start = i
    while (i < to && bytes[i]! >= 48 && bytes[i]! <= 57 && i - start < 13) v = v * 10 + (bytes[i++]! - 48)
    if (i > start) {
      let value = -1
      if (i === to) value = v * 100
      else if ((bytes[i] === 44 || bytes[i] === 46) && to - i === 3) {
        const a = bytes[i + 1]! - 48
        const c = bytes[i + 2]! - 48
        if (a >= 0 && a <= 9 && c >= 0 && c <= 9) value = v * 100 + a * 10 + c
      }
      if (value >= 0) return negative && value !== 0 ? -value : value
    }
  }
  if (to - from > codes.length) codes = new Uint16Array((to - from) * 2)
  let n = 0
  for (let i = from; i < to; i++) {
    const b = bytes[i]!
    if (b < 0x80) codes[n++] = b
    else if (b === nbspByte) codes[n++] = 0xa0
    else if (nbspByte >= 0) return NaN
    else if (b === 0xc2 && bytes[i + 1] === 0xa0 && i + 1 < to) {
      codes[n++] = 0xa0
      i++
    } else if (b === 0xe2 && i + 2 < to && bytes[i + 1] === 0x80 && (bytes[i + 2] === 0xaf || bytes[i + 2] === 0x89)) {
      codes[n++] = bytes[i + 2] === 0xaf ? 0x202f : 0x2009
      i += 2
    } else if (b === 0xe2 && i + 2 < to && bytes[i + 1] === 0x88 && bytes[i + 2] === 0x92) {
      codes[n++] = 0x2212
      i += 2
    } else return NaN
  }
  return parseCodesOrNaN(codes, 0, n)
}

/** Scratch code units for the two front ends of the one grammar below. */
let codes = new Uint16Array(64)

/** The grammar of {@link parseRublesOrNaN}, over UTF-16 code units. */
const parseCodesOrNaN = (s: Uint16Array, from: number, to: number): number => {
  let start = from
  let end = to
  while (start < end && (s[start]! === 32 || s[start]! === 9 || s[start]! === 0xa0)) start++
  while (end > start && (s[end - 1]! === 32 || s[end - 1]! === 9 || s[end - 1]! === 0xa0)) end--
  if (start === end) return NaN
  let negative = false
  let c = s[start]!
  if (c === 40 /* ( */) {
    if (s[end - 1]! !== 41 /* ) */) return NaN
    negative = true
    start++
    end--
  } else if (c === 45 /* - */ || c === 0x2212 /* − */) {
    negative = true
    start++
  } else if (c === 43 /* + */) {
    start++
  }
  c = s[end - 1]!
  if (c === 45 || c === 0x2212) {
    if (negative) return NaN
    negative = true
    end--
  }
  // The decimal mark is the last ',' or '.'; another mark of the same kind before it is a grouping mark.
  let decimalAt = -1
  for (let i = end - 1; i >= start; i--) {
    const ch = s[i]!
    if (ch === 44 || ch === 46) {
      decimalAt = i
      break
    }
  }
  if (decimalAt >= 0) {
    const mark = s[decimalAt]!
    for (let i = start; i < decimalAt; i++) {
      if (s[i]! === mark) {
        // "1.234.567" or "1,234,567": every mark is a grouping mark, there is no fraction.
        decimalAt = -1
        break
      }
    }
  }
  let rubles = 0
  let digits = 0
  let fraction = 0
  let fractionDigits = 0
  // Grouping marks are allowed only in the integer part, between groups of exactly three digits.
  let groupDigits = 0
  let grouped = false
  const intEnd = decimalAt >= 0 ? decimalAt : end
  for (let i = start; i < end; i++) {
    const ch = s[i]!
    if (ch >= DIGIT_0 && ch <= DIGIT_9) {
      if (i > intEnd) {
        if (fractionDigits === 2) return NaN
        fraction = fraction * 10 + (ch - DIGIT_0)
        fractionDigits++
      } else {
        rubles = rubles * 10 + (ch - DIGIT_0)
        digits++
        groupDigits++
      }
    } else if (i === decimalAt) {
      if (grouped && groupDigits !== 3) return NaN
    } else if (i < intEnd && (isSeparatorSpace(ch) || ch === 44 || ch === 46)) {
      if (groupDigits === 0 || (grouped ? groupDigits !== 3 : groupDigits > 3)) return NaN
      grouped = true
      groupDigits = 0
    } else {
      return NaN
    }
  }
  if (decimalAt < 0 && grouped && groupDigits !== 3) return NaN
  if (digits === 0 && fractionDigits === 0) return NaN
  if (fractionDigits === 1) fraction *= 10
  const value = rubles * 100 + fraction
  if (!Number.isSafeInteger(value)) return NaN
  return negative ? (value === 0 ? 0 : -value) : value
}

const explain = (s: string): string => {
  const t = s.trim()
  if (t.length === 0) return "the value is empty"
  if (/[^\d\s\u00a0\u202f\u2009',.()+\-\u2212]/.test(t)) {
    const bad = t.match(/[^\d\s\u00a0\u202f\u2009',.()+\-\u2212]/)![0]
    return `unexpected character ${JSON.stringify(bad)}`
  }
  if (!/\d/.test(t)) return "there are no digits"
  const m = t.match(/[.,](\d+)\D*$/)
  if (m && m[1]!.length > 2 && !/[.,]\d{3}[.,]/.test(t)) return `more than two decimals ("${m[1]}")`
  if (/^\(/.test(t) !== /\)$/.test(t)) return "unbalanced parentheses"
  if ((t.match(/[-\u2212]/g) ?? []).length > 1) return "more than one minus sign"
  if (/\d[\s\u00a0\u202f\u2009',.]+\d/.test(t)) return "thousands must be grouped by three digits, before the decimal mark"
  return "not a number in rubles (expected e.g. 1 234,56 or -1234.5)"
}

/** Reads a ruble amount into kopecks, or explains why it cannot. See {@link parseRublesOrNaN} for the forms. */
export const parseRubles = (input: string): Either.Either<Kopecks, MoneyParseError> => {
  const v = parseRublesOrNaN(input)
  return Number.isNaN(v)
    ? Either.left(new MoneyParseError({ input, reason: explain(input) }))
    : Either.right(v as Kopecks)
}

/**
 * Converts a decimal text in rubles (`"1234.5"`, `"-0.015"`, `"1e-7"`, the text form of a JSON number) to kopecks,
 * rounding half away from zero at the third decimal. `NaN` when the text is not a plain decimal number.
 */
const decimalTextToKopecks = (text: string): number => {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) return NaN
  const sign = m[1] === "-" ? -1 : 1
  let intPart = m[2] ?? ""
  let fracPart = m[3] ?? ""
  let exp = m[4] === undefined ? 0 : Number(m[4])
  // Shift the decimal point by the exponent, on the digit string.
  while (exp > 0) {
    intPart += fracPart.length > 0 ? fracPart[0] : "0"
    fracPart = fracPart.slice(1)
    exp--
  }
  while (exp < 0) {
    fracPart = (intPart.length > 0 ? intPart[intPart.length - 1] : "0") + fracPart
    intPart = intPart.slice(0, -1)
    exp++
  }
  const padded = (fracPart + "000").slice(0, 3)
  const whole = Number((intPart === "" ? "0" : intPart) + padded.slice(0, 2))
  const third = padded.charCodeAt(2) - DIGIT_0
  const value = whole + (third >= 5 ? 1 : 0)
  if (!Number.isSafeInteger(value)) return NaN
  return value === 0 ? 0 : sign * value
}

/**
 * Converts rubles given as a JSON number (as `kktstat/*` returns them) to kopecks exactly once:
 * the number's shortest decimal text is read digit by digit and rounded half away from zero.
 * `1234.57` → 123457, `0.005` → 1, `-0.015` → -2.
 */
export const fromRublesNumber = (rubles: number): Either.Either<Kopecks, MoneyParseError> => {
  if (!Number.isFinite(rubles)) {
    return Either.left(new MoneyParseError({ input: String(rubles), reason: "not a finite number" }))
  }
  const v = decimalTextToKopecks(String(rubles))
  return Number.isNaN(v)
    ? Either.left(new MoneyParseError({ input: String(rubles), reason: "out of the safe range" }))
    : Either.right(v as Kopecks)
}

/** The decimal text of an amount in rubles with a dot and exactly two decimals: `-1234.50`. */
export const toDecimalString = (amount: Kopecks | number): string => {
  const negative = amount < 0
  const a = Math.abs(amount)
  const cents = a % 100
  const rubles = (a - cents) / 100
  return `${negative ? "-" : ""}${rubles}.${cents < 10 ? "0" : ""}${cents}`
}

/**
 * Rubles as a JSON number for the wire of `kktstat/*`. The number is built from the decimal text, so it is
 * the double nearest to the exact amount and prints back as the same digits.
 */
export const toRublesNumber = (amount: Kopecks | number): number => Number(toDecimalString(amount))

/** Schema: rubles as a JSON number on the wire ↔ kopecks in the domain (the `kktstat/*` methods). */
export const RublesFromNumber: Schema.transformOrFail<typeof Schema.Number, typeof Kopecks> = Schema
  .transformOrFail(Schema.Number, Kopecks, {
    strict: true,
    decode: (n, _, ast) =>
      Either.match(fromRublesNumber(n), {
        onLeft: (e) => ParseResult.fail(new ParseResult.Type(ast, n, e.message)),
        onRight: (k) => ParseResult.succeed(k)
      }),
    encode: (k) => ParseResult.succeed(toRublesNumber(k))
  })

export interface FormatOptions {
  /** `ru`: `1 234,56` with U+00A0 between thousands (safe in PDF fonts); `plain`: `1234.56`. */
  readonly style?: "ru" | "plain"
  /** Append ` ₽` (ru) or ` RUB` (plain). */
  readonly currency?: boolean
}

/** Formats kopecks as rubles for people. Integer arithmetic only. */
export const format = (amount: Kopecks, options: FormatOptions = {}): string => {
  const style = options.style ?? "ru"
  if (style === "plain") return toDecimalString(amount) + (options.currency ? " RUB" : "")
  const negative = amount < 0
  const a = Math.abs(amount)
  const cents = a % 100
  const rubles = String((a - cents) / 100)
  let grouped = ""
  for (let i = 0; i < rubles.length; i++) {
    if (i > 0 && (rubles.length - i) % 3 === 0) grouped += "\u00a0"
    grouped += rubles[i]
  }
  return `${negative ? "-" : ""}${grouped},${cents < 10 ? "0" : ""}${cents}${options.currency ? "\u00a0₽" : ""}`
}
