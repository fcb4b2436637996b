/**
 * Settings of a reconciliation. Every field has a default; the summary repeats the settings used.
 */
import type { Operation } from "@taxcom-kit/core"

/** Which calendar day a shift that crosses midnight belongs to. */
export type BusinessDay =
  /** The day the shift was opened (a shift opened 2026-11-01 20:00 and closed 02:00 belongs to 1 November). */
  | "open"
  /** The day the shift was closed. */
  | "close"
  /** Each receipt's own calendar date: no shift-level day. */
  | "receipt"

export interface Settings {
  /** IANA zone of the OFD's wall clock (the dates in DocumentList). ERP dates are converted to it. */
  readonly ofdTimeZone: string
  /** Tier 3: how far apart in time the ERP booking and the fiscal receipt may be. */
  readonly timeWindowSeconds: number
  /**
   * Totals that differ by at most this many kopecks are the same amount, reported apart as `rounding`.
   * Tier 3 matches amounts within it.
   */
  readonly amountToleranceKopecks: number
  /** VAT per rate may differ by this many kopecks per item line (per-line vs per-receipt rounding). */
  readonly vatTolerancePerLineKopecks: number
  /**
   * The business day of a shift across midnight. `wrong_day` accepts a booking dated on the receipt's own day or, with
   * `open` / `close`, on its shift's business day; tier 4 by day groups by it. Default `receipt`: an ERP that books
   * real receipt times (as 1C does for Чек ККМ) is checked strictly.
   */
  readonly businessDay: BusinessDay
  /** Tier 4 compares per fiscal shift, or per register and business day. */
  readonly shiftTotalsBy: "shift" | "businessDay"
  /** Operations the ERP books; fiscal receipts of other operations are not expected in the ERP (not `missing_in_erp`). */
  readonly operations: ReadonlyArray<Operation.Operation>
  /** Document types the ERP books: 3 receipt, 4 strict-reporting form; corrections (31, 41) are not by default. */
  readonly documentTypes: ReadonlyArray<number>
  /**
   * Tier 3, last resort: a receipt and a fiscal document of the same register this close in time (seconds) are
   * paired as one sale with a different amount, when each is the other's best candidate. 0 turns it off.
   */
  readonly amountMismatchWindowSeconds: number
  /** Report a booking newer than the register's last fiscal document as `pending`, not `missing_in_ofd`. */
  readonly detectPending: boolean
}

export const defaults: Settings = {
  ofdTimeZone: "Europe/Moscow",
  timeWindowSeconds: 180,
  amountToleranceKopecks: 1,
  vatTolerancePerLineKopecks: 1,
  businessDay: "receipt",
  shiftTotalsBy: "shift",
  operations: ["Income", "IncomeReturn"],
  documentTypes: [3, 4],
  amountMismatchWindowSeconds: 60,
  detectPending: true
}

/** Defaults overridden by the given fields. */
export const make = (overrides: Partial<Settings> = {}): Settings => ({ ...defaults, ...overrides })
