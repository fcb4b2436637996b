/**
 * A small deterministic chain for the client's tests: departments (one nested in another), outlets (one without a
 * department), registers (one whose fiscal drive is replaced mid-period, so shift numbers repeat under two FNs),
 * shifts every other day with some crossing midnight, one spanning the 31-day split boundary of March/April 2025,
 * and one still open. Shift totals are round-tripped through the ShiftInfo wire schema, so the "truth" is exactly what
 * a client can read back.
 */
import { Schema } from "effect"
import type * as Department from "../../src/Department.js"
import type * as FiscalDocument from "../../src/FiscalDocument.js"
import type * as Ids from "../../src/Ids.js"
import type * as Kkt from "../../src/Kkt.js"
import * as LocalDateTime from "../../src/LocalDateTime.js"
import * as Money from "../../src/Money.js"
import type * as Outlet from "../../src/Outlet.js"
import * as ShiftsReport from "../../src/ShiftsReport.js"
import * as ShiftTotals from "../../src/ShiftTotals.js"
import * as VatRate from "../../src/VatRate.js"
import * as Wire from "../../src/wire/index.js"

export interface Register {
  readonly outletId: string
  readonly kkt: Kkt.Kkt
  /** Oldest first; the last is active. */
  readonly drives: ReadonlyArray<{ readonly fn: Ids.FnNumber; readonly from: string }>
}

export interface ShiftRecord {
  readonly kktRegNumber: Ids.KktRegNumber
  readonly totals: ShiftTotals.ShiftTotals
}

export interface Chain {
  readonly departments: ReadonlyArray<Department.Department>
  readonly outlets: ReadonlyArray<{ readonly outlet: Outlet.Outlet; readonly departmentId: string | null }>
  readonly registers: ReadonlyArray<Register>
  readonly shifts: ReadonlyArray<ShiftRecord>
}

const fn = (n: number) => `99990789${String(n).padStart(8, "0")}` as Ids.FnNumber
const reg = (n: number) => `00000000${String(n).padStart(8, "0")}` as Ids.KktRegNumber

const dep = (id: string, name: string, code: string, parent: Department.Department | null): Department.Department => ({
  id: id as Ids.DepartmentId,
  name,
  code,
  parent: parent === null ? null : { id: parent.id, name: parent.name, code: parent.code },
  problem: "OK"
})

const k = (n: number) => n as Money.Kopecks

const roundTripTotals = (t: ShiftTotals.ShiftTotals): ShiftTotals.ShiftTotals => {
  const schema = Wire.Shifts.ShiftInfo
  return Schema.decodeUnknownSync(schema)(Schema.encodeSync(schema)(t))
}

/** Totals of one operation with a 20% / 10% / no-VAT mix; `seed` varies the figures. */
const operation = (seed: number, receipts: number): ShiftTotals.OperationTotals => {
  if (receipts === 0) return ShiftTotals.emptyOperationTotals
  const g20 = 10_000 + (seed * 7919) % 90_000
  const g10 = 3_000 + (seed * 104_729) % 20_000
  const gNone = (seed % 3) * 1_550
  const total = g20 + g10 + gNone
  const cash = Math.floor(total * ((seed % 5) / 5))
  return {
    total: k(total),
    cash: k(cash),
    electronic: k(total - cash),
    prepaid: null,
    credit: null,
    other: null,
    receiptCount: receipts,
    itemCount: receipts * 2,
    vat: [
      { rate: "vat20", gross: k(g20), vat: VatRate.vatOf(k(g20), "vat20") },
      { rate: "vat10", gross: k(g10), vat: VatRate.vatOf(k(g10), "vat10") },
      ...(gNone > 0 ? [{ rate: "none" as const, gross: k(gNone), vat: null }] : [])
    ],
    zeroRateTotal: null,
    noVatTotal: gNone > 0 ? k(gNone) : null
  }
}

const DAY = 86_400_000

export interface ChainOptions {
  /** First and last day with shifts (inclusive), `yyyy-MM-dd`. */
  readonly firstDay?: string
  readonly lastDay?: string
}

