/**
 * DocumentList (CONFIRMED), DocumentInfo (CONFIRMED: tag-keyed FFD document), DocumentURL (CONFIRMED).
 */
import { Either, ParseResult, Schema } from "effect"
import * as FiscalDocument from "../FiscalDocument.js"
import * as FiscalSign from "../FiscalSign.js"
import * as Operation from "../Operation.js"
import * as VatRate from "../VatRate.js"
import {
  compact, decodeVat, encodeVat, fieldsOf, IntFromString, listPage, OptInt, OptString, optionalInts, orNull,
  WireDateTime, type VatFieldMap
} from "./Common.js"

/**
 * VAT fields of a DocumentList record: `ndsX` is VAT at X% and `ndsCX` at X/(100+X) (CONFIRMED for 10 and 20;
 * 18 on older models and 5, 7 from a 2025 client LIKELY; 22 GUESS). `nondsSum` and `nds0Sum` are the gross of
 * sales without VAT and at 0%.
 */
export const DOCUMENT_VAT_FIELDS: VatFieldMap = [
  ["nds22", "vat22", "vat"],
  ["nds20", "vat20", "vat"],
  ["nds18", "vat18", "vat"],
  ["nds10", "vat10", "vat"],
  ["nds7", "vat7", "vat"],
  ["nds5", "vat5", "vat"],
  ["ndsC22", "vat22_122", "vat"],
  ["ndsC20", "vat20_120", "vat"],
  ["ndsC18", "vat18_118", "vat"],
  ["ndsC10", "vat10_110", "vat"],
  ["ndsC7", "vat7_107", "vat"],
  ["ndsC5", "vat5_105", "vat"],
  ["nds0Sum", "vat0", "gross"],
  ["nondsSum", "none", "gross"]
]

const DOCUMENT_VAT_WIRE = optionalInts([
  "nds22", "nds20", "nds18", "nds10", "nds7", "nds5", "ndsC22", "ndsC20", "ndsC18", "ndsC10", "ndsC7", "ndsC5",
  "nds0Sum", "nondsSum"
] as const)
if (fieldsOf(DOCUMENT_VAT_FIELDS).some((f) => !(f in DOCUMENT_VAT_WIRE))) throw new Error("DOCUMENT_VAT_FIELDS out of step")

/** `accountingType`; the vendor document spells the last value `ExpendituReReturn`: both are read. */
export const WireAccountingType = Schema.Literal("Income", "IncomeReturn", "Expenditure", "ExpenditureReturn", "ExpendituReReturn")

export const WireDocumentSummary = Schema.Struct({
  fnFactoryNumber: Schema.String,
  shiftNumber: Schema.Int,
  /** A string on the wire: "3". */
  documentType: IntFromString,
  dateTime: WireDateTime,
  fdNumber: Schema.Int,
  numberInShift: OptInt,
  /** Decimal text of the fiscal sign. */
  fpd: OptString,
  cashier: OptString,
  taxationSystem: Schema.optional(Schema.NullOr(FiscalDocument.TaxationSystem)),
  accountingType: Schema.optional(Schema.NullOr(WireAccountingType)),
  sum: OptInt,
  cash: OptInt,
  electronic: OptInt,
  ...DOCUMENT_VAT_WIRE
})

