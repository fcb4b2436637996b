/**
 * Differences between the ERP's books and the fiscal data, and the matches they are found on.
 *
 * Every item says which tier found it and why (`reason`, one sentence a finance person can read), and points at
 * both sides: the ERP receipt (file and lines) and the fiscal document (FN, FD, shift).
 */
import type { FiscalDocument, LocalDateTime, Money, VatRate } from "@taxcom-kit/core"
import type { ErpReceipt } from "./ErpReceipt.js"

/**
 * The tiers, in the order they run:
 * 1. FN + FD number, or the fiscal sign;
 * 2. FN + shift + number in the shift;
 * 3. register (or outlet) + time window + amount;
 * 4. shift totals (ERP per register and shift, or business day, vs ShiftInfo);
 * 5. VAT buckets per rate, income and income return apart.
 */
export type Tier = 1 | 2 | 3 | 4 | 5

export type DifferenceKind =
  /** Booked in the ERP, no fiscal document: sold, not fiscalised. */
  | "missing_in_ofd"
  /** A fiscal receipt the ERP did not book. */
  | "missing_in_erp"
  /** Totals differ by more than the tolerance. */
  | "amount_mismatch"
  /** VAT booked at another rate (or VAT per rate differs beyond the per-line tolerance). */
  | "vat_rate_mismatch"
  /** Cash / cashless split differs, total equal. */
  | "payment_form_mismatch"
  /** Sale booked as a refund or the reverse. */
  | "operation_mismatch"
  /** The same fiscal receipt booked more than once: the extra booking. */
  | "duplicate"
  /** Booked on another day than the receipt's (and its shift's business day). */
  | "wrong_day"
  /** Booked on another register than the one that printed the receipt. */
  | "wrong_register"
  /** Totals (or VAT) differ within the tolerance: reported apart, not an error. */
  | "rounding"
  /** Booked after the register's last document the OFD has: probably not transmitted yet. Not an error yet. */
  | "pending"
  /** Tier 4: a shift's (or business day's) totals differ between the ERP and ShiftInfo. */
  | "shift_total_mismatch"
  /** Tier 5: the VAT of a rate (income or income return) differs between the ERP and the OFD over the period. */
  | "vat_total_mismatch"

/** Every kind, in report order. */
export const kinds: ReadonlyArray<DifferenceKind> = [
  "missing_in_ofd",
  "missing_in_erp",
  "amount_mismatch",
  "vat_rate_mismatch",
  "payment_form_mismatch",
  "operation_mismatch",
  "duplicate",
  "wrong_day",
  "wrong_register",
  "rounding",
  "pending",
  "shift_total_mismatch",
  "vat_total_mismatch"
]

/** Receipt-level kinds (tiers 1–3 and unmatched); the aggregate kinds are tier 4 and 5. */
export const receiptKinds: ReadonlyArray<DifferenceKind> = kinds.slice(0, 11)

/** `rounding` and `pending` are information, the rest need action. */
export type Severity = "error" | "info"

export const severityOf = (kind: DifferenceKind): Severity => (kind === "rounding" || kind === "pending" ? "info" : "error")

export const labelRu: Record<DifferenceKind, string> = {
  missing_in_ofd: "Нет в ОФД (продажа не фискализирована)",
  missing_in_erp: "Нет в учёте (чек не проведён)",
  amount_mismatch: "Расхождение суммы",
  vat_rate_mismatch: "Расхождение ставки НДС",
  payment_form_mismatch: "Расхождение формы оплаты",
  operation_mismatch: "Расхождение вида операции",
  duplicate: "Дубль проводки",
  wrong_day: "Проведён другим днём",
  wrong_register: "Проведён по другой кассе",
  rounding: "Округление (в пределах допуска)",
  pending: "Ожидает передачи в ОФД",
  shift_total_mismatch: "Расхождение итогов смены",
  vat_total_mismatch: "Расхождение НДС по ставке"
}

export const labelEn: Record<DifferenceKind, string> = {
  missing_in_ofd: "Missing in OFD (not fiscalised)",
  missing_in_erp: "Missing in ERP (not booked)",
  amount_mismatch: "Amount mismatch",
  vat_rate_mismatch: "VAT rate mismatch",
  payment_form_mismatch: "Payment form mismatch",
  operation_mismatch: "Operation mismatch",
  duplicate: "Duplicate booking",
  wrong_day: "Booked on another day",
  wrong_register: "Booked on another register",
  rounding: "Rounding (within tolerance)",
  pending: "Pending transmission to the OFD",
  shift_total_mismatch: "Shift totals mismatch",
  vat_total_mismatch: "VAT per rate mismatch"
}

/** How a pair was matched. */
export type MatchKey =
  /** Tier 1: FN and FD number. */
  | "fn_fd"
  /** Tier 1: fiscal sign. */
  | "fiscal_sign"
  /** Tier 2: FN, shift and number in the shift. */
  | "fn_shift_number"
  /** Tier 3: register, time window, amount. */
  | "register_time_amount"
  /** Tier 3: another register of the same outlet, time window, amount (a `wrong_register` difference). */
  | "outlet_time_amount"
  /** Tier 3: same register, a day apart, amount (a `wrong_day` difference). */
  | "register_day_amount"
  /** Tier 3: same register, close in time, each the other's best candidate (an `amount_mismatch` or the like). */
  | "register_time_only"

/** An ERP receipt paired with the fiscal document it books. */
export interface Match {
  readonly _tag: "Match"
  readonly tier: 1 | 2 | 3
  readonly key: MatchKey
  /** Why these two were paired, in words. */
  readonly reason: string
  readonly erp: ErpReceipt
  readonly ofd: FiscalDocument.DocumentSummary
  /** The register (directory name, ERP name or FN) and outlet the pair belongs to. */
  readonly register: string | null
  readonly outlet: string | null
  /** ERP time minus fiscal time, seconds; null when either has no time. */
  readonly timeDeltaSeconds: number | null
}

/** One difference: a receipt-level finding (tiers 1–3, or unmatched) or an aggregate one (tiers 4, 5). */
export interface Difference {
  readonly _tag: "Difference"
  readonly kind: DifferenceKind
  /** The tier that found it; null for receipts no tier could match (`missing_in_*`, `pending`). */
  readonly tier: Tier | null
  readonly severity: Severity
  /** What differs, in words, with both values. */
  readonly reason: string
  /** The ERP side: null for `missing_in_erp` and aggregate kinds. */
  readonly erp: ErpReceipt | null
  /** The fiscal side: null for `missing_in_ofd`, `pending` and aggregate kinds. */
  readonly ofd: FiscalDocument.DocumentSummary | null
  /** FN, FD and shift of the fiscal document (or what the ERP row says, when unmatched). */
  readonly fn: string | null
  readonly fd: number | null
  readonly shift: number | null
  readonly register: string | null
  readonly outlet: string | null
  /** The compared amount on each side (total, cash, VAT at `vatRate`, ...), kopecks; null where a side is absent. */
  readonly ofdValue: Money.Kopecks | null
  readonly erpValue: Money.Kopecks | null
  /** `erpValue − ofdValue`, an absent side counting as 0. */
  readonly difference: Money.Kopecks
  /** For non-money differences (day, register, operation): the value on each side as text. */
  readonly ofdText: string | null
  readonly erpText: string | null
  /** The VAT rate concerned (VAT kinds), else null. */
  readonly vatRate: VatRate.VatRateId | null
  /** The business day concerned (aggregate kinds, `wrong_day`), else null. */
  readonly businessDay: LocalDateTime.LocalDate | null
}
