/**
 * What every report says about itself: whose data, which period, in which time zone, where the figures came
 * from, and when the report was made.
 */
import { LocalDateTime } from "@taxcom-kit/core"
import { Clock, Effect } from "effect"

/** Labels are Russian by default; English on request. */
export type Language = "ru" | "en"

/** Where the figures came from. */
export type ReportSource =
  /** `kktstat/shifts`, the cabinet's summary shift report. */
  | "kktstat"
  /** ShiftList + ShiftInfo, per shift (where `kktstat/shifts` is refused or more detail is wanted). */
  | "shiftInfo"
  /** Fiscal documents (DocumentList / DocumentInfo) summed by the caller. */
  | "documents"
  /** An ERP export matched against fiscal documents (`packages/reconcile`). */
  | "reconciliation"

export interface ReportHeader {
  /** Organisation name as it should appear on the report. */
  readonly organisation: string
  /** 10 or 12 digits; null when unknown. */
  readonly inn: string | null
  /** The period asked for, wall-clock times of {@link timeZone}, both ends inclusive. */
  readonly period: { readonly from: LocalDateTime.LocalDateTime; readonly to: LocalDateTime.LocalDateTime }
  /** IANA zone the wall-clock times of the report are in, e.g. `Europe/Moscow`. */
  readonly timeZone: string
  readonly source: ReportSource
  /** Wall-clock time in {@link timeZone} when the report was built; also the "now" of open-shift flags. */
  readonly generatedAt: LocalDateTime.LocalDateTime
  /** Further header lines (label, value), e.g. the ERP file a reconciliation read. */
  readonly details?: ReadonlyArray<readonly [string, string]>
}

/** Builds a header stamped with the current time (from `Clock`, so tests control it) in the report's zone. */
export const make = (fields: Omit<ReportHeader, "generatedAt">): Effect.Effect<ReportHeader> =>
  Effect.map(Clock.currentTimeMillis, (now) => ({
    ...fields,
    generatedAt: LocalDateTime.fromInstant(now, fields.timeZone)
  }))
