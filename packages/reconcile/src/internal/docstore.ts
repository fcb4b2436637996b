/**
 * The fiscal side of a reconciliation, held in columns (typed arrays) rather than as a million
 * `DocumentSummary` objects: about 120 bytes a document instead of ~600, and nothing for the garbage collector to
 * trace. A document is rebuilt as a `DocumentSummary` only when a match or a difference names it.
 */
import { LocalDateTime, VatRate } from "@taxcom-kit/core"
import type { FiscalDocument, Ids, Money, Operation as Op } from "@taxcom-kit/core"
import type { DocumentColumns } from "../FiscalFile.js"
import { wallMillis } from "./values.js"

type Doc = FiscalDocument.DocumentSummary
type Operation = Op.Operation

const OPS: ReadonlyArray<Operation> = ["Income", "IncomeReturn", "Expenditure", "ExpenditureReturn"]
const RATES: ReadonlyArray<VatRate.VatRateId> = VatRate.all.map((r) => r.id)
const RATE_INDEX = new Map(RATES.map((r, i) => [r, i]))
const OP_INDEX = new Map(OPS.map((o, i) => [o, i]))

/** The decimal text of a fiscal sign as a number (digits only, as the schema guarantees). */
const signNumber = (s: string): number => {
  let v = 0
  for (let i = 0; i < s.length; i++) v = v * 10 + (s.charCodeAt(i) - 48)
  return v
}
const TAXED: ReadonlyArray<boolean> = RATES.map((r) => VatRate.get(r).numerator !== null)

const grow = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array>(a: T, size: number): T => {
  const b = new (a.constructor as new (n: number) => T)(size)
  b.set(a)
  return b
}

/** Canonical `yyyy-MM-ddTHH:mm:ss` of wall-clock milliseconds (core's fast formatter). */
export const localOfWallMillis = LocalDateTime.fromWallMillis

export class DocStore {
  length = 0
  private cap = 1 << 16
  private fnIdA = new Int32Array(this.cap)
  private fdA = new Float64Array(this.cap)
  private shiftA = new Float64Array(this.cap)
  private typeA = new Int32Array(this.cap)
  private nisA = new Float64Array(this.cap)
  private msA = new Float64Array(this.cap)
  private signA = new Float64Array(this.cap)
  private opA = new Int8Array(this.cap)
  private totalA = new Float64Array(this.cap)
  private cashA = new Float64Array(this.cap)
  private elecA = new Float64Array(this.cap)
  private vatStartA = new Uint32Array(this.cap + 1)
  /** Per rate entry: rate index, gross (NaN = null), VAT (NaN = null). */
  private vatData = new Float64Array(3 * 2048)
  private vatLength = 0
  private extraA = new Int32Array(this.cap)
  private readonly fns: Array<string> = []
  private readonly fnIds = new Map<string, number>()
  /** Cashier and taxation pairs, few distinct values. */
  private readonly extras: Array<{ cashier: string | null; taxation: Doc["taxation"] }> = []
  private readonly extraIds = new Map<string, number>()

  /** Adds a document; returns its index. */
  add(d: Doc): number {
    const i = this.length
    if (i === this.cap) this.resize(this.cap * 2)
    let fnId = this.fnIds.get(d.fn)
    if (fnId === undefined) {
      fnId = this.fns.length
      this.fns.push(d.fn)
      this.fnIds.set(d.fn, fnId)
    }
    this.fnIdA[i] = fnId
    this.fdA[i] = d.fd
    this.shiftA[i] = d.shift
    this.typeA[i] = d.type
    this.nisA[i] = d.numberInShift ?? NaN
    this.msA[i] = wallMillis(d.dateTime)
    this.signA[i] = d.fiscalSign === null ? NaN : signNumber(d.fiscalSign)
    this.opA[i] = d.operation === null ? -1 : OP_INDEX.get(d.operation)!
    this.totalA[i] = d.total
    this.cashA[i] = d.cash
    this.elecA[i] = d.electronic
    this.vatStartA[i] = this.vatLength
    const need = (this.vatLength + d.vat.length) * 3
    if (need > this.vatData.length) this.vatData = grow(this.vatData, need * 2)
    for (const a of d.vat) {
      const k = this.vatLength * 3
      this.vatData[k] = RATE_INDEX.get(a.rate)!
      this.vatData[k + 1] = a.gross === null ? NaN : a.gross
      this.vatData[k + 2] = a.vat === null ? NaN : a.vat
      this.vatLength++
    }
    this.vatStartA[i + 1] = this.vatLength
    if (d.cashier === null && d.taxation === null) this.extraA[i] = -1
    else {
      const key = `${d.cashier}\u0001${d.taxation}`
      let x = this.extraIds.get(key)
      if (x === undefined) {
        x = this.extras.length
        this.extras.push({ cashier: d.cashier, taxation: d.taxation })
        this.extraIds.set(key, x)
      }
      this.extraA[i] = x
    }
    this.length++
    return i
  }