export const DocumentSummaryFromWire = Schema.transform(WireDocumentSummary, FiscalDocument.DocumentSummary, {
  strict: true,
  decode: (w) => ({
    fn: w.fnFactoryNumber,
    shift: w.shiftNumber,
    type: w.documentType,
    dateTime: w.dateTime,
    fd: w.fdNumber,
    numberInShift: orNull(w.numberInShift),
    fiscalSign: w.fpd === undefined || w.fpd === null || w.fpd === "" ? null : w.fpd,
    cashier: orNull(w.cashier),
    taxation: orNull(w.taxationSystem),
    operation: w.accountingType === "ExpendituReReturn" ? "ExpenditureReturn" as const : orNull(w.accountingType),
    // Shift reports carry no money: a missing or null sum is zero.
    total: w.sum ?? 0,
    cash: w.cash ?? 0,
    electronic: w.electronic ?? 0,
    vat: decodeVat(w, DOCUMENT_VAT_FIELDS)
  }),
  encode: (d) => ({
    fnFactoryNumber: d.fn,
    shiftNumber: d.shift,
    documentType: d.type,
    dateTime: d.dateTime,
    fdNumber: d.fd,
    ...compact({
      numberInShift: d.numberInShift,
      fpd: d.fiscalSign,
      cashier: d.cashier,
      taxationSystem: d.taxation,
      accountingType: d.operation
    }),
    sum: d.total,
    cash: d.cash,
    electronic: d.electronic,
    ...encodeVat(d.vat, DOCUMENT_VAT_FIELDS, (k) => k)
  })
})

export const DocumentList = listPage(DocumentSummaryFromWire)

// ---------------------------------------------------------------------------------------------------------------
// DocumentInfo: the FFD document, keyed by tag numbers as strings (CONFIRMED by a recording).

/** FFD tags read into named fields. Everything else is kept in `otherTags`. */
export const Tag = {
  address: "1009",
  dateTime: "1012",
  inn: "1018",
  total: "1020",
  cashier: "1021",
  cash: "1031",
  kktRegNumber: "1037",
  shift: "1038",
  fd: "1040",
  fn: "1041",
  numberInShift: "1042",
  organisation: "1048",
  operation: "1054",
  taxation: "1055",
  items: "1059",
  fiscalSign: "1077",
  electronic: "1081",
  properties: "1084",
  place: "1187",
  prepaid: "1215",
  credit: "1216",
  other: "1217",
  /** GUESS (FFD 1.2): "суммы НДС чека", an array of per-rate entries; see VAT_BLOCK below. */
  vatBlock: "1115"
} as const

/** Receipt-level VAT tags of FFD 1.05/1.1 (CONFIRMED): 1102 VAT 20% (18% before 2019), 1103 10%, 1104 0% base, 1105 no-VAT base, 1106 20/120, 1107 10/110. */
const RECEIPT_VAT_TAGS = ["1102", "1103", "1104", "1105", "1106", "1107"] as const
const receiptVatMap = (date: string | undefined): VatFieldMap => {
  const legacy = date !== undefined && date.slice(0, 10) < "2019-01-01"
  return [
    ["1102", legacy ? "vat18" : "vat20", "vat"],
    ["1103", "vat10", "vat"],
    ["1104", "vat0", "gross"],
    ["1105", "none", "gross"],
    ["1106", legacy ? "vat18_118" : "vat20_120", "vat"],
    ["1107", "vat10_110", "vat"]
  ]
}

/**
 * GUESS: entries of the 1115 block — rate code in 1199, the VAT at that rate in 1120 and the sum at that rate in
 * 1119. Real 2026 receipts carry 22% VAT only here.
 */
const VAT_BLOCK = { rate: "1199", vat: "1120", gross: "1119" } as const

/** Item tags read into named fields (CONFIRMED). */
const ItemTag = { name: "1030", price: "1079", sum: "1043", quantity: "1023", vatRate: "1199", vat: "1200", paymentMethod: "1214", subject: "1212" } as const

const Rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const Opt = <S extends Schema.Schema.Any>(s: S) => Schema.optional(Schema.NullOr(s))

export const WireDocumentItem = Schema.Struct(
  {
    [ItemTag.name]: Opt(Schema.String),
    [ItemTag.price]: Opt(Schema.Int),
    [ItemTag.sum]: Schema.Int,
    /** Quantity as decimal text ("1.000000"); a number is accepted and kept as its text. */
    [ItemTag.quantity]: Opt(Schema.Union(Schema.String, Schema.Number)),
    [ItemTag.vatRate]: Opt(Schema.Int),
    [ItemTag.vat]: Opt(Schema.Int),
    [ItemTag.paymentMethod]: Opt(Schema.Int),
    [ItemTag.subject]: Opt(Schema.Int)
  },
  Rest
)

