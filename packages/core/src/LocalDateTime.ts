/**
 * Wall-clock date-times as the Taxcom API writes them: `yyyy-MM-ddTHH:mm:ss`, no zone, no fraction.
 *
 * Clients disagree whether these are UTC or the account's local time, so the domain keeps them as the wall
 * clock they are and converts to an instant only where a time zone is given explicitly ({@link toInstant}).
 * The canonical text sorts lexicographically in time order, which the merge and matching code relies on.
 */
import { Brand, Either, ParseResult, Schema } from "effect"

/** A zone-less date-time, canonical text `yyyy-MM-ddTHH:mm:ss`. */
export type LocalDateTime = string & Brand.Brand<"LocalDateTime">

/** A calendar date, canonical text `yyyy-MM-dd`. */
export type LocalDate = string & Brand.Brand<"LocalDate">

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

const validParts = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && s <= 59

export const isLocalDateTime = (s: string): s is LocalDateTime => {
  const m = PATTERN.exec(s)
  return m !== null && validParts(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
}

export const isLocalDate = (s: string): s is LocalDate => {
  const m = DATE_PATTERN.exec(s)
  return m !== null && validParts(+m[1]!, +m[2]!, +m[3]!)
}

/** Schema of the canonical text form. */
export const LocalDateTime: Schema.brand<Schema.filter<typeof Schema.String>, "LocalDateTime"> = Schema.String.pipe(
  Schema.filter((s) => isLocalDateTime(s) || `expected a date-time yyyy-MM-ddTHH:mm:ss, got ${JSON.stringify(s)}`),
  Schema.brand("LocalDateTime")
)

export const LocalDate: Schema.brand<Schema.filter<typeof Schema.String>, "LocalDate"> = Schema.String.pipe(
  Schema.filter((s) => isLocalDate(s) || `expected a date yyyy-MM-dd, got ${JSON.stringify(s)}`),
  Schema.brand("LocalDate")
)

/**
 * Schema for a wire date-time: accepts the canonical form and, leniently, fractional seconds
 * (`2020-01-06T10:03:00.123`), which are dropped. Encodes to the canonical form.
 */
export const FromWire: Schema.transformOrFail<typeof Schema.String, typeof LocalDateTime> = Schema.transformOrFail(
  Schema.String,
  LocalDateTime,
  {
    strict: true,
    decode: (s, _, ast) => {
      const t = normalizeWire(s)
      return isLocalDateTime(t)
        ? ParseResult.succeed(t)
        : ParseResult.fail(new ParseResult.Type(ast, s, `expected a date-time yyyy-MM-ddTHH:mm:ss, got ${JSON.stringify(s)}`))
    },
    encode: ParseResult.succeed
  }
)

const pad2 = (n: number) => (n < 10 ? "0" : "") + n
const pad4 = (n: number) => String(n).padStart(4, "0")

/**
 * Normalises a wire date-time: drops fractional seconds (`2020-01-06T10:03:00.123`). The result is validated
 * where it becomes a {@link LocalDateTime}.
 */
export const normalizeWire = (s: string): string =>
  s.length > 19 && s.charCodeAt(19) === 46 /* . */ && /^\.\d+$/.test(s.slice(19)) ? s.slice(0, 19) : s

/** Builds a date-time from calendar fields; throws on an impossible date (a programming error). */
export const make = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0): LocalDateTime => {
  if (!validParts(year, month, day, hour, minute, second)) {
    throw new RangeError(`invalid date-time ${year}-${month}-${day} ${hour}:${minute}:${second}`)
  }
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}` as LocalDateTime
}

export const unsafeFromString = (s: string): LocalDateTime => {
  if (!isLocalDateTime(s)) throw new RangeError(`not a date-time yyyy-MM-ddTHH:mm:ss: ${s}`)
  return s
}

export const parse = (s: string): Either.Either<LocalDateTime, string> =>
  isLocalDateTime(s) ? Either.right(s) : Either.left(`not a date-time yyyy-MM-ddTHH:mm:ss: ${JSON.stringify(s)}`)

/**
 * Milliseconds of the wall clock read as if it were UTC. Not an instant: a number for arithmetic and
 * comparison between wall-clock times of one zone (durations, windows, day boundaries).
 */
export const toWallMillis = (t: LocalDateTime): number =>
  Date.UTC(
    +t.slice(0, 4),
    +t.slice(5, 7) - 1,
    +t.slice(8, 10),
    +t.slice(11, 13),
    +t.slice(14, 16),
    +t.slice(17, 19)
  )

const tens = (n: number) => 48 + Math.floor(n / 10)

/**
 * Inverse of {@link toWallMillis} (sub-second parts are dropped). Built from char codes in one call: reconciliation
 * formats millions of these, and the calendar fields of a `Date` are valid by construction.
 */
export const fromWallMillis = (ms: number): LocalDateTime => {
  const d = new Date(ms - (((ms % 1000) + 1000) % 1000))
  const y = d.getUTCFullYear()
  if (y < 1 || y > 9999) throw new RangeError(`year out of range: ${y}`)
  const mo = d.getUTCMonth() + 1
  const day = d.getUTCDate()
  const h = d.getUTCHours()
  const mi = d.getUTCMinutes()
  const s = d.getUTCSeconds()
  return String.fromCharCode(
    48 + Math.floor(y / 1000), 48 + (Math.floor(y / 100) % 10), 48 + (Math.floor(y / 10) % 10), 48 + (y % 10), 45,
    tens(mo), 48 + (mo % 10), 45, tens(day), 48 + (day % 10), 84, tens(h), 48 + (h % 10), 58, tens(mi), 48 + (mi % 10), 58,
    tens(s), 48 + (s % 10)
  ) as LocalDateTime
}

export const addMillis = (t: LocalDateTime, ms: number): LocalDateTime => fromWallMillis(toWallMillis(t) + ms)

/** The calendar date part. */
export const toDate = (t: LocalDateTime): LocalDate => t.slice(0, 10) as LocalDate

/** Start of a calendar day. */
export const startOfDay = (d: LocalDate): LocalDateTime => `${d}T00:00:00` as LocalDateTime

export const compare = (a: LocalDateTime, b: LocalDateTime): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0)

const offsetFormatters = new Map<string, Intl.DateTimeFormat>()
const formatterFor = (timeZone: string) => {
  let f = offsetFormatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit"
    })
    offsetFormatters.set(timeZone, f)
  }
  return f
}

/** The zone's offset from UTC in milliseconds at an instant. */
export const zoneOffsetMillis = (timeZone: string, epochMillis: number): number => {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMillis))
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"))
  return asUtc - (epochMillis - (((epochMillis % 1000) + 1000) % 1000))
}

/** The instant (epoch milliseconds) of a wall-clock time in an IANA time zone, e.g. `Europe/Moscow`. */
export const toInstant = (t: LocalDateTime, timeZone: string): number => {
  const wall = toWallMillis(t)
  // Two passes settle the offset around a daylight-saving change (Russia has none today, other zones do).
  let guess = wall - zoneOffsetMillis(timeZone, wall)
  guess = wall - zoneOffsetMillis(timeZone, guess)
  return guess
}

/** The wall-clock time in an IANA time zone of an instant. */
export const fromInstant = (epochMillis: number, timeZone: string): LocalDateTime =>
  fromWallMillis(epochMillis + zoneOffsetMillis(timeZone, epochMillis))
