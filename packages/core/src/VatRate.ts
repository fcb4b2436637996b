/**
 * VAT rates as data.
 *
 * Rates change by law (18% → 20% on 2019-01-01, 20% → 22% on 2026-01-01, 5% and 7% for simplified-tax payers
 * from 2025), so they are a table with effective dates, not a fixed enum. Each rate carries the FFD tag-1199
 * codes that name it on a receipt — code 1 meant 18% before 2019 and 20% after — its labels, and the VAT it
 * implies for a gross (VAT-inclusive) sum, rounded half up per line as real receipts do.
 */
import { Schema } from "effect"
import * as Money from "./Money.js"
import type { Kopecks } from "./Money.js"

/** Stable identifier of a rate, used as a key in breakdowns and on report columns. */
export const VatRateId = Schema.Literal(
  "vat22",
  "vat20",
  "vat18",
  "vat10",
  "vat7",
  "vat5",
  "vat0",
  "none",
  "vat22_122",
  "vat20_120",
  "vat18_118",
  "vat10_110",
  "vat7_107",
  "vat5_105"
)
export type VatRateId = typeof VatRateId.Type

export type VatRateKind =
  /** VAT included in the price at this percentage (tag 1199 "НДС 20%"). */
  | "rate"
  /** The calculated rate of advances and prepayments ("НДС 20/120"). */
  | "calculated"
  | "zero"
  | "none"

/** An FFD tag-1199 code and the calendar dates (inclusive, `yyyy-MM-dd`) in which it meant this rate. */
export interface FfdCode {
  readonly code: number
  readonly from: string | null
  readonly to: string | null
}

export interface VatRate {
  readonly id: VatRateId
  readonly kind: VatRateKind
  /** 20 for both 20% and 20/120; null for 0% and no VAT. */
  readonly percent: number | null
  /** The share of a gross sum that is VAT: 20/120 for both 20% and 20/120; null for 0% and no VAT. */
  readonly numerator: number | null
  readonly denominator: number | null
  readonly ffdCodes: ReadonlyArray<FfdCode>
  readonly labelRu: string
  readonly labelEn: string
  /** First and last day (inclusive) the rate is in force; null when open-ended. */
  readonly effectiveFrom: string | null
  readonly effectiveTo: string | null
}

const rate = (
  id: VatRateId,
  kind: VatRateKind,
  percent: number | null,
  ffdCodes: ReadonlyArray<FfdCode>,
  labelRu: string,
  labelEn: string,
  effectiveFrom: string | null,
  effectiveTo: string | null
): VatRate => ({
  id,
  kind,
  percent,
  numerator: percent,
  denominator: percent === null ? null : 100 + percent,
  ffdCodes,
  labelRu,
  labelEn,
  effectiveFrom,
  effectiveTo
})

const code = (c: number, from: string | null = null, to: string | null = null): FfdCode => ({ code: c, from, to })

/** Every rate, in the order reports show them: current standard rates first, legacy last. */
export const all: ReadonlyArray<VatRate> = [
  rate("vat22", "rate", 22, [code(11)], "НДС 22%", "VAT 22%", "2026-01-01", null),
  rate("vat20", "rate", 20, [code(1, "2019-01-01")], "НДС 20%", "VAT 20%", "2019-01-01", "2025-12-31"),
  rate("vat10", "rate", 10, [code(2)], "НДС 10%", "VAT 10%", null, null),
  rate("vat7", "rate", 7, [code(8)], "НДС 7%", "VAT 7%", "2025-01-01", null),
  rate("vat5", "rate", 5, [code(7)], "НДС 5%", "VAT 5%", "2025-01-01", null),
  rate("vat22_122", "calculated", 22, [code(12)], "НДС 22/122", "VAT 22/122", "2026-01-01", null),
  rate("vat20_120", "calculated", 20, [code(3, "2019-01-01")], "НДС 20/120", "VAT 20/120", "2019-01-01", "2025-12-31"),
  rate("vat10_110", "calculated", 10, [code(4)], "НДС 10/110", "VAT 10/110", null, null),
  rate("vat7_107", "calculated", 7, [code(10)], "НДС 7/107", "VAT 7/107", "2025-01-01", null),
  rate("vat5_105", "calculated", 5, [code(9)], "НДС 5/105", "VAT 5/105", "2025-01-01", null),
  rate("vat0", "zero", null, [code(5)], "НДС 0%", "VAT 0%", null, null),
  rate("none", "none", null, [code(6)], "Без НДС", "No VAT", null, null),
  rate("vat18", "rate", 18, [code(1, null, "2018-12-31")], "НДС 18%", "VAT 18%", "2004-01-01", "2018-12-31"),
  rate("vat18_118", "calculated", 18, [code(3, null, "2018-12-31")], "НДС 18/118", "VAT 18/118", "2004-01-01", "2018-12-31")
]

const byId = new Map(all.map((r) => [r.id, r]))
const order = new Map(all.map((r, i) => [r.id, i]))

export const get = (id: VatRateId): VatRate => byId.get(id)!

/** Position of a rate in report order; use to sort breakdowns. */
export const orderOf = (id: VatRateId): number => order.get(id)!

export const isVatRateId = (s: string): s is VatRateId => byId.has(s as VatRateId)

/**
 * The rate a tag-1199 code names on a document dated `date` (`yyyy-MM-dd` or a date-time; a missing date means
 * today's meaning of the code). Undefined for an unknown code.
 */
export const fromFfdCode = (ffdCode: number, date?: string): VatRate | undefined => {
  const day = date === undefined ? undefined : date.slice(0, 10)
  let fallback: VatRate | undefined
  for (const r of all) {
    for (const c of r.ffdCodes) {
      if (c.code !== ffdCode) continue
      if (day === undefined) {
        if (c.to === null) return r
        fallback ??= r
        continue
      }
      if ((c.from === null || day >= c.from) && (c.to === null || day <= c.to)) return r
    }
  }
  return fallback
}

/** The tag-1199 code for a rate on a document dated `date`. */
export const toFfdCode = (id: VatRateId, date?: string): number => {
  const r = get(id)
  const day = date?.slice(0, 10)
  const c = r.ffdCodes.find((c) => day === undefined || ((c.from === null || day >= c.from) && (c.to === null || day <= c.to)))
  return (c ?? r.ffdCodes[0]!).code
}

/** Whether the rate is in force on a date (`yyyy-MM-dd`). */
export const inForceOn = (r: VatRate, date: string): boolean =>
  (r.effectiveFrom === null || date >= r.effectiveFrom) && (r.effectiveTo === null || date <= r.effectiveTo)

/**
 * The VAT contained in a gross sum at this rate, rounded half up (away from zero): `6999` at 20/120 → `1167`.
 * Zero for 0% and no VAT. Apply per line; a receipt's VAT is the sum of its lines' VAT.
 */
export const vatOf = (gross: Kopecks, r: VatRate | VatRateId): Kopecks => {
  const v = typeof r === "string" ? get(r) : r
  if (v.numerator === null || v.denominator === null) return Money.zero
  return Money.mulDivHalfUp(gross, v.numerator, v.denominator)
}

export const label = (id: VatRateId, language: "ru" | "en" = "ru"): string =>
  language === "ru" ? get(id).labelRu : get(id).labelEn
