/**
 * The sandbox's internal records. Times are wall-clock milliseconds (a zone-less date-time read as if it were
 * UTC, as `LocalDateTime.toWallMillis` does): cheap to compare and add, converted to text only on the wire.
 * These records are plain data; the domain values of `@taxcom-kit/core` are built from them in `Dataset`.
 */
import type { FiscalDocument, Kkt, Operation, VatRate } from "@taxcom-kit/core"

/** Wall-clock milliseconds. */
export type Millis = number

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

const p2 = (n: number) => (n < 10 ? "0" + n : "" + n)

/** `yyyy-MM-ddTHH:mm:ss` of wall-clock millis (fast path: no validation, the input is always a real instant). */
export const formatDateTime = (ms: Millis): string => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
}

/** `yyyy-MM-dd`. */
export const formatDate = (ms: Millis): string => formatDateTime(ms).slice(0, 10)

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/

/** Reads `yyyy-MM-dd[THH:mm[:ss]]`; NaN when it is not one or names an impossible date. */
export const parseDateTime = (s: string): Millis => {
  const m = DATE_TIME.exec(s.trim())
  if (m === null) return NaN
  const [y, mo, d, h, mi, se] = [+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)]
  const ms = Date.UTC(y, mo - 1, d, h, mi, se)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return NaN
  return ms
}

/** Start of the calendar day of an instant. */
export const dayOf = (ms: Millis): Millis => ms - (((ms % DAY) + DAY) % DAY)

/** Adds calendar months (day clamped to the month's end). */
export const addMonths = (ms: Millis, months: number): Millis => {
  const d = new Date(ms)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth() + months
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds())
}

export interface AccountRec {
  readonly agreementNumber: string
  readonly companyName: string
  readonly inn: string
  readonly kpp: string | null
}

export interface DepartmentRec {
  readonly id: string
  readonly name: string
  readonly code: string | null
  readonly parentId: string | null
}

export interface ContactRec {
  readonly name: string | null
  readonly phone: string | null
  readonly email: string | null
}

export interface OutletRec {
  readonly id: string
  readonly name: string
  readonly code: string | null
  readonly address: string
  readonly departmentId: string | null
  readonly contact: ContactRec
  /** Place of settlement (tag 1187). */
  readonly place: string
}

export interface FnRec {
  readonly number: string
  /** Position in the register's history, from 0. */
  readonly ordinal: number
  readonly model: string
  readonly registeredAt: Millis
  readonly durationMonths: 13 | 15 | 36
  readonly endsAt: Millis
  /** The drive in use now. */
  readonly active: boolean
  /** Numbers of the first shift and first FD this dataset has on the drive. */
  readonly firstShift: number
  readonly firstFd: number
}

export interface PartnerRec {
  readonly name: string
  readonly inn: string
  readonly contactName: string | null
  readonly phone: string | null
  readonly email: string | null
}

export interface KktRec {
  readonly index: number
  readonly name: string
  readonly regNumber: string
  readonly factoryNumber: string
  readonly model: string
  readonly outletId: string
  readonly state: Kkt.KktState
  /** "Оплачена по"; null when unknown. */
  readonly paidUntil: Millis | null
  readonly selfService: boolean
  readonly partner: PartnerRec | null
  /** In order of use; the last is the one in use. */
  readonly fns: ReadonlyArray<FnRec>
  readonly taxation: FiscalDocument.TaxationSystem
  /** How the generator runs this register (generated datasets only). */
  readonly plan: KktPlan | null
  /** Seconds between a document and its acceptance by the OFD (NewDocuments order). */
  readonly feedLagSeconds: number
}

/** Generator's plan for a register. */
export interface KktPlan {
  readonly profile: string
  readonly schedule: "day" | "overnight" | "late"
  readonly scenario: Scenario
  /** No shifts are opened on or after this instant (unpaid, disconnected, FN expired). */
  readonly stopAt: Millis | null
  /** When the second drive takes over (FN change), else null. */
  readonly fnChangeAt: Millis | null
  /** Relative traffic of the register (receipts per shift multiplier). */
  readonly traffic: number
  readonly staff: ReadonlyArray<string>
  /** Receipts carry a tag 1084 with the ERP's order number. */
  readonly erpProperty: boolean
}

export type Scenario =
  | "normal"
  | "overnight"
  | "fnChange"
  | "fnExpiring"
  | "fnExpired"
  | "paymentExpiring"
  | "unpaid"
  | "disconnected"
  | "forgottenShift"
  | "openOverlong"

