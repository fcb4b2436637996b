/**
 * Hand-built test data: a small chain whose shifts are summed from fiscal documents, so every report total can
 * be checked against the documents themselves.
 */
import { FiscalDocument, type Ids, LocalDateTime, type Money, type Operation, ShiftTotals, VatBreakdown, VatRate } from "@taxcom-kit/core"
import type { ReportHeader } from "@taxcom-kit/reports"
import { ShiftInput } from "@taxcom-kit/reports"

type Kopecks = Money.Kopecks

export interface Receipt {
  readonly fn: string
  readonly shift: number
  readonly dateTime: LocalDateTime.LocalDateTime
  readonly operation: Operation.Operation
  readonly correction: boolean
  readonly cash: number
  readonly electronic: number
  readonly items: ReadonlyArray<{ readonly rate: VatRate.VatRateId | null; readonly sum: number }>
}

export const totalOf = (r: Receipt) => r.items.reduce((s, i) => s + i.sum, 0)

/** Per-line VAT, rounded half up, as real receipts compute it. */
export const vatOfReceipt = (r: Receipt): VatBreakdown.VatBreakdown =>
  FiscalDocument.vatFromItems({
    items: r.items.map((i) => ({
      name: null,
      price: null,
      quantity: null,
      sum: i.sum as Kopecks,
      vatRate: i.rate,
      vat: null,
      paymentMethod: null,
      subject: null,
      otherTags: {}
    }))
  })

export interface ShiftFixture {
  readonly fn: string
  readonly number: number
  readonly openedAt: LocalDateTime.LocalDateTime
  readonly closedAt: LocalDateTime.LocalDateTime | null
  readonly cashier: string
  readonly place: ShiftInput.Place
  readonly receipts: ReadonlyArray<Receipt>
}

