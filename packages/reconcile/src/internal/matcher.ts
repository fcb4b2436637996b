/**
 * The matching engine. Plain mutable code for speed; Reconcile.ts wraps it in Streams.
 *
 * Order of work:
 * - build: every fiscal document goes into a hash index per FN (FD → slot); fiscal-sign and (shift, number)
 *   indexes are built lazily, only if some ERP receipt needs them;
 * - probe: each ERP receipt is matched by tier 1 or 2 as it streams past and its match and differences leave at
 *   once; receipts no key matches are kept (the only ERP receipts held in memory);
 * - finish: tier 3 over the kept receipts and the unmatched documents (per register, sorted by time, one-to-one by
 *   closest time), then the leftovers (missing, pending), tier 4 (shift totals) and tier 5 (VAT buckets).
 */
import { LocalDateTime, Money, VatBreakdown, VatRate } from "@taxcom-kit/core"
import type { FiscalDocument, Operation as Op, ShiftTotals as ST } from "@taxcom-kit/core"
import type { CheckStatus, ShiftCheck, ShiftSide, VatCheck } from "../Check.js"
import type { Difference, DifferenceKind, Match, MatchKey, Tier } from "../Difference.js"
import { kinds, severityOf } from "../Difference.js"
import { OPS as BATCH_OPS, RATES as BATCH_RATES, TAXED as BATCH_TAXED, materialize } from "./batch.js"
import type { ErpBatch } from "./batch.js"
import { DocStore, FdIndex, localOfWallMillis } from "./docstore.js"
import type { DocumentColumns } from "../FiscalFile.js"
import type { ErpReceipt } from "../ErpReceipt.js"
import type { ImportReport } from "../ErpImport.js"
import * as Register from "../Register.js"
import type { Settings } from "../Settings.js"
import type { KindTotals, OutletSummary, Summary, VatRateSummary } from "../Summary.js"

type Doc = FiscalDocument.DocumentSummary
type Operation = Op.Operation
type Kop = Money.Kopecks
type VatRateId = VatRate.VatRateId

export type Item = Match | Difference | ShiftCheck | VatCheck

const DAY = 86_400_000

interface Reg {
  readonly id: number
  label: string
  outlet: string | null
  readonly fns: Array<string>
  /** From the directory (true) or made up for an FN the directory does not know (false). */
  readonly known: boolean
}

interface ShiftAgg {
  income: number
  incomeReturn: number
  incomeCash: number
  incomeElectronic: number
  receipts: number
}

const newAgg = (): ShiftAgg => ({ income: 0, incomeReturn: 0, incomeCash: 0, incomeElectronic: 0, receipts: 0 })

/** Per shift number: sums by calendar date, with the last bucket remembered (rows come in time order). */
class ShiftDays {
  readonly byShift = new Map<number, Map<string, ShiftAgg>>()
  private lastShift = -1
  private lastDay = NaN
  private lastAgg: ShiftAgg | null = null

  add(shift: number, wallMs: number, op: Operation | null, total: number, cash: number, electronic: number): void {
    let a = this.lastAgg
    const dayNo = Math.floor(wallMs / DAY)
    if (a === null || shift !== this.lastShift || dayNo !== this.lastDay) {
      let days = this.byShift.get(shift)
      if (days === undefined) {
        days = new Map()
        this.byShift.set(shift, days)
      }
      const day = wallMs === wallMs ? localOfWallMillis(wallMs).slice(0, 10) : ""
      a = days.get(day) ?? null
      if (a === null) {
        a = newAgg()
        days.set(day, a)
      }
      this.lastAgg = a
      this.lastShift = shift
      this.lastDay = dayNo
    }
    a.receipts++
    if (op === "Income") {
      a.income += total
      a.incomeCash += cash
      a.incomeElectronic += electronic
    } else if (op === "IncomeReturn") a.incomeReturn += total
  }

  get(shift: number): Map<string, ShiftAgg> | undefined {
    return this.byShift.get(shift)
  }

  keys(): IterableIterator<number> {
    return this.byShift.keys()
  }
}

interface FnSlot {
  readonly fn: string
  readonly fd: FdIndex
  reg: Reg
  /** Latest document time on the drive (any type), for `pending`. */
  last: string
  /** Earliest document time on the drive. */
  first: string
  /** Per shift number: OFD receipts summed by calendar date (`yyyy-MM-dd` → agg). */
  readonly ofdShifts: ShiftDays
  readonly erpShifts: ShiftDays
  /** Outlet learned from ERP rows carrying this FN. */
  learnedOutlet: string | null
  /** ERP register keys seen with this FN (learned directory), with the matches to re-check. */
  learned: Map<string, { count: number; label: string; pending: Array<{ e: ErpReceipt; i: number }> | null }> | null
}

interface ShiftInfo {
  openedAt: string | null
  closedAt: string | null
  totals: ST.ShiftTotals | null
}

interface KindAcc {
  count: number
  ofd: number
  erp: number
  diff: number
  abs: number
}

interface OutletAcc {
  erpReceipts: number
  erpKopecks: number
  ofdReceipts: number
  ofdKopecks: number
  matched: number
  errors: number
  kinds: Map<DifferenceKind, KindAcc>
}

interface VatAcc {
  vat: number
  gross: number
  grossKnown: boolean
  receipts: number
  lines: number
}

/** Bookings kept per (FN, ERP register) to report as wrong_register; a register booked more often is not a slip. */
const LEARNED_KEEP = 32

export class Matcher {
  private readonly s: Settings
  private readonly W: number
  private readonly tol: number
  private readonly store = new DocStore()
  /** Per document: 1 when the ERP is expected to book it (settings: operations, document types). */
  private inScopeA = new Uint8Array(1024)
  private matched = new Uint8Array(1024)
  /** ERP line that booked each matched document (for duplicates). */
  private matchedLine = new Int32Array(1024)
  private readonly matchedFiles = new Map<number, string>()
  private firstFile: string | null = null
  private readonly fns = new Map<string, FnSlot>()
  private signIndex: Map<number, number | Array<number>> | null = null
  private nisIndex: Map<FnSlot, Map<number, number>> | null = null
  private readonly regs: Array<Reg> = []
  private readonly regByFn = new Map<string, Reg>()
  private readonly regByRegNo = new Map<string, Reg>()
  private readonly regByName = new Map<string, Reg | null>()
  private readonly regByOutletName = new Map<string, Reg>()
  private readonly regsByOutlet = new Map<string, Array<Reg>>()
  private readonly learnedKeyReg = new Map<string, Reg>()
  private readonly directory: boolean
  private kept: Array<ErpReceipt> = []
  private readonly shiftInfo = new Map<string, ShiftInfo>()
  private readonly docTypes: Set<number>
  private readonly ops: Set<Operation>
  /** `ops` by batch operation index. */
  private readonly opInScope: ReadonlyArray<boolean>
  private lastAny = ""
  // summary accumulators
  private ofdDocuments = 0
  private ofdInScope = 0
  private ofdIncome = { receipts: 0, total: 0 }
  private ofdReturn = { receipts: 0, total: 0 }
  private ofdFirst: string | null = null
  private ofdLast: string | null = null
  private shiftTotalsCount = 0
  private erpReceipts = 0
  private erpIncome = { receipts: 0, total: 0 }
  private erpReturn = { receipts: 0, total: 0 }
  private erpOther = 0
  private erpFirstMs = Infinity
  private erpLastMs = -Infinity
  private matchesByTier = { 1: 0, 2: 0, 3: 0 }
  private readonly matchesByKey: Record<MatchKey, number> = {
    fn_fd: 0, fiscal_sign: 0, fn_shift_number: 0, register_time_amount: 0, outlet_time_amount: 0,
    register_day_amount: 0, register_time_only: 0
  }
  private readonly kindAcc = new Map<DifferenceKind, KindAcc>()
  private readonly outlets = new Map<string | null, OutletAcc>()
  /** The outlet {@link outletAcc} gave last, and its accumulator. */
  private lastOutletName: string | null = null
  private lastOutletAcc: OutletAcc | null = null
  private readonly vatOfd: Array<VatAcc | undefined> = []
  private readonly vatErp: Array<VatAcc | undefined> = []
  private readonly vatRateDiffs = new Map<string, number>()
  private unassignedErp = 0
  private readonly erpUnassignedDays = new Map<Reg | null, Map<string, ShiftAgg>>()
  private shiftStats = { checked: 0, ok: 0, rounding: 0, mismatch: 0, shiftInfo: 0, documentList: 0 }
  private readonly notes: Array<string> = []
  /** Files whose rows carry FN numbers: a row there without them says it has no fiscal document. */
  private readonly fiscalFiles = new Set<string>()

  /** Whether a {@link Match} item is emitted per match (the summary counts them either way). */
  private readonly emitMatches: boolean

  constructor(settings: Settings, registers: ReadonlyArray<Register.RegisterInfo> | undefined, options: { readonly matches?: boolean } = {}) {
    this.emitMatches = options.matches ?? true
    this.s = settings
    this.W = settings.timeWindowSeconds * 1000
    this.tol = settings.amountToleranceKopecks
    this.docTypes = new Set(settings.documentTypes)
    this.ops = new Set(settings.operations)
    this.opInScope = BATCH_OPS.map((o) => this.ops.has(o))
    this.directory = registers !== undefined && registers.length > 0
    for (const r of registers ?? []) this.addRegister(r)
  }

  // -------------------------------------------------------------------------------------------------------------
  // Directory

  private addRegister(info: Register.RegisterInfo): void {
    const regNo = info.kktRegNumber ? Register.normalizeRegNumber(info.kktRegNumber) : null
    const name = info.name ? Register.normalizeName(info.name) : null
    const outlet = info.outlet ? Register.normalizeName(info.outlet) : null
    let reg = (regNo !== null ? this.regByRegNo.get(regNo) : undefined) ??
      (name !== null && outlet !== null ? this.regByOutletName.get(outlet + "|" + name) : undefined) ??
      this.regByFn.get(info.fn)
    if (reg === undefined) {
      reg = { id: this.regs.length, label: info.name ?? info.kktRegNumber ?? `FN ${info.fn}`, outlet: info.outlet ?? null, fns: [], known: true }
      this.regs.push(reg)
      if (outlet !== null) {
        const list = this.regsByOutlet.get(outlet) ?? []
        list.push(reg)
        this.regsByOutlet.set(outlet, list)
      }
    }
    if (!reg.fns.includes(info.fn)) reg.fns.push(info.fn)
    this.regByFn.set(info.fn, reg)
    if (regNo !== null) this.regByRegNo.set(regNo, reg)
    if (name !== null) {
      if (outlet !== null) this.regByOutletName.set(outlet + "|" + name, reg)
      const prev = this.regByName.get(name)
      this.regByName.set(name, prev === undefined || prev === reg ? reg : null)
    }
  }

