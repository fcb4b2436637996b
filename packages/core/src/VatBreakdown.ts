/**
 * Amounts per VAT rate.
 *
 * Sources give different halves: DocumentList and `kktstat/shifts` give the VAT per rate but the gross only for
 * 0% and no VAT; ShiftInfo gives both; an FFD document gives both per line. So each entry has a nullable gross and
 * a nullable VAT, and only the rates a source reported are present (zeros included, so a wire round trip is exact).
 */
import { Schema } from "effect"
import * as Money from "./Money.js"
import type { Kopecks } from "./Money.js"
import * as VatRate from "./VatRate.js"
import type { VatRateId } from "./VatRate.js"

export const VatAmount = Schema.Struct({
  rate: VatRate.VatRateId,
  /** Sales at this rate, VAT included (for 0% and no VAT: the base). */
  gross: Schema.NullOr(Money.Kopecks),
  /** VAT at this rate; null for 0% and no VAT, or where the source does not say. */
  vat: Schema.NullOr(Money.Kopecks)
})
export type VatAmount = typeof VatAmount.Type

export const VatBreakdown = Schema.Array(VatAmount)
export type VatBreakdown = typeof VatBreakdown.Type

export const empty: VatBreakdown = []

export const find = (b: VatBreakdown, rate: VatRateId): VatAmount | undefined => b.find((a) => a.rate === rate)

/** VAT at a rate, 0 when absent. */
export const vatAt = (b: VatBreakdown, rate: VatRateId): Kopecks => find(b, rate)?.vat ?? Money.zero

/** Gross at a rate, 0 when absent. */
export const grossAt = (b: VatBreakdown, rate: VatRateId): Kopecks => find(b, rate)?.gross ?? Money.zero

const addNullable = (a: Kopecks | null, b: Kopecks | null): Kopecks | null =>
  a === null ? b : b === null ? a : Money.add(a, b)

/** Sums breakdowns rate by rate; a half stays null only when it is null in every input. Sorted in report order. */
export const combine = (breakdowns: Iterable<VatBreakdown>): VatBreakdown => {
  const acc = new Map<VatRateId, { gross: Kopecks | null; vat: Kopecks | null }>()
  for (const b of breakdowns) {
    for (const a of b) {
      const prev = acc.get(a.rate)
      acc.set(a.rate, prev === undefined ? { gross: a.gross, vat: a.vat } : {
        gross: addNullable(prev.gross, a.gross),
        vat: addNullable(prev.vat, a.vat)
      })
    }
  }
  return sort([...acc].map(([rate, v]) => ({ rate, gross: v.gross, vat: v.vat })))
}

export const sort = (b: VatBreakdown): VatBreakdown =>
  [...b].sort((x, y) => VatRate.orderOf(x.rate) - VatRate.orderOf(y.rate))

/** Whether an entry has an amount: DocumentList lists every rate the register reports, at zero too. */
export const hasAmount = (a: VatAmount): boolean => (a.gross !== null && a.gross !== 0) || (a.vat !== null && a.vat !== 0)

/** Entries with a non-zero amount: what a report shows. */
export const nonZero = (b: VatBreakdown): VatBreakdown => b.filter(hasAmount)

/** Negates every amount (an income return taken off income). */
export const negate = (b: VatBreakdown): VatBreakdown =>
  b.map((a) => ({
    rate: a.rate,
    gross: a.gross === null ? null : Money.negate(a.gross),
    vat: a.vat === null ? null : Money.negate(a.vat)
  }))