export const WireDocumentBody = Schema.Struct(
  {
    [Tag.address]: Opt(Schema.String),
    [Tag.dateTime]: Opt(WireDateTime),
    [Tag.inn]: Opt(Schema.String),
    [Tag.total]: Opt(Schema.Int),
    [Tag.cashier]: Opt(Schema.String),
    [Tag.cash]: Opt(Schema.Int),
    [Tag.kktRegNumber]: Opt(Schema.String),
    [Tag.shift]: Opt(Schema.Int),
    [Tag.fd]: Opt(Schema.Int),
    [Tag.fn]: Opt(Schema.String),
    [Tag.numberInShift]: Opt(Schema.Int),
    [Tag.organisation]: Opt(Schema.String),
    [Tag.operation]: Opt(Schema.Int),
    [Tag.taxation]: Opt(Schema.Int),
    [Tag.items]: Opt(Schema.Array(WireDocumentItem)),
    [Tag.fiscalSign]: Opt(Schema.String),
    [Tag.electronic]: Opt(Schema.Int),
    [Tag.properties]: Opt(Schema.Array(Schema.Struct({ "1085": Schema.String, "1086": Schema.Union(Schema.String, Schema.Number) }))),
    [Tag.place]: Opt(Schema.String),
    [Tag.prepaid]: Opt(Schema.Int),
    [Tag.credit]: Opt(Schema.Int),
    [Tag.other]: Opt(Schema.Int),
    "1102": Opt(Schema.Int),
    "1103": Opt(Schema.Int),
    "1104": Opt(Schema.Int),
    "1105": Opt(Schema.Int),
    "1106": Opt(Schema.Int),
    "1107": Opt(Schema.Int)
  },
  Rest
)
type WireDocumentBody = typeof WireDocumentBody.Type
type WireDocumentItem = typeof WireDocumentItem.Type

const NAMED_TAGS: ReadonlySet<string> = new Set<string>([...Object.values(Tag).filter((t) => t !== Tag.vatBlock), ...RECEIPT_VAT_TAGS])
const NAMED_ITEM_TAGS: ReadonlySet<string> = new Set<string>(Object.values(ItemTag))

const rest = (o: Record<string, unknown>, named: ReadonlySet<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const k in o) if (!named.has(k)) out[k] = o[k]
  return out
}

const numOrNull = (v: unknown): number | null => (typeof v === "number" ? v : null)

const decodeItem = (w: WireDocumentItem, date: string | undefined) => {
  const code = numOrNull(w[ItemTag.vatRate])
  const rate = code === null ? undefined : VatRate.fromFfdCode(code, date)
  const otherTags = rest(w, NAMED_ITEM_TAGS)
  // An unknown rate code is not lost: it stays in otherTags under its tag.
  if (code !== null && rate === undefined) otherTags[ItemTag.vatRate] = code
  const q = w[ItemTag.quantity]
  return {
    name: orNull(w[ItemTag.name]),
    price: orNull(w[ItemTag.price]),
    quantity: q === undefined || q === null ? null : String(q),
    sum: w[ItemTag.sum],
    vatRate: rate === undefined ? null : rate.id,
    vat: orNull(w[ItemTag.vat]),
    paymentMethod: orNull(w[ItemTag.paymentMethod]),
    subject: orNull(w[ItemTag.subject]),
    otherTags
  }
}

const encodeItem = (i: typeof FiscalDocument.DocumentItem.Encoded, date: string | undefined): WireDocumentItem => ({
  ...i.otherTags,
  ...compact({
    [ItemTag.name]: i.name,
    [ItemTag.price]: i.price,
    [ItemTag.quantity]: i.quantity,
    [ItemTag.vatRate]: i.vatRate === null ? null : VatRate.toFfdCode(i.vatRate, date),
    [ItemTag.vat]: i.vat,
    [ItemTag.paymentMethod]: i.paymentMethod,
    [ItemTag.subject]: i.subject
  }),
  [ItemTag.sum]: i.sum
})

