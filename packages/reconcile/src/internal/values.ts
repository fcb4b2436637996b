/**
 * Cell readers of the ERP import: dates, integers, FN numbers, fiscal signs, operations, VAT rates.
 * Each has a fast path returning a sentinel and an `explain…` that gives the reason for the rejection message.
 */
import type { LocalDateTime, Operation as Op } from "@taxcom-kit/core"
import { VatRate } from "@taxcom-kit/core"

type Operation = Op.Operation

const D0 = 48
const isDigit = (c: number) => c >= 48 && c <= 57
const isSpace = (c: number) => c === 32 || c === 9 || c === 0xa0 || c === 0x202f || c === 0x2009

export type DateOrder = "dmy" | "ymd" | "mdy"

/** A parsed date-time: wall-clock fields. `hasTime` is false for a bare date. */
export interface DateFields {
  y: number
  mo: number
  d: number
  h: number
  mi: number
  s: number
  hasTime: boolean
  /** Minutes east of UTC when the text carries an offset (ISO `Z`, `+03:00`), else null. */
  offset: number | null
}

const daysIn = (y: number, m: number): number =>
  m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31

/** Result sentinels of {@link parseDate}. */
export const DATE_EMPTY = 0
export const DATE_OK = 1
export const DATE_BAD = 2

/** A space, tab or no-break space (one byte in a code page, C2 A0 in UTF-8) at `k`. */
const isSpaceByte = (b: Uint8Array, k: number): boolean => {
  const c = b[k]!
  return c === 32 || c === 9 || c === 0xa0 || (c === 0xc2 && b[k + 1] === 0xa0)
}

/**
 * Reads `dd.mm.yyyy[ H:mm[:ss]]`, `dd.mm.yy`, `dd/mm/yyyy`, ISO `yyyy-mm-dd[Thh:mm[:ss[.fff]]][Z|±hh:mm]`, byte by
 * byte from a cell (ASCII; a no-break space counts as a space). 1C's empty date `01.01.0001` (with or without a
 * time) and an empty cell are empty.
 */