export interface ShiftRec {
  readonly kktIndex: number
  readonly fnOrdinal: number
  readonly fn: string
  readonly number: number
  readonly openedAt: Millis
  /** Null while open. */
  readonly closedAt: Millis | null
  readonly openFd: number
  readonly closeFd: number | null
  /** Cash receipts (type 3) and correction receipts (type 31). */
  readonly receipts: number
  readonly corrections: number
  readonly cashier: string
}

export interface ItemRec {
  readonly name: string
  /** Kopecks. */
  readonly price: number
  /** Quantity as decimal text with six decimals, as tag 1023 carries it ("1.000000"). */
  readonly quantity: string
  readonly sum: number
  readonly rate: VatRate.VatRateId
  readonly vat: number
  readonly paymentMethod: number
  readonly subject: number
}

export interface DocRec {
  readonly kktIndex: number
  readonly fnOrdinal: number
  readonly fn: string
  readonly fd: number
  readonly shift: number
  /** FFD type: 2 open shift, 3 receipt, 31 correction, 5 close shift. */
  readonly type: number
  readonly at: Millis
  readonly numberInShift: number | null
  readonly operation: Operation.Operation | null
  readonly items: ReadonlyArray<ItemRec>
  readonly total: number
  readonly cash: number
  readonly electronic: number
  readonly prepaid: number
  readonly credit: number
  readonly other: number
  /** Fiscal sign, an unsigned 32-bit integer. */
  readonly fiscalSign: number
  readonly cashier: string
  /** Tag 1084 "check#" value, when the register prints one. */
  readonly checkNo: string | null
}

/** A registration/re-registration report received into the cabinet (DraftList). */
export interface DraftRec {
  readonly id: number
  readonly type: "Registration" | "ReRegistration"
  readonly reportDate: Millis
  readonly receivedAt: Millis
  readonly kktModel: string | null
  readonly kktRegNumber: string
  readonly kktFactoryNumber: string
  readonly fn: string
  readonly outletName: string | null
  readonly fnsStatus: "Registered" | "RegistrationNotCompleted" | "NotRegistered"
}

/** Money summed per operation; the same layout for every bucket. */
export interface Bucket {
  total: number
  cash: number
  electronic: number
  prepaid: number
  credit: number
  other: number
  receipts: number
  items: number
  /** Gross and VAT per rate id that occurred. */
  readonly rates: Map<VatRate.VatRateId, { gross: number; vat: number }>
}

export const OPERATION_KEYS = ["income", "incomeReturn", "expenditure", "expenditureReturn", "incomeCorrection", "expenditureCorrection"] as const
export type OperationKey = (typeof OPERATION_KEYS)[number]

export const emptyBucket = (): Bucket => ({ total: 0, cash: 0, electronic: 0, prepaid: 0, credit: 0, other: 0, receipts: 0, items: 0, rates: new Map() })

export const operationKey = (d: { type: number; operation: Operation.Operation | null }): OperationKey | null => {
  if (d.operation === null) return null
  const correction = d.type === 31 || d.type === 41
  switch (d.operation) {
    case "Income":
      return correction ? "incomeCorrection" : "income"
    case "IncomeReturn":
      return correction ? "incomeCorrection" : "incomeReturn"
    case "Expenditure":
      return correction ? "expenditureCorrection" : "expenditure"
    case "ExpenditureReturn":
      return correction ? "expenditureCorrection" : "expenditureReturn"
  }
}

/** Adds a receipt into a bucket. */
export const addToBucket = (b: Bucket, d: DocRec): void => {
  b.total += d.total
  b.cash += d.cash
  b.electronic += d.electronic
  b.prepaid += d.prepaid
  b.credit += d.credit
  b.other += d.other
  b.receipts += 1
  b.items += d.items.length
  for (const it of d.items) {
    const e = b.rates.get(it.rate)
    if (e === undefined) b.rates.set(it.rate, { gross: it.sum, vat: it.vat })
    else {
      e.gross += it.sum
      e.vat += it.vat
    }
  }
}

/** Per-rate gross and VAT of a receipt, from its lines (VAT per line, rounded half up, then summed). */
export const receiptRates = (d: Pick<DocRec, "items">): Map<VatRate.VatRateId, { gross: number; vat: number }> => {
  const m = new Map<VatRate.VatRateId, { gross: number; vat: number }>()
  for (const it of d.items) {
    const e = m.get(it.rate)
    if (e === undefined) m.set(it.rate, { gross: it.sum, vat: it.vat })
    else {
      e.gross += it.sum
      e.vat += it.vat
    }
  }
  return m
}
