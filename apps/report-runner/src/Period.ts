/**
 * Periods as people type them: a month (`2026-11`), days (`2026-11-01`, `01.11.2026`) or full date-times. The
 * month defaults to the previous calendar month in the account's time zone, which is what a month-end job on the
 * first working day wants.
 */
import { LocalDateTime } from "@taxcom-kit/core"
import { Either } from "effect"

export interface Period {
  readonly from: LocalDateTime.LocalDateTime
  readonly to: LocalDateTime.LocalDateTime
}

const pad = (n: number) => String(n).padStart(2, "0")
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

/** `2026-11` → 1 Nov 00:00:00 … 30 Nov 23:59:59. */
export const ofMonth = (month: string): Either.Either<Period, string> => {
  const m = /^(\d{4})-(\d{2})$/.exec(month.trim())
  if (m === null || +m[2]! < 1 || +m[2]! > 12) return Either.left(`expected a month as yyyy-MM (e.g. 2026-11), got ${JSON.stringify(month)}`)
  const y = +m[1]!
  const mo = +m[2]!
  return Either.right({ from: LocalDateTime.make(y, mo, 1), to: LocalDateTime.make(y, mo, lastDay(y, mo), 23, 59, 59) })
}

/** The calendar month before the one `now` (epoch ms) falls in, in `timeZone`. */
export const previousMonth = (now: number, timeZone: string): string => {
  const today = LocalDateTime.fromInstant(now, timeZone)
  const y = +today.slice(0, 4)
  const m = +today.slice(5, 7)
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`
}

/** A day or a date-time; a bare day is its start (`end: false`) or its last second (`end: true`). */
export const parseBound = (text: string, end: boolean): Either.Either<LocalDateTime.LocalDateTime, string> => {
  const t = text.trim()
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t) ?? (() => {
    const r = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(t)
    return r === null ? null : ([r[0], r[3], r[2], r[1]] as unknown as RegExpExecArray)
  })()
  if (m !== null) {
    const s = `${m[1]}-${m[2]}-${m[3]}T${end ? "23:59:59" : "00:00:00"}`
    return LocalDateTime.isLocalDateTime(s) ? Either.right(s) : Either.left(`no such day: ${JSON.stringify(text)}`)
  }
  m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t)
  if (m !== null) {
    const s = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? (end ? "59" : "00")}`
    return LocalDateTime.isLocalDateTime(s) ? Either.right(s) : Either.left(`no such date-time: ${JSON.stringify(text)}`)
  }
  return Either.left(`expected a day (2026-11-01 or 01.11.2026) or a date-time (2026-11-01T08:00), got ${JSON.stringify(text)}`)
}

export const make = (from: string, to: string): Either.Either<Period, string> =>
  Either.gen(function*() {
    const f = yield* parseBound(from, false)
    const t = yield* parseBound(to, true)
    if (t < f) return yield* Either.left(`--to (${t}) is before --from (${f})`)
    return { from: f, to: t }
  })

/** The calendar days a period touches, first and last (`yyyy-MM-dd`), for the sandbox's generator. */
export const days = (p: Period) => ({ first: p.from.slice(0, 10), last: p.to.slice(0, 10) })

/** `2026-11` when the period is exactly a calendar month, else `2026-11-01_2026-11-15`, for file names. */
export const label = (p: Period): string => {
  const month = p.from.slice(0, 7)
  const whole = Either.getOrNull(ofMonth(month))
  return whole !== null && whole.from === p.from && whole.to === p.to ? month : `${p.from.slice(0, 10)}_${p.to.slice(0, 10)}`
}
