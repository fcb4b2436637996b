/**
 * The VAT-rate report ("отчёт по ставкам НДС"): per department or outlet (optionally per day or per shift), for
 * each rate present in the data the gross sum and the VAT — only the base for 0% and no VAT — in three blocks:
 * income, income return and net; a check that the sum over rates equals the receipts' total; monthly and
 * quarterly totals. Plain data; every amount in integer kopecks.
 */
import { type LocalDateTime, type Money, type VatBreakdown, VatRate } from "@taxcom-kit/core"
import type { Effect, Stream } from "effect"
import * as Fold from "./internal/fold.js"
import { compareNamed, compareText, namedKey } from "./internal/order.js"
import type { ReportHeader } from "./ReportHeader.js"
import * as ShiftInput from "./ShiftInput.js"
import type { Named } from "./ShiftInput.js"

type Kopecks = Money.Kopecks
type VatRateId = VatRate.VatRateId

/** What a row stands for. */
export type By = "department" | "outlet"
/** Whether rows are split further by calendar day (of the shift's opening) or per shift. */
export type Detail = "none" | "day" | "shift"

export interface Options {
  /** Default `outlet`. */
  readonly by?: By
  /** Default `none`. */
  readonly detail?: Detail
}

/** One rate of one block: gross (VAT included; the base for 0% and no VAT) and VAT (null for 0% and no VAT). */
export interface VatCell {
  /** Null when the source does not give it (`kktstat/shifts` gives gross only for 0% and no VAT). */
  readonly gross: Kopecks | null
  readonly vat: Kopecks | null
}

export type Check =
  /** The gross sums over all rates equal the receipts' total. */
  | "ok"
  /** They differ: some sales carry no rate, or a source is inconsistent. */
  | "mismatch"
  /** Not every gross is known, so the check cannot be made. */
  | "unknown"

export interface VatBlock {
  /** Aligned with {@link VatReport.rates}. */
  readonly cells: ReadonlyArray<VatCell>
  /** The receipts' total of the operation (for net: income − income return). */
  readonly total: Kopecks
  /** Σ gross over every rate; null when a gross is unknown. */
  readonly ratesSum: Kopecks | null
  /** total − ratesSum. */
  readonly difference: Kopecks | null
  readonly check: Check
}

export interface VatBlocks {
  readonly income: VatBlock
  readonly incomeReturn: VatBlock
  /** Income − income return, rate by rate. */
  readonly net: VatBlock
}

export type BlockName = keyof VatBlocks
export const blockNames: ReadonlyArray<BlockName> = ["income", "incomeReturn", "net"]

export interface ShiftRef {
  readonly kktName: string | null
  readonly kktRegNumber: string | null
  readonly fn: string
  readonly number: number
  readonly openedAt: LocalDateTime.LocalDateTime | null
}

export interface VatRow {
  readonly _tag: "Row"
  /** `yyyy-MM`, of the shift's opening. */
  readonly month: string
  readonly department: Named
  /** Null when rows are per department. */
  readonly outlet: Named | null
  /** With detail `day` (and `shift`): `yyyy-MM-dd`. */
  readonly day: LocalDateTime.LocalDate | null
  /** With detail `shift`. */
  readonly shift: ShiftRef | null
  readonly blocks: VatBlocks
}

export interface MonthTotal {
  readonly _tag: "MonthTotal"
  readonly month: string
  readonly blocks: VatBlocks
}

export interface QuarterTotal {
  readonly _tag: "QuarterTotal"
  readonly year: number
  readonly quarter: 1 | 2 | 3 | 4
  readonly blocks: VatBlocks
}

export interface Total {
  readonly _tag: "Total"
  readonly blocks: VatBlocks
}

export type VatReportLine = VatRow | MonthTotal | QuarterTotal | Total

/** A department or outlet over the whole period (the PDF summary and charts). */
export interface UnitSummary {
  readonly department: Named
  readonly outlet: Named | null
  readonly blocks: VatBlocks
}

export interface VatReport {
  readonly _tag: "VatReport"
  readonly header: ReportHeader
  readonly by: By
  readonly detail: Detail
  /** Rates with a non-zero amount anywhere in the report, in report order (`VatRate.orderOf`). */
  readonly rates: ReadonlyArray<VatRateId>
  /** Rows, each month closed by its total, each quarter by its total when the report spans more than one month; last the grand total. */
  readonly lines: ReadonlyArray<VatReportLine>
  readonly total: Total
  readonly units: ReadonlyArray<UnitSummary>
  /** Rows whose check failed, per block. */
  readonly mismatches: { readonly income: number; readonly incomeReturn: number; readonly net: number }
  /** Rows whose check failed in any block. */
  readonly mismatchedRows: number
}

// ---- accumulation -------------------------------------------------------------------------------------------

/** Per rate sums with "unknown is not zero": a half becomes null once any part of it is null. */
class BlockSum {
  readonly rates = new Map<VatRateId, { gross: number | null; vat: number | null }>()
  total = 0
  /** Null breakdown: the whole breakdown is unknown. */
  unknown = false

