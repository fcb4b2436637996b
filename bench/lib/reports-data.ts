/**
 * Synthetic `kktstat/shifts` rows for the report benchmarks: a chain of departments, outlets and registers,
 * one row per shift, amounts and VAT per rate as the client would decode them. Deterministic.
 */
import type { Ids, LocalDateTime, Money, ShiftsReport, VatBreakdown } from "@taxcom-kit/core"

type Kopecks = Money.Kopecks

const pad = (n: number, w: number) => String(n).padStart(w, "0")

const forms = (total: number, cashShare: number): ShiftsReport.PaymentForms => {
  const cash = Math.floor(total * cashShare)
  return {
    cash: cash as Kopecks,
    card: (total - cash) as Kopecks,
    prepayment: 0 as Kopecks,
    credit: 0 as Kopecks,
    exchange: 0 as Kopecks,
    total: total as Kopecks
  }
}

const ZERO = forms(0, 0)

/** `count` shift rows over 30 days from 2026-01-01: 20 departments, 10 outlets each, registers of 50 shifts. */
export const shiftRows = (count: number): Array<ShiftsReport.ShiftsReportRow> => {
  let s = 12345
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
  const rows: Array<ShiftsReport.ShiftsReportRow> = []
  for (let i = 0; i < count; i++) {
    const kkt = Math.floor(i / 50)
    const number = (i % 50) + 1
    const outlet = Math.floor(kkt / 5)
    const department = outlet % 20
    const day = 1 + (number % 30)
    const hour = 8 + (kkt % 4)
    const opened = `2026-01-${pad(day, 2)}T${pad(hour, 2)}:00:00`
    const closed = number === 50 ? null : `2026-01-${pad(day, 2)}T${pad(hour + 12, 2)}:30:00`
    const income = 100_000 + Math.floor(rand() * 20_000_000)
    const refund = rand() < 0.3 ? Math.floor(income * 0.05) : 0
    const vat = (share: number, den: number) => Math.round((income * share * 22) / den)
    const breakdown: VatBreakdown.VatBreakdown = [
      { rate: "vat22", gross: null, vat: vat(0.6, 122) as Kopecks },
      { rate: "vat10", gross: null, vat: Math.round((income * 0.3 * 10) / 110) as Kopecks },
      { rate: "vat22_122", gross: null, vat: 0 as Kopecks },
      { rate: "vat0", gross: 0 as Kopecks, vat: null },
      { rate: "none", gross: Math.floor(income * 0.1) as Kopecks, vat: null }
    ]
    rows.push({
      groupBy: "none",
      shift: {
        number: number as Ids.ShiftNumber,
        openedAt: opened as LocalDateTime.LocalDateTime,
        closedAt: closed as LocalDateTime.LocalDateTime | null,
        cashier: `Кассир ${kkt % 97}`,
        kktName: `Касса ${kkt + 1}`,
        kktFactoryNumber: pad(kkt + 1, 14),
        kktRegNumber: pad(kkt + 1, 16) as Ids.KktRegNumber,
        fn: `73804408${pad(kkt + 1, 8)}` as Ids.FnNumber
      },
      department: { name: `Подразделение ${department + 1}`, code: `D-${pad(department + 1, 2)}` },
      outlet: { name: `Торговая точка ${outlet + 1}`, code: `T-${pad(outlet + 1, 4)}` },
      revenueCash: 0 as Kopecks,
      revenueCashless: 0 as Kopecks,
      revenue: (income - refund) as Kopecks,
      income: forms(income, rand()),
      incomeReturn: forms(refund, 0.5),
      expenditure: ZERO,
      expenditureReturn: ZERO,
      incomeCorrection: ZERO,
      expenditureCorrection: ZERO,
      vat: breakdown,
      documentsCount: 20 + Math.floor(rand() * 200),
      averageDocumentSum: 0 as Kopecks
    })
  }
  return rows
}
