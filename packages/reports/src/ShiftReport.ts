/**
 * The shift report ("отчёт по сменам"): one line per shift with subtotals per outlet and per department and a
 * grand total, or one line per outlet or department. Plain data, independent of any file format; every amount
 * in integer kopecks.
 */
import { type LocalDateTime, type Money, Shift, type ShiftsReport } from "@taxcom-kit/core"
import type { Effect, Stream } from "effect"
import * as Fold from "./internal/fold.js"
import { compareNamed, compareText, Groups, namedKey } from "./internal/order.js"
import type { ReportHeader } from "./ReportHeader.js"
import * as ShiftInput from "./ShiftInput.js"
import type { Named, OperationAmounts } from "./ShiftInput.js"

type Kopecks = Money.Kopecks

export type { OperationAmounts } from "./ShiftInput.js"

/** Everything the report sums, for one shift or a group. */
export interface Amounts {
  readonly income: OperationAmounts
  readonly incomeReturn: OperationAmounts
  readonly expenditure: OperationAmounts
  readonly expenditureReturn: OperationAmounts
  /** Totals of correction receipts (income and expenditure corrections). */
  readonly incomeCorrection: Kopecks
  readonly expenditureCorrection: Kopecks
  /** Income − income return. */
  readonly netRevenue: Kopecks
  readonly documents: number
}

/** How many shifts a group holds and how many are flagged; null when the input rows were already grouped. */
export interface ShiftCounts {
  readonly shifts: number
  readonly open: number
  readonly overlong: number
  readonly crossesMidnight: number
}

export interface ShiftLine {
  readonly _tag: "Shift"
  readonly department: Named
  readonly outlet: Named | null
  readonly kktName: string | null
  readonly kktRegNumber: string | null
  readonly fn: string
  readonly shiftNumber: number
  readonly openedAt: LocalDateTime.LocalDateTime | null
  readonly closedAt: LocalDateTime.LocalDateTime | null
  readonly cashier: string | null
  readonly amounts: Amounts
  /** Not closed when the report was made. */
  readonly open: boolean
  /** Open longer than 24 hours (an open shift counts until the report's `generatedAt`). */
  readonly overlong: boolean
  /** Closed on a later calendar day than opened (an open shift: `generatedAt` is on a later day). */
  readonly crossesMidnight: boolean
}

/** A row per outlet or department: the report's lines when grouped, and its summaries always. */
export interface GroupLine {
  readonly _tag: "Group"
  readonly level: "outlet" | "department"
  readonly department: Named
  /** Null at the department level. */
  readonly outlet: Named | null
  readonly amounts: Amounts
  readonly counts: ShiftCounts | null
}

/** The sum of the shift lines above it, for one outlet or one department. */
export interface SubtotalLine {
  readonly _tag: "Subtotal"
  readonly level: "outlet" | "department"
  readonly department: Named
  readonly outlet: Named | null
  readonly amounts: Amounts
  readonly counts: ShiftCounts | null
}

export interface TotalLine {
  readonly _tag: "Total"
  readonly amounts: Amounts
  readonly counts: ShiftCounts | null
}

export type ShiftReportLine = ShiftLine | GroupLine | SubtotalLine | TotalLine

export interface ShiftReport {
  readonly _tag: "ShiftReport"
  readonly header: ReportHeader
  readonly groupBy: ShiftsReport.GroupBy
  /** In display order; the last line is the grand total. */
  readonly lines: ReadonlyArray<ShiftReportLine>
  readonly total: TotalLine
  /** Sums per outlet and per department, whatever the grouping (for charts and the PDF summary). */
  readonly byOutlet: ReadonlyArray<GroupLine>
  readonly byDepartment: ReadonlyArray<GroupLine>
  /** Number of shift lines (0 when grouped). */
  readonly shiftCount: number
}

export interface Options {
  /** `none` (default): a line per shift with subtotals; `outlet` / `dep`: a line per outlet or department. */
  readonly groupBy?: ShiftsReport.GroupBy
}

// ---- sums -------------------------------------------------------------------------------------------------

const addN = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b)