/** Receipt VAT from 1102–1107, then the 1115 block (GUESS) for rates those tags cannot name (22%, 5%, 7%). */
const decodeReceiptVat = (w: WireDocumentBody, date: string | undefined) => {
  const base = decodeVat(w, receiptVatMap(date))
  const block = w[Tag.vatBlock]
  if (!Array.isArray(block)) return base
  const out = [...base]
  for (const entry of block) {
    if (typeof entry !== "object" || entry === null) continue
    const e = entry as Record<string, unknown>
    const code = numOrNull(e[VAT_BLOCK.rate])
    const rate = code === null ? undefined : VatRate.fromFfdCode(code, date)
    if (rate === undefined || out.some((a) => a.rate === rate.id)) continue
    out.push({ rate: rate.id, gross: numOrNull(e[VAT_BLOCK.gross]), vat: numOrNull(e[VAT_BLOCK.vat]) })
  }
  return out.sort((a, b) => VatRate.orderOf(a.rate) - VatRate.orderOf(b.rate))
}

const decodeBody = (w: WireDocumentBody, type: number, formatDate: string | null, formatVersion: string | null) => {
  const date = orNull(w[Tag.dateTime]) ?? undefined
  const opCode = numOrNull(w[Tag.operation])
  const op = opCode === null ? undefined : Operation.fromFfdCode(opCode)
  const otherTags = rest(w, NAMED_TAGS)
  if (opCode !== null && op === undefined) otherTags[Tag.operation] = opCode
  const sign = w[Tag.fiscalSign]
  const inn = w[Tag.inn]
  return {
    formatDate,
    type,
    formatVersion,
    fn: orNull(w[Tag.fn]),
    fd: orNull(w[Tag.fd]),
    shift: orNull(w[Tag.shift]),
    numberInShift: orNull(w[Tag.numberInShift]),
    dateTime: orNull(w[Tag.dateTime]),
    kktRegNumber: orNull(w[Tag.kktRegNumber])?.trim() ?? null,
    inn: inn === undefined || inn === null ? null : inn.trim(),
    organisation: orNull(w[Tag.organisation]),
    address: orNull(w[Tag.address]),
    place: orNull(w[Tag.place]),
    cashier: orNull(w[Tag.cashier]),
    operation: op ?? null,
    taxationMask: orNull(w[Tag.taxation]),
    total: orNull(w[Tag.total]),
    cash: orNull(w[Tag.cash]),
    electronic: orNull(w[Tag.electronic]),
    prepaid: orNull(w[Tag.prepaid]),
    credit: orNull(w[Tag.credit]),
    other: orNull(w[Tag.other]),
    vat: decodeReceiptVat(w, date),
    items: (w[Tag.items] ?? []).map((i) => decodeItem(i, date)),
    properties: (w[Tag.properties] ?? []).map((p) => ({ name: p["1085"], value: String(p["1086"]) })),
    fiscalSign: sign === undefined || sign === null ? null : Either.getOrThrowWith(FiscalSign.fromBase64(sign), (e) => new Error(e)),
    otherTags
  }
}