  /** The store's id of an FN, for {@link addRow}. */
  fnId(fn: string): number {
    let fnId = this.fnIds.get(fn)
    if (fnId === undefined) {
      fnId = this.fns.length
      this.fns.push(fn)
      this.fnIds.set(fn, fnId)
    }
    return fnId
  }

  /**
   * Adds row `k` of a column batch (its FN as {@link fnId} gave it); returns its index. The batch's columns have
   * this store's layout (same operation and rate order), so values are copied as they are.
   */
  addRow(c: DocumentColumns, k: number, fnId: number): number {
    const i = this.length
    if (i === this.cap) this.resize(this.cap * 2)
    this.fnIdA[i] = fnId
    this.fdA[i] = c.fd[k]!
    this.shiftA[i] = c.shift[k]!
    this.typeA[i] = c.type[k]!
    this.nisA[i] = c.numberInShift[k]!
    this.msA[i] = c.ms[k]!
    this.signA[i] = c.fiscalSign[k]!
    this.opA[i] = c.operation[k]!
    this.totalA[i] = c.total[k]!
    this.cashA[i] = c.cash[k]!
    this.elecA[i] = c.electronic[k]!
    this.vatStartA[i] = this.vatLength
    const from = c.vatStart[k]!
    const to = c.vatStart[k + 1]!
    if (to > from) {
      const need = (this.vatLength + to - from) * 3
      if (need > this.vatData.length) this.vatData = grow(this.vatData, need * 2)
      // a loop, not set(subarray): a view per row costs more than the few values it copies
      const src = c.vatData
      const dst = this.vatData
      for (let j = 3 * from, o = 3 * this.vatLength; j < 3 * to; j++, o++) dst[o] = src[j]!
      this.vatLength += to - from
    }
    this.vatStartA[i + 1] = this.vatLength
    this.extraA[i] = -1
    this.length++
    return i
  }

  /**
   * Room for `documents` documents and `vatEntries` VAT entries in all, allocated now: one allocation where doubling
   * would copy the columns several times over (each a large block the garbage collector counts).
   */
  reserve(documents: number, vatEntries: number): void {
    if (documents > this.cap) this.resize(documents)
    if (3 * vatEntries > this.vatData.length) this.vatData = grow(this.vatData, 3 * vatEntries)
  }

  private resize(cap: number): void {
    this.fnIdA = grow(this.fnIdA, cap)
    this.fdA = grow(this.fdA, cap)
    this.shiftA = grow(this.shiftA, cap)
    this.typeA = grow(this.typeA, cap)
    this.nisA = grow(this.nisA, cap)
    this.msA = grow(this.msA, cap)
    this.signA = grow(this.signA, cap)
    this.opA = grow(this.opA, cap)
    this.totalA = grow(this.totalA, cap)
    this.cashA = grow(this.cashA, cap)
    this.elecA = grow(this.elecA, cap)
    this.vatStartA = grow(this.vatStartA, cap + 1)
    this.extraA = grow(this.extraA, cap)
    this.cap = cap
  }

  fn(i: number): string {
    return this.fns[this.fnIdA[i]!]!
  }
  fd(i: number): number {
    return this.fdA[i]!
  }
  shift(i: number): number {
    return this.shiftA[i]!
  }
  type(i: number): number {
    return this.typeA[i]!
  }
  numberInShift(i: number): number | null {
    const v = this.nisA[i]!
    return v === v ? v : null
  }
  /** Wall-clock milliseconds of the document's date-time. */
  ms(i: number): number {
    return this.msA[i]!
  }
  dateTime(i: number): LocalDateTime.LocalDateTime {
    return localOfWallMillis(this.msA[i]!)
  }
  /** The fiscal sign as a number, NaN when there is none. */
  sign(i: number): number {
    return this.signA[i]!
  }
  operation(i: number): Operation | null {
    const o = this.opA[i]!
    return o < 0 ? null : OPS[o]!
  }
  total(i: number): number {
    return this.totalA[i]!
  }
  cash(i: number): number {
    return this.cashA[i]!
  }
  electronic(i: number): number {
    return this.elecA[i]!
  }

  /** Calls `f` for each VAT entry of document `i`. */
  forEachVat(i: number, f: (rate: VatRate.VatRateId, gross: number | null, vat: number | null) => void): void {
    for (let k = this.vatStartA[i]!; k < this.vatStartA[i + 1]!; k++) {
      const g = this.vatData[3 * k + 1]!
      const v = this.vatData[3 * k + 2]!
      f(RATES[this.vatData[3 * k]!]!, g === g ? g : null, v === v ? v : null)
    }
  }