  private slotOf(fn: string): FnSlot {
    let slot = this.fns.get(fn)
    if (slot === undefined) {
      let reg = this.regByFn.get(fn)
      if (reg === undefined) {
        reg = { id: this.regs.length, label: `FN ${fn}`, outlet: null, fns: [fn], known: false }
        this.regs.push(reg)
        this.regByFn.set(fn, reg)
      }
      slot = {
        fn, fd: new FdIndex(), reg, last: "", first: "\uffff", ofdShifts: new ShiftDays(), erpShifts: new ShiftDays(), learnedOutlet: null, learned: null
      }
      this.fns.set(fn, slot)
    }
    return slot
  }

  /** The register an ERP row names by registration number, by name within its outlet, or by name. */
  private namedReg(e: ErpReceipt): Reg | null {
    if (e.kktRegNumber !== null) {
      const r = this.regByRegNo.get(normRegNo(e.kktRegNumber))
      if (r !== undefined) return r
    }
    if (e.register !== null) {
      const name = normName(e.register)
      if (e.outlet !== null) {
        const r = this.regByOutletName.get(normName(e.outlet) + "|" + name)
        if (r !== undefined) return r
      }
      const r = this.regByName.get(name)
      if (r !== undefined && r !== null) return r
    }
    return null
  }

  /** The register an ERP row names (registration number, name within its outlet, name, learned key); null if none. */
  private claimedReg(e: ErpReceipt): Reg | null {
    const named = this.namedReg(e)
    if (named !== null) return named
    const key = erpRegisterKey(e)
    if (key !== null) {
      const r = this.learnedKeyReg.get(key)
      if (r !== undefined) return r
    }
    return null
  }

  /** The register an ERP receipt belongs to for tier 3: as claimed, else its FN's. */
  private regOfErp(e: ErpReceipt): Reg | null {
    const c = this.claimedReg(e)
    if (c !== null) return c
    if (e.fn !== null) return this.slotOf(e.fn).reg
    return null
  }

  private outletOfDoc(d: Doc): string | null {
    const slot = this.fns.get(d.fn)
    return slot?.reg.outlet ?? slot?.learnedOutlet ?? null
  }

  // -------------------------------------------------------------------------------------------------------------
  // Build

  addShift(t: ST.ShiftTotals): void {
    this.shiftTotalsCount++
    const k = t.fn + "#" + t.number
    const info = this.shiftInfo.get(k) ?? { openedAt: null, closedAt: null, totals: null }
    info.openedAt = t.openedAt
    info.closedAt = t.closedAt
    info.totals = t
    this.shiftInfo.set(k, info)
    this.slotOf(t.fn)
  }

  addOfd(d: Doc): void {
    this.ofdDocuments++
    const slot = this.slotOf(d.fn)
    if (d.dateTime > slot.last) slot.last = d.dateTime
    if (d.dateTime < slot.first) slot.first = d.dateTime
    if (d.dateTime > this.lastAny) this.lastAny = d.dateTime
    if (d.type === 2 || d.type === 5) {
      const k = d.fn + "#" + d.shift
      const info = this.shiftInfo.get(k) ?? { openedAt: null, closedAt: null, totals: null }
      if (d.type === 2) info.openedAt ??= d.dateTime
      else info.closedAt ??= d.dateTime
      this.shiftInfo.set(k, info)
      return
    }
    if (d.type !== 3 && d.type !== 31 && d.type !== 4 && d.type !== 41) return
    const i = this.store.add(d)
    if (i >= this.matched.length) this.growMatched()
    slot.fd.set(d.fd, i)
    if (!this.inScope(d)) return
    this.inScopeA[i] = 1
    this.ofdInScope++
    if (this.ofdFirst === null || d.dateTime < this.ofdFirst) this.ofdFirst = d.dateTime
    if (this.ofdLast === null || d.dateTime > this.ofdLast) this.ofdLast = d.dateTime
    if (d.operation === "Income") {
      this.ofdIncome.receipts++
      this.ofdIncome.total += d.total
    } else if (d.operation === "IncomeReturn") {
      this.ofdReturn.receipts++
      this.ofdReturn.total += d.total
    }
    slot.ofdShifts.add(d.shift, this.store.ms(i), d.operation, d.total, d.cash, d.electronic)
    // a receipt counts at the rates it has amounts at (as a fiscal file, which keeps no zeros, and the ERP side count it)
    for (const a of d.vat) if (VatBreakdown.hasAmount(a)) addVat(this.vatOfd, a.rate, d.operation!, a.vat, a.gross, 1)
  }

  /**
   * A batch of documents in columns (a fiscal file): the same as {@link addOfd} on each row, without a
   * `DocumentSummary` per row. Date-times are compared as milliseconds and turned into text once per FN and batch
   * (canonical date-time text orders as time does).
   */
  addOfdColumns(c: DocumentColumns): void {
    if (c.expectedDocuments !== undefined && !this.reserved) {
      // the first batch that knows the size of its file sizes the columns (its VAT entries per row as the guide)
      this.reserved = true
      const docs = this.store.length + c.expectedDocuments
      this.store.reserve(docs, Math.ceil((docs * c.vatStart[c.n]!) / Math.max(1, c.n)))
      this.growMatched(docs)
    }
    const nFns = c.fns.length
    const slots: Array<FnSlot> = new Array(nFns)
    const storeFn = new Int32Array(nFns)
    for (let f = 0; f < nFns; f++) {
      slots[f] = this.slotOf(c.fns[f]!)
      storeFn[f] = this.store.fnId(c.fns[f]!)
    }
    const firstMs = new Float64Array(nFns).fill(Infinity)
    const lastMs = new Float64Array(nFns).fill(-Infinity)
    let scopeFirst = Infinity
    let scopeLast = -Infinity
    const opInScope = BATCH_OPS.map((o) => this.ops.has(o))
    const vatStart = c.vatStart
    const vatData = c.vatData
    for (let k = 0; k < c.n; k++) {
      this.ofdDocuments++
      const f = c.fn[k]!
      const ms = c.ms[k]!
      if (ms > lastMs[f]!) lastMs[f] = ms
      if (ms < firstMs[f]!) firstMs[f] = ms
      const type = c.type[k]!
      if (type === 2 || type === 5) {
        const key = c.fns[f]! + "#" + c.shift[k]!
        const info = this.shiftInfo.get(key) ?? { openedAt: null, closedAt: null, totals: null }
        if (type === 2) info.openedAt ??= localOfWallMillis(ms)
        else info.closedAt ??= localOfWallMillis(ms)
        this.shiftInfo.set(key, info)
        continue
      }
      if (type !== 3 && type !== 31 && type !== 4 && type !== 41) continue
      const slot = slots[f]!
      const i = this.store.addRow(c, k, storeFn[f]!)
      if (i >= this.matched.length) this.growMatched()
      slot.fd.set(c.fd[k]!, i)
      const opIndex = c.operation[k]!
      if (opIndex < 0 || !opInScope[opIndex] || !this.docTypes.has(type)) continue
      this.inScopeA[i] = 1
      this.ofdInScope++
      if (ms < scopeFirst) scopeFirst = ms
      if (ms > scopeLast) scopeLast = ms
      const op = BATCH_OPS[opIndex]!
      const total = c.total[k]!
      if (opIndex === 0) {
        this.ofdIncome.receipts++
        this.ofdIncome.total += total
      } else if (opIndex === 1) {
        this.ofdReturn.receipts++
        this.ofdReturn.total += total
      }
      slot.ofdShifts.add(c.shift[k]!, ms, op, total, c.cash[k]!, c.electronic[k]!)
      for (let j = vatStart[k]!; j < vatStart[k + 1]!; j++) {
        const g = vatData[3 * j + 1]!
        const v = vatData[3 * j + 2]!
        addVatAt(this.vatOfd, vatData[3 * j]!, opIndex, v === v ? v : null, g === g ? g : null, 1)
      }
    }
    for (let f = 0; f < nFns; f++) {
      if (lastMs[f] === -Infinity) continue
      const slot = slots[f]!
      const last = localOfWallMillis(lastMs[f]!)
      const first = localOfWallMillis(firstMs[f]!)
      if (last > slot.last) slot.last = last
      if (first < slot.first) slot.first = first
      if (last > this.lastAny) this.lastAny = last
    }
    if (scopeFirst !== Infinity) {
      const first = localOfWallMillis(scopeFirst)
      const last = localOfWallMillis(scopeLast)
      if (this.ofdFirst === null || first < this.ofdFirst) this.ofdFirst = first
      if (this.ofdLast === null || last > this.ofdLast) this.ofdLast = last
    }
  }

  private inScope(d: Doc): boolean {
    return d.operation !== null && this.ops.has(d.operation) && this.docTypes.has(d.type)
  }

  /** Doubles the per-document arrays, or makes them `size` long. */
  private growMatched(size = this.matched.length * 2): void {
    if (size <= this.matched.length) return
    const m = new Uint8Array(size)
    m.set(this.matched)
    this.matched = m
    const s = new Uint8Array(size)
    s.set(this.inScopeA)
    this.inScopeA = s
    const l = new Int32Array(size)
    l.set(this.matchedLine)
    this.matchedLine = l
  }

  /** Whether a fiscal file's size has sized the columns already. */
  private reserved = false

  // -------------------------------------------------------------------------------------------------------------
  // Probe: tiers 1 and 2

  /** One ERP receipt given as an object (tier 3 tests, other sources): counted, then matched. */
  addErp(e: ErpReceipt, out: Array<Item>): void {
    if (e.fn !== null && !this.fiscalFiles.has(e.file)) this.fiscalFiles.add(e.file)
    this.countErp(e.operation, e.total, e.wallMillis, e.outlet)
    if (e.vat !== null && this.ops.has(e.operation)) {
      for (const a of e.vat) addVat(this.vatErp, a.rate, e.operation, a.vat, a.gross, e.itemCount)
    }
    this.probe(e, out)
  }

  /**
   * A batch of imported receipts. The common case — FN and FD found, nothing differs — is matched from the columns
   * without building an `ErpReceipt` (the match builds it if read); every other row goes through {@link probe}.
   */
  addBatch(b: ErpBatch, out: Array<Item>): void {
    const opInScope = this.opInScope
    let fiscalFile = this.fiscalFiles.has(b.file)
    let lastFn: string | null = null
    let lastSlot: FnSlot | undefined
    for (let k = 0; k < b.n; k++) {
      const opIndex = b.op[k]!
      const op = BATCH_OPS[opIndex]!
      const total = b.total[k]!
      const outletRef = b.outlet[k]!
      const outlet = outletRef < 0 ? null : b.strings[outletRef]!
      this.countErp(op, total, b.wallMs[k]!, outlet)
      if (b.hasVat[k] === 1 && opInScope[opIndex]) {
        const lines = b.itemCount[k]!
        for (let j = b.vatStart[k]!; j < b.vatStart[k + 1]!; j++) {
          const g = b.vatData[3 * j + 1]!
          const v = b.vatData[3 * j + 2]!
          addVatAt(this.vatErp, b.vatData[3 * j]!, opIndex, v === v ? v : null, g === g ? g : null, lines)
        }
      }
      const fnRef = b.fn[k]!
      if (fnRef >= 0) {
        const fn = b.strings[fnRef]!
        if (!fiscalFile) {
          this.fiscalFiles.add(b.file)
          fiscalFile = true
        }
        const fd = b.fd[k]!
        if (fd === fd) {
          // rows come drive by drive: the FN of the row before is most often this row's
          if (fn !== lastFn || lastSlot === undefined) {
            lastFn = fn
            lastSlot = this.fns.get(fn)
          }
          const slot = lastSlot
          const i = slot === undefined ? undefined : slot.fd.get(fd)
          if (i !== undefined && this.matched[i] === 0 && this.cleanRow(b, k, i, slot!)) {
            this.fastPair(b, k, i, slot!, op, total, outlet, out)
            continue
          }
        }
      }
      this.probe(materialize(b, k), out)
    }
  }