export const parseDateBytes = (b: Uint8Array, from: number, to: number, out: DateFields, order: DateOrder = "dmy"): number => {
  let i = from
  let n = to
  while (i < n && isSpaceByte(b, i)) i += b[i] === 0xc2 ? 2 : 1
  while (n > i && (b[n - 1] === 32 || b[n - 1] === 9 || b[n - 1] === 0xa0)) n -= b[n - 1] === 0xa0 && b[n - 2] === 0xc2 ? 2 : 1
  if (i === n) return DATE_EMPTY
  let g0 = 0, g1 = 0, g2 = 0
  let l0 = 0, l1 = 0, l2 = 0
  let sep = -1
  for (let k = 0; k < 3; k++) {
    const st = i
    let v = 0
    while (i < n && b[i]! >= 48 && b[i]! <= 57) {
      v = v * 10 + (b[i]! - D0)
      i++
    }
    const len = i - st
    if (len === 0 || len > 4) return DATE_BAD
    if (k === 0) { g0 = v; l0 = len } else if (k === 1) { g1 = v; l1 = len } else { g2 = v; l2 = len }
    if (k < 2) {
      if (i >= n) return DATE_BAD
      const c = b[i]!
      if (c !== 46 && c !== 47 && c !== 45) return DATE_BAD
      if (sep === -1) sep = c
      else if (c !== sep) return DATE_BAD
      i++
    }
  }
  let y: number, mo: number, d: number
  if (l0 === 4) {
    y = g0
    mo = g1
    d = g2
    if (l2 > 2) return DATE_BAD
  } else {
    if (l2 !== 4 && l2 !== 2) return DATE_BAD
    if (l0 > 2 || l1 > 2) return DATE_BAD
    y = l2 === 2 ? (g2 < 70 ? 2000 + g2 : 1900 + g2) : g2
    if (order === "mdy") {
      mo = g0
      d = g1
    } else {
      d = g0
      mo = g1
    }
  }
  let h = 0
  let mi = 0
  let sec = 0
  let hasTime = false
  let offset: number | null = null
  if (i < n) {
    const c = b[i]!
    if (c !== 32 && c !== 84 /* T */ && c !== 116 && !isSpaceByte(b, i)) return DATE_BAD
    while (i < n && (b[i] === 84 || b[i] === 116 || isSpaceByte(b, i))) i += b[i] === 0xc2 ? 2 : 1
    let p0 = 0, p1 = 0, p2 = 0
    let k = 0
    for (; k < 3; k++) {
      const st = i
      let v = 0
      while (i < n && b[i]! >= 48 && b[i]! <= 57) {
        v = v * 10 + (b[i]! - D0)
        i++
      }
      if (i === st || i - st > 2) return DATE_BAD
      if (k === 0) p0 = v
      else if (k === 1) p1 = v
      else p2 = v
      if (i < n && b[i] === 58 /* : */ && k < 2) {
        i++
        continue
      }
      break
    }
    if (k === 0) return DATE_BAD
    h = p0
    mi = p1
    sec = p2
    hasTime = true
    if (i < n && (b[i] === 46 || b[i] === 44)) {
      i++
      while (i < n && b[i]! >= 48 && b[i]! <= 57) i++
    }
    if (i < n) {
      const c2 = b[i]!
      if (c2 === 90 /* Z */ || c2 === 122) {
        offset = 0
        i++
      } else if (c2 === 43 || c2 === 45) {
        const sign = c2 === 45 ? -1 : 1
        i++
        const st = i
        let v = 0
        while (i < n && b[i]! >= 48 && b[i]! <= 57) {
          v = v * 10 + (b[i]! - D0)
          i++
        }
        let oh: number
        let om = 0
        if (i - st === 4) {
          oh = Math.floor(v / 100)
          om = v % 100
        } else if (i - st === 2) {
          oh = v
          if (i < n && b[i] === 58) {
            i++
            const st2 = i
            while (i < n && b[i]! >= 48 && b[i]! <= 57) {
              om = om * 10 + (b[i]! - D0)
              i++
            }
            if (i - st2 !== 2) return DATE_BAD
          }
        } else return DATE_BAD
        offset = sign * (oh * 60 + om)
      }
    }
    if (i !== n) return DATE_BAD
  }
  // 1C writes "01.01.0001 0:00:00" for an empty date.
  if (y === 1 && mo === 1 && d === 1) return DATE_EMPTY
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return DATE_BAD
  if (h > 23 || mi > 59 || sec > 59) return DATE_BAD
  out.y = y
  out.mo = mo
  out.d = d
  out.h = h
  out.mi = mi
  out.s = sec
  out.hasTime = hasTime
  out.offset = offset
  return DATE_OK
}

/** {@link parseDateBytes} of a string (tests, profiles). */
export const parseDate = (s: string, out: DateFields, order: DateOrder = "dmy"): number => {
  const b = new TextEncoder().encode(s)
  return parseDateBytes(b, 0, b.length, out, order)
}

/** Reads a separate time cell `H:mm[:ss]` into the fields; false when it is not one. */
export const parseTimeInto = (s: string, out: DateFields): boolean => {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*$/.exec(s)
  if (m === null) return false
  const h = +m[1]!
  const mi = +m[2]!
  const sec = m[3] === undefined ? 0 : +m[3]
  if (h > 23 || mi > 59 || sec > 59) return false
  out.h = h
  out.mi = mi
  out.s = sec
  out.hasTime = true
  return true
}

export const explainDate = (s: string): string => {
  const t = s.trim()
  if (/^\d{5}(\.\d+)?$/.test(t)) return "a spreadsheet serial number, not a date: format the column as a date before exporting"
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{4}/.test(t) || /^\d{4}-\d{2}-\d{2}/.test(t)) {
    return "not a valid calendar date or time (day, month, hour or minute out of range)"
  }
  return "not a date (expected dd.mm.yyyy, dd.mm.yyyy HH:mm:ss, dd.mm.yy or yyyy-mm-ddTHH:mm:ss)"
}