  /** Number of VAT entries of document `i`. */
  vatCount(i: number): number {
    return this.vatStartA[i + 1]! - this.vatStartA[i]!
  }
  vatRate(i: number, k: number): VatRate.VatRateId {
    return RATES[this.vatData[3 * (this.vatStartA[i]! + k)]!]!
  }
  /** The compared amount of VAT entry `k` of document `i` (VAT for taxed rates, the sum for 0% and no VAT). */
  vatCompared(i: number, k: number): number {
    const j = 3 * (this.vatStartA[i]! + k)
    const x = this.vatData[j + (TAXED[this.vatData[j]!] ? 2 : 1)]!
    return x === x ? x : 0
  }

  /** The compared VAT amount of document `i` at a rate: the VAT (taxed rates) or the sum (0%, no VAT); 0 if absent. */
  comparedAt(i: number, rate: VatRate.VatRateId): number {
    return this.comparedAtIndex(i, RATE_INDEX.get(rate)!)
  }

  /** {@link comparedAt} by the rate's index in `VatRate.all` (the batches' and this store's rate order). */
  comparedAtIndex(i: number, rateIndex: number): number {
    for (let k = this.vatStartA[i]!; k < this.vatStartA[i + 1]!; k++) {
      if (this.vatData[3 * k] !== rateIndex) continue
      const x = this.vatData[3 * k + (TAXED[rateIndex] ? 2 : 1)]!
      return x === x ? x : 0
    }
    return 0
  }

  /** Document `i` as a `DocumentSummary` (a new object each time). */
  get(i: number): Doc {
    const vat: Array<{ rate: VatRate.VatRateId; gross: Money.Kopecks | null; vat: Money.Kopecks | null }> = []
    for (let k = this.vatStartA[i]!; k < this.vatStartA[i + 1]!; k++) {
      const g = this.vatData[3 * k + 1]!
      const v = this.vatData[3 * k + 2]!
      vat.push({ rate: RATES[this.vatData[3 * k]!]!, gross: g === g ? (g as Money.Kopecks) : null, vat: v === v ? (v as Money.Kopecks) : null })
    }
    const x = this.extraA[i]!
    const extra = x < 0 ? null : this.extras[x]!
    const sign = this.signA[i]!
    return {
      fn: this.fn(i) as Ids.FnNumber,
      shift: this.shiftA[i]! as Ids.ShiftNumber,
      type: this.typeA[i]!,
      dateTime: this.dateTime(i),
      fd: this.fdA[i]! as Ids.FdNumber,
      numberInShift: this.numberInShift(i),
      fiscalSign: (sign === sign ? String(sign) : null) as Doc["fiscalSign"],
      cashier: extra?.cashier ?? null,
      taxation: extra?.taxation ?? null,
      operation: this.operation(i),
      total: this.totalA[i]! as Money.Kopecks,
      cash: this.cashA[i]! as Money.Kopecks,
      electronic: this.elecA[i]! as Money.Kopecks,
      vat
    }
  }
}

/**
 * FD number → document index for one drive. FD numbers are a dense per-drive counter, so a typed array indexed by
 * the FD is both smaller and faster than a Map; a drive with sparse numbers (a partial period far into the drive)
 * falls back to a Map.
 */
export class FdIndex {
  private dense: Int32Array | null = new Int32Array(256)
  private base = -1
  private map: Map<number, number> | null = null
  private count = 0

  set(fd: number, index: number): void {
    this.count++
    if (this.dense !== null) {
      if (this.base < 0) this.base = Math.max(0, fd - 16)
      const k = fd - this.base
      if (k >= 0 && k < 4 * this.count + 4096) {
        if (k >= this.dense.length) {
          const bigger = new Int32Array(Math.max(k + 1, this.dense.length * 2))
          bigger.set(this.dense)
          this.dense = bigger
        }
        this.dense[k] = index + 1
        return
      }
      // too sparse: move to a map
      this.map = new Map()
      for (let j = 0; j < this.dense.length; j++) if (this.dense[j] !== 0) this.map.set(j + this.base, this.dense[j]! - 1)
      this.dense = null
    }
    this.map!.set(fd, index)
  }

  get(fd: number): number | undefined {
    if (this.dense !== null) {
      const k = fd - this.base
      const v = k >= 0 && k < this.dense.length ? this.dense[k]! : 0
      return v === 0 ? undefined : v - 1
    }
    return this.map!.get(fd)
  }

  /** Every document index. */
  *values(): IterableIterator<number> {
    if (this.dense !== null) {
      for (let j = 0; j < this.dense.length; j++) if (this.dense[j] !== 0) yield this.dense[j]! - 1
    } else yield* this.map!.values()
  }
}
