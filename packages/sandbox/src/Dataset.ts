/**
 * A chain's data — departments, outlets, registers, drives, shifts and documents — generated from a seed or
 * loaded from a JSON file, with the same values the sandbox server sends, as `@taxcom-kit/core` domain values.
 *
 * Other packages' tests and benchmarks compute their ground truth here without HTTP: `shiftTotals` equals what
 * ShiftInfo decodes to, `documentDetail` what DocumentInfo decodes to, `shiftsReport` what `kktstat/shifts`
 * decodes to (each with `reportDate`/`created` null, which the server fills in).
 *
 * Generated datasets are lazy: the chain is built at once, a register's shifts on first use, a shift's documents
 * on demand (kept in a bounded LRU cache). So a 2,000-register chain starts in milliseconds and memory stays
 * bounded by the cache, not by the number of documents.
 */
import type {
  Department, FiscalDocument, Kkt, KktCounters, KktMonitoring, LocalDateTime, Outlet, Shift, ShiftTotals, VatBreakdown
} from "@taxcom-kit/core"
import { ShiftsReport, VatRate } from "@taxcom-kit/core"
import { buildChain, buildShiftDocs, buildShifts, signKey, type Chain } from "./internal/generator.js"
import { Lru } from "./internal/lru.js"
import {
  addToBucket, DAY, dayOf, emptyBucket, formatDateTime, operationKey, OPERATION_KEYS, parseDateTime, receiptRates,
  type AccountRec, type Bucket, type DepartmentRec, type DocRec, type DraftRec, type FnRec, type KktRec, type Millis,
  type OperationKey, type OutletRec, type ShiftRec
} from "./internal/model.js"
import { unpermute32 } from "./internal/prng.js"

export type {
  AccountRec, Bucket, DepartmentRec, DocRec, DraftRec, FnRec, ItemRec, KktPlan, KktRec, Millis, OperationKey, OutletRec,
  PartnerRec, Scenario, ShiftRec
} from "./internal/model.js"
export { formatDateTime, parseDateTime } from "./internal/model.js"

/** Where a dataset's records come from: the generator or a JSON file. */
export interface Source {
  readonly kind: "generated" | "loaded"
  readonly seed: number | null
  /** First and last day (midnight, wall millis) of the period, and the dataset's "now". */
  readonly from: Millis
  readonly to: Millis
  readonly now: Millis
  readonly account: AccountRec
  readonly departments: ReadonlyArray<DepartmentRec>
  readonly outlets: ReadonlyArray<OutletRec>
  readonly kkts: ReadonlyArray<KktRec>
  readonly drafts: ReadonlyArray<DraftRec>
  /** A register's shifts over the period, every drive, in time order. */
  shifts(kkt: KktRec): ReadonlyArray<ShiftRec>
  /** A shift's documents in FD order. */
  documents(kkt: KktRec, shift: ShiftRec): ReadonlyArray<DocRec>
  /** Inverts a fiscal sign to (drive, FD) without a scan, where the source can. */
  locateSign?(kkt: KktRec, sign: number): ReadonlyArray<{ readonly fnOrdinal: number; readonly fd: number }>
}

/** Options of {@link generate}. */
export interface GenerateOptions {
  readonly seed?: number
  /** Number of cash registers (1 … 10,000). Default 12. */
  readonly registers?: number
  /** First day, `yyyy-MM-dd`. Default: 30 days before `to`. */
  readonly from?: string
  /** Last day (inclusive), `yyyy-MM-dd`. Default: the day of `now`, or 2026-01-31. */
  readonly to?: string
  /** The dataset's "now", `yyyy-MM-ddTHH:mm:ss`: shifts still open at it stay open. Default: end of `to`. */
  readonly now?: string
  /** Receipts in a full shift before the register's traffic factor (0.5–1.6). Default [20, 80]. */
  readonly receiptsPerShift?: readonly [number, number]
  /** Shifts whose documents are kept in memory. Default 2,048. */
  readonly shiftCacheSize?: number
}

export interface DatasetInfo {
  readonly kind: "generated" | "loaded"
  readonly seed: number | null
  readonly from: string
  readonly to: string
  readonly now: string
  readonly registers: number
  readonly outlets: number
  readonly departments: number
}

/** Monitoring thresholds in days (the user's monitoring settings in the cabinet). */
export interface MonitoringSettings {
  readonly lastDocDaysWarning: number
  readonly lastDocDaysError: number
  readonly kktExpirationDaysWarning: number
  readonly kktExpirationDaysError: number
  readonly fnExpirationDaysWarning: number
  readonly fnExpirationDaysError: number
}

export const defaultMonitoring: MonitoringSettings = {
  lastDocDaysWarning: 3,
  lastDocDaysError: 7,
  kktExpirationDaysWarning: 30,
  kktExpirationDaysError: 0,
  fnExpirationDaysWarning: 30,
  fnExpirationDaysError: 0
}

/** A register's state as the monitoring views see it at some instant. */
export interface KktStatus {
  readonly shiftStatus: Kkt.ShiftStatus
  /** Open more than 24 hours. */
  readonly shiftInvalid: boolean
  readonly lastDocumentAt: Millis | null
  readonly lastDocumentState: "OK" | "Warning" | "Problem" | null
  readonly fnState: Kkt.FnState
  readonly kktStateProblem: "OK" | "Warning" | "Problem"
  readonly paymentState: "OK" | "Warning" | "Problem"
  readonly problem: "OK" | "Warning" | "Problem"
}