/** Canonical `yyyy-MM-ddTHH:mm:ss` of the fields, built as one flat string (no concatenation tree). */
export const fieldsToLocal = (f: DateFields): LocalDateTime.LocalDateTime => {
  const y = f.y
  return String.fromCharCode(
    48 + Math.floor(y / 1000), 48 + (Math.floor(y / 100) % 10), 48 + (Math.floor(y / 10) % 10), 48 + (y % 10), 45,
    48 + Math.floor(f.mo / 10), 48 + (f.mo % 10), 45, 48 + Math.floor(f.d / 10), 48 + (f.d % 10), 84,
    48 + Math.floor(f.h / 10), 48 + (f.h % 10), 58, 48 + Math.floor(f.mi / 10), 48 + (f.mi % 10), 58,
    48 + Math.floor(f.s / 10), 48 + (f.s % 10)
  ) as LocalDateTime.LocalDateTime
}

/** Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): exact, no Date object. */
const daysFromCivil = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export const fieldsToWallMillis = (f: DateFields): number =>
  daysFromCivil(f.y, f.mo, f.d) * 86_400_000 + ((f.h * 60 + f.mi) * 60 + f.s) * 1000

/** Wall-clock milliseconds of a canonical LocalDateTime, by char codes (no slicing). */
export const wallMillis = (t: string): number =>
  Date.UTC(
    (t.charCodeAt(0) - D0) * 1000 + (t.charCodeAt(1) - D0) * 100 + (t.charCodeAt(2) - D0) * 10 + (t.charCodeAt(3) - D0),
    (t.charCodeAt(5) - D0) * 10 + (t.charCodeAt(6) - D0) - 1,
    (t.charCodeAt(8) - D0) * 10 + (t.charCodeAt(9) - D0),
    (t.charCodeAt(11) - D0) * 10 + (t.charCodeAt(12) - D0),
    (t.charCodeAt(14) - D0) * 10 + (t.charCodeAt(15) - D0),
    (t.charCodeAt(17) - D0) * 10 + (t.charCodeAt(18) - D0)
  )

/** {@link parseCount} over the bytes of a cell. */
export const parseCountBytes = (b: Uint8Array, from: number, to: number): number => {
  let v = 0
  let digits = 0
  let i = from
  let n = to
  while (i < n && (b[i] === 32 || b[i] === 9)) i++
  while (n > i && (b[n - 1] === 32 || b[n - 1] === 9)) n--
  for (; i < n; i++) {
    const c = b[i]!
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - D0)
      digits++
    } else if ((c === 32 || c === 0xa0) && digits > 0 && i + 1 < n && b[i + 1]! >= 48 && b[i + 1]! <= 57) {
      continue
    } else if (c === 0xc2 && b[i + 1] === 0xa0 && digits > 0 && i + 2 < n && b[i + 2]! >= 48 && b[i + 2]! <= 57) {
      i++
    } else return -1
  }
  if (digits === 0 || v > 0xffffffff) return -1
  return v
}

/** Whether bytes `[from, to)` are exactly `len` ASCII digits. */
export const isDigits = (b: Uint8Array, from: number, to: number, len: number): boolean => {
  if (to - from !== len) return false
  for (let i = from; i < to; i++) if (b[i]! < 48 || b[i]! > 57) return false
  return true
}

/** A non-negative integer (digits, with optional space grouping); -1 when it is not one. */
export const parseCount = (s: string): number => {
  let v = 0
  let digits = 0
  let i = 0
  let n = s.length
  while (i < n && isSpace(s.charCodeAt(i))) i++
  while (n > i && isSpace(s.charCodeAt(n - 1))) n--
  for (; i < n; i++) {
    const c = s.charCodeAt(i)
    if (isDigit(c)) {
      v = v * 10 + (c - D0)
      digits++
    } else if (isSpace(c) && digits > 0 && i + 1 < n && isDigit(s.charCodeAt(i + 1))) {
      continue
    } else return -1
  }
  if (digits === 0 || v > 0xffffffff) return -1
  return v
}

