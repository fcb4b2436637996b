/**
 * The dataset file: a chain written out as JSON, to load into the sandbox instead of a generated one.
 * Format `taxcom-kit/sandbox-dataset@1`; documented in the package README. Receipts list their lines; totals,
 * VAT and FD numbers are computed where the file leaves them out. `toJson` writes any dataset in this format,
 * every number explicit, so a generated chain can be saved, edited and loaded back.
 */
import { Either, ParseResult, Schema } from "effect"
import { FiscalDocument, Kkt, Operation, VatRate } from "@taxcom-kit/core"
import { Dataset, DatasetError, formatDateTime, parseDateTime, type Source } from "./Dataset.js"
import { lineVat } from "./internal/generator.js"
import {
  addMonths, dayOf, type AccountRec, type DepartmentRec, type DocRec, type DraftRec, type FnRec, type ItemRec, type KktRec,
  type Millis, type OutletRec, type ShiftRec
} from "./internal/model.js"
import { hash, permute32 } from "./internal/prng.js"
import * as fs from "node:fs"

export const FORMAT = "taxcom-kit/sandbox-dataset@1"

const Nullable = <S extends Schema.Schema.Any>(s: S) => Schema.optional(Schema.NullOr(s))
const DateTimeText = Schema.String.pipe(Schema.filter((s) => !Number.isNaN(parseDateTime(s)) || `expected yyyy-MM-ddTHH:mm:ss, got ${JSON.stringify(s)}`))
const Int = Schema.Int
const Amount = Schema.Int.pipe(Schema.nonNegative())

const ItemFile = Schema.Struct({
  name: Schema.String,
  /** Kopecks. */
  price: Amount,
  /** Decimal (text or number), default 1. */
  quantity: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  /** Kopecks; default price × quantity rounded half up. */
  sum: Schema.optional(Amount),
  vatRate: VatRate.VatRateId,
  /** Kopecks; default the VAT of the sum at the rate, rounded half up. */
  vat: Schema.optional(Int),
  paymentMethod: Schema.optional(Int),
  subject: Schema.optional(Int)
})

const ReceiptFile = Schema.Struct({
  fd: Schema.optional(Int),
  dateTime: DateTimeText,
  /** 3 receipt (default) or 31 correction. */
  type: Schema.optional(Schema.Literal(3, 31)),
  operation: Operation.Operation,
  cash: Schema.optional(Amount),
  electronic: Schema.optional(Amount),
  prepaid: Schema.optional(Amount),
  credit: Schema.optional(Amount),
  other: Schema.optional(Amount),
  fiscalSign: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  checkNo: Nullable(Schema.String),
  cashier: Schema.optional(Schema.String),
  items: Schema.Array(ItemFile)
})

const ShiftFile = Schema.Struct({
  number: Schema.optional(Int),
  openedAt: DateTimeText,
  closedAt: Nullable(DateTimeText),
  openFd: Schema.optional(Int),
  cashier: Schema.optional(Schema.String),
  /** Fiscal signs of the open and close reports (computed when left out). */
  openSign: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  closeSign: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  receipts: Schema.Array(ReceiptFile)
})

const FnFile = Schema.Struct({
  number: Schema.String.pipe(Schema.pattern(/^\d{16}$/)),
  model: Schema.optional(Schema.String),
  registeredAt: DateTimeText,
  durationMonths: Schema.optional(Schema.Literal(13, 15, 36)),
  endsAt: Schema.optional(DateTimeText),
  active: Schema.optional(Schema.Boolean),
  firstShift: Schema.optional(Int),
  firstFd: Schema.optional(Int),
  shifts: Schema.optional(Schema.Array(ShiftFile))
})

const PartnerFile = Schema.Struct({
  name: Schema.String,
  inn: Schema.String,
  contactName: Nullable(Schema.String),
  phone: Nullable(Schema.String),
  email: Nullable(Schema.String)
})