const worst = (...xs: ReadonlyArray<"OK" | "Warning" | "Problem" | null>): "OK" | "Warning" | "Problem" =>
  xs.includes("Problem") ? "Problem" : xs.includes("Warning") ? "Warning" : "OK"

const TAXATION_MASK: Record<FiscalDocument.TaxationSystem, number> = { OSN: 1, USNIncome: 2, USNIncomeExpenditure: 4, ENVD: 8, ESN: 16, Patent: 32 }

/** Rates that receipt-level tags 1102–1107 can name; others go into the 1115 block. */
const CLASSIC_RECEIPT_RATES: ReadonlySet<VatRate.VatRateId> = new Set(["vat20", "vat18", "vat10", "vat0", "none", "vat20_120", "vat18_118", "vat10_110"])
/** Rates every list record and shift carries (zeros included), as the recorded DocumentList does. */
const BASE_RATES: ReadonlyArray<VatRate.VatRateId> = ["vat20", "vat10", "vat20_120", "vat10_110", "vat0", "none"]
/** From 2026 the 22% rates are always written too (GUESS: `nds22`, `ndsC22`, `Nds22Sum`, ...). */
const RATES_2026: ReadonlyArray<VatRate.VatRateId> = ["vat22", "vat22_122"]
const Y2026 = Date.UTC(2026, 0, 1)

const isGrossOnly = (rate: VatRate.VatRateId) => rate === "vat0" || rate === "none"

/**
 * A breakdown with the always-written rates and every rate that has an amount, in report order.
 * `halves` says which halves each entry carries: VAT only, gross only for 0% and no VAT (list records), or both.
 */
const breakdown = (
  rates: ReadonlyMap<VatRate.VatRateId, { gross: number; vat: number }>,
  with2026: boolean,
  halves: "vat" | "both" | "vatOnly"
): VatBreakdown.VatBreakdown => {
  const ids = new Set<VatRate.VatRateId>(BASE_RATES)
  if (with2026) for (const r of RATES_2026) ids.add(r)
  for (const [id, v] of rates) if (v.gross !== 0 || v.vat !== 0) ids.add(id)
  const out: Array<{ rate: VatRate.VatRateId; gross: number | null; vat: number | null }> = []
  for (const id of ids) {
    const v = rates.get(id) ?? { gross: 0, vat: 0 }
    if (isGrossOnly(id)) {
      if (halves === "vatOnly") continue
      out.push({ rate: id, gross: v.gross, vat: null })
    } else out.push({ rate: id, gross: halves === "both" ? v.gross : null, vat: v.vat })
  }
  out.sort((a, b) => VatRate.orderOf(a.rate) - VatRate.orderOf(b.rate))
  return out as never
}

export type Buckets = Readonly<Record<OperationKey, Bucket>>

const newBuckets = (): Record<OperationKey, Bucket> =>
  ({ income: emptyBucket(), incomeReturn: emptyBucket(), expenditure: emptyBucket(), expenditureReturn: emptyBucket(), incomeCorrection: emptyBucket(), expenditureCorrection: emptyBucket() })

const RATE_IDS: ReadonlyArray<VatRate.VatRateId> = VatRate.all.map((r) => r.id)
const RATE_INDEX = new Map(RATE_IDS.map((id, i) => [id, i]))

/**
 * A shift's sums packed into one Float64Array (about 50 numbers, against kilobytes of Maps): for each non-empty
 * operation `[op, total, cash, electronic, prepaid, credit, other, receipts, items, rateCount, (rate, gross, vat)…]`.
 * Cached for every shift, so `kktstat/shifts` over a whole chain builds documents once.
 */
const packSums = (b: Record<OperationKey, Bucket>): Float64Array => {
  const out: Array<number> = []
  OPERATION_KEYS.forEach((k, op) => {
    const x = b[k]
    if (x.receipts === 0) return
    out.push(op, x.total, x.cash, x.electronic, x.prepaid, x.credit, x.other, x.receipts, x.items, x.rates.size)
    for (const [id, v] of x.rates) out.push(RATE_INDEX.get(id)!, v.gross, v.vat)
  })
  return Float64Array.from(out)
}

const addPackedSums = (acc: Record<OperationKey, Bucket>, a: Float64Array): void => {
  let i = 0
  while (i < a.length) {
    const t = acc[OPERATION_KEYS[a[i]!]!]
    t.total += a[i + 1]!; t.cash += a[i + 2]!; t.electronic += a[i + 3]!; t.prepaid += a[i + 4]!; t.credit += a[i + 5]!; t.other += a[i + 6]!
    t.receipts += a[i + 7]!; t.items += a[i + 8]!
    const n = a[i + 9]!
    i += 10
    for (let j = 0; j < n; j++, i += 3) {
      const id = RATE_IDS[a[i]!]!
      const e = t.rates.get(id)
      if (e === undefined) t.rates.set(id, { gross: a[i + 1]!, vat: a[i + 2]! })
      else { e.gross += a[i + 1]!; e.vat += a[i + 2]! }
    }
  }
}