  private countErp(op: Operation, total: number, wallMs: number, outlet: string | null): void {
    this.erpReceipts++
    if (op === "Income") {
      this.erpIncome.receipts++
      this.erpIncome.total += total
    } else if (op === "IncomeReturn") {
      this.erpReturn.receipts++
      this.erpReturn.total += total
    } else this.erpOther++
    if (wallMs === wallMs) {
      if (wallMs < this.erpFirstMs) this.erpFirstMs = wallMs
      if (wallMs > this.erpLastMs) this.erpLastMs = wallMs
    }
    const acc = this.outletAcc(outlet)
    acc.erpReceipts++
    acc.erpKopecks += signed(op, total)
  }

  /**
   * Whether row `k` agrees with document `i` in everything tier 1 compares (operation, total, payments, VAT, day,
   * fiscal sign, the register the directory knows), exactly: then no difference can come of the pair.
   */
  private cleanRow(b: ErpBatch, k: number, i: number, slot: FnSlot): boolean {
    const st = this.store
    const sign = b.sign[k]!
    if (sign === sign) {
      const ds = st.sign(i)
      if (ds === ds && ds !== sign) return false
    }
    const dop = st.operation(i)
    if (dop !== null && BATCH_OPS[b.op[k]!] !== dop) return false
    if (b.total[k] !== st.total(i)) return false
    const cash = b.cash[k]!
    const electronic = b.electronic[k]!
    if (cash === cash && electronic === electronic && (cash !== st.cash(i) || electronic !== st.electronic(i))) return false
    if (b.hasVat[k] === 1) {
      const from = b.vatStart[k]!
      const to = b.vatStart[k + 1]!
      for (let j = from; j < to; j++) {
        const rateIndex = b.vatData[3 * j]!
        const x = b.vatData[3 * j + (BATCH_TAXED[rateIndex] ? 2 : 1)]!
        if ((x === x ? x : 0) !== st.comparedAtIndex(i, rateIndex)) return false
      }
      const n = st.vatCount(i)
      for (let q = 0; q < n; q++) {
        const o = st.vatCompared(i, q)
        if (o === 0) continue
        const rate = st.vatRate(i, q)
        let x = 0
        for (let j = from; j < to; j++) {
          if (BATCH_RATES[b.vatData[3 * j]!] !== rate) continue
          const y = b.vatData[3 * j + (BATCH_TAXED[b.vatData[3 * j]!] ? 2 : 1)]!
          x = y === y ? y : 0
        }
        if (x !== o) return false
      }
    }
    const ms = b.wallMs[k]!
    if (ms === ms && Math.floor(ms / DAY) !== Math.floor(st.ms(i) / DAY) && (b.hasTime[k] === 0 || Math.abs(ms - st.ms(i)) > this.W)) {
      return false
    }
    const regNoRef = b.regNo[k]!
    const registerRef = b.register[k]!
    if (this.directory && (regNoRef >= 0 || registerRef >= 0)) {
      const claimed = this.claimedOfRow(b, k)
      if (claimed !== null && claimed !== slot.reg) return false
    }
    return true
  }

  /** The directory's register for what row `k` names (registration number, or name within outlet), cached by text. */
  private claimedOfRow(b: ErpBatch, k: number): Reg | null {
    const regNoRef = b.regNo[k]!
    const registerRef = b.register[k]!
    const outletRef = b.outlet[k]!
    const key = regNoRef >= 0 ? b.strings[regNoRef]! : "\u0001" + (outletRef >= 0 ? b.strings[outletRef]! : "") + "\u0001" + b.strings[registerRef]!
    let claimed = this.claimCache.get(key)
    if (claimed === undefined) {
      claimed = this.claimedRegDirect(materialize(b, k))
      this.claimCache.set(key, claimed)
    }
    return claimed
  }

  private readonly claimCache = new Map<string, Reg | null>()

  /** Tier 1 from the columns: the pair agrees, so only the match and the totals are recorded. */
  private fastPair(b: ErpBatch, k: number, i: number, slot: FnSlot, op: Operation, total: number, outlet: string | null, out: Array<Item>): void {
    const st = this.store
    this.matched[i] = 1
    this.matchedLine[i] = b.line[k]!
    if (this.firstFile === null) this.firstFile = b.file
    else if (b.file !== this.firstFile) this.matchedFiles.set(i, b.file)
    if (outlet !== null && slot.learnedOutlet === null) slot.learnedOutlet = outlet
    const reg = slot.reg
    const outletName = reg.outlet ?? outlet ?? slot.learnedOutlet
    if (this.emitMatches) {
      const ms = b.wallMs[k]!
      const dt = ms !== ms || b.hasTime[k] === 0 ? NaN : ms - st.ms(i)
      out.push(new MatchItem(1, "fn_fd", REASONS.fn_fd, null, b, k, st, i, reg.label, outletName, dt !== dt ? null : Math.round(dt / 1000)))
    }
    this.matchesByTier[1]++
    this.matchesByKey.fn_fd++
    this.outletAcc(outletName).matched++
    if (b.regNo[k]! >= 0 || b.register[k]! >= 0) {
      if (!this.directory || this.claimedOfRow(b, k) === null) this.learn(slot, b, k, i)
    }
    const cash = b.cash[k]!
    const electronic = b.electronic[k]!
    slot.erpShifts.add(st.shift(i), st.ms(i), op, total, cash === cash ? cash : 0, electronic === electronic ? electronic : 0)
  }

  /** Counts FN → register evidence for a match whose register the directory does not name (see {@link resolveLearned}). */
  private learn(slot: FnSlot, b: ErpBatch, k: number, i: number): void {
    const regNoRef = b.regNo[k]!
    const registerRef = b.register[k]!
    const outletRef = b.outlet[k]!
    const raw = regNoRef >= 0 ? b.strings[regNoRef]! : "\u0001" + (outletRef >= 0 ? b.strings[outletRef]! : "") + "\u0001" + b.strings[registerRef]!
    let key = this.learnKeys.get(raw)
    if (key === undefined) {
      key = erpRegisterKey(materialize(b, k))!
      this.learnKeys.set(raw, key)
    }
    slot.learned ??= new Map()
    let l = slot.learned.get(key)
    if (l === undefined) {
      l = { count: 0, label: registerRef >= 0 ? b.strings[registerRef]! : b.strings[regNoRef]!, pending: [] }
      slot.learned.set(key, l)
    }
    l.count++
    if (l.pending !== null) {
      if (l.pending.length < LEARNED_KEEP) l.pending.push({ e: materialize(b, k), i })
      else l.pending = null
    }
  }

  private readonly learnKeys = new Map<string, string>()

  /** Tiers 1 and 2 for a receipt object; what no key finds is kept for tier 3. */
  private probe(e: ErpReceipt, out: Array<Item>): void {
    if (e.fn !== null && e.fd !== null) {
      const slot = this.fns.get(e.fn)
      const i = slot?.fd.get(e.fd)
      if (i !== undefined) {
        const sign = this.store.sign(i)
        if (e.fiscalSign !== null && sign === sign && sign !== Number(e.fiscalSign)) {
          // FN+FD agree but the sign does not: trust the sign if it finds another document.
          const j = this.bySign(e)
          if (j !== undefined && j !== i) return this.pair(e, j, 1, "fiscal_sign", out)
        }
        return this.pair(e, i, 1, "fn_fd", out)
      }
    }
    if (e.fiscalSign !== null) {
      const i = this.bySign(e)
      if (i !== undefined) return this.pair(e, i, 1, "fiscal_sign", out)
    }
    if (e.fn !== null && e.shift !== null && e.numberInShift !== null) {
      const slot = this.fns.get(e.fn)
      if (slot !== undefined) {
        const i = this.byShiftNumber(slot, e.shift, e.numberInShift)
        if (i !== undefined) return this.pair(e, i, 2, "fn_shift_number", out)
      }
    }
    this.kept.push(e)
  }

  private bySign(e: ErpReceipt): number | undefined {
    if (this.signIndex === null) {
      const idx = new Map<number, number | Array<number>>()
      for (let i = 0; i < this.store.length; i++) {
        const sign = this.store.sign(i)
        if (sign !== sign) continue
        const prev = idx.get(sign)
        if (prev === undefined) idx.set(sign, i)
        else if (typeof prev === "number") idx.set(sign, [prev, i])
        else prev.push(i)
      }
      this.signIndex = idx
    }
    const hit = this.signIndex.get(Number(e.fiscalSign!))
    if (hit === undefined) return undefined
    if (typeof hit === "number") return e.fn === null || this.store.fn(hit) === e.fn ? hit : undefined
    // The same 32-bit sign on several drives: prefer the ERP's FN, then the closest amount and time.
    let best: number | undefined
    let bestScore = Infinity
    for (const i of hit) {
      if (e.fn !== null && this.store.fn(i) !== e.fn) continue
      const score = Math.abs(this.store.total(i) - e.total) * 1e6 + (Number.isNaN(e.wallMillis) ? 0 : Math.abs(this.store.ms(i) - e.wallMillis) / 1000)
      if (score < bestScore) {
        bestScore = score
        best = i
      }
    }
    return best
  }

  private byShiftNumber(slot: FnSlot, shift: number, nis: number): number | undefined {
    if (this.nisIndex === null) this.nisIndex = new Map()
    let idx = this.nisIndex.get(slot)
    if (idx === undefined) {
      idx = new Map()
      for (const i of slot.fd.values()) {
        const nis = this.store.numberInShift(i)
        if (nis !== null) idx.set(this.store.shift(i) * 1_000_000 + nis, i)
      }
      this.nisIndex.set(slot, idx)
    }
    return idx.get(shift * 1_000_000 + nis)
  }

  /** The document at `i`, built once per pair and only when a difference needs it. */
  private docAt(i: number): Doc {
    if (this.curI !== i || this.curDoc === null) {
      this.curI = i
      this.curDoc = this.store.get(i)
    }
    return this.curDoc
  }

  private curI = -1
  private curDoc: Doc | null = null