const KktFile = Schema.Struct({
  name: Schema.String,
  regNumber: Schema.String.pipe(Schema.pattern(/^\d{1,20}$/)),
  factoryNumber: Schema.String.pipe(Schema.minLength(1)),
  model: Schema.String,
  outletId: Schema.String,
  state: Schema.optional(Kkt.KktState),
  paidUntil: Nullable(DateTimeText),
  taxation: Schema.optional(FiscalDocument.TaxationSystem),
  selfService: Schema.optional(Schema.Boolean),
  partner: Nullable(PartnerFile),
  fns: Schema.Array(FnFile).pipe(Schema.minItems(1))
})

const DraftFile = Schema.Struct({
  id: Int,
  type: Schema.Literal("Registration", "ReRegistration"),
  reportDate: DateTimeText,
  receivedAt: DateTimeText,
  kktModel: Nullable(Schema.String),
  kktRegNumber: Schema.String,
  kktFactoryNumber: Schema.String,
  fn: Schema.String,
  outletName: Nullable(Schema.String),
  fnsStatus: Schema.Literal("Registered", "RegistrationNotCompleted", "NotRegistered")
})

export const DatasetFileSchema = Schema.Struct({
  format: Schema.Literal(FORMAT),
  /** The sandbox's "now" for this data. */
  now: DateTimeText,
  from: Schema.optional(DateTimeText),
  to: Schema.optional(DateTimeText),
  account: Schema.Struct({ agreementNumber: Schema.String, companyName: Schema.String, inn: Schema.String, kpp: Nullable(Schema.String) }),
  departments: Schema.optional(Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String, code: Nullable(Schema.String), parentId: Nullable(Schema.String) }))),
  outlets: Schema.Array(Schema.Struct({
    id: Schema.String,
    name: Schema.String,
    code: Nullable(Schema.String),
    address: Schema.String,
    departmentId: Nullable(Schema.String),
    contact: Schema.optional(Schema.Struct({ name: Nullable(Schema.String), phone: Nullable(Schema.String), email: Nullable(Schema.String) })),
    place: Schema.optional(Schema.String)
  })),
  kkts: Schema.Array(KktFile),
  drafts: Schema.optional(Schema.Array(DraftFile))
})
export type DatasetFile = typeof DatasetFileSchema.Type

const ms = (s: string): Millis => parseDateTime(s)
const fail = (path: string, message: string): never => {
  throw new DatasetError(`${path}: ${message}`)
}

const quantityText = (q: string | number | undefined): { text: string; thousandths: number | null } => {
  if (q === undefined) return { text: "1.000000", thousandths: 1000 }
  const s = typeof q === "number" ? String(q) : q.trim()
  const m = /^(\d+)(?:[.,](\d{1,6}))?$/.exec(s)
  if (m === null) return { text: s, thousandths: null }
  const frac = (m[2] ?? "").padEnd(6, "0")
  const thousandths = frac.slice(3) === "000" ? Number(m[1]) * 1000 + Number(frac.slice(0, 3)) : null
  return { text: `${Number(m[1])}.${frac}`, thousandths }
}