/** The chain's data with lookups, caches and conversions to domain values. */
export class Dataset {
  private readonly shiftCache = new Map<number, ReadonlyArray<ShiftRec>>()
  private readonly docCache: Lru<string, ReadonlyArray<DocRec>>
  private readonly sumsCache: Lru<string, Float64Array>
  private readonly byFn = new Map<string, { readonly kkt: KktRec; readonly fn: FnRec }>()
  private readonly byReg = new Map<string, KktRec>()
  private readonly byFactory = new Map<string, KktRec>()
  private readonly outletById = new Map<string, OutletRec>()
  private readonly departmentById = new Map<string, DepartmentRec>()
  private readonly kktsByOutlet = new Map<string, Array<KktRec>>()
  private readonly signIndex = new Map<number, Map<number, Array<DocRec>>>()
  private generatedDocs = 0

  constructor(readonly source: Source, options: { readonly shiftCacheSize?: number; readonly sumsCacheSize?: number } = {}) {
    this.docCache = new Lru(options.shiftCacheSize ?? 1024)
    this.sumsCache = new Lru(options.sumsCacheSize ?? 131_072)
    for (const k of source.kkts) {
      this.byReg.set(k.regNumber, k)
      this.byFactory.set(k.factoryNumber, k)
      for (const f of k.fns) this.byFn.set(f.number, { kkt: k, fn: f })
      const list = this.kktsByOutlet.get(k.outletId)
      if (list === undefined) this.kktsByOutlet.set(k.outletId, [k])
      else list.push(k)
    }
    for (const o of source.outlets) this.outletById.set(o.id, o)
    for (const d of source.departments) this.departmentById.set(d.id, d)
  }

  get account(): AccountRec {
    return this.source.account
  }
  get departments(): ReadonlyArray<DepartmentRec> {
    return this.source.departments
  }
  get outlets(): ReadonlyArray<OutletRec> {
    return this.source.outlets
  }
  get kkts(): ReadonlyArray<KktRec> {
    return this.source.kkts
  }
  get drafts(): ReadonlyArray<DraftRec> {
    return this.source.drafts
  }
  /** The dataset's "now" (wall millis). */
  get now(): Millis {
    return this.source.now
  }
  get from(): Millis {
    return this.source.from
  }
  get to(): Millis {
    return this.source.to
  }

  get info(): DatasetInfo {
    return {
      kind: this.source.kind,
      seed: this.source.seed,
      from: formatDateTime(this.source.from).slice(0, 10),
      to: formatDateTime(this.source.to).slice(0, 10),
      now: formatDateTime(this.source.now),
      registers: this.source.kkts.length,
      outlets: this.source.outlets.length,
      departments: this.source.departments.length
    }
  }

  /** Documents built since the dataset was made (cache misses): a measure for benchmarks. */
  get generatedDocumentCount(): number {
    return this.generatedDocs
  }

  // --- lookups -------------------------------------------------------------------------------------------------

  outlet(id: string): OutletRec | undefined {
    return this.outletById.get(id)
  }
  department(id: string): DepartmentRec | undefined {
    return this.departmentById.get(id)
  }
  kktByFn(fn: string): { readonly kkt: KktRec; readonly fn: FnRec } | undefined {
    return this.byFn.get(fn)
  }
  kktByRegNumber(reg: string): KktRec | undefined {
    return this.byReg.get(reg)
  }
  kktByFactoryNumber(factory: string): KktRec | undefined {
    return this.byFactory.get(factory)
  }
  kktsOfOutlet(outletId: string): ReadonlyArray<KktRec> {
    return this.kktsByOutlet.get(outletId) ?? []
  }
  /** The register's drive in use now. */
  currentFn(kkt: KktRec): FnRec {
    return kkt.fns[kkt.fns.length - 1]!
  }

  /** A department and all its descendants. */
  departmentSubtree(id: string): ReadonlySet<string> {
    const out = new Set<string>([id])
    let grew = true
    while (grew) {
      grew = false
      for (const d of this.source.departments) {
        if (d.parentId !== null && out.has(d.parentId) && !out.has(d.id)) {
          out.add(d.id)
          grew = true
        }
      }
    }
    return out
  }

  // --- shifts and documents ------------------------------------------------------------------------------------

  /** A register's shifts over the period (every drive), in time order. */
  shifts(kkt: KktRec): ReadonlyArray<ShiftRec> {
    let s = this.shiftCache.get(kkt.index)
    if (s === undefined) {
      s = this.source.shifts(kkt)
      this.shiftCache.set(kkt.index, s)
    }
    return s
  }

  /** The shifts on one drive. */
  shiftsOfFn(fn: string): ReadonlyArray<ShiftRec> {
    const hit = this.byFn.get(fn)
    if (hit === undefined) return []
    return this.shifts(hit.kkt).filter((s) => s.fn === fn)
  }

  shift(fn: string, number: number): ShiftRec | undefined {
    const hit = this.byFn.get(fn)
    if (hit === undefined) return undefined
    return this.shifts(hit.kkt).find((s) => s.fn === fn && s.number === number)
  }

  /** A shift's documents in FD order (built on demand, cached). */
  documents(shift: ShiftRec): ReadonlyArray<DocRec> {
    const key = `${shift.kktIndex}:${shift.fnOrdinal}:${shift.number}`
    let docs = this.docCache.get(key)
    if (docs === undefined) {
      docs = this.source.documents(this.source.kkts[shift.kktIndex]!, shift)
      this.generatedDocs += docs.length
      this.docCache.set(key, docs)
    }
    return docs
  }