export const makeChain = (options: ChainOptions = {}): Chain => {
  const firstDay = options.firstDay ?? "2025-02-24"
  const lastDay = options.lastDay ?? "2025-05-20"
  const north = dep("d-north", "Север", "N", null)
  const south = dep("d-south", "Юг", "S", north)
  const outlet = (id: string, name: string, code: string | null): Outlet.Outlet => ({
    id: id as Ids.OutletId,
    name,
    code,
    address: `г. Москва, ${name}`,
    problem: "OK",
    // As in the recordings: the OutletList record does not say the department.
    department: null
  })
  const outlets = [
    { outlet: outlet("o-a", "Магазин на Ленина", "A1"), departmentId: north.id as string },
    { outlet: outlet("o-b", "Магазин у вокзала", ""), departmentId: south.id as string },
    { outlet: outlet("o-c", "Киоск", null), departmentId: null }
  ]
  const kkt = (n: number, active: Ids.FnNumber): Kkt.Kkt => ({
    name: `Касса ${n}`,
    regNumber: reg(n),
    factoryNumber: `00${100 + n}` as Ids.KktFactoryNumber,
    fn: active,
    state: "Active",
    problem: "OK"
  })
  const registers: Array<Register> = [
    { outletId: "o-a", kkt: kkt(1, fn(1)), drives: [{ fn: fn(1), from: firstDay }] },
    { outletId: "o-b", kkt: kkt(2, fn(2)), drives: [{ fn: fn(2), from: firstDay }] },
    // The drive of register 3 is replaced on 2025-04-10: the new drive's shifts start again from 1.
    { outletId: "o-b", kkt: kkt(3, fn(4)), drives: [{ fn: fn(3), from: firstDay }, { fn: fn(4), from: "2025-04-10" }] },
    { outletId: "o-c", kkt: kkt(5, fn(5)), drives: [{ fn: fn(5), from: firstDay }] }
  ]

  const shifts: Array<ShiftRecord> = []
  const start = LocalDateTime.toWallMillis(LocalDateTime.startOfDay(firstDay as LocalDateTime.LocalDate))
  const end = LocalDateTime.toWallMillis(LocalDateTime.startOfDay(lastDay as LocalDateTime.LocalDate))
  registers.forEach((r, ri) => {
    r.drives.forEach((d, di) => {
      const driveStart = LocalDateTime.toWallMillis(LocalDateTime.startOfDay(d.from as LocalDateTime.LocalDate))
      const driveEnd = di + 1 < r.drives.length
        ? LocalDateTime.toWallMillis(LocalDateTime.startOfDay(r.drives[di + 1]!.from as LocalDateTime.LocalDate))
        : end + DAY
      let number = 0
      // Register 1 works on odd days, so it has a shift on 31 March.
      for (let day = Math.max(start + (ri === 0 ? DAY : 0), driveStart); day < driveEnd && day <= end; day += 2 * DAY) {
        number++
        const date = LocalDateTime.fromWallMillis(day).slice(0, 10)
        // Register 1's shift of 31 March runs past midnight across the boundary of a 31-day split from 1 March;
        // register 2's of 28 February across the start of March, register 3's of 14 May across its end.
        const crosses = (ri === 0 && date === "2025-03-31") || (ri === 1 && date === "2025-02-28") ||
          (ri === 2 && date === "2025-05-14") || number % 4 === 0
        const openedAt = LocalDateTime.fromWallMillis(day + (crosses ? 20 : 9) * 3_600_000 + ri * 37 * 60_000)
        const isLast = day + 2 * DAY > end && ri === 3
        const closedAt = isLast ? null : LocalDateTime.fromWallMillis(day + (crosses ? 28 : 21) * 3_600_000 + ri * 11 * 60_000)
        const seed = ri * 1000 + di * 100 + number
        const incomeReceipts = 5 + (seed % 7)
        const returns = seed % 3 === 0 ? 1 : 0
        const totals: ShiftTotals.ShiftTotals = {
          reportDate: null,
          fn: d.fn,
          number: number as Ids.ShiftNumber,
          openedAt,
          openFd: (number * 100) as Ids.FdNumber,
          closedAt,
          closeFd: closedAt === null ? null : (number * 100 + 50) as Ids.FdNumber,
          cashier: `Кассир ${(seed % 3) + 1}`,
          state: closedAt === null ? "Open" : "Close",
          income: operation(seed, incomeReceipts),
          incomeReturn: operation(seed + 17, returns),
          incomeCorrection: ShiftTotals.emptyOperationTotals,
          expenditure: ShiftTotals.emptyOperationTotals,
          expenditureReturn: ShiftTotals.emptyOperationTotals,
          expenditureCorrection: ShiftTotals.emptyOperationTotals
        }
        shifts.push({ kktRegNumber: r.kkt.regNumber, totals: roundTripTotals(totals) })
      }
    })
  })
  return { departments: [north, south], outlets, registers, shifts }
}