/** Builds a dataset from the file's content (already parsed JSON). */
export const fromJson = (json: unknown, options: { readonly shiftCacheSize?: number } = {}): Dataset => {
  const decoded = Schema.decodeUnknownEither(DatasetFileSchema, { errors: "all" })(json)
  if (Either.isLeft(decoded)) throw new DatasetError(`not a ${FORMAT} file:\n${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
  const f = decoded.right
  const now = ms(f.now)
  const account: AccountRec = { agreementNumber: f.account.agreementNumber, companyName: f.account.companyName, inn: f.account.inn, kpp: f.account.kpp ?? null }
  const departments: Array<DepartmentRec> = (f.departments ?? []).map((d) => ({ id: d.id, name: d.name, code: d.code ?? null, parentId: d.parentId ?? null }))
  const depIds = new Set(departments.map((d) => d.id))
  departments.forEach((d, i) => {
    if (d.parentId !== null && !depIds.has(d.parentId)) fail(`departments[${i}].parentId`, `no department ${d.parentId}`)
  })
  const outlets: Array<OutletRec> = f.outlets.map((o, i) => {
    if (o.departmentId != null && !depIds.has(o.departmentId)) fail(`outlets[${i}].departmentId`, `no department ${o.departmentId}`)
    return {
      id: o.id, name: o.name, code: o.code ?? null, address: o.address, departmentId: o.departmentId ?? null,
      contact: { name: o.contact?.name ?? null, phone: o.contact?.phone ?? null, email: o.contact?.email ?? null },
      place: o.place ?? "Торговый зал"
    }
  })
  const outletIds = new Set(outlets.map((o) => o.id))
  const kkts: Array<KktRec> = []
  const shiftsByKkt: Array<Array<ShiftRec>> = []
  const docsByShift = new Map<string, Array<DocRec>>()
  let minAt = Infinity
  let maxAt = -Infinity
  const seenFn = new Set<string>()
  f.kkts.forEach((k, kktIndex) => {
    const path = `kkts[${kktIndex}]`
    if (!outletIds.has(k.outletId)) fail(`${path}.outletId`, `no outlet ${k.outletId}`)
    const fns: Array<FnRec> = []
    const shifts: Array<ShiftRec> = []
    k.fns.forEach((fnf, ordinal) => {
      const fpath = `${path}.fns[${ordinal}]`
      if (seenFn.has(fnf.number)) fail(`${fpath}.number`, `FN ${fnf.number} appears twice`)
      seenFn.add(fnf.number)
      const registeredAt = ms(fnf.registeredAt)
      const months = fnf.durationMonths ?? 15
      const firstShift = fnf.firstShift ?? fnf.shifts?.[0]?.number ?? 1
      const firstFd = fnf.firstFd ?? fnf.shifts?.[0]?.openFd ?? 1
      fns.push({
        number: fnf.number, ordinal, model: fnf.model ?? (months === 36 ? "ФН-1.1М исполнение 36" : "ФН-1.1М исполнение 15"), registeredAt,
        durationMonths: months, endsAt: fnf.endsAt === undefined ? addMonths(registeredAt, months) : ms(fnf.endsAt),
        active: fnf.active ?? ordinal === k.fns.length - 1, firstShift, firstFd
      })
      let nextShift = firstShift
      let nextFd = firstFd
      const signKey = hash(0x5eed, kktIndex, ordinal)
      ;(fnf.shifts ?? []).forEach((sf, si) => {
        const spath = `${fpath}.shifts[${si}]`
        const number = sf.number ?? nextShift
        const openFd = sf.openFd ?? nextFd
        const openedAt = ms(sf.openedAt)
        const closedAt = sf.closedAt == null ? null : ms(sf.closedAt)
        if (closedAt !== null && closedAt < openedAt) fail(`${spath}.closedAt`, "before openedAt")
        const cashier = sf.cashier ?? "Кассир"
        const docs: Array<DocRec> = []
        const report = (fd: number, type: number, at: Millis, sign: string | number | undefined): DocRec => ({
          kktIndex, fnOrdinal: ordinal, fn: fnf.number, fd, shift: number, type, at, numberInShift: null, operation: null, items: [],
          total: 0, cash: 0, electronic: 0, prepaid: 0, credit: 0, other: 0, fiscalSign: sign === undefined ? permute32(signKey, fd) : Number(sign), cashier, checkNo: null
        })
        docs.push(report(openFd, 2, openedAt, sf.openSign))
        let corrections = 0
        sf.receipts.forEach((rf, ri) => {
          const rpath = `${spath}.receipts[${ri}]`
          const fd = rf.fd ?? openFd + 1 + ri
          if (fd !== docs[docs.length - 1]!.fd + 1) fail(`${rpath}.fd`, `expected ${docs[docs.length - 1]!.fd + 1} (FD numbers run on within a shift)`)
          const items: Array<ItemRec> = rf.items.map((it, ii) => {
            const q = quantityText(it.quantity)
            const sum = it.sum ?? (q.thousandths !== null ? Math.floor((2 * it.price * q.thousandths + 1000) / 2000) : fail(`${rpath}.items[${ii}].sum`, "give the sum when the quantity has more than 3 decimals"))
            return {
              name: it.name, price: it.price, quantity: q.text, sum, rate: it.vatRate, vat: it.vat ?? lineVat(sum, it.vatRate),
              paymentMethod: it.paymentMethod ?? 4, subject: it.subject ?? 1
            }
          })
          const total = items.reduce((s, i) => s + i.sum, 0)
          const given = [rf.cash, rf.electronic, rf.prepaid, rf.credit, rf.other]
          const anyGiven = given.some((v) => v !== undefined)
          const cash = anyGiven ? rf.cash ?? 0 : total
          const paid = cash + (rf.electronic ?? 0) + (rf.prepaid ?? 0) + (rf.credit ?? 0) + (rf.other ?? 0)
          if (paid !== total) fail(rpath, `payments add up to ${paid} but the lines to ${total} kopecks`)
          const type = rf.type ?? 3
          if (type === 31) corrections++
          const sign = rf.fiscalSign === undefined ? permute32(signKey, fd) : Number(rf.fiscalSign)
          if (!Number.isInteger(sign) || sign < 0 || sign > 0xffffffff) fail(`${rpath}.fiscalSign`, "expected an unsigned 32-bit integer")
          docs.push({
            kktIndex, fnOrdinal: ordinal, fn: fnf.number, fd, shift: number, type, at: ms(rf.dateTime), numberInShift: ri + 1,
            operation: rf.operation, items, total, cash, electronic: rf.electronic ?? 0, prepaid: rf.prepaid ?? 0, credit: rf.credit ?? 0,
            other: rf.other ?? 0, fiscalSign: sign, cashier: rf.cashier ?? cashier, checkNo: rf.checkNo ?? null
          })
        })
        const closeFd = closedAt === null ? null : docs[docs.length - 1]!.fd + 1
        if (closedAt !== null) docs.push(report(closeFd!, 5, closedAt, sf.closeSign))
        for (const d of docs) {
          minAt = Math.min(minAt, d.at)
          maxAt = Math.max(maxAt, d.at)
        }
        const shift: ShiftRec = {
          kktIndex, fnOrdinal: ordinal, fn: fnf.number, number, openedAt, closedAt, openFd, closeFd,
          receipts: sf.receipts.length - corrections, corrections, cashier
        }
        shifts.push(shift)
        docsByShift.set(`${kktIndex}:${ordinal}:${number}`, docs)
        nextShift = number + 1
        nextFd = docs[docs.length - 1]!.fd + 1
      })
    })
    shifts.sort((a, b) => a.openedAt - b.openedAt)
    shiftsByKkt.push(shifts)
    kkts.push({
      index: kktIndex, name: k.name, regNumber: k.regNumber, factoryNumber: k.factoryNumber, model: k.model, outletId: k.outletId,
      state: k.state ?? "Active", paidUntil: k.paidUntil == null ? null : ms(k.paidUntil), selfService: k.selfService ?? (k.partner == null),
      partner: k.partner == null ? null : { name: k.partner.name, inn: k.partner.inn, contactName: k.partner.contactName ?? null, phone: k.partner.phone ?? null, email: k.partner.email ?? null },
      fns, taxation: k.taxation ?? "OSN", plan: null, feedLagSeconds: 5 + (kktIndex % 40)
    })
  })
  const drafts: Array<DraftRec> = (f.drafts ?? []).map((d) => ({
    id: d.id, type: d.type, reportDate: ms(d.reportDate), receivedAt: ms(d.receivedAt), kktModel: d.kktModel ?? null,
    kktRegNumber: d.kktRegNumber, kktFactoryNumber: d.kktFactoryNumber, fn: d.fn, outletName: d.outletName ?? null, fnsStatus: d.fnsStatus
  }))
  const source: Source = {
    kind: "loaded",
    seed: null,
    from: dayOf(f.from !== undefined ? ms(f.from) : Number.isFinite(minAt) ? minAt : now),
    to: dayOf(f.to !== undefined ? ms(f.to) : Number.isFinite(maxAt) ? maxAt : now),
    now,
    account, departments, outlets, kkts, drafts,
    shifts: (kkt) => shiftsByKkt[kkt.index] ?? [],
    documents: (kkt, shift) => docsByShift.get(`${kkt.index}:${shift.fnOrdinal}:${shift.number}`) ?? []
  }
  return new Dataset(source, options)
}

/** Reads and loads a dataset file. */
export const load = (path: string, options: { readonly shiftCacheSize?: number } = {}): Dataset => {
  let text: string
  try {
    text = fs.readFileSync(path, "utf8")
  } catch (e) {
    throw new DatasetError(`cannot read ${path}: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    throw new DatasetError(`${path} is not JSON: ${(e as Error).message}`)
  }
  return fromJson(json, options)
}