export const explainCount = (s: string, what: string): string => {
  const t = s.trim()
  if (/^-/.test(t)) return `${what} cannot be negative`
  if (/^\d+[.,]\d+$/.test(t)) return `${what} must be a whole number, got a fraction`
  if (/^\d[\d\s]*$/.test(t)) return `${what} is out of range (more than 4294967295)`
  return `${what} is not a whole number`
}

/** A 16-digit FN with spaces removed, or null. */
export const parseFn = (s: string): string | null => {
  if (s.length === 16) {
    let ok = true
    for (let i = 0; i < 16; i++) {
      const c = s.charCodeAt(i)
      if (c < 48 || c > 57) {
        ok = false
        break
      }
    }
    if (ok) return s
  }
  let out = ""
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (isDigit(c)) out += s[i]
    else if (!isSpace(c) && c !== 39 /* ' */) return null
  }
  return out.length === 16 ? out : null
}

export const explainFn = (s: string): string => {
  const t = s.trim()
  if (/^\d+([.,]\d+)?[eE][+-]?\d+$/.test(t)) {
    return "the FN is in scientific notation: a spreadsheet turned it into a number and lost digits; export the column as text"
  }
  const digits = t.replace(/[\s\u00a0']/g, "")
  if (/^\d+$/.test(digits)) return `an FN number has 16 digits, this one has ${digits.length}`
  if (/^\d+[.,]0+$/.test(digits)) return "the FN has a decimal part: a spreadsheet turned it into a number; export the column as text"
  return "not an FN number (16 digits)"
}

/** Whether bytes `[from, to)` are well-formed UTF-8 (structure only: lead and continuation bytes). */
export const validUtf8 = (b: Uint8Array, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = b[i]!
    if (c < 0x80) continue
    const need = c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1
    if (need < 0) return false
    for (let k = 1; k <= need; k++) {
      const x = b[i + k]
      if (i + k >= to || x === undefined || x < 0x80 || x > 0xbf) return false
    }
    i += need
  }
  return true
}

/** A fiscal sign from the bytes of a cell as a number (up to 10 digits, at most 4294967295); -1 when it is not one. */
export const fiscalSignNumber = (b: Uint8Array, from: number, to: number): number => {
  while (from < to && (b[from] === 32 || b[from] === 9)) from++
  while (to > from && (b[to - 1] === 32 || b[to - 1] === 9)) to--
  if (to === from || to - from > 10) return -1
  let v = 0
  for (let i = from; i < to; i++) {
    const c = b[i]!
    if (c < 48 || c > 57) return -1
    v = v * 10 + (c - 48)
  }
  return v > 0xffffffff ? -1 : v
}

/**
 * A fiscal sign from the bytes of a cell (decimal uint32, up to 10 digits, leading zeros dropped), or null; the
 * text is made by `cell` only for the digits that remain.
 */
export const fiscalSignBytes = (b: Uint8Array, from: number, to: number, r: { decoder: { text(b: Uint8Array, s: number, e: number): string } }): string | null => {
  while (from < to && (b[from] === 32 || b[from] === 9)) from++
  while (to > from && (b[to - 1] === 32 || b[to - 1] === 9)) to--
  let v = 0
  for (let i = from; i < to; i++) {
    const c = b[i]!
    if (c < 48 || c > 57) return null
    v = v * 10 + (c - 48)
  }
  if (to === from || to - from > 10 || v > 0xffffffff) return null
  while (to - from > 1 && b[from] === 48) from++
  return r.decoder.text(b, from, to)
}

/** A fiscal sign (decimal uint32, leading zeros dropped) or null. */
export const parseFiscalSign = (s: string): string | null => {
  const t = s.trim()
  if (!/^\d{1,10}$/.test(t)) return null
  const v = Number(t)
  if (v > 0xffffffff) return null
  return String(v)
}

const normalizeValue = (s: string): string =>
  s.trim().toLowerCase().replaceAll("ё", "е").replace(/[\s\u00a0_]+/g, " ")

const OPERATIONS: ReadonlyArray<[Operation, ReadonlyArray<string>]> = [
  ["Income", [
    "продажа", "приход", "реализация", "розничная продажа", "чек", "чек продажи", "чек прихода", "продажа товаров",
    "оплата", "поступление", "выручка", "sale", "sales", "sell", "income", "receipt", "purchase by customer", "1"
  ]],
  ["IncomeReturn", [
    "возврат", "возврат продажи", "возврат прихода", "возврат покупателя", "чек возврата", "возврат от покупателя",
    "возврат товаров", "возврат товаров от покупателя", "возврат выручки", "refund", "return", "sale return", "sales return",
    "income return", "incomereturn", "2"
  ]],
  ["Expenditure", ["расход", "покупка", "выплата", "expenditure", "expense", "3"]],
  ["ExpenditureReturn", ["возврат расхода", "возврат покупки", "expenditure return", "expenditurereturn", "4"]]
]
const operationTable = new Map<string, Operation>()
for (const [op, names] of OPERATIONS) for (const n of names) operationTable.set(n, op)

/** Reads an operation cell with the built-in names and the profile's; undefined when unknown. */
export const parseOperation = (s: string, custom?: ReadonlyMap<string, Operation>): Operation | undefined => {
  const k = normalizeValue(s)
  return custom?.get(k) ?? operationTable.get(k)
}

export const normalizeKey = normalizeValue

const vatTable = new Map<string, VatRate.VatRateId>()
{
  const put = (id: VatRate.VatRateId, ...names: Array<string>) => names.forEach((n) => vatTable.set(n, id))
  for (const r of VatRate.all) {
    put(r.id, r.id, r.labelRu.toLowerCase(), r.labelEn.toLowerCase())
    if (r.kind === "rate") put(r.id, `${r.percent}%`, `${r.percent}`, `${r.percent} %`, `0.${r.percent}`, `0,${r.percent}`)
    if (r.kind === "calculated") put(r.id, `${r.percent}/${100 + r.percent!}`, `${r.percent}/${100 + r.percent!}%`)
  }
  // 0.05 / 0.07 as fractions
  put("vat5", "0.05", "0,05")
  put("vat7", "0.07", "0,07")
  put("vat10", "0.1", "0,1")
  put("vat20", "0.2", "0,2")
  put("vat22", "0.22", "0,22")
  put("vat18", "0.18", "0,18")
  put("vat0", "0%", "0", "0 %", "ндс 0%", "ндс 0", "vat 0%", "0.00", "0,00")
  put(
    "none", "без ндс", "безндс", "без налога (ндс)", "без налога", "не облагается", "не облагается ндс", "ндс не облагается",
    "без ндс 0%", "no vat", "novat", "none", "vat exempt", "exempt", "-", "—"
  )
}

/** Reads a VAT rate cell (`20%`, `НДС 20%`, `20/120`, `Без НДС`, `vat20`, `0,2`). */
export const parseVatRate = (s: string, custom?: ReadonlyMap<string, VatRate.VatRateId>): VatRate.VatRateId | undefined => {
  const k = normalizeValue(s)
  const c = custom?.get(k)
  if (c !== undefined) return c
  const direct = vatTable.get(k) ?? vatTable.get(s.trim().toLowerCase())
  if (direct !== undefined) return direct
  const stripped = k.replace(/^(ндс|vat|ставка ндс|ставка)\s*/, "").replace(/\s*%$/, "%").replace(/\s+/g, "")
  return vatTable.get(stripped) ?? vatTable.get(stripped.replace(/%$/, ""))
}

/** A formula typed into a cell (`=SUM(...)`, `+A1`, `@cmd`): why a value cell holds one. */
export const looksLikeFormula = (s: string): boolean => {
  const t = s.trimStart()
  const c = t.charCodeAt(0)
  if (c === 61 /* = */ || c === 64 /* @ */) return true
  if ((c === 43 || c === 45) && /[A-Za-z(]/.test(t.slice(1, 3))) return true
  return false
}