  /** The shift holding an FD number on a drive. */
  shiftOfFd(fn: string, fd: number): ShiftRec | undefined {
    const shifts = this.shiftsOfFn(fn)
    let lo = 0
    let hi = shifts.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const s = shifts[mid]!
      const last = s.openFd + s.receipts + s.corrections + (s.closeFd === null ? 0 : 1)
      if (fd < s.openFd) hi = mid - 1
      else if (fd > last) lo = mid + 1
      else return s
    }
    return undefined
  }

  /** A document by drive and FD number. */
  document(fn: string, fd: number): DocRec | undefined {
    const s = this.shiftOfFd(fn, fd)
    if (s === undefined) return undefined
    return this.documents(s).find((d) => d.fd === fd)
  }

  /** A register's documents with a fiscal sign (PrintDocument's `kktId` + `fp`). */
  documentsBySign(kkt: KktRec, sign: number): ReadonlyArray<DocRec> {
    if (this.source.locateSign !== undefined) {
      const out: Array<DocRec> = []
      for (const { fnOrdinal, fd } of this.source.locateSign(kkt, sign)) {
        const d = this.document(kkt.fns[fnOrdinal]!.number, fd)
        if (d !== undefined && d.fiscalSign === sign) out.push(d)
      }
      return out
    }
    let index = this.signIndex.get(kkt.index)
    if (index === undefined) {
      index = new Map()
      for (const s of this.shifts(kkt)) {
        for (const d of this.documents(s)) {
          const list = index.get(d.fiscalSign)
          if (list === undefined) index.set(d.fiscalSign, [d])
          else list.push(d)
        }
      }
      this.signIndex.set(kkt.index, index)
    }
    return index.get(sign) ?? []
  }

  /** A shift's sums in the compact cached form (see {@link packSums}). */
  private sums(shift: ShiftRec): Float64Array {
    const key = `${shift.kktIndex}:${shift.fnOrdinal}:${shift.number}`
    let packed = this.sumsCache.get(key)
    if (packed === undefined) {
      const acc = newBuckets()
      for (const d of this.documents(shift)) {
        const k = operationKey(d)
        if (k !== null) addToBucket(acc[k], d)
      }
      packed = packSums(acc)
      this.sumsCache.set(key, packed)
    }
    return packed
  }

  /** A shift's money per operation (receipts and corrections summed). */
  buckets(shift: ShiftRec): Buckets {
    const acc = newBuckets()
    addPackedSums(acc, this.sums(shift))
    return acc
  }

  /** Every document of the period, register by register, in FD order. */
  *allDocuments(filter: { readonly kkts?: ReadonlyArray<KktRec> } = {}): Generator<DocRec> {
    for (const kkt of filter.kkts ?? this.source.kkts) {
      for (const s of this.shifts(kkt)) yield* this.documents(s)
    }
  }

  // --- monitoring ----------------------------------------------------------------------------------------------

  /** Time of the register's last document, or null when it has none in the dataset. */
  lastDocumentAt(kkt: KktRec): Millis | null {
    const shifts = this.shifts(kkt)
    const last = shifts[shifts.length - 1]
    if (last === undefined) return null
    if (last.closedAt !== null) return last.closedAt
    const docs = this.documents(last)
    return docs[docs.length - 1]!.at
  }

  /** The register's monitoring state at `now` (default: the dataset's now). */
  status(kkt: KktRec, now: Millis = this.source.now, settings: MonitoringSettings = defaultMonitoring): KktStatus {
    const shifts = this.shifts(kkt)
    const last = shifts[shifts.length - 1]
    const shiftStatus: Kkt.ShiftStatus = last === undefined ? "NoData" : last.closedAt === null ? "Open" : "Close"
    const shiftInvalid = last !== undefined && last.closedAt === null && now - last.openedAt > DAY
    const lastDocumentAt = this.lastDocumentAt(kkt)
    const age = lastDocumentAt === null ? null : (now - lastDocumentAt) / DAY
    const lastDocumentState = age === null ? null : age > settings.lastDocDaysError ? "Problem" : age > settings.lastDocDaysWarning ? "Warning" : "OK"
    const fn = this.currentFn(kkt)
    const fnDaysLeft = (fn.endsAt - now) / DAY
    const fnState: Kkt.FnState = fnDaysLeft <= settings.fnExpirationDaysError ? "Expired" : fnDaysLeft <= settings.fnExpirationDaysWarning ? "Expires" : "Active"
    const kktStateProblem = kkt.state === "Expired" || kkt.state === "FNSRegistrationError"
      ? "Problem"
      : kkt.state === "Active" ? "OK" : "Warning"
    const paidDaysLeft = kkt.paidUntil === null ? Infinity : (kkt.paidUntil - now) / DAY
    const paymentState = kkt.state === "Expired" || paidDaysLeft <= settings.kktExpirationDaysError
      ? "Problem"
      : paidDaysLeft <= settings.kktExpirationDaysWarning ? "Warning" : "OK"
    const fnProblem = fnState === "Expired" ? "Problem" : fnState === "Expires" ? "Warning" : "OK"
    return {
      shiftStatus, shiftInvalid, lastDocumentAt, lastDocumentState, fnState, kktStateProblem, paymentState,
      problem: worst(kktStateProblem, lastDocumentState, fnProblem, shiftInvalid ? "Warning" : "OK")
    }
  }

  outletProblem(outletId: string, now?: Millis): "OK" | "Warning" | "Problem" {
    return worst(...this.kktsOfOutlet(outletId).map((k) => this.status(k, now).problem))
  }

  /** Outlets in a department and its descendants. */
  outletsOfDepartment(id: string): ReadonlyArray<OutletRec> {
    const tree = this.departmentSubtree(id)
    return this.source.outlets.filter((o) => o.departmentId !== null && tree.has(o.departmentId))
  }

  departmentProblem(id: string, now?: Millis): "OK" | "Warning" | "Problem" {
    return worst(...this.outletsOfDepartment(id).map((o) => this.outletProblem(o.id, now)))
  }

  /** Monitoring counters over some registers (DepartmentInfo, OutletInfo). */
  counters(kkts: ReadonlyArray<KktRec>, outlets: number | null, now?: Millis): KktCounters.KktCounters {
    let kktStateProblem = 0, kktStateWarning = 0, lastDocumentProblem = 0, lastDocumentWarning = 0
    let fnProblem = 0, fnWarning = 0, openShifts = 0, closedShifts = 0
    for (const k of kkts) {
      const s = this.status(k, now)
      if (s.kktStateProblem === "Problem") kktStateProblem++
      if (s.kktStateProblem === "Warning") kktStateWarning++
      if (s.lastDocumentState === "Problem") lastDocumentProblem++
      if (s.lastDocumentState === "Warning") lastDocumentWarning++
      if (s.fnState === "Expired") fnProblem++
      if (s.fnState === "Expires") fnWarning++
      if (s.shiftStatus === "Open") openShifts++
      if (s.shiftStatus === "Close") closedShifts++
    }
    return { outlets, kkts: kkts.length, kktStateProblem, kktStateWarning, lastDocumentProblem, lastDocumentWarning, fnProblem, fnWarning, openShifts, closedShifts }
  }

  // --- domain values -------------------------------------------------------------------------------------------

  departmentRef(id: string | null): Department.DepartmentRef | null {
    const d = id === null ? undefined : this.departmentById.get(id)
    return d === undefined ? null : ({ id: d.id, name: d.name, code: d.code } as never)
  }

  toDepartment(d: DepartmentRec, now?: Millis): Department.Department {
    return { id: d.id, name: d.name, code: d.code, parent: this.departmentRef(d.parentId), problem: this.departmentProblem(d.id, now) } as never
  }

  toOutlet(o: OutletRec, now?: Millis): Outlet.Outlet {
    return { id: o.id, name: o.name, code: o.code, address: o.address, problem: this.outletProblem(o.id, now), department: this.departmentRef(o.departmentId) } as never
  }

  outletRef(o: OutletRec): Outlet.OutletRef {
    return { id: o.id, name: o.name, code: o.code, address: o.address } as never
  }

  toKkt(k: KktRec, now?: Millis): Kkt.Kkt {
    return { name: k.name, regNumber: k.regNumber, factoryNumber: k.factoryNumber, fn: this.currentFn(k).number, state: k.state, problem: this.status(k, now).problem } as never
  }

  /** KKTInfo of a register, described through one of its drives (the current one by default). */
  toKktDetail(k: KktRec, fn: FnRec = this.currentFn(k), now?: Millis): Kkt.KktDetail {
    const s = this.status(k, now)
    const outlet = this.outletById.get(k.outletId)
    const fnState: Kkt.FnState = fn.active ? s.fnState : fn.endsAt <= (now ?? this.source.now) ? "Expired" : "Active"
    return {
      reportDate: null,
      name: k.name,
      regNumber: k.regNumber,
      factoryNumber: k.factoryNumber,
      model: k.model,
      fn: fn.number,
      fnRegisteredAt: formatDateTime(fn.registeredAt),
      fnDuration: String(fn.durationMonths),
      fnEndsAt: formatDateTime(fn.endsAt),
      fnState,
      shiftStatus: s.shiftStatus,
      state: k.state,
      paidUntil: k.paidUntil === null ? null : formatDateTime(k.paidUntil),
      lastDocumentState: s.lastDocumentState,
      lastDocumentAt: s.lastDocumentAt === null ? null : formatDateTime(s.lastDocumentAt),
      outlet: outlet === undefined ? null : this.outletRef(outlet),
      partner: k.partner === null
        ? null
        : { name: k.partner.name, inn: k.partner.inn, contact: { name: k.partner.contactName, phone: k.partner.phone, email: k.partner.email } }
    } as never
  }

  /** ShiftList record. `receiptCount` counts cash receipts and corrections. */
  toShift(s: ShiftRec): Shift.Shift {
    return {
      fn: s.fn, number: s.number, openedAt: formatDateTime(s.openedAt), closedAt: s.closedAt === null ? null : formatDateTime(s.closedAt),
      receiptCount: s.receipts + s.corrections
    } as never
  }

  /** Shifts of a drive whose interval [open, close or now] overlaps [begin, end] (ShiftList). */
  shiftsOverlapping(fn: string, begin: Millis, end: Millis, now: Millis = this.source.now): ReadonlyArray<ShiftRec> {
    return this.shiftsOfFn(fn).filter((s) => s.openedAt <= end && (s.closedAt ?? Math.max(now, s.openedAt)) >= begin)
  }

  /**
   * ShiftInfo of a shift: exactly what the wire carries (no prepaid/credit/other; no item counts for corrections).
   * `withPaymentForms` fills prepaid, credit and other in (tags 1215–1217 summed), as `kktstat/shifts` reports them.
   */
  shiftTotals(fnOrShift: string | ShiftRec, number?: number, withPaymentForms = false): ShiftTotals.ShiftTotals | undefined {
    const s = typeof fnOrShift === "string" ? this.shift(fnOrShift, number!) : fnOrShift
    if (s === undefined) return undefined
    const b = this.buckets(s)
    // Whether the shift reaches 2026 (22% columns), from its times: no need to build its documents.
    const with2026 = (s.closedAt ?? this.source.now) >= Y2026
    const op = (bucket: Bucket, correction: boolean): ShiftTotals.OperationTotals => ({
      total: bucket.total,
      cash: bucket.cash,
      electronic: bucket.electronic,
      prepaid: withPaymentForms ? bucket.prepaid : null,
      credit: withPaymentForms ? bucket.credit : null,
      other: withPaymentForms ? bucket.other : null,
      receiptCount: bucket.receipts,
      itemCount: correction ? null : bucket.items,
      vat: breakdown(bucket.rates, with2026, correction ? "vatOnly" : "both"),
      zeroRateTotal: bucket.rates.get("vat0")?.gross ?? 0,
      noVatTotal: bucket.rates.get("none")?.gross ?? 0
    }) as never
    return {
      reportDate: null,
      fn: s.fn,
      number: s.number,
      openedAt: formatDateTime(s.openedAt),
      openFd: s.openFd,
      closedAt: s.closedAt === null ? null : formatDateTime(s.closedAt),
      closeFd: s.closeFd,
      cashier: s.cashier,
      state: s.closedAt === null ? "Open" : "Close",
      income: op(b.income, false),
      incomeReturn: op(b.incomeReturn, false),
      incomeCorrection: op(b.incomeCorrection, true),
      expenditure: op(b.expenditure, false),
      expenditureReturn: op(b.expenditureReturn, false),
      expenditureCorrection: op(b.expenditureCorrection, true)
    } as never
  }

  /** DocumentList record of a document. */
  toDocumentSummary(d: DocRec): FiscalDocument.DocumentSummary {
    const kkt = this.source.kkts[d.kktIndex]!
    const money = d.operation !== null
    return {
      fn: d.fn,
      shift: d.shift,
      type: d.type,
      dateTime: formatDateTime(d.at),
      fd: d.fd,
      numberInShift: d.numberInShift,
      fiscalSign: String(d.fiscalSign),
      cashier: d.cashier,
      taxation: money ? kkt.taxation : null,
      operation: d.operation,
      total: d.total,
      cash: d.cash,
      electronic: d.electronic,
      vat: money ? breakdown(receiptRates(d), d.at >= Y2026, "vat") : []
    } as never
  }

  /** DocumentList records of a shift, optionally of some document types only. */
  documentSummaries(shift: ShiftRec, types?: ReadonlySet<number>): ReadonlyArray<FiscalDocument.DocumentSummary> {
    return this.documents(shift).filter((d) => types === undefined || types.size === 0 || types.has(d.type)).map((d) => this.toDocumentSummary(d))
  }

  /** DocumentInfo of a document: the FFD tags it carries, as core's DocumentInfo decodes them. */
  toDocumentDetail(d: DocRec): FiscalDocument.FiscalDocumentDetail {
    const kkt = this.source.kkts[d.kktIndex]!
    const outlet = this.outletById.get(kkt.outletId)
    const money = d.operation !== null
    const otherTags: Record<string, unknown> = { "1060": "www.nalog.gov.ru", "1209": 2 }
    const vat: Array<{ rate: VatRate.VatRateId; gross: number | null; vat: number | null }> = []
    if (money) {
      const block: Array<Record<string, number>> = []
      for (const [rate, v] of receiptRates(d)) {
        if (CLASSIC_RECEIPT_RATES.has(rate)) {
          vat.push(isGrossOnly(rate) ? { rate, gross: v.gross, vat: null } : { rate, gross: null, vat: v.vat })
        } else {
          // 22%, 5%, 7% and their calculated rates have no 1102–1107 tag: the 1115 block carries them (GUESS).
          vat.push({ rate, gross: v.gross, vat: v.vat })
          block.push({ "1199": VatRate.toFfdCode(rate, formatDateTime(d.at)), "1119": v.gross, "1120": v.vat })
        }
      }
      if (block.length > 0) otherTags["1115"] = block
      vat.sort((a, b) => VatRate.orderOf(a.rate) - VatRate.orderOf(b.rate))
      if (d.type === 31) otherTags["1173"] = 0
    }
    return {
      formatDate: "21.03.2017",
      type: d.type,
      formatVersion: "1.05",
      fn: d.fn,
      fd: d.fd,
      shift: d.shift,
      numberInShift: d.numberInShift,
      dateTime: formatDateTime(d.at),
      kktRegNumber: kkt.regNumber,
      inn: this.source.account.inn,
      organisation: this.source.account.companyName,
      address: outlet?.address ?? null,
      place: outlet?.place ?? null,
      cashier: d.cashier,
      operation: d.operation,
      taxationMask: money ? TAXATION_MASK[kkt.taxation] : null,
      total: money ? d.total : null,
      cash: money ? d.cash : null,
      electronic: money ? d.electronic : null,
      prepaid: money ? d.prepaid : null,
      credit: money ? d.credit : null,
      other: money ? d.other : null,
      vat,
      items: d.items.map((i) => ({
        // Lines without VAT (0%, no VAT) carry no tag 1200, as the recorded receipt's line does not.
        name: i.name, price: i.price, quantity: i.quantity, sum: i.sum, vatRate: i.rate, vat: isGrossOnly(i.rate) ? null : i.vat,
        paymentMethod: i.paymentMethod, subject: i.subject, otherTags: {}
      })),
      properties: d.checkNo === null ? [] : [{ name: "check#", value: d.checkNo }],
      fiscalSign: String(d.fiscalSign),
      otherTags
    } as never
  }

  documentDetail(fn: string, fd: number): FiscalDocument.FiscalDocumentDetail | undefined {
    const d = this.document(fn, fd)
    return d === undefined ? undefined : this.toDocumentDetail(d)
  }

  // --- kktstat/shifts ------------------------------------------------------------------------------------------

  /**
   * Shifts a `kktstat/shifts` query selects, by core's `ShiftsReport.selects` (agreed with the client): `all` = the
   * shift's interval [open, close or now] overlaps [From, To]; `opened` = From ≤ open ≤ To; `closed` = closed and
   * From ≤ close ≤ To. Registers are narrowed by department (with its children), outlet and registration number.
   */
  selectShifts(query: { readonly from: string; readonly to: string; readonly includePeriod?: ShiftsReport.IncludePeriod; readonly departmentId?: string; readonly outletId?: string; readonly kktRegNumber?: string }, now: Millis = this.source.now): Array<{ readonly kkt: KktRec; readonly shift: ShiftRec }> {
    const include = query.includePeriod ?? "all"
    const tree = query.departmentId === undefined ? null : this.departmentSubtree(query.departmentId)
    const nowText = formatDateTime(now) as LocalDateTime.LocalDateTime
    const from = query.from as LocalDateTime.LocalDateTime
    const to = query.to as LocalDateTime.LocalDateTime
    const out: Array<{ kkt: KktRec; shift: ShiftRec }> = []
    for (const kkt of this.source.kkts) {
      if (query.kktRegNumber !== undefined && kkt.regNumber !== query.kktRegNumber) continue
      if (query.outletId !== undefined && kkt.outletId !== query.outletId) continue
      if (tree !== null) {
        const dep = this.outletById.get(kkt.outletId)?.departmentId
        if (dep === null || dep === undefined || !tree.has(dep)) continue
      }
      for (const s of this.shifts(kkt)) {
        const interval = {
          openedAt: formatDateTime(s.openedAt) as LocalDateTime.LocalDateTime,
          closedAt: s.closedAt === null ? null : formatDateTime(s.closedAt) as LocalDateTime.LocalDateTime
        }
        if (ShiftsReport.selects(include, interval, from, to, nowText)) out.push({ kkt, shift: s })
      }
    }
    return out
  }

  /**
   * The `kktstat/shifts` report of a query (amounts in kopecks; the wire carries rubles). Rows are core's
   * `ShiftsReport.fromShiftTotals` of each shift — the one definition the client's ShiftList + ShiftInfo path uses
   * too — with prepayment, credit and exchange filled in (ShiftInfo does not carry them), grouped with
   * `ShiftsReport.aggregate` and ordered with `ShiftsReport.sortRows`.
   */
  shiftsReport(query: ShiftsReport.ShiftsReportQuery, now: Millis = this.source.now): ShiftsReport.ShiftsReport {
    const groupBy = query.groupBy ?? "none"
    const selected = this.selectShifts({
      from: query.from, to: query.to,
      ...(query.includePeriod === undefined ? {} : { includePeriod: query.includePeriod }),
      ...(query.departmentId === undefined ? {} : { departmentId: query.departmentId }),
      ...(query.outletId === undefined ? {} : { outletId: query.outletId }),
      ...(query.kktRegNumber === undefined ? {} : { kktRegNumber: query.kktRegNumber })
    }, now)
    const rows = selected.map(({ kkt, shift }) => {
      const o = this.outletById.get(kkt.outletId)
      const d = o?.departmentId === null || o?.departmentId === undefined ? undefined : this.departmentById.get(o.departmentId)
      return ShiftsReport.fromShiftTotals(this.shiftTotals(shift, undefined, true)!, {
        kktName: kkt.name,
        kktFactoryNumber: kkt.factoryNumber,
        kktRegNumber: kkt.regNumber as never,
        department: { name: d?.name ?? null, code: d?.code ?? null },
        outlet: { name: o?.name ?? null, code: o?.code ?? null }
      })
    })
    const sorted = ShiftsReport.sortRows(rows)
    return { groupBy, created: null, rows: groupBy === "none" ? sorted : ShiftsReport.sortRows(ShiftsReport.aggregate(sorted, groupBy)) }
  }

  // --- kktstat/kktinfo -----------------------------------------------------------------------------------------

  /** A `kktstat/kktinfo` row. */
  toMonitoringRow(k: KktRec, now?: Millis, settings: MonitoringSettings = defaultMonitoring): KktMonitoring.KktMonitoringRow {
    const s = this.status(k, now, settings)
    const fn = this.currentFn(k)
    const o = this.outletById.get(k.outletId)
    const n = now ?? this.source.now
    const age = s.lastDocumentAt === null ? null : (n - s.lastDocumentAt) / DAY
    return {
      name: k.name,
      regNumber: k.regNumber,
      factoryNumber: k.factoryNumber,
      model: k.model,
      fn: fn.number,
      shiftStatus: s.shiftStatus === "Open" ? "open" : s.shiftStatus === "Close" ? "closed" : "none",
      kktStatus: KKT_STATUS[k.state],
      paidUntil: k.paidUntil === null ? null : formatDateTime(k.paidUntil),
      nextLicenseType: null,
      fnStatus: s.fnState === "Expired" ? "error" : s.fnState === "Expires" ? "warning" : "active",
      fnRegisteredAt: formatDateTime(fn.registeredAt),
      fnMonths: fn.durationMonths,
      fnExpiresAt: formatDateTime(fn.endsAt),
      lastDocumentAt: s.lastDocumentAt === null ? null : formatDateTime(s.lastDocumentAt),
      lastDocumentStatus: age === null ? null : age > settings.lastDocDaysError ? 2 : age > settings.lastDocDaysWarning ? 1 : null,
      outlet: { id: o?.id ?? null, name: o?.name ?? null, code: o?.code ?? null, address: o?.address ?? null },
      selfService: k.selfService,
      partner: {
        name: k.partner?.name ?? null, inn: k.partner?.inn ?? null, contactName: k.partner?.contactName ?? null,
        contactPhone: k.partner?.phone ?? null, contactEmail: k.partner?.email ?? null
      }
    } as never
  }
}