/** Writes any dataset in the file format, every number explicit (meant for small datasets). */
export const toJson = (ds: Dataset): DatasetFile => {
  const t = formatDateTime
  return {
    format: FORMAT,
    now: t(ds.now),
    from: t(ds.from),
    to: t(ds.to),
    account: { ...ds.account },
    departments: ds.departments.map((d) => ({ ...d })),
    outlets: ds.outlets.map((o) => ({ id: o.id, name: o.name, code: o.code, address: o.address, departmentId: o.departmentId, contact: { ...o.contact }, place: o.place })),
    kkts: ds.kkts.map((k) => ({
      name: k.name, regNumber: k.regNumber, factoryNumber: k.factoryNumber, model: k.model, outletId: k.outletId, state: k.state,
      paidUntil: k.paidUntil === null ? null : t(k.paidUntil), taxation: k.taxation, selfService: k.selfService,
      partner: k.partner === null ? null : { ...k.partner },
      fns: k.fns.map((f) => ({
        number: f.number, model: f.model, registeredAt: t(f.registeredAt), durationMonths: f.durationMonths, endsAt: t(f.endsAt), active: f.active,
        firstShift: f.firstShift, firstFd: f.firstFd,
        shifts: ds.shifts(k).filter((s) => s.fnOrdinal === f.ordinal).map((s) => ({
          number: s.number, openedAt: t(s.openedAt), closedAt: s.closedAt === null ? null : t(s.closedAt), openFd: s.openFd, cashier: s.cashier,
          openSign: String(ds.documents(s)[0]!.fiscalSign),
          ...(s.closedAt === null ? {} : { closeSign: String(ds.documents(s).at(-1)!.fiscalSign) }),
          receipts: ds.documents(s).filter((d) => d.operation !== null).map((d) => ({
            fd: d.fd, dateTime: t(d.at), type: d.type as 3 | 31, operation: d.operation!, cash: d.cash, electronic: d.electronic, prepaid: d.prepaid,
            credit: d.credit, other: d.other, fiscalSign: String(d.fiscalSign), checkNo: d.checkNo, cashier: d.cashier,
            items: d.items.map((i) => ({ name: i.name, price: i.price, quantity: i.quantity, sum: i.sum, vatRate: i.rate, vat: i.vat, paymentMethod: i.paymentMethod, subject: i.subject }))
          }))
        }))
      }))
    })),
    drafts: ds.drafts.map((d) => ({ ...d, reportDate: t(d.reportDate), receivedAt: t(d.receivedAt) }))
  } as DatasetFile
}
