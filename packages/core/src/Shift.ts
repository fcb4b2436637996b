/** Shifts (смены) of a fiscal drive, as ShiftList gives them. */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import * as LocalDateTime from "./LocalDateTime.js"

export const Shift = Schema.Struct({
  fn: Ids.FnNumber,
  number: Ids.ShiftNumber,
  openedAt: LocalDateTime.LocalDateTime,
  /** Null while the shift is open. */
  closedAt: Schema.NullOr(LocalDateTime.LocalDateTime),
  receiptCount: Schema.NullOr(Schema.Int)
})
export type Shift = typeof Shift.Type

const DAY = 24 * 60 * 60 * 1000

/** Hours a shift was (or, when open, has been until `now`) open. */
export const durationMillis = (s: { openedAt: LocalDateTime.LocalDateTime; closedAt: LocalDateTime.LocalDateTime | null }, now: LocalDateTime.LocalDateTime): number =>
  LocalDateTime.toWallMillis(s.closedAt ?? now) - LocalDateTime.toWallMillis(s.openedAt)

/** Open longer than 24 hours: the law requires a close within 24 h. */
export const isOverlong = (s: { openedAt: LocalDateTime.LocalDateTime; closedAt: LocalDateTime.LocalDateTime | null }, now: LocalDateTime.LocalDateTime): boolean =>
  durationMillis(s, now) > DAY

/** Closed on a later calendar day than opened. */
export const crossesMidnight = (s: { openedAt: LocalDateTime.LocalDateTime; closedAt: LocalDateTime.LocalDateTime | null }): boolean =>
  s.closedAt !== null && s.closedAt.slice(0, 10) !== s.openedAt.slice(0, 10)