/** A deterministic generator (LCG), so fixtures are the same on every run. */
const rng = (seed: number) => {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const dep = (name: string, code: string) => ({ name, code })

export const registers: ReadonlyArray<{ place: ShiftInput.Place; fn: string }> = [
  { fn: "7380440800000001", place: { department: dep("Москва", "D-01"), outlet: { name: "Магазин «Тверская»", code: "T-1" }, kkt: { name: "Касса 1", regNumber: "0000000000000001" as Ids.KktRegNumber, factoryNumber: "00107100000001" } } },
  { fn: "7380440800000002", place: { department: dep("Москва", "D-01"), outlet: { name: "Магазин «Тверская»", code: "T-1" }, kkt: { name: "Касса 2", regNumber: "0000000000000002" as Ids.KktRegNumber, factoryNumber: "00107100000002" } } },
  { fn: "7380440800000003", place: { department: dep("Москва", "D-01"), outlet: { name: "Кафе «Арбат»", code: "A-7" }, kkt: { name: "Касса кафе", regNumber: "0000000000000003" as Ids.KktRegNumber, factoryNumber: "00107100000003" } } },
  { fn: "7380440800000004", place: { department: dep("Санкт-Петербург", "D-02"), outlet: { name: "Невский, 1", code: null }, kkt: { name: "Касса Ёлкина №1", regNumber: "0000000000000004" as Ids.KktRegNumber, factoryNumber: "00107100000004" } } }
]

/** Rates used on a date: 20% family before 2026, 22% after; 10%, 0%, no VAT always. */
const ratesOn = (day: string): ReadonlyArray<VatRate.VatRateId> =>
  day < "2026-01-01" ? ["vat20", "vat10", "vat20_120", "vat0", "none"] : ["vat22", "vat10", "vat22_122", "vat0", "none"]

/**
 * Shifts of every register for each day in [from, to]: some across midnight, one left open, one over 24 hours,
 * receipts with mixed rates and payments, income returns, expenditures and a correction.
 */
export const makeShifts = (from: string, days: number, receiptsPerShift = 6, seed = 42): Array<ShiftFixture> => {
  const rand = rng(seed)
  const out: Array<ShiftFixture> = []
  const start = LocalDateTime.toWallMillis(LocalDateTime.startOfDay(from as LocalDateTime.LocalDate))
  registers.forEach((reg, ri) => {
    for (let d = 0; d < days; d++) {
      const number = d + 1
      const openMs = start + d * 86_400_000 + (9 + ri) * 3_600_000
      const openedAt = LocalDateTime.fromWallMillis(openMs)
      const last = d === days - 1
      // Register 3 (the café) closes after midnight; register 4's last shift stays open; register 2's first runs 26 h.
      const hours = ri === 2 ? 16 : ri === 1 && d === 0 ? 26 : 11
      const closedAt = ri === 3 && last ? null : LocalDateTime.fromWallMillis(openMs + hours * 3_600_000)
      if (ri === 1 && d === 1) continue // the 26-hour shift covers day 2
      const receipts: Array<Receipt> = []
      for (let k = 0; k < receiptsPerShift; k++) {
        const at = LocalDateTime.fromWallMillis(openMs + (k + 1) * 60_000 * 7)
        const rates = ratesOn(at.slice(0, 10))
        const lines = 1 + Math.floor(rand() * 3)
        const items = Array.from({ length: lines }, () => ({
          rate: rates[Math.floor(rand() * rates.length)]!,
          sum: 100 + Math.floor(rand() * 500_000)
        }))
        const operation: Operation.Operation = k % 5 === 4 ? "IncomeReturn" : k % 7 === 6 ? "Expenditure" : "Income"
        const total = items.reduce((s, i) => s + i.sum, 0)
        const cash = rand() < 0.4 ? total : rand() < 0.5 ? Math.floor(total / 3) : 0
        receipts.push({ fn: reg.fn, shift: number, dateTime: at, operation, correction: false, cash, electronic: total - cash, items })
      }
      if (ri === 0 && d === 0) {
        receipts.push({ fn: reg.fn, shift: number, dateTime: LocalDateTime.fromWallMillis(openMs + 3_600_000), operation: "Income", correction: true, cash: 12_345, electronic: 0, items: [{ rate: "vat20", sum: 12_345 }] })
        // A sale with an unknown rate code: it counts in the total but under no rate, so the VAT check must fail.
        receipts.push({ fn: reg.fn, shift: number, dateTime: LocalDateTime.fromWallMillis(openMs + 3_700_000), operation: "Income", correction: false, cash: 5_000, electronic: 0, items: [{ rate: null, sum: 5_000 }] })
      }
      out.push({ fn: reg.fn, number, openedAt, closedAt, cashier: `Иванова А. ${ri + 1}`, place: reg.place, receipts })
    }
  })
  return out
}

const operationTotals = (receipts: ReadonlyArray<Receipt>): ShiftTotals.OperationTotals => ({
  total: receipts.reduce((s, r) => s + totalOf(r), 0) as Kopecks,
  cash: receipts.reduce((s, r) => s + r.cash, 0) as Kopecks,
  electronic: receipts.reduce((s, r) => s + r.electronic, 0) as Kopecks,
  prepaid: null,
  credit: null,
  other: null,
  receiptCount: receipts.length,
  itemCount: receipts.reduce((s, r) => s + r.items.length, 0),
  vat: VatBreakdown.combine(receipts.map(vatOfReceipt)),
  zeroRateTotal: null,
  noVatTotal: null
})

/** The ShiftInfo totals of a shift, summed from its receipts. */
export const totalsOf = (s: ShiftFixture): ShiftTotals.ShiftTotals => {
  const pick = (op: Operation.Operation, correction: boolean) =>
    operationTotals(s.receipts.filter((r) => r.operation === op && r.correction === correction))
  return {
    reportDate: null,
    fn: s.fn as Ids.FnNumber,
    number: s.number as Ids.ShiftNumber,
    openedAt: s.openedAt,
    openFd: null,
    closedAt: s.closedAt,
    closeFd: null,
    cashier: s.cashier,
    state: s.closedAt === null ? "Open" : "Close",
    income: pick("Income", false),
    incomeReturn: pick("IncomeReturn", false),
    incomeCorrection: { ...pick("Income", true), vat: [] },
    expenditure: pick("Expenditure", false),
    expenditureReturn: pick("ExpenditureReturn", false),
    expenditureCorrection: ShiftTotals.emptyOperationTotals
  }
}

/** The ShiftList + ShiftInfo input of every shift. */
export const shiftInfoInputs = (shifts: ReadonlyArray<ShiftFixture>): Array<ShiftInput.ShiftWithTotals> =>
  shifts.map((s) => ShiftInput.fromShiftInfo(totalsOf(s), s.place))

/**
 * `kktstat/shifts`-style rows: no totals; VAT per rate without the gross except 0% and no VAT (as that method
 * gives them).
 */
export const kktstatRows = (shifts: ReadonlyArray<ShiftFixture>) =>
  shiftInfoInputs(shifts).map(({ row }) => ({
    ...row,
    vat: row.vat.map((a) => (VatRate.get(a.rate).numerator === null ? a : { ...a, gross: null }))
  }))

export const header = (overrides: Partial<ReportHeader.ReportHeader> = {}): ReportHeader.ReportHeader => ({
  organisation: "ООО «Ромашка»",
  inn: "7701234567",
  period: { from: "2025-12-01T00:00:00" as LocalDateTime.LocalDateTime, to: "2026-01-31T23:59:59" as LocalDateTime.LocalDateTime },
  timeZone: "Europe/Moscow",
  source: "shiftInfo",
  generatedAt: "2026-02-01T10:00:00" as LocalDateTime.LocalDateTime,
  ...overrides
})

/** Sums straight from the receipts, the yardstick for every report total. */
export const documentTotals = (shifts: ReadonlyArray<ShiftFixture>) => {
  const all = shifts.flatMap((s) => s.receipts)
  const of = (op: Operation.Operation, correction = false) => all.filter((r) => r.operation === op && r.correction === correction)
  const sum = (rs: ReadonlyArray<Receipt>) => rs.reduce((s, r) => s + totalOf(r), 0)
  const byRate = (rs: ReadonlyArray<Receipt>) => VatBreakdown.combine(rs.map(vatOfReceipt))
  return {
    income: sum(of("Income")),
    incomeCash: of("Income").reduce((s, r) => s + r.cash, 0),
    incomeElectronic: of("Income").reduce((s, r) => s + r.electronic, 0),
    incomeCount: of("Income").length,
    incomeReturn: sum(of("IncomeReturn")),
    expenditure: sum(of("Expenditure")),
    incomeCorrection: sum(of("Income", true)),
    incomeVat: byRate(of("Income")),
    incomeReturnVat: byRate(of("IncomeReturn"))
  }
}