class OperationSum {
  count: number | null = 0
  total = 0
  cash = 0
  electronic = 0
  prepaid: number | null = 0
  credit: number | null = 0
  other: number | null = 0
  add(o: OperationAmounts): void {
    this.count = addN(this.count, o.count)
    this.total += o.total
    this.cash += o.cash
    this.electronic += o.electronic
    this.prepaid = addN(this.prepaid, o.prepaid)
    this.credit = addN(this.credit, o.credit)
    this.other = addN(this.other, o.other)
  }
  get(): OperationAmounts {
    return {
      count: this.count,
      total: this.total as Kopecks,
      cash: this.cash as Kopecks,
      electronic: this.electronic as Kopecks,
      prepaid: this.prepaid as Kopecks | null,
      credit: this.credit as Kopecks | null,
      other: this.other as Kopecks | null
    }
  }
}

/** Sums amounts and counts; a nullable figure stays null once any part is unknown (unknown is not zero). */
class Sum {
  readonly income = new OperationSum()
  readonly incomeReturn = new OperationSum()
  readonly expenditure = new OperationSum()
  readonly expenditureReturn = new OperationSum()
  incomeCorrection = 0
  expenditureCorrection = 0
  documents = 0
  counts: { shifts: number; open: number; overlong: number; crossesMidnight: number } | null = {
    shifts: 0,
    open: 0,
    overlong: 0,
    crossesMidnight: 0
  }
  add(a: Amounts, counts: ShiftCounts | null): void {
    this.income.add(a.income)
    this.incomeReturn.add(a.incomeReturn)
    this.expenditure.add(a.expenditure)
    this.expenditureReturn.add(a.expenditureReturn)
    this.incomeCorrection += a.incomeCorrection
    this.expenditureCorrection += a.expenditureCorrection
    this.documents += a.documents
    if (counts === null) this.counts = null
    else if (this.counts !== null) {
      this.counts.shifts += counts.shifts
      this.counts.open += counts.open
      this.counts.overlong += counts.overlong
      this.counts.crossesMidnight += counts.crossesMidnight
    }
  }
  amounts(): Amounts {
    const income = this.income.get()
    const incomeReturn = this.incomeReturn.get()
    return {
      income,
      incomeReturn,
      expenditure: this.expenditure.get(),
      expenditureReturn: this.expenditureReturn.get(),
      incomeCorrection: this.incomeCorrection as Kopecks,
      expenditureCorrection: this.expenditureCorrection as Kopecks,
      netRevenue: (income.total - incomeReturn.total) as Kopecks,
      documents: this.documents
    }
  }
  countsOf(): ShiftCounts | null {
    return this.counts === null ? null : { ...this.counts }
  }
}

// ---- entries ------------------------------------------------------------------------------------------------

interface Entry {
  readonly department: Named
  readonly outlet: Named | null
  readonly shift: ShiftInput.ShiftIdentity | null
  readonly amounts: Amounts
  readonly counts: ShiftCounts | null
  readonly flags: { readonly open: boolean; readonly overlong: boolean; readonly crossesMidnight: boolean }
}

const NO_FLAGS = { open: false, overlong: false, crossesMidnight: false } as const

const entryOf = (input: ShiftInput.ShiftInput, now: LocalDateTime.LocalDateTime): Entry => {
  const row = ShiftInput.rowOf(input)
  const ops = ShiftInput.operationsOf(input)
  const amounts: Amounts = {
    income: ops.income,
    incomeReturn: ops.incomeReturn,
    expenditure: ops.expenditure,
    expenditureReturn: ops.expenditureReturn,
    incomeCorrection: ops.incomeCorrection.total,
    expenditureCorrection: ops.expenditureCorrection.total,
    netRevenue: (ops.income.total - ops.incomeReturn.total) as Kopecks,
    documents: row.documentsCount
  }
  const shift = ShiftInput.shiftOf(input)
  if (shift === null) return { department: row.department, outlet: row.outlet, shift, amounts, counts: null, flags: NO_FLAGS }
  const span = shift.openedAt === null ? null : { openedAt: shift.openedAt, closedAt: shift.closedAt ?? now }
  const flags = {
    open: shift.open,
    overlong: span !== null && Shift.isOverlong(span, now),
    crossesMidnight: span !== null && Shift.crossesMidnight(span)
  }
  return {
    department: row.department,
    outlet: row.outlet,
    shift,
    amounts,
    counts: {
      shifts: 1,
      open: flags.open ? 1 : 0,
      overlong: flags.overlong ? 1 : 0,
      crossesMidnight: flags.crossesMidnight ? 1 : 0
    },
    flags
  }
}