const encodeBody = (d: typeof FiscalDocument.FiscalDocumentDetail.Encoded): WireDocumentBody => {
  const date = d.dateTime ?? undefined
  return {
    ...d.otherTags,
    ...compact({
      [Tag.address]: d.address,
      [Tag.dateTime]: d.dateTime,
      [Tag.inn]: d.inn === null ? null : d.inn.padEnd(12, " "),
      [Tag.total]: d.total,
      [Tag.cashier]: d.cashier,
      [Tag.cash]: d.cash,
      [Tag.kktRegNumber]: d.kktRegNumber,
      [Tag.shift]: d.shift,
      [Tag.fd]: d.fd,
      [Tag.fn]: d.fn,
      [Tag.numberInShift]: d.numberInShift,
      [Tag.organisation]: d.organisation,
      [Tag.operation]: d.operation === null ? null : Operation.toFfdCode(d.operation),
      [Tag.taxation]: d.taxationMask,
      [Tag.fiscalSign]: d.fiscalSign === null ? null : FiscalSign.toBase64(d.fiscalSign),
      [Tag.electronic]: d.electronic,
      [Tag.place]: d.place,
      [Tag.prepaid]: d.prepaid,
      [Tag.credit]: d.credit,
      [Tag.other]: d.other
    }),
    ...encodeVat(d.vat, receiptVatMap(date), (k) => k),
    ...(d.items.length > 0 ? { [Tag.items]: d.items.map((i) => encodeItem(i, date)) } : {}),
    ...(d.properties.length > 0 ? { [Tag.properties]: d.properties.map((p) => ({ "1085": p.name, "1086": p.value })) } : {})
  }
}

/** Checks tag 1077 before the transform, so a bad fiscal sign fails with its JSON path. */
const WireDocumentBodyChecked = WireDocumentBody.pipe(
  Schema.filter((b) => {
    const s = b[Tag.fiscalSign]
    if (s === undefined || s === null) return true
    return Either.match(FiscalSign.fromBase64(s), {
      onLeft: (e) => new ParseResult.Pointer(Tag.fiscalSign, s, new ParseResult.Type(Schema.String.ast, s, `fiscal sign (tag 1077): ${e}`)),
      onRight: () => true
    })
  })
)

/** The envelope of DocumentInfo (CONFIRMED): format date, type as a string, format version, the document. */
export const WireDocumentInfo = Schema.Struct({
  reportDate: OptString,
  documentFormatDate: OptString,
  documentType: IntFromString,
  documentFormatVersion: OptString,
  document: WireDocumentBodyChecked
})

/** DocumentInfo: the envelope and the FFD document together as one {@link FiscalDocument.FiscalDocumentDetail}. */
export const DocumentInfo = Schema.transform(
  WireDocumentInfo,
  Schema.Struct({ reportDate: Schema.NullOr(Schema.String), document: FiscalDocument.FiscalDocumentDetail }),
  {
    strict: true,
    decode: (w) => ({
      reportDate: orNull(w.reportDate),
      document: decodeBody(w.document, w.documentType, orNull(w.documentFormatDate), orNull(w.documentFormatVersion))
    }),
    encode: ({ reportDate, document: d }) => ({
      ...compact({ reportDate, documentFormatDate: d.formatDate }),
      documentType: d.type,
      ...compact({ documentFormatVersion: d.formatVersion }),
      document: encodeBody(d)
    })
  }
)

/** The same FFD document form without the report date (NewDocuments records reuse it). */
export const documentFields = {
  documentFormatDate: OptString,
  documentType: IntFromString,
  documentFormatVersion: OptString,
  document: WireDocumentBodyChecked
}
export const decodeDocument = (w: { documentFormatDate?: string | null | undefined; documentType: number; documentFormatVersion?: string | null | undefined; document: WireDocumentBody }) =>
  decodeBody(w.document, w.documentType, orNull(w.documentFormatDate), orNull(w.documentFormatVersion))
export const encodeDocument = (d: typeof FiscalDocument.FiscalDocumentDetail.Encoded) => ({
  ...compact({ documentFormatDate: d.formatDate }),
  documentType: d.type,
  ...compact({ documentFormatVersion: d.formatVersion }),
  document: encodeBody(d)
})

/** DocumentURL: the link to the receipt on Taxcom's receipt site (CONFIRMED). */
export const DocumentUrl = Schema.transform(
  Schema.Struct({ taxcomReceiptUrl: Schema.String }),
  Schema.String,
  { strict: true, decode: (w) => w.taxcomReceiptUrl, encode: (url) => ({ taxcomReceiptUrl: url }) }
)