const KKT_STATUS: Record<Kkt.KktState, KktMonitoring.KktMonitoringRow["kktStatus"] & string> = {
  Active: "working",
  Expires: "hasError",
  Expired: "blocked",
  Inactive: "deleted",
  Activation: "adding",
  Deactivation: "deleting",
  FNChange: "changeFn",
  FNSRegistration: "adding",
  FNSRegistrationError: "rejected"
}

// --- generation --------------------------------------------------------------------------------------------------

const generatedSource = (chain: Chain): Source => ({
  kind: "generated",
  seed: chain.options.seed,
  from: chain.options.from,
  to: chain.options.to,
  now: chain.options.now,
  account: chain.account,
  departments: chain.departments,
  outlets: chain.outlets,
  kkts: chain.kkts,
  drafts: chain.drafts,
  shifts: (kkt) => buildShifts(chain, kkt),
  documents: (kkt, shift) => buildShiftDocs(chain, kkt, shift),
  locateSign: (kkt, sign) => kkt.fns.map((f) => ({ fnOrdinal: f.ordinal, fd: unpermute32(signKey(chain.options.seed, kkt.index, f.ordinal), sign) }))
})

/** Why options or a dataset file were refused. */
export class DatasetError extends Error {
  override readonly name = "DatasetError"
}