  addBreakdown(b: VatBreakdown.VatBreakdown | null, total: number, sign = 1): void {
    this.total += sign * total
    if (b === null) {
      this.unknown = true
      return
    }
    for (const a of b) {
      const prev = this.rates.get(a.rate)
      const g = a.gross === null ? null : sign * a.gross
      const v = a.vat === null ? null : sign * a.vat
      if (prev === undefined) this.rates.set(a.rate, { gross: g, vat: v })
      else {
        prev.gross = prev.gross === null || g === null ? null : prev.gross + g
        prev.vat = prev.vat === null || v === null ? null : prev.vat + v
      }
    }
  }

  addSum(o: BlockSum, sign = 1): void {
    this.total += sign * o.total
    if (o.unknown) this.unknown = true
    for (const [rate, a] of o.rates) {
      const prev = this.rates.get(rate)
      const g = a.gross === null ? null : sign * a.gross
      const v = a.vat === null ? null : sign * a.vat
      if (prev === undefined) this.rates.set(rate, { gross: g, vat: v })
      else {
        prev.gross = prev.gross === null || g === null ? null : prev.gross + g
        prev.vat = prev.vat === null || v === null ? null : prev.vat + v
      }
    }
  }

  /** Rates with a non-zero amount. */
  present(into: Set<VatRateId>): void {
    for (const [rate, a] of this.rates) {
      if ((a.gross !== null && a.gross !== 0) || (a.vat !== null && a.vat !== 0)) into.add(rate)
    }
  }

  toBlock(rates: ReadonlyArray<VatRateId>): VatBlock {
    const cells = rates.map((rate): VatCell => {
      if (this.unknown) return { gross: null, vat: null }
      const a = this.rates.get(rate)
      const noVat = VatRate.get(rate).numerator === null
      if (a === undefined) return { gross: 0 as Kopecks, vat: noVat ? null : (0 as Kopecks) }
      return { gross: a.gross as Kopecks | null, vat: noVat ? null : (a.vat as Kopecks | null) }
    })
    let ratesSum: number | null = this.unknown ? null : 0
    if (ratesSum !== null) {
      for (const a of this.rates.values()) {
        if (a.gross === null) {
          ratesSum = null
          break
        }
        ratesSum += a.gross
      }
    }
    const difference = ratesSum === null ? null : this.total - ratesSum
    return {
      cells,
      total: this.total as Kopecks,
      ratesSum: ratesSum as Kopecks | null,
      difference: difference as Kopecks | null,
      check: difference === null ? "unknown" : difference === 0 ? "ok" : "mismatch"
    }
  }
}

/**
 * The three blocks, each summed on its own: net is not derived from the other two, because a `kktstat/shifts` row
 * knows the net VAT exactly while its income and return halves may be unknown.
 */
class BlocksSum {
  readonly income = new BlockSum()
  readonly incomeReturn = new BlockSum()
  readonly net = new BlockSum()
  add(o: BlocksSum): void {
    this.income.addSum(o.income)
    this.incomeReturn.addSum(o.incomeReturn)
    this.net.addSum(o.net)
  }
  toBlocks(rates: ReadonlyArray<VatRateId>): VatBlocks {
    return {
      income: this.income.toBlock(rates),
      incomeReturn: this.incomeReturn.toBlock(rates),
      net: this.net.toBlock(rates)
    }
  }
}

interface Key {
  readonly month: string
  readonly department: Named
  readonly outlet: Named | null
  readonly day: LocalDateTime.LocalDate | null
  readonly shift: ShiftRef | null
}

const compareKeys = (a: Key, b: Key): number =>
  compareText(a.month, b.month) || compareNamed(a.department, b.department) || compareNamed(a.outlet, b.outlet) ||
  compareText(a.day, b.day) ||
  (a.shift === null || b.shift === null
    ? 0
    : compareText(a.shift.openedAt, b.shift.openedAt) || compareText(a.shift.kktRegNumber, b.shift.kktRegNumber) ||
      compareText(a.shift.fn, b.shift.fn) || a.shift.number - b.shift.number)