/** The deepest department of an outlet, as kktstat names it beside each shift. */
export const departmentOf = (chain: Chain, outletId: string): Department.Department | undefined => {
  const id = chain.outlets.find((o) => o.outlet.id === outletId)?.departmentId
  return chain.departments.find((d) => d.id === id)
}

/** Departments whose subtree contains `id`'s department: the outlet is listed under each of them. */
export const ancestorsOrSelf = (chain: Chain, id: string | null): Array<string> => {
  const out: Array<string> = []
  let d = chain.departments.find((x) => x.id === id)
  while (d !== undefined) {
    out.push(d.id)
    const parentId = d.parent?.id
    d = chain.departments.find((x) => x.id === parentId)
  }
  return out
}

export const registerOfShift = (chain: Chain, s: ShiftRecord): Register => chain.registers.find((r) => r.kkt.regNumber === s.kktRegNumber)!

/** The row `kktstat/shifts` gives for a shift. */
export const rowOf = (chain: Chain, s: ShiftRecord): ShiftsReport.ShiftsReportRow => {
  const r = registerOfShift(chain, s)
  const o = chain.outlets.find((x) => x.outlet.id === r.outletId)!.outlet
  const d = departmentOf(chain, r.outletId)
  return ShiftsReport.fromShiftTotals(s.totals, {
    kktName: r.kkt.name,
    kktFactoryNumber: r.kkt.factoryNumber,
    kktRegNumber: r.kkt.regNumber,
    department: { name: d?.name ?? null, code: d?.code ?? null },
    outlet: { name: o.name, code: o.code }
  })
}

/** The documents DocumentList lists for a shift: open report, receipts, returns, close report. */
export const documentsOf = (s: ShiftRecord): Array<FiscalDocument.DocumentSummary> => {
  const t = s.totals
  const docs: Array<FiscalDocument.DocumentSummary> = []
  const base = (t.openFd ?? 0) as number
  const at = (i: number) => LocalDateTime.addMillis(t.openedAt, i * 60_000)
  const doc = (i: number, type: number, total: number, operation: FiscalDocument.DocumentSummary["operation"]) =>
    docs.push({
      fn: t.fn,
      shift: t.number,
      type,
      dateTime: at(i),
      fd: (base + i) as Ids.FdNumber,
      numberInShift: type === 3 ? i : null,
      fiscalSign: null,
      cashier: t.cashier,
      taxation: type === 3 ? "OSN" : null,
      operation,
      total: k(total),
      cash: k(total),
      electronic: k(0),
      vat: []
    })
  doc(0, 2, 0, null)
  const n = t.income.receiptCount ?? 0
  for (let i = 1; i <= n; i++) doc(i, 3, 100 * i, "Income")
  for (let i = 1; i <= (t.incomeReturn.receiptCount ?? 0); i++) doc(n + i, 3, 50 * i, "IncomeReturn")
  if (t.closedAt !== null) doc(n + (t.incomeReturn.receiptCount ?? 0) + 1, 5, 0, null)
  return docs
}
