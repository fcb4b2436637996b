/**
 * Fiscal documents: the short form of DocumentList and the full FFD form of DocumentInfo.
 */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import * as FiscalSign from "./FiscalSign.js"
import * as LocalDateTime from "./LocalDateTime.js"
import * as Money from "./Money.js"
import type { Kopecks } from "./Money.js"
import { Operation } from "./Operation.js"
import * as VatRate from "./VatRate.js"
import { VatBreakdown } from "./VatBreakdown.js"

/** FFD document type codes as the API uses them ("3" on the wire). Unknown codes are kept as numbers. */
export const DocumentType = {
  RegistrationReport: 1,
  OpenShift: 2,
  StateReport: 21,
  Receipt: 3,
  CorrectionReceipt: 31,
  Bso: 4,
  BsoCorrection: 41,
  CloseShift: 5,
  FnCloseReport: 6,
  ReRegistrationReport: 11
} as const

export const documentTypeLabelRu: Record<number, string> = {
  1: "Отчёт о регистрации",
  2: "Отчёт об открытии смены",
  21: "Отчёт о текущем состоянии расчётов",
  3: "Кассовый чек",
  31: "Кассовый чек коррекции",
  4: "Бланк строгой отчётности",
  41: "БСО коррекции",
  5: "Отчёт о закрытии смены",
  6: "Отчёт о закрытии ФН",
  11: "Отчёт об изменении параметров регистрации"
}

/** Receipts and forms carry money; shift reports do not. */
export const carriesMoney = (type: number): boolean => type === 3 || type === 31 || type === 4 || type === 41

export const TaxationSystem = Schema.Literal("OSN", "USNIncome", "USNIncomeExpenditure", "ENVD", "ESN", "Patent")
export type TaxationSystem = typeof TaxationSystem.Type

/** A document as DocumentList lists it. */
export const DocumentSummary = Schema.Struct({
  fn: Ids.FnNumber,
  shift: Ids.ShiftNumber,
  type: Schema.Int,
  dateTime: LocalDateTime.LocalDateTime,
  fd: Ids.FdNumber,
  numberInShift: Schema.NullOr(Schema.Int),
  fiscalSign: Schema.NullOr(FiscalSign.FiscalSign),
  cashier: Schema.NullOr(Schema.String),
  taxation: Schema.NullOr(TaxationSystem),
  operation: Schema.NullOr(Operation),
  /** Zero for documents that carry no money. */
  total: Money.Kopecks,
  cash: Money.Kopecks,
  electronic: Money.Kopecks,
  vat: VatBreakdown
})
export type DocumentSummary = typeof DocumentSummary.Type

/** One line of a receipt (FFD tag 1059). */
export const DocumentItem = Schema.Struct({
  name: Schema.NullOr(Schema.String),
  price: Schema.NullOr(Money.Kopecks),
  /** Decimal text as the FFD writes it ("1.000000"): quantities are not money and may be fractional. */
  quantity: Schema.NullOr(Schema.String),
  sum: Money.Kopecks,
  /** Null when the line has no tag 1199 or an unknown code (kept in `otherTags`). */
  vatRate: Schema.NullOr(VatRate.VatRateId),
  vat: Schema.NullOr(Money.Kopecks),
  /** Tag 1214 (full payment, prepayment, ...) and tag 1212 (goods, service, ...). */
  paymentMethod: Schema.NullOr(Schema.Int),
  subject: Schema.NullOr(Schema.Int),
  otherTags: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export type DocumentItem = typeof DocumentItem.Type

export const DocumentProperty = Schema.Struct({ name: Schema.String, value: Schema.String })
export type DocumentProperty = typeof DocumentProperty.Type

/** A document in full (DocumentInfo, NewDocuments): the FFD tags read into named fields, the rest kept. */
export const FiscalDocumentDetail = Schema.Struct({
  /** "21.03.2017" or "05.05.2016": the date of the FFD format. */
  formatDate: Schema.NullOr(Schema.String),
  type: Schema.Int,
  /** "1.05", "1.1", "1.2". */
  formatVersion: Schema.NullOr(Schema.String),
  fn: Schema.NullOr(Ids.FnNumber),
  fd: Schema.NullOr(Ids.FdNumber),
  shift: Schema.NullOr(Ids.ShiftNumber),
  numberInShift: Schema.NullOr(Schema.Int),
  dateTime: Schema.NullOr(LocalDateTime.LocalDateTime),
  kktRegNumber: Schema.NullOr(Ids.KktRegNumber),
  inn: Schema.NullOr(Ids.Inn),
  organisation: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Schema.String),
  place: Schema.NullOr(Schema.String),
  cashier: Schema.NullOr(Schema.String),
  operation: Schema.NullOr(Operation),
  /** Tag 1055: bitmask of taxation systems (1 OSN, 2 USN income, 4 USN income−expenditure, 8 ENVD, 16 ESN, 32 patent). */
  taxationMask: Schema.NullOr(Schema.Int),
  total: Schema.NullOr(Money.Kopecks),
  cash: Schema.NullOr(Money.Kopecks),
  electronic: Schema.NullOr(Money.Kopecks),
  prepaid: Schema.NullOr(Money.Kopecks),
  credit: Schema.NullOr(Money.Kopecks),
  other: Schema.NullOr(Money.Kopecks),
  /** Receipt-level VAT totals (tags 1102–1107 and the 1115 block). */
  vat: VatBreakdown,
  items: Schema.Array(DocumentItem),
  properties: Schema.Array(DocumentProperty),
  fiscalSign: Schema.NullOr(FiscalSign.FiscalSign),
  /** Tags this model does not name, kept as they came. */
  otherTags: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export type FiscalDocumentDetail = typeof FiscalDocumentDetail.Type

/**
 * VAT per rate computed from a document's lines: gross = Σ line sums, VAT = Σ line VAT (tag 1200 where present,
 * else the line sum's VAT at its rate, rounded half up). This is how real receipts add up (see WIRE-FORMAT.md).
 */
export const vatFromItems = (doc: Pick<FiscalDocumentDetail, "items">): VatBreakdown => {
  const acc = new Map<VatRate.VatRateId, { gross: number; vat: number }>()
  for (const item of doc.items) {
    if (item.vatRate === null) continue
    const v = item.vat ?? VatRate.vatOf(item.sum, item.vatRate)
    const prev = acc.get(item.vatRate) ?? { gross: 0, vat: 0 }
    acc.set(item.vatRate, { gross: prev.gross + item.sum, vat: prev.vat + v })
  }
  return [...acc]
    .sort(([a], [b]) => VatRate.orderOf(a) - VatRate.orderOf(b))
    .map(([rate, v]) => {
      const noVat = VatRate.get(rate).numerator === null
      return { rate, gross: v.gross as Kopecks, vat: noVat ? null : (v.vat as Kopecks) }
    })
}