const quarterOf = (month: string): { year: number; quarter: 1 | 2 | 3 | 4 } => ({
  year: Number(month.slice(0, 4)),
  quarter: (Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4
})

/** Accumulates inputs; `build` sorts and sums. Used by {@link make} and {@link fromStream}. */
export class Builder {
  private readonly groups = new Map<string, { key: Key; sum: BlocksSum }>()
  private readonly by: By
  private readonly detail: Detail
  constructor(readonly header: ReportHeader, options: Options = {}) {
    this.by = options.by ?? "outlet"
    this.detail = options.detail ?? "none"
  }

  add(input: ShiftInput.ShiftInput): this {
    const row = ShiftInput.rowOf(input)
    const shift = ShiftInput.shiftOf(input)
    const ops = ShiftInput.operationsOf(input)
    const vat = ShiftInput.vatOf(input)
    const at = shift?.openedAt ?? shift?.closedAt ?? this.header.period.from
    const outlet = this.by === "outlet" ? row.outlet : null
    const day = this.detail === "none" ? null : (at.slice(0, 10) as LocalDateTime.LocalDate)
    const shiftRef: ShiftRef | null = this.detail === "shift" && shift !== null
      ? { kktName: shift.kktName, kktRegNumber: shift.kktRegNumber, fn: shift.fn, number: shift.number, openedAt: shift.openedAt }
      : null
    const key: Key = { month: at.slice(0, 7), department: row.department, outlet, day, shift: shiftRef }
    const id = `${key.month}|${namedKey(key.department)}|${namedKey(outlet)}|${day ?? ""}|${
      shiftRef === null ? "" : `${shiftRef.fn}#${shiftRef.number}`
    }`
    let g = this.groups.get(id)
    if (g === undefined) {
      g = { key, sum: new BlocksSum() }
      this.groups.set(id, g)
    }
    g.sum.income.addBreakdown(vat.income, ops.income.total)
    g.sum.incomeReturn.addBreakdown(vat.incomeReturn, ops.incomeReturn.total)
    g.sum.net.addBreakdown(vat.net, ops.income.total - ops.incomeReturn.total)
    return this
  }

  build(): VatReport {
    const groups = [...this.groups.values()].sort((a, b) => compareKeys(a.key, b.key))
    const present = new Set<VatRateId>()
    for (const g of groups) {
      g.sum.income.present(present)
      g.sum.incomeReturn.present(present)
      g.sum.net.present(present)
    }
    const rates = [...present].sort((a, b) => VatRate.orderOf(a) - VatRate.orderOf(b))
    const months = new Set(groups.map((g) => g.key.month))
    const quarterTotals = months.size > 1

    const lines: Array<VatReportLine> = []
    const mismatches = { income: 0, incomeReturn: 0, net: 0 }
    let mismatchedRows = 0
    const grand = new BlocksSum()
    const units = new Map<string, { department: Named; outlet: Named | null; sum: BlocksSum }>()
    let month: { id: string; sum: BlocksSum } | null = null
    let quarter: { year: number; quarter: 1 | 2 | 3 | 4; sum: BlocksSum } | null = null

    const closeMonth = () => {
      if (month === null) return
      lines.push({ _tag: "MonthTotal", month: month.id, blocks: month.sum.toBlocks(rates) })
      quarter!.sum.add(month.sum)
      month = null
    }
    const closeQuarter = () => {
      if (quarter === null) return
      if (quarterTotals) lines.push({ _tag: "QuarterTotal", year: quarter.year, quarter: quarter.quarter, blocks: quarter.sum.toBlocks(rates) })
      grand.add(quarter.sum)
      quarter = null
    }

    for (const g of groups) {
      if (month === null || month.id !== g.key.month) {
        closeMonth()
        const q = quarterOf(g.key.month)
        if (quarter === null || quarter.year !== q.year || quarter.quarter !== q.quarter) {
          closeQuarter()
          quarter = { ...q, sum: new BlocksSum() }
        }
        month = { id: g.key.month, sum: new BlocksSum() }
      }
      const blocks = g.sum.toBlocks(rates)
      for (const b of blockNames) if (blocks[b].check === "mismatch") mismatches[b]++
      if (blockNames.some((b) => blocks[b].check === "mismatch")) mismatchedRows++
      lines.push({ _tag: "Row", month: g.key.month, department: g.key.department, outlet: g.key.outlet, day: g.key.day, shift: g.key.shift, blocks })
      month.sum.add(g.sum)
      const unitId = `${namedKey(g.key.department)}|${namedKey(g.key.outlet)}`
      let u = units.get(unitId)
      if (u === undefined) {
        u = { department: g.key.department, outlet: g.key.outlet, sum: new BlocksSum() }
        units.set(unitId, u)
      }
      u.sum.add(g.sum)
    }
    closeMonth()
    closeQuarter()
    const total: Total = { _tag: "Total", blocks: grand.toBlocks(rates) }
    lines.push(total)
    return {
      _tag: "VatReport",
      header: this.header,
      by: this.by,
      detail: this.detail,
      rates,
      lines,
      total,
      units: [...units.values()]
        .sort((a, b) => compareNamed(a.department, b.department) || compareNamed(a.outlet, b.outlet))
        .map((u) => ({ department: u.department, outlet: u.outlet, blocks: u.sum.toBlocks(rates) })),
      mismatches,
      mismatchedRows
    }
  }
}

/** Builds the report from shift rows in any order. */
export const make = (header: ReportHeader, rows: Iterable<ShiftInput.ShiftInput>, options: Options = {}): VatReport =>
  Fold.fromRows(new Builder(header, options), rows)

/** Builds the report from a stream of shift rows. */
export const fromStream = <E, R>(
  header: ReportHeader,
  rows: Stream.Stream<ShiftInput.ShiftInput, E, R>,
  options: Options = {}
): Effect.Effect<VatReport, E, R> => Fold.fromRowStream(() => new Builder(header, options), rows)