  private pair(e: ErpReceipt, i: number, tier: 1 | 2 | 3, key: MatchKey, out: Array<Item>, dtMs?: number): void {
    const st = this.store
    this.curI = -1
    const slot = this.fns.get(st.fn(i))!
    if (this.matched[i] === 1) {
      const d = this.docAt(i)
      const first = `${this.matchedFiles.get(i) ?? this.firstFile}:${this.matchedLine[i]}`
      this.diff(out, "duplicate", tier, e, d, d.total, e.total,
        `FN ${d.fn} FD ${d.fd} is already booked at ${first}; this booking is a second one`, null, null, null, slot.reg)
      this.erpToShift(e, i)
      return
    }
    this.matched[i] = 1
    this.matchedLine[i] = e.line
    if (this.firstFile === null) this.firstFile = e.file
    else if (e.file !== this.firstFile) this.matchedFiles.set(i, e.file)
    if (e.outlet !== null && slot.learnedOutlet === null) slot.learnedOutlet = e.outlet
    const reg = slot.reg
    const outletName = reg.outlet ?? e.outlet ?? slot.learnedOutlet
    const dt = dtMs ?? (Number.isNaN(e.wallMillis) || !e.hasTime ? NaN : e.wallMillis - st.ms(i))
    if (this.emitMatches) {
      out.push(new MatchItem(
        tier,
        key,
        tier === 3 ? this.tier3Reason(key, e, this.docAt(i), dt, reg) : REASONS[key],
        e,
        null,
        0,
        st,
        i,
        reg.label,
        outletName,
        Number.isNaN(dt) ? null : Math.round(dt / 1000)
      ))
    }
    this.matchesByTier[tier]++
    this.matchesByKey[key]++
    const acc = this.outletAcc(outletName)
    acc.matched++
    this.compare(e, i, tier, reg, outletName, out)
    if (tier !== 3) this.checkPlace(e, i, tier, reg, dt, out)
    this.erpToShift(e, i)
  }