const dateOption = (s: string, what: string): Millis => {
  const ms = parseDateTime(s)
  if (Number.isNaN(ms)) throw new DatasetError(`${what}: expected a date yyyy-MM-dd (or date-time), got ${JSON.stringify(s)}`)
  return ms
}

/** Resolves generator options to the chain's numbers (defaults applied, checked). */
export const resolveOptions = (o: GenerateOptions = {}) => {
  const seed = o.seed ?? 1
  if (!Number.isSafeInteger(seed)) throw new DatasetError(`seed: expected an integer, got ${seed}`)
  const registers = o.registers ?? 12
  if (!Number.isInteger(registers) || registers < 1 || registers > 10_000) throw new DatasetError(`registers: expected 1 … 10000, got ${registers}`)
  const nowGiven = o.now === undefined ? null : dateOption(o.now, "now")
  const to = dayOf(o.to !== undefined ? dateOption(o.to, "to") : nowGiven !== null ? nowGiven : Date.UTC(2026, 0, 31))
  const from = dayOf(o.from !== undefined ? dateOption(o.from, "from") : to - 30 * DAY)
  if (from > to) throw new DatasetError(`from (${formatDateTime(from).slice(0, 10)}) is after to (${formatDateTime(to).slice(0, 10)})`)
  const now = nowGiven ?? to + DAY - 1000
  if (now < from) throw new DatasetError(`now (${formatDateTime(now)}) is before from`)
  const rps = o.receiptsPerShift ?? [20, 80]
  if (!(rps[0] >= 0 && rps[1] >= rps[0])) throw new DatasetError(`receiptsPerShift: expected [min, max] with 0 ≤ min ≤ max`)
  return { seed, registers, from, to, now, receiptsPerShift: rps }
}

/** Generates a chain, deterministic from the seed and the size (lazy: see the module comment). */
export const generate = (options: GenerateOptions = {}): Dataset => {
  const o = resolveOptions(options)
  return new Dataset(generatedSource(buildChain(o)), options.shiftCacheSize === undefined ? {} : { shiftCacheSize: options.shiftCacheSize })
}