const compareShifts = (a: Entry, b: Entry): number => {
  const x = a.shift!
  const y = b.shift!
  return compareText(x.kktRegNumber, y.kktRegNumber) || compareText(x.fn, y.fn) ||
    compareText(x.openedAt, y.openedAt) || x.number - y.number
}

const shiftLine = (e: Entry): ShiftLine => {
  const s = e.shift!
  return {
    _tag: "Shift",
    department: e.department,
    outlet: e.outlet,
    kktName: s.kktName,
    kktRegNumber: s.kktRegNumber,
    fn: s.fn,
    shiftNumber: s.number,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
    cashier: s.cashier,
    amounts: e.amounts,
    open: e.flags.open,
    overlong: e.flags.overlong,
    crossesMidnight: e.flags.crossesMidnight
  }
}

/** Accumulates inputs; `build` sorts, groups and sums. Used by {@link make} and {@link fromStream}. */
export class Builder {
  private readonly entries: Array<Entry> = []
  constructor(readonly header: ReportHeader, readonly options: Options = {}) {}

  add(input: ShiftInput.ShiftInput): this {
    this.entries.push(entryOf(input, this.header.generatedAt))
    return this
  }

  build(): ShiftReport {
    const groupBy = this.options.groupBy ?? "none"
    const departments = new Groups<Named, Entry>()
    for (const e of this.entries) departments.add(namedKey(e.department), e.department, e)

    const lines: Array<ShiftReportLine> = []
    const byOutlet: Array<GroupLine> = []
    const byDepartment: Array<GroupLine> = []
    const grand = new Sum()
    let shiftCount = 0

    for (const dep of departments.sorted(compareNamed)) {
      const depSum = new Sum()
      const outlets = new Groups<Named | null, Entry>()
      for (const e of dep.items) outlets.add(namedKey(e.outlet), e.outlet, e)
      for (const out of outlets.sorted(compareNamed)) {
        const outSum = new Sum()
        const shifts = out.items.filter((e) => e.shift !== null).sort(compareShifts)
        const grouped = out.items.filter((e) => e.shift === null)
        for (const e of out.items) outSum.add(e.amounts, e.counts)
        const outletLine: GroupLine = {
          _tag: "Group",
          level: "outlet",
          department: dep.key,
          outlet: out.key,
          amounts: outSum.amounts(),
          counts: outSum.countsOf()
        }
        byOutlet.push(outletLine)
        depSum.add(outletLine.amounts, outletLine.counts)
        if (groupBy === "none") {
          // Rows that came already grouped (kktstat with GroupBy outlet/dep) stand where their shifts would.
          for (const e of grouped) {
            lines.push({ _tag: "Group", level: e.outlet === null ? "department" : "outlet", department: e.department, outlet: e.outlet, amounts: e.amounts, counts: null })
          }
          for (const e of shifts) lines.push(shiftLine(e))
          shiftCount += shifts.length
          lines.push({ ...outletLine, _tag: "Subtotal" })
        } else if (groupBy === "outlet") {
          lines.push(outletLine)
        }
      }
      const depLine: GroupLine = {
        _tag: "Group",
        level: "department",
        department: dep.key,
        outlet: null,
        amounts: depSum.amounts(),
        counts: depSum.countsOf()
      }
      byDepartment.push(depLine)
      grand.add(depLine.amounts, depLine.counts)
      if (groupBy === "none") lines.push({ ...depLine, _tag: "Subtotal" })
      else if (groupBy === "dep") lines.push(depLine)
    }
    const total: TotalLine = { _tag: "Total", amounts: grand.amounts(), counts: grand.countsOf() }
    lines.push(total)
    return { _tag: "ShiftReport", header: this.header, groupBy, lines, total, byOutlet, byDepartment, shiftCount }
  }
}

/** Builds the report from rows in any order. */
export const make = (header: ReportHeader, rows: Iterable<ShiftInput.ShiftInput>, options: Options = {}): ShiftReport =>
  Fold.fromRows(new Builder(header, options), rows)

/** Builds the report from a stream of rows (the client's `kktstat/shifts` or ShiftList + ShiftInfo stream). */
export const fromStream = <E, R>(
  header: ReportHeader,
  rows: Stream.Stream<ShiftInput.ShiftInput, E, R>,
  options: Options = {}
): Effect.Effect<ShiftReport, E, R> => Fold.fromRowStream(() => new Builder(header, options), rows)