  private tier3Reason(key: MatchKey, e: ErpReceipt, d: Doc, dt: number, reg: Reg): string {
    const secs = Number.isNaN(dt) ? "?" : String(Math.round(dt / 1000))
    switch (key) {
      case "register_time_amount":
        return `register ${reg.label}, ${secs} s apart, total ${Money.format(d.total)} within ${this.tol} kop.`
      case "outlet_time_amount":
        return `another register of the outlet (${reg.label}, ERP says ${e.register ?? e.kktRegNumber}), ${secs} s apart, same total`
      case "register_day_amount":
        return `register ${reg.label}, same total, booked ${e.dateTime?.slice(0, 10)} for a receipt of ${d.dateTime.slice(0, 10)}`
      case "register_time_only":
        return `register ${reg.label}, ${secs} s apart, each the other's closest candidate; totals differ`
      default:
        return REASONS[key]
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Comparison of a matched pair

  private compare(e: ErpReceipt, i: number, tier: Tier, reg: Reg, outlet: string | null, out: Array<Item>): void {
    const st = this.store
    const tol = this.tol
    const op = st.operation(i)
    const total = st.total(i)
    if (op !== null && e.operation !== op) {
      this.diff(out, "operation_mismatch", tier, e, this.docAt(i), signed(op, total) as Kop, signed(e.operation, e.total) as Kop,
        `the fiscal receipt is ${OP_RU[op]}, the ERP booked ${OP_RU[e.operation]}`, op, e.operation, null, reg, outlet)
    }
    const dTotal = e.total - total
    if (Math.abs(dTotal) > tol) {
      this.diff(out, "amount_mismatch", tier, e, this.docAt(i), total as Kop, e.total,
        `total ${Money.format(total as Kop)} in the OFD, ${Money.format(e.total)} in the ERP`, null, null, null, reg, outlet)
      return
    }
    let rounded = false
    if (dTotal !== 0) {
      rounded = true
      this.diff(out, "rounding", tier, e, this.docAt(i), total as Kop, e.total,
        `totals differ by ${dTotal} kop., within the tolerance of ${tol}`, null, null, null, reg, outlet)
    }
    if (e.cash !== null && e.electronic !== null) {
      const cash = st.cash(i)
      const electronic = st.electronic(i)
      const dc = e.cash - cash
      const de = e.electronic - electronic
      if (Math.abs(dc) > tol || Math.abs(de) > tol) {
        this.diff(out, "payment_form_mismatch", tier, e, this.docAt(i), cash as Kop, e.cash,
          `cash / cashless ${Money.format(cash as Kop)} / ${Money.format(electronic as Kop)} in the OFD, ${Money.format(e.cash)} / ${Money.format(e.electronic)} in the ERP`,
          `${cash}/${electronic}`, `${e.cash}/${e.electronic}`, null, reg, outlet)
      }
    }
    if (e.vat !== null) this.compareVat(e, i, tier, reg, outlet, rounded, out)
  }

  private compareVat(e: ErpReceipt, i: number, tier: Tier, reg: Reg, outlet: string | null, rounded: boolean, out: Array<Item>): void {
    // Compared amount per rate: the VAT for taxed rates, the sum for 0% and no VAT.
    const st = this.store
    let missingInErp: VatRateId | null = null
    let extraInErp: VatRateId | null = null
    let worst: VatRateId | null = null
    let worstAbs = 0
    let worstOfd = 0
    let worstErp = 0
    const n = st.vatCount(i)
    for (let k = 0; k < n; k++) {
      const rate = st.vatRate(i, k)
      const o = st.vatCompared(i, k)
      const x = findCompared(e.vat!, rate)
      if (o !== 0 && x === 0 && missingInErp === null) missingInErp = rate
      const diff = Math.abs(x - o)
      if (diff > worstAbs) {
        worstAbs = diff
        worst = rate
        worstOfd = o
        worstErp = x
      }
    }
    for (const a of e.vat!) {
      const x = compared(a)
      const o = st.comparedAt(i, a.rate)
      if (x !== 0 && o === 0 && extraInErp === null) extraInErp = a.rate
      const diff = Math.abs(x - o)
      if (diff > worstAbs) {
        worstAbs = diff
        worst = a.rate
        worstOfd = o
        worstErp = x
      }
    }
    if (worst === null || worstAbs === 0) return
    const taxed = VatRate.get(worst).numerator !== null
    const tol = taxed ? this.s.vatTolerancePerLineKopecks * Math.max(1, e.itemCount) : this.tol
    const d = this.docAt(i)
    if (missingInErp !== null || extraInErp !== null || worstAbs > tol) {
      const rate = missingInErp ?? (worstOfd !== 0 ? worst : firstNonZeroRate(d.vat) ?? worst)
      const o = findCompared(d.vat, rate)
      const x = findCompared(e.vat!, rate)
      this.vatRateDiffs.set(rate, (this.vatRateDiffs.get(rate) ?? 0) + 1)
      this.diff(out, "vat_rate_mismatch", tier, e, d, o as Kop, x as Kop,
        `VAT by rate differs: OFD ${describeVat(d.vat)}; ERP ${describeVat(e.vat!)}`,
        describeVat(d.vat), describeVat(e.vat!), rate, reg, outlet)
      return
    }
    if (!rounded) {
      this.diff(out, "rounding", tier, e, d, worstOfd as Kop, worstErp as Kop,
        `VAT at ${VatRate.label(worst)} differs by ${worstErp - worstOfd} kop., within the tolerance of ${tol}`,
        null, null, worst, reg, outlet)
    }
  }

  /** Tiers 1–2: the day and the register the ERP booked against the fiscal receipt's. */
  private checkPlace(e: ErpReceipt, i: number, tier: Tier, reg: Reg, dt: number, out: Array<Item>): void {
    const st = this.store
    if (e.dateTime !== null && Math.floor(e.wallMillis / DAY) !== Math.floor(st.ms(i) / DAY) && (!e.hasTime || Math.abs(dt) > this.W)) {
      const d = this.docAt(i)
      const bday = this.businessDayOf(d)
      if (bday === null || !e.dateTime.startsWith(bday)) {
        this.diff(out, "wrong_day", tier, e, d, d.total, e.total,
          `booked on ${e.dateTime.slice(0, 10)}, the receipt is of ${d.dateTime.slice(0, 10)}${bday !== null && bday !== d.dateTime.slice(0, 10) ? ` (shift's business day ${bday})` : ""}`,
          d.dateTime.slice(0, 10), e.dateTime.slice(0, 10), null, reg, undefined, (bday ?? d.dateTime.slice(0, 10)) as LocalDateTime.LocalDate)
      }
    }
    if (e.kktRegNumber === null && e.register === null) return
    const claimed = this.claimedRegDirect(e)
    if (claimed !== null) {
      if (claimed !== reg) {
        const d = this.docAt(i)
        this.diff(out, "wrong_register", tier, e, d, d.total, e.total,
          `booked on ${claimed.label}, the receipt was printed by ${reg.label} (FN ${d.fn})`,
          reg.label, claimed.label, null, reg)
      }
      return
    }
    // No directory entry for what the ERP names: learn FN → register from the bookings and decide at the end.
    const key = erpRegisterKey(e)!
    const slot = this.fns.get(st.fn(i))!
    slot.learned ??= new Map()
    let l = slot.learned.get(key)
    if (l === undefined) {
      l = { count: 0, label: e.register ?? e.kktRegNumber!, pending: [] }
      slot.learned.set(key, l)
    }
    l.count++
    if (l.pending !== null) {
      if (l.pending.length < LEARNED_KEEP) l.pending.push({ e, i })
      else l.pending = null
    }
  }

  /** Only directory lookups (no learned keys): what the ERP claims, resolved. */
  private claimedRegDirect(e: ErpReceipt): Reg | null {
    return this.directory ? this.namedReg(e) : null
  }

  private businessDayOf(d: Doc): string | null {
    if (this.s.businessDay === "receipt") return d.dateTime.slice(0, 10)
    const info = this.shiftInfo.get(d.fn + "#" + d.shift)
    if (info === undefined) return null
    const t = this.s.businessDay === "open" ? info.openedAt : info.closedAt ?? info.openedAt
    return t === null ? null : t.slice(0, 10)
  }

  /** Adds an ERP booking to its shift's totals: the matched document's shift (index `i`), else its own columns. */
  private erpToShift(e: ErpReceipt, i: number): void {
    const st = this.store
    if (i >= 0) {
      this.fns.get(st.fn(i))!.erpShifts.add(st.shift(i), st.ms(i), e.operation, e.total, e.cash ?? 0, e.electronic ?? 0)
      return
    }
    if (e.fn !== null && e.shift !== null) {
      this.slotOf(e.fn).erpShifts.add(e.shift, e.wallMillis, e.operation, e.total, e.cash ?? 0, e.electronic ?? 0)
      return
    }
    this.unassignedErp++
    if (e.dateTime === null) return
    const reg = this.regOfErp(e)
    let m = this.erpUnassignedDays.get(reg)
    if (m === undefined) {
      m = new Map()
      this.erpUnassignedDays.set(reg, m)
    }
    addToDay(m, dayOf(e.dateTime), e.operation, e.total, e.cash ?? 0, e.electronic ?? 0)
  }

  // -------------------------------------------------------------------------------------------------------------
  // Differences and summary accounting

  private diff(
    out: Array<Item>,
    kind: DifferenceKind,
    tier: Tier | null,
    e: ErpReceipt | null,
    d: Doc | null,
    ofdValue: Kop | null,
    erpValue: Kop | null,
    reason: string,
    ofdText: string | null,
    erpText: string | null,
    vatRate: VatRateId | null,
    reg: Reg | null,
    outletOverride?: string | null,
    businessDay?: LocalDateTime.LocalDate | null
  ): void {
    const outlet = outletOverride !== undefined ? outletOverride
      : reg?.outlet ?? e?.outlet ?? (d !== null ? this.outletOfDoc(d) : null)
    const difference = ((erpValue ?? 0) - (ofdValue ?? 0)) as Kop
    const item: Difference = {
      _tag: "Difference",
      kind,
      tier,
      severity: severityOf(kind),
      reason,
      erp: e,
      ofd: d,
      fn: d?.fn ?? e?.fn ?? null,
      fd: d?.fd ?? e?.fd ?? null,
      shift: d?.shift ?? e?.shift ?? null,
      register: reg?.label ?? e?.register ?? e?.kktRegNumber ?? null,
      outlet,
      ofdValue,
      erpValue,
      difference,
      ofdText,
      erpText,
      vatRate,
      businessDay: businessDay ?? null
    }
    out.push(item)
    this.account(item)
  }

  private account(item: Difference): void {
    const k = this.kindAcc.get(item.kind) ?? { count: 0, ofd: 0, erp: 0, diff: 0, abs: 0 }
    k.count++
    k.ofd += item.ofdValue ?? 0
    k.erp += item.erpValue ?? 0
    k.diff += item.difference
    k.abs += Math.abs(item.difference)
    this.kindAcc.set(item.kind, k)
    const o = this.outletAcc(item.outlet)
    if (item.severity === "error") o.errors++
    const ok = o.kinds.get(item.kind) ?? { count: 0, ofd: 0, erp: 0, diff: 0, abs: 0 }
    ok.count++
    ok.ofd += item.ofdValue ?? 0
    ok.erp += item.erpValue ?? 0
    ok.diff += item.difference
    ok.abs += Math.abs(item.difference)
    o.kinds.set(item.kind, ok)
  }

  private outletAcc(name: string | null): OutletAcc {
    // rows come outlet by outlet: the last one asked for is most often the next one
    if (name === this.lastOutletName && this.lastOutletAcc !== null) return this.lastOutletAcc
    let o = this.outlets.get(name)
    if (o === undefined) {
      o = { erpReceipts: 0, erpKopecks: 0, ofdReceipts: 0, ofdKopecks: 0, matched: 0, errors: 0, kinds: new Map() }
      this.outlets.set(name, o)
    }
    this.lastOutletName = name
    this.lastOutletAcc = o
    return o
  }

  // -------------------------------------------------------------------------------------------------------------
  // Finish: learned registers, tier 3, leftovers, tiers 4 and 5

  /** Runs the finishing tiers; items are produced lazily, so a million missing receipts never sit in one array. */
  *finish(): Generator<Item> {
    const out: Array<Item> = []
    this.resolveLearned(out)
    this.tier3(out)
    yield* out
    out.length = 0
    yield* this.leftovers()
    this.tier4(out)
    this.tier5(out)
    yield* out
  }

  /** Decides `wrong_register` for FN-keyed matches when no directory entry named the ERP's register. */
  private resolveLearned(out: Array<Item>): void {
    const majorityOf = new Map<string, FnSlot>()
    for (const slot of this.fns.values()) {
      if (slot.learned === null) continue
      let bestKey: string | null = null
      let best = 0
      for (const [k, v] of slot.learned) {
        if (v.count > best) {
          best = v.count
          bestKey = k
        }
      }
      if (bestKey === null) continue
      majorityOf.set(bestKey, slot)
      if (!slot.reg.known) this.learnSlot(slot, bestKey, slot.learned.get(bestKey)!.label, slot.learnedOutlet)
    }
    for (const slot of this.fns.values()) {
      if (slot.learned === null || slot.learned.size < 2) continue
      let majority = 0
      for (const v of slot.learned.values()) majority = Math.max(majority, v.count)
      for (const [k, v] of slot.learned) {
        if (v.count === majority) continue
        const owner = majorityOf.get(k)
        if (v.pending === null || v.count * 5 > majority || owner === undefined || owner === slot) {
          if (this.notes.length < 100) {
            this.notes.push(`FN ${slot.fn}: ${v.count} bookings name «${v.label}», ${majority} the drive's usual register; not reported as wrong_register (ambiguous)`)
          }
          continue
        }
        for (const { e, i } of v.pending) {
          const d = this.store.get(i)
          this.diff(out, "wrong_register", this.tierOfKey(e, d), e, d, d.total, e.total,
            `booked on ${v.label}, the receipt was printed by ${slot.reg.label} (FN ${d.fn}); learned from ${majority} bookings`,
            slot.reg.label, v.label, null, slot.reg)
        }
      }
    }
  }

  /**
   * Names a register the directory did not know after what the ERP calls it, and files it under its outlet. A key
   * learned for several drives (a replaced FN) makes them one register.
   */
  private learnSlot(slot: FnSlot, key: string, label: string, outlet: string | null): void {
    const existing = this.learnedKeyReg.get(key)
    if (existing !== undefined) {
      if (existing === slot.reg || slot.reg.known) return
      slot.reg = existing
      if (!existing.fns.includes(slot.fn)) existing.fns.push(slot.fn)
      this.regByFn.set(slot.fn, existing)
      return
    }
    const reg = slot.reg
    this.learnedKeyReg.set(key, reg)
    reg.label = label
    if (reg.outlet === null && outlet !== null) {
      reg.outlet = outlet
      const k = Register.normalizeName(outlet)
      const list = this.regsByOutlet.get(k) ?? []
      list.push(reg)
      this.regsByOutlet.set(k, list)
    }
  }

  /**
   * Without a directory and without FN columns nothing ties the ERP's register names to drives. Bootstrap: pairs
   * that are each other's only candidate (same total and operation, within the window) vote ERP register → FN;
   * a name that agrees on one drive in at least 80% of at least 3 votes is taken as that drive's register.
   */
  private bootstrapRegisters(kept: ReadonlyArray<ErpReceipt>, docs: ReadonlyArray<number>): void {
    const st = this.store
    const unresolved = kept.filter((e) => !Number.isNaN(e.wallMillis) && this.regOfErp(e) === null && erpRegisterKey(e) !== null)
    if (unresolved.length === 0 || docs.length === 0) return
    const W = this.W
    const sorted = [...unresolved].sort((a, b) => a.wallMillis - b.wallMillis)
    const candOfDoc = new Map<number, number>()
    const candOfErp: Array<number> = []
    let lo = 0
    for (const e of sorted) {
      while (lo < docs.length && st.ms(docs[lo]!) < e.wallMillis - W) lo++
      let only = -1
      let n = 0
      for (let k = lo; k < docs.length && st.ms(docs[k]!) <= e.wallMillis + W; k++) {
        const j = docs[k]!
        if (st.total(j) !== e.total || st.operation(j) !== e.operation) continue
        n++
        only = docs[k]!
        candOfDoc.set(only, (candOfDoc.get(only) ?? 0) + 1)
      }
      candOfErp.push(n === 1 ? only : -1)
    }
    const votes = new Map<string, Map<FnSlot, number>>()
    const labels = new Map<string, { label: string; outlet: string | null }>()
    sorted.forEach((e, k) => {
      const i = candOfErp[k]!
      if (i < 0 || candOfDoc.get(i) !== 1) return
      const key = erpRegisterKey(e)!
      const slot = this.fns.get(st.fn(i))!
      const v = votes.get(key) ?? new Map<FnSlot, number>()
      v.set(slot, (v.get(slot) ?? 0) + 1)
      votes.set(key, v)
      labels.set(key, { label: e.register ?? e.kktRegNumber!, outlet: e.outlet })
    })
    // Strongest votes first; a drive belongs to one register. A name may own several drives only if they were in
    // use one after the other (a replaced FN), never side by side (that is a booking on the wrong register).
    const triples: Array<{ key: string; slot: FnSlot; n: number; total: number }> = []
    for (const [key, v] of votes) {
      let total = 0
      for (const n of v.values()) total += n
      for (const [slot, n] of v) if (n >= 3 && !slot.reg.known) triples.push({ key, slot, n, total })
    }
    triples.sort((a, b) => b.n - a.n)
    const claimed = new Set<FnSlot>()
    const owned = new Map<string, Array<FnSlot>>()
    for (const t of triples) {
      if (claimed.has(t.slot)) continue
      const mine = owned.get(t.key) ?? []
      if (mine.length === 0 && t.n < 0.5 * t.total) continue
      if (mine.length > 0 && mine.some((o) => !(o.last < t.slot.first || t.slot.last < o.first))) continue
      claimed.add(t.slot)
      mine.push(t.slot)
      owned.set(t.key, mine)
      const l = labels.get(t.key)!
      this.learnSlot(t.slot, t.key, l.label, l.outlet)
    }
    if (votes.size > 0) this.notes.push(`registers learned from unambiguous time-and-amount pairs: ${this.learnedKeyReg.size}`)
  }

  private tierOfKey(e: ErpReceipt, d: Doc): Tier {
    return e.fn === d.fn && e.fd === d.fd ? 1 : e.fiscalSign !== null && e.fiscalSign === d.fiscalSign ? 1 : 2
  }

  private tier3(out: Array<Item>): void {
    const kept = this.kept
    if (kept.length === 0) return
    const st = this.store
    const byTime = (a: number, b: number) => st.ms(a) - st.ms(b)
    if (!this.directory) {
      const free: Array<number> = []
      for (let i = 0; i < st.length; i++) if (this.matched[i] === 0 && this.inScopeA[i] === 1) free.push(i)
      free.sort(byTime)
      this.bootstrapRegisters(kept, free)
    }
    // Unmatched in-scope documents per register.
    const docsByReg = new Map<Reg, Array<number>>()
    for (let i = 0; i < st.length; i++) {
      if (this.matched[i] === 1 || this.inScopeA[i] === 0) continue
      const reg = this.fns.get(st.fn(i))!.reg
      let list = docsByReg.get(reg)
      if (list === undefined) {
        list = []
        docsByReg.set(reg, list)
      }
      list.push(i)
    }
    for (const list of docsByReg.values()) list.sort(byTime)
    const erpByReg = new Map<Reg | null, Array<ErpReceipt>>()
    for (const e of kept) {
      if (Number.isNaN(e.wallMillis)) continue
      const reg = this.regOfErp(e)
      let list = erpByReg.get(reg)
      if (list === undefined) {
        list = []
        erpByReg.set(reg, list)
      }
      list.push(e)
    }
    const used = new Set<ErpReceipt>()
    const W = this.W
    const tol = this.tol
    // Pass 1: same register, time window, amount within tolerance.
    const pairs3: Array<{ e: ErpReceipt; i: number; reg: Reg }> = []
    for (const [reg, erps] of erpByReg) {
      const docs = reg === null ? this.allUnmatched(docsByReg) : docsByReg.get(reg)
      if (docs === undefined || docs.length === 0) continue
      const found = assign(erps, docs, st, this.matched, used, (e, j, delta) =>
        Math.abs(delta) <= W && Math.abs(e.total - st.total(j)) <= tol
          ? (e.operation === st.operation(j) ? 0 : 1e12) + Math.abs(delta) * 10 + Math.abs(e.total - st.total(j))
          : -1, W)
      for (const [e, i, dt] of found) {
        this.pair(e, i, 3, "register_time_amount", out, dt)
        pairs3.push({ e, i, reg: this.fns.get(st.fn(i))!.reg })
      }
    }
    // Pass 2: duplicates of a booking matched in pass 1 (same register, total and operation, within the window).
    const matchedByReg = new Map<Reg, Array<{ e: ErpReceipt; i: number }>>()
    for (const p of pairs3) {
      const list = matchedByReg.get(p.reg) ?? []
      list.push(p)
      matchedByReg.set(p.reg, list)
    }
    for (const [reg, erps] of erpByReg) {
      if (reg === null) continue
      const matched = matchedByReg.get(reg)
      if (matched === undefined) continue
      for (const e of erps) {
        if (used.has(e)) continue
        let best: { e: ErpReceipt; i: number } | null = null
        let bestDt = Infinity
        for (const p of matched) {
          if (p.e.total !== e.total || p.e.operation !== e.operation) continue
          const dt = Math.abs(p.e.wallMillis - e.wallMillis)
          const sameDoc = p.e.documentNumber !== null && p.e.documentNumber === e.documentNumber
          if ((dt <= W || sameDoc) && dt < bestDt) {
            best = p
            bestDt = dt
          }
        }
        if (best !== null) {
          used.add(e)
          const d = st.get(best.i)
          this.diff(out, "duplicate", 3, e, d, d.total, e.total,
            `the same sale as ${best.e.file}:${best.e.line} (register ${reg.label}, ${Math.round(bestDt / 1000)} s apart, same total), which is matched to FN ${d.fn} FD ${d.fd}`,
            null, null, null, reg)
          this.erpToShift(e, best.i)
        }
      }
    }
    // Pass 3: another register of the same outlet (wrong_register).
    for (const [reg, erps] of erpByReg) {
      if (reg === null || reg.outlet === null) continue
      const siblings = (this.regsByOutlet.get(Register.normalizeName(reg.outlet)) ?? []).filter((r) => r !== reg)
      if (siblings.length === 0) continue
      const docs = siblings.flatMap((r) => docsByReg.get(r) ?? []).filter((i) => this.matched[i] === 0)
      if (docs.length === 0) continue
      docs.sort(byTime)
      const found = assign(erps, docs, st, this.matched, used, (e, j, delta) =>
        Math.abs(delta) <= W && Math.abs(e.total - st.total(j)) <= tol && e.operation === st.operation(j) ? Math.abs(delta) : -1, W)
      for (const [e, i, dt] of found) {
        const d = st.get(i)
        const docReg = this.fns.get(d.fn)!.reg
        this.pair(e, i, 3, "outlet_time_amount", out, dt)
        this.diff(out, "wrong_register", 3, e, d, d.total, e.total,
          `booked on ${reg.label}, the receipt was printed by ${docReg.label} of the same outlet (${Math.round(dt / 1000)} s apart, same total)`,
          docReg.label, reg.label, null, docReg)
      }
    }
    // Pass 4: same register, a day earlier or later (wrong_day).
    for (const [reg, erps] of erpByReg) {
      const docs = (reg === null ? this.allUnmatched(docsByReg) : docsByReg.get(reg))?.filter((i) => this.matched[i] === 0)
      if (docs === undefined || docs.length === 0) continue
      for (const shift of [DAY, -DAY]) {
        const found = assign(erps, docs, st, this.matched, used, (e, j, delta) => {
          const off = delta - shift
          return Math.abs(off) <= W && Math.abs(e.total - st.total(j)) <= tol && e.operation === st.operation(j) ? Math.abs(off) : -1
        }, W, shift)
        for (const [e, i, dt] of found) {
          const d = st.get(i)
          const r = this.fns.get(d.fn)!.reg
          this.pair(e, i, 3, "register_day_amount", out, dt)
          const bday = this.businessDayOf(d)
          if (bday !== null && e.dateTime!.startsWith(bday)) continue
          this.diff(out, "wrong_day", 3, e, d, d.total, e.total,
            `booked on ${e.dateTime!.slice(0, 10)}, the receipt is of ${d.dateTime.slice(0, 10)} (same register and total, ${Math.round((dt - shift) / 1000)} s off a whole day)`,
            d.dateTime.slice(0, 10), e.dateTime!.slice(0, 10), null, r, undefined, d.dateTime.slice(0, 10) as LocalDateTime.LocalDate)
        }
      }
    }
    // Pass 5: same register, close in time, each the other's best candidate (closest time, then closest amount):
    // one sale whose amount differs. Two rounds, so a pair freed by the first can pair in the second.
    const AW = this.s.amountMismatchWindowSeconds * 1000
    if (AW > 0) {
      for (const [reg, erps] of erpByReg) {
        if (reg === null) continue
        for (let round = 0; round < 2; round++) {
          const docs = docsByReg.get(reg)?.filter((i) => this.matched[i] === 0)
          if (docs === undefined || docs.length === 0) break
          // Not for rows of a file with fiscal columns: an empty FN there says "not fiscalised", and a different
          // amount is too weak a reason to doubt it.
          const free = erps.filter((e) => !used.has(e) && !this.fiscalFiles.has(e.file))
          if (free.length === 0) break
          const cost = (e: ErpReceipt, i: number) =>
            Math.abs(e.wallMillis - st.ms(i)) * 1e3 + Math.abs(e.total - st.total(i)) / Math.max(1, st.total(i)) +
            (e.operation === st.operation(i) ? 0 : 1e12)
          const bestOfErp = new Map<ErpReceipt, number>()
          const bestOfDoc = new Map<number, { e: ErpReceipt; c: number }>()
          for (const e of free) {
            let best = -1
            let bestC = Infinity
            for (const i of docs) {
              if (Math.abs(e.wallMillis - st.ms(i)) > AW) continue
              const c = cost(e, i)
              if (c < bestC) {
                bestC = c
                best = i
              }
              const prev = bestOfDoc.get(i)
              if (prev === undefined || c < prev.c) bestOfDoc.set(i, { e, c })
            }
            if (best >= 0) bestOfErp.set(e, best)
          }
          let paired = 0
          for (const [e, i] of bestOfErp) {
            if (bestOfDoc.get(i)?.e !== e) continue
            used.add(e)
            this.pair(e, i, 3, "register_time_only", out, e.wallMillis - st.ms(i))
            paired++
          }
          if (paired === 0) break
        }
      }
    }
    // The rest of the kept receipts stay for leftovers.
    this.kept = kept.filter((e) => !used.has(e))
  }

  private allUnmatched(docsByReg: Map<Reg, Array<number>>): Array<number> {
    const all: Array<number> = []
    for (const list of docsByReg.values()) for (const i of list) if (this.matched[i] === 0) all.push(i)
    return all.sort((a, b) => this.store.ms(a) - this.store.ms(b))
  }

  private *leftovers(): Generator<Item> {
    const out: Array<Item> = []
    for (const e of this.kept) {
      if (out.length >= 1024) {
        yield* out
        out.length = 0
      }
      const reg = this.regOfErp(e)
      let last: string | null = null
      if (reg !== null) {
        for (const fn of reg.fns) {
          const slot = this.fns.get(fn)
          if (slot !== undefined && slot.last !== "" && (last === null || slot.last > last)) last = slot.last
        }
      } else if (this.lastAny !== "") last = this.lastAny
      if (this.s.detectPending && e.dateTime !== null && last !== null && e.dateTime > last) {
        this.diff(out, "pending", null, e, null, null, e.total,
          `booked ${e.dateTime.replace("T", " ")}, after the last document the OFD has for ${reg?.label ?? "the registers"} (${last.replace("T", " ")}): not transmitted yet?`,
          last, e.dateTime, null, reg, e.outlet ?? reg?.outlet ?? null)
      } else {
        const why = e.fn !== null && e.fd !== null
          ? `no fiscal document FN ${e.fn} FD ${e.fd}, and none on ${reg?.label ?? "its register"} within ${this.s.timeWindowSeconds} s with the same total`
          : `no fiscal document on ${reg?.label ?? "any register"} within ${this.s.timeWindowSeconds} s with the same total`
        this.diff(out, "missing_in_ofd", null, e, null, null, e.total, why, null, null, null, reg, e.outlet ?? reg?.outlet ?? null)
      }
      this.erpToShift(e, -1)
    }
    const st = this.store
    for (let i = 0; i < st.length; i++) {
      if (out.length >= 1024) {
        yield* out
        out.length = 0
      }
      if (this.inScopeA[i] === 0) continue
      const slot = this.fns.get(st.fn(i))!
      const reg = slot.reg
      const outlet = reg.outlet ?? slot.learnedOutlet
      const acc = this.outletAcc(outlet)
      acc.ofdReceipts++
      acc.ofdKopecks += signed(st.operation(i)!, st.total(i))
      if (this.matched[i] === 1) continue
      const d = st.get(i)
      this.diff(out, "missing_in_erp", null, null, d, d.total, null,
        `fiscal receipt ${d.dateTime.replace("T", " ")} on ${reg.label}, ${OP_RU[d.operation!]} ${Money.format(d.total)}: not booked in the ERP`,
        null, null, null, reg, outlet)
    }
    yield* out
  }

  private tier4(out: Array<Item>): void {
    const by = this.s.shiftTotalsBy
    if (by === "shift") {
      const withTotals = new Map<string, Array<number>>()
      for (const info of this.shiftInfo.values()) {
        if (info.totals === null) continue
        const list = withTotals.get(info.totals.fn) ?? []
        list.push(info.totals.number)
        withTotals.set(info.totals.fn, list)
      }
      for (const slot of this.fns.values()) {
        const shifts = new Set<number>([...slot.ofdShifts.keys(), ...slot.erpShifts.keys(), ...(withTotals.get(slot.fn) ?? [])])
        for (const n of [...shifts].sort((a, b) => a - b)) {
          const info = this.shiftInfo.get(slot.fn + "#" + n)
          const totals = info?.totals ?? null
          const ofd = totals !== null ? fromTotals(totals) : sumDays(slot.ofdShifts.get(n))
          const erp = sumDays(slot.erpShifts.get(n))
          const bday = this.shiftDay(slot.fn, n, slot.ofdShifts.get(n) ?? slot.erpShifts.get(n))
          this.emitShift(out, "shift", slot.fn, n, slot.reg, bday, totals !== null ? "ShiftInfo" : "DocumentList", ofd, erp)
        }
      }
    } else {
      // Per register and business day.
      const ofdDays = new Map<Reg, Map<string, ShiftAgg>>()
      const erpDays = new Map<Reg | null, Map<string, ShiftAgg>>()
      const sources = new Map<string, "ShiftInfo" | "DocumentList">()
      const add = (m: Map<Reg | null, Map<string, ShiftAgg>>, reg: Reg | null, day: string, a: ShiftAgg) => {
        let days = m.get(reg)
        if (days === undefined) {
          days = new Map()
          m.set(reg, days)
        }
        const t = days.get(day) ?? newAgg()
        mergeAgg(t, a)
        days.set(day, t)
      }
      for (const slot of this.fns.values()) {
        const shifts = new Set<number>([...slot.ofdShifts.keys()])
        for (const n of shifts) {
          const info = this.shiftInfo.get(slot.fn + "#" + n)
          const byDate = slot.ofdShifts.get(n)!
          if (info?.totals && this.s.businessDay !== "receipt") {
            const day = this.shiftDay(slot.fn, n, byDate) ?? [...byDate.keys()][0]!
            add(ofdDays as Map<Reg | null, Map<string, ShiftAgg>>, slot.reg, day, fromTotals(info.totals) as unknown as ShiftAgg)
            sources.set(slot.reg.id + "|" + day, "ShiftInfo")
          } else {
            for (const [date, a] of byDate) {
              const day = this.s.businessDay === "receipt" ? date : this.shiftDay(slot.fn, n, byDate) ?? date
              add(ofdDays as Map<Reg | null, Map<string, ShiftAgg>>, slot.reg, day, a)
              if (!sources.has(slot.reg.id + "|" + day)) sources.set(slot.reg.id + "|" + day, "DocumentList")
            }
          }
        }
        for (const [n, byDate] of slot.erpShifts.byShift) {
          for (const [date, a] of byDate) {
            const day = this.s.businessDay === "receipt" ? date : this.shiftDay(slot.fn, n, byDate) ?? date
            add(erpDays, slot.reg, day, a)
          }
        }
      }
      for (const [reg, days] of this.erpUnassignedDays) for (const [day, a] of days) add(erpDays, reg, day, a)
      const regs = new Set<Reg | null>([...ofdDays.keys(), ...erpDays.keys()])
      for (const reg of regs) {
        const o = (reg === null ? undefined : ofdDays.get(reg)) ?? new Map<string, ShiftAgg>()
        const e = erpDays.get(reg) ?? new Map<string, ShiftAgg>()
        for (const day of [...new Set([...o.keys(), ...e.keys()])].sort()) {
          this.emitShift(out, "businessDay", null, null, reg, day, sources.get((reg?.id ?? -1) + "|" + day) ?? "DocumentList",
            toSide(o.get(day) ?? newAgg()), toSide(e.get(day) ?? newAgg()))
        }
      }
    }
  }

  private shiftDay(fn: string, n: number, byDate: Map<string, ShiftAgg> | undefined): string | null {
    const info = this.shiftInfo.get(fn + "#" + n)
    if (this.s.businessDay === "open" && info?.openedAt) return info.openedAt.slice(0, 10)
    if (this.s.businessDay === "close" && (info?.closedAt ?? info?.openedAt)) return (info.closedAt ?? info.openedAt)!.slice(0, 10)
    if (byDate === undefined || byDate.size === 0) return null
    return [...byDate.keys()].filter((k) => k !== "").sort()[this.s.businessDay === "close" ? byDate.size - 1 : 0] ?? null
  }

  private emitShift(
    out: Array<Item>,
    by: "shift" | "businessDay",
    fn: string | null,
    shift: number | null,
    reg: Reg | null,
    day: string | null,
    source: "ShiftInfo" | "DocumentList",
    ofd: ShiftSide,
    erp: ShiftSide
  ): void {
    const dIncome = erp.income - ofd.income
    const dReturn = erp.incomeReturn - ofd.incomeReturn
    const tolerance = this.tol * Math.max(ofd.receipts, erp.receipts, 1)
    const worst = Math.max(Math.abs(dIncome), Math.abs(dReturn))
    const status: CheckStatus = worst === 0 ? "ok" : worst <= tolerance ? "rounding" : "mismatch"
    const where = by === "shift" ? `FN ${fn} shift ${shift}` : `${reg?.label ?? "unknown register"} on ${day}`
    const reason = status === "ok"
      ? `${where}: sales and refunds agree`
      : `${where}: sales ${Money.format(ofd.income as Kop)} (OFD) vs ${Money.format(erp.income as Kop)} (ERP), refunds ${Money.format(ofd.incomeReturn as Kop)} vs ${Money.format(erp.incomeReturn as Kop)}`
    const outlet = reg?.outlet ?? (fn !== null ? this.fns.get(fn)?.learnedOutlet ?? null : null)
    const check: ShiftCheck = {
      _tag: "ShiftCheck",
      tier: 4,
      by,
      fn,
      shift,
      register: reg?.label ?? null,
      outlet,
      businessDay: day as LocalDateTime.LocalDate | null,
      ofdSource: source,
      ofd,
      erp,
      status,
      reason
    }
    out.push(check)
    this.shiftStats.checked++
    this.shiftStats[status]++
    if (source === "ShiftInfo") this.shiftStats.shiftInfo++
    else this.shiftStats.documentList++
    if (status === "mismatch") {
      const ofdNet = (ofd.income - ofd.incomeReturn) as Kop
      const erpNet = (erp.income - erp.incomeReturn) as Kop
      const item: Difference = {
        _tag: "Difference",
        kind: "shift_total_mismatch",
        tier: 4,
        severity: "error",
        reason,
        erp: null,
        ofd: null,
        fn,
        fd: null,
        shift,
        register: reg?.label ?? null,
        outlet,
        ofdValue: ofdNet,
        erpValue: erpNet,
        difference: (erpNet - ofdNet) as Kop,
        ofdText: null,
        erpText: null,
        vatRate: null,
        businessDay: day as LocalDateTime.LocalDate | null
      }
      out.push(item)
      this.account(item)
    }
  }

  private tier5(out: Array<Item>): void {
    // keys are rate index × 4 + operation index: report order of the rate, then Income, IncomeReturn, ...
    for (let k = 0; k < VAT_RATES.length * 4; k++) {
      if (this.vatOfd[k] === undefined && this.vatErp[k] === undefined) continue
      const rate = VAT_RATES[k >> 2]!
      const operation = OPS[k & 3]!
      const o = this.vatOfd[k] ?? { vat: 0, gross: 0, grossKnown: false, receipts: 0, lines: 0 }
      const e = this.vatErp[k] ?? { vat: 0, gross: 0, grossKnown: false, receipts: 0, lines: 0 }
      const taxed = VatRate.get(rate).numerator !== null
      const ov = taxed ? o.vat : o.gross
      const ev = taxed ? e.vat : e.gross
      const difference = ev - ov
      const tolerance = (taxed ? this.s.vatTolerancePerLineKopecks * Math.max(e.lines, o.receipts, 1) : this.tol * Math.max(o.receipts, e.receipts, 1))
      const status: CheckStatus = difference === 0 ? "ok" : Math.abs(difference) <= tolerance ? "rounding" : "mismatch"
      const what = taxed ? "VAT" : "sales"
      const reason = `${VatRate.label(rate)}, ${OP_RU[operation]}: ${what} ${Money.format(ov as Kop)} (OFD, ${o.receipts} receipts) vs ${Money.format(ev as Kop)} (ERP, ${e.receipts})`
      const check: VatCheck = {
        _tag: "VatCheck",
        tier: 5,
        rate,
        operation,
        ofdVat: (taxed ? o.vat : 0) as Kop,
        erpVat: (taxed ? e.vat : 0) as Kop,
        ofdGross: o.grossKnown ? (o.gross as Kop) : null,
        erpGross: e.grossKnown ? (e.gross as Kop) : null,
        difference: difference as Kop,
        tolerance: tolerance as Kop,
        ofdReceipts: o.receipts,
        erpReceipts: e.receipts,
        status,
        reason
      }
      out.push(check)
      this.vatChecks.push(check)
      if (status === "mismatch") {
        const item: Difference = {
          _tag: "Difference",
          kind: "vat_total_mismatch",
          tier: 5,
          severity: "error",
          reason,
          erp: null,
          ofd: null,
          fn: null,
          fd: null,
          shift: null,
          register: null,
          outlet: null,
          ofdValue: ov as Kop,
          erpValue: ev as Kop,
          difference: difference as Kop,
          ofdText: operation,
          erpText: operation,
          vatRate: rate,
          businessDay: null
        }
        out.push(item)
        this.account(item)
      }
    }
  }

  private readonly vatChecks: Array<VatCheck> = []

  // -------------------------------------------------------------------------------------------------------------
  // Summary

  summary(imports: ReadonlyArray<ImportReport>): Summary {
    const toTotals = (kind: DifferenceKind, a: KindAcc | undefined): KindTotals => ({
      kind,
      severity: severityOf(kind),
      count: a?.count ?? 0,
      ofdKopecks: (a?.ofd ?? 0) as Kop,
      erpKopecks: (a?.erp ?? 0) as Kop,
      differenceKopecks: (a?.diff ?? 0) as Kop,
      absoluteDifferenceKopecks: (a?.abs ?? 0) as Kop
    })
    const differences = kinds.map((k) => toTotals(k, this.kindAcc.get(k)))
    const byOutlet: Array<OutletSummary> = [...this.outlets]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, "ru")))
      .map(([outlet, o]) => ({
        outlet,
        erpReceipts: o.erpReceipts,
        erpKopecks: o.erpKopecks as Kop,
        ofdReceipts: o.ofdReceipts,
        ofdKopecks: o.ofdKopecks as Kop,
        matched: o.matched,
        errors: o.errors,
        differences: kinds.filter((k) => o.kinds.has(k)).map((k) => toTotals(k, o.kinds.get(k)))
      }))
    const byVatRate: Array<VatRateSummary> = this.vatChecks.map((c) => ({
      rate: c.rate,
      operation: c.operation,
      ofdVat: c.ofdVat,
      erpVat: c.erpVat,
      ofdGross: c.ofdGross,
      erpGross: c.erpGross,
      difference: c.difference,
      status: c.status,
      receiptDifferences: c.operation === "Income" || c.operation === "IncomeReturn" ? (this.vatRateDiffs.get(c.rate) ?? 0) : 0
    }))
    const rows = imports.reduce(
      (a, r) => ({ read: a.read + r.rowsRead, accepted: a.accepted + r.rowsAccepted, rejected: a.rejected + r.rowsRejected }),
      { read: 0, accepted: 0, rejected: 0 }
    )
    const known = this.regs.filter((r) => r.known).length
    const learned = [...this.fns.values()].some((s) => s.learned !== null)
    const ss = this.shiftStats
    return {
      _tag: "Summary",
      format: "taxcom-kit/reconcile-summary@1",
      settings: this.s,
      imports,
      rows,
      erp: {
        receipts: this.erpReceipts,
        income: { receipts: this.erpIncome.receipts, total: this.erpIncome.total as Kop },
        incomeReturn: { receipts: this.erpReturn.receipts, total: this.erpReturn.total as Kop },
        otherOperations: this.erpOther,
        firstDateTime: this.erpFirstMs === Infinity ? null : localOfWallMillis(this.erpFirstMs),
        lastDateTime: this.erpLastMs === -Infinity ? null : localOfWallMillis(this.erpLastMs)
      },
      ofd: {
        documents: this.ofdDocuments,
        inScope: this.ofdInScope,
        outOfScope: this.ofdDocuments - this.ofdInScope,
        income: { receipts: this.ofdIncome.receipts, total: this.ofdIncome.total as Kop },
        incomeReturn: { receipts: this.ofdReturn.receipts, total: this.ofdReturn.total as Kop },
        firstDateTime: this.ofdFirst as LocalDateTime.LocalDateTime | null,
        lastDateTime: this.ofdLast as LocalDateTime.LocalDateTime | null,
        shiftTotals: this.shiftTotalsCount
      },
      matches: {
        total: this.matchesByTier[1] + this.matchesByTier[2] + this.matchesByTier[3],
        byTier: { ...this.matchesByTier },
        byKey: { ...this.matchesByKey }
      },
      differences,
      errors: differences.filter((d) => d.severity === "error").reduce((a, d) => a + d.count, 0),
      byOutlet,
      byVatRate,
      shifts: {
        by: this.s.shiftTotalsBy,
        ofdSource: ss.checked === 0 ? "none" : ss.shiftInfo === 0 ? "DocumentList" : ss.documentList === 0 ? "ShiftInfo" : "mixed",
        checked: ss.checked,
        ok: ss.ok,
        rounding: ss.rounding,
        mismatch: ss.mismatch,
        unassignedErpReceipts: this.unassignedErp
      },
      registers: { source: known > 0 ? "directory" : learned ? "learned" : "fn", count: known > 0 ? known : this.regs.length },
      notes: this.notes
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * A match whose fiscal document is built on first access: a tier-1 run over a million receipts then allocates no
 * `DocumentSummary` a consumer does not read. Serialises like a plain {@link Match}.
 */
class MatchItem implements Match {
  readonly _tag = "Match"
  #erp: ErpReceipt | null
  readonly #batch: ErpBatch | null
  readonly #row: number
  readonly #store: DocStore
  readonly #index: number
  #doc: Doc | null = null
  constructor(
    readonly tier: 1 | 2 | 3,
    readonly key: MatchKey,
    readonly reason: string,
    erp: ErpReceipt | null,
    batch: ErpBatch | null,
    row: number,
    store: DocStore,
    index: number,
    readonly register: string | null,
    readonly outlet: string | null,
    readonly timeDeltaSeconds: number | null
  ) {
    this.#erp = erp
    this.#batch = batch
    this.#row = row
    this.#store = store
    this.#index = index
  }
  get erp(): ErpReceipt {
    return (this.#erp ??= materialize(this.#batch!, this.#row))
  }
  get ofd(): Doc {
    return (this.#doc ??= this.#store.get(this.#index))
  }
  toJSON(): Match {
    return {
      _tag: "Match", tier: this.tier, key: this.key, reason: this.reason, erp: this.erp, ofd: this.ofd,
      register: this.register, outlet: this.outlet, timeDeltaSeconds: this.timeDeltaSeconds
    }
  }
}

const REASONS: Record<MatchKey, string> = {
  fn_fd: "same FN and FD number",
  fiscal_sign: "same fiscal sign (ФПД)",
  fn_shift_number: "same FN, shift and receipt number in the shift",
  register_time_amount: "same register, time within the window, same total",
  outlet_time_amount: "another register of the same outlet, time within the window, same total",
  register_day_amount: "same register and total, a day apart",
  register_time_only: "same register, close in time, each the other's best candidate"
}

const OP_RU: Record<Operation, string> = {
  Income: "продажа",
  IncomeReturn: "возврат",
  Expenditure: "расход",
  ExpenditureReturn: "возврат расхода"
}

const signed = (op: Operation, total: number): number => (op === "IncomeReturn" || op === "Expenditure" ? -total : total)


const dayOf = (t: string): string => t.slice(0, 10)

const compared = (a: { rate: VatRateId; vat: number | null; gross: number | null }): number =>
  VatRate.get(a.rate).numerator === null ? a.gross ?? 0 : a.vat ?? 0

const findCompared = (b: ReadonlyArray<{ rate: VatRateId; vat: number | null; gross: number | null }>, rate: VatRateId): number => {
  for (const a of b) if (a.rate === rate) return compared(a)
  return 0
}

const firstNonZeroRate = (b: ReadonlyArray<{ rate: VatRateId; vat: number | null; gross: number | null }>): VatRateId | null => {
  for (const a of b) if (compared(a) !== 0) return a.rate
  return null
}

const describeVat = (b: ReadonlyArray<{ rate: VatRateId; vat: number | null; gross: number | null }>): string => {
  const parts = b.filter((a) => compared(a) !== 0).map((a) => `${VatRate.label(a.rate)} ${Money.format(compared(a) as Kop)}`)
  return parts.length === 0 ? "no VAT amounts" : parts.join(", ")
}

/**
 * `f` remembered per distinct text: ERP cells repeat (a few hundred registers over a million rows), so each distinct
 * text is worked once. Bounded, so a file of all-distinct cells cannot grow it without end.
 */
const memoized = (f: (s: string) => string): ((s: string) => string) => {
  const cache = new Map<string, string>()
  return (s) => {
    let v = cache.get(s)
    if (v === undefined) {
      v = f(s)
      if (cache.size < 100_000) cache.set(s, v)
    }
    return v
  }
}
const normName = memoized(Register.normalizeName)
const normRegNo = memoized(Register.normalizeRegNumber)
const regNumberKey = memoized((s) => "#" + normRegNo(s))

const erpRegisterKey = (e: ErpReceipt): string | null => {
  if (e.kktRegNumber !== null) return regNumberKey(e.kktRegNumber)
  return e.register !== null ? (e.outlet === null ? "" : normName(e.outlet)) + "|" + normName(e.register) : null
}

const addToDay = (days: Map<string, ShiftAgg>, day: string, op: Operation | null, total: number, cash: number, electronic: number) => {
  let a = days.get(day)
  if (a === undefined) {
    a = newAgg()
    days.set(day, a)
  }
  a.receipts++
  if (op === "Income") {
    a.income += total
    a.incomeCash += cash
    a.incomeElectronic += electronic
  } else if (op === "IncomeReturn") a.incomeReturn += total
}

const mergeAgg = (t: ShiftAgg, a: ShiftAgg | ShiftSide) => {
  t.income += a.income
  t.incomeReturn += a.incomeReturn
  t.incomeCash += a.incomeCash
  t.incomeElectronic += a.incomeElectronic
  t.receipts += a.receipts
}

const sumDays = (days: Map<string, ShiftAgg> | undefined): ShiftSide => {
  const t = newAgg()
  if (days !== undefined) for (const a of days.values()) mergeAgg(t, a)
  return toSide(t)
}

const toSide = (a: ShiftAgg): ShiftSide => ({
  income: a.income as Kop,
  incomeReturn: a.incomeReturn as Kop,
  incomeCash: a.incomeCash as Kop,
  incomeElectronic: a.incomeElectronic as Kop,
  receipts: a.receipts
})

const fromTotals = (t: ST.ShiftTotals): ShiftSide => ({
  income: t.income.total,
  incomeReturn: t.incomeReturn.total,
  incomeCash: t.income.cash,
  incomeElectronic: t.income.electronic,
  receipts: (t.income.receiptCount ?? 0) + (t.incomeReturn.receiptCount ?? 0)
})

const VAT_RATES: ReadonlyArray<VatRateId> = VatRate.all.map((r) => r.id).sort((a, b) => VatRate.orderOf(a) - VatRate.orderOf(b))
const VAT_RATE_INDEX = new Map(VAT_RATES.map((r, i) => [r, i]))
const OPS: ReadonlyArray<Operation> = ["Income", "IncomeReturn", "Expenditure", "ExpenditureReturn"]
const OP_INDEX = new Map(OPS.map((o, i) => [o, i]))

const addVat = (m: Array<VatAcc | undefined>, rate: VatRateId, op: Operation, vat: number | null, gross: number | null, lines: number) =>
  addVatKey(m, VAT_RATE_INDEX.get(rate)! * 4 + OP_INDEX.get(op)!, vat, gross, lines)

/** `rateIndex` in the batch's rate order (core's `VatRate.all`), `opIndex` in the batch's operation order. */
const addVatAt = (m: Array<VatAcc | undefined>, rateIndex: number, opIndex: number, vat: number | null, gross: number | null, lines: number) =>
  addVatKey(m, BATCH_RATE_KEY[rateIndex]! + BATCH_OP_KEY[opIndex]!, vat, gross, lines)

/** The accumulator key parts of batch rate and operation indexes (looked up once, not per VAT entry). */
const BATCH_RATE_KEY: ReadonlyArray<number> = BATCH_RATES.map((r) => VAT_RATE_INDEX.get(r)! * 4)
const BATCH_OP_KEY: ReadonlyArray<number> = BATCH_OPS.map((o) => OP_INDEX.get(o)!)

const addVatKey = (m: Array<VatAcc | undefined>, k: number, vat: number | null, gross: number | null, lines: number) => {
  let a = m[k]
  if (a === undefined) {
    a = { vat: 0, gross: 0, grossKnown: false, receipts: 0, lines: 0 }
    m[k] = a
  }
  a.receipts++
  a.lines += Math.max(1, lines)
  if (vat !== null) a.vat += vat
  if (gross !== null) {
    a.gross += gross
    a.grossKnown = true
  }
}

/**
 * One-to-one assignment by score over time-sorted documents: for each ERP receipt the documents within
 * `window` (around `offset`) are scored (`-1` = not a candidate); candidates are taken best score first, each
 * receipt and each document at most once. Returns [receipt, document index, ERP − fiscal time in ms].
 */
const assign = (
  erps: ReadonlyArray<ErpReceipt>,
  docs: ReadonlyArray<number>,
  store: DocStore,
  matched: Uint8Array,
  used: Set<ErpReceipt>,
  score: (e: ErpReceipt, i: number, delta: number) => number,
  window: number,
  offset = 0
): Array<[ErpReceipt, number, number]> => {
  const cands: Array<{ s: number; e: ErpReceipt; i: number; dt: number; order: number }> = []
  const sortedErp = erps.filter((e) => !used.has(e)).sort((a, b) => a.wallMillis - b.wallMillis)
  let lo = 0
  let order = 0
  for (const e of sortedErp) {
    const from = e.wallMillis - offset - window
    const to = e.wallMillis - offset + window
    while (lo < docs.length && store.ms(docs[lo]!) < from) lo++
    for (let k = lo; k < docs.length; k++) {
      const i = docs[k]!
      const t = store.ms(i)
      if (t > to) break
      if (matched[i] === 1) continue
      const dt = e.wallMillis - t
      const s = score(e, i, dt)
      if (s >= 0) cands.push({ s, e, i, dt, order: order++ })
    }
  }
  cands.sort((a, b) => a.s - b.s || a.e.line - b.e.line || a.order - b.order)
  const taken = new Set<number>()
  const result: Array<[ErpReceipt, number, number]> = []
  for (const c of cands) {
    if (used.has(c.e) || taken.has(c.i)) continue
    used.add(c.e)
    taken.add(c.i)
    result.push([c.e, c.i, c.dt])
  }
  return result
}
