/**
 * A batch of imported receipts in columns: what the importer writes and the matcher reads. A million receipts then
 * cost a few typed arrays rather than a million objects, and a batch can cross a thread (its arrays are
 * transferable). An `ErpReceipt` object is built from a row only when something needs one: a difference, a receipt
 * kept for tier 3, or a consumer reading `match.erp`.
 */
import { VatRate } from "@taxcom-kit/core"
import type { Ids, LocalDateTime, Money, Operation as Op, VatBreakdown } from "@taxcom-kit/core"
import type { ErpReceipt, RejectedRow } from "../ErpReceipt.js"
import { localOfWallMillis } from "./docstore.js"

type Operation = Op.Operation

export const OPS: ReadonlyArray<Operation> = ["Income", "IncomeReturn", "Expenditure", "ExpenditureReturn"]
export const OP_INDEX: ReadonlyMap<Operation, number> = new Map(OPS.map((o, i) => [o, i]))
export const RATES: ReadonlyArray<VatRate.VatRateId> = VatRate.all.map((r) => r.id)
export const RATE_INDEX: ReadonlyMap<VatRate.VatRateId, number> = new Map(RATES.map((r, i) => [r, i]))
export const TAXED: ReadonlyArray<boolean> = RATES.map((r) => VatRate.get(r).numerator !== null)

/** Receipts of one chunk of a file, in columns. NaN or -1 mark an absent value. */
export interface ErpBatch {
  readonly _tag: "ErpBatch"
  readonly file: string
  readonly n: number
  /** Text cells: FN, outlet, register, registration number, document number (indexes below point here). */
  readonly strings: ReadonlyArray<string>
  readonly line: Int32Array
  /** Row `k`'s physical lines are `lines[lineStart[k] .. lineStart[k + 1])`. */
  readonly lineStart: Int32Array
  readonly lines: Int32Array
  readonly itemCount: Int32Array
  readonly wallMs: Float64Array
  /** 1 when the date had a time of day. */
  readonly hasTime: Uint8Array
  /** Document number: a string index, or -1 and then its bytes `docBytes[docStart[k] .. docStart[k + 1])` in `encoding`. */
  readonly doc: Int32Array
  readonly docStart: Int32Array
  readonly docBytes: Uint8Array
  readonly encoding: "utf-8" | "windows-1251" | "ibm866"
  readonly outlet: Int32Array
  readonly register: Int32Array
  readonly regNo: Int32Array
  readonly fn: Int32Array
  readonly fd: Float64Array
  readonly sign: Float64Array
  readonly shift: Float64Array
  readonly nis: Float64Array
  readonly op: Uint8Array
  readonly total: Float64Array
  readonly cash: Float64Array
  readonly electronic: Float64Array
  /** 1 when the file has VAT columns (then row `k`'s entries are `vatData[3·vatStart[k] .. 3·vatStart[k + 1])`). */
  readonly hasVat: Uint8Array
  readonly vatStart: Int32Array
  /** Triples: rate index, sum (NaN = null), VAT (NaN = null). */
  readonly vatData: Float64Array
  /** Rows the import refused in this chunk. */
  readonly rejected: ReadonlyArray<RejectedRow>
}

/** Fills a batch row by row; {@link take} hands it over and starts the next. */
export class BatchBuilder {
  private cap = 0
  private n = 0
  private strings: Array<string> = []
  private stringIds = new Map<string, number>()
  private line!: Int32Array
  private lineStart!: Int32Array
  private lines!: Int32Array
  private linesN = 0
  private itemCount!: Int32Array
  private wallMs!: Float64Array
  private hasTime!: Uint8Array
  private doc!: Int32Array
  private docStart!: Int32Array
  private docBytesPool!: Uint8Array
  private docN = 0
  /** The last string of each column and its index: rows repeat the register, the outlet, the FN. */
  private readonly lastStr: Array<string | null> = [null, null, null, null]
  private readonly lastId: Array<number> = [-1, -1, -1, -1]
  private outlet!: Int32Array
  private register!: Int32Array
  private regNo!: Int32Array
  private fn!: Int32Array
  private fd!: Float64Array
  private sign!: Float64Array
  private shift!: Float64Array
  private nis!: Float64Array
  private op!: Uint8Array
  private total!: Float64Array
  private cash!: Float64Array
  private electronic!: Float64Array
  private hasVat!: Uint8Array
  private vatStart!: Int32Array
  private vatData!: Float64Array
  private vatN = 0
  private rejected: Array<RejectedRow> = []

  constructor(readonly file: string, initial = 1024) {
    this.alloc(initial)
  }

  get size(): number {
    return this.n
  }

  private alloc(cap: number): void {
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(old: T | undefined, make: (n: number) => T, size = cap): T => {
      const a = make(size)
      if (old !== undefined && this.n > 0) a.set(old.subarray(0, Math.min(old.length, size)))
      return a
    }
    const i32 = (n: number) => new Int32Array(n)
    const f64 = (n: number) => new Float64Array(n)
    const u8 = (n: number) => new Uint8Array(n)
    this.line = copy(this.n > 0 ? this.line : undefined, i32)
    this.lineStart = copy(this.n > 0 ? this.lineStart : undefined, i32, cap + 1)
    this.itemCount = copy(this.n > 0 ? this.itemCount : undefined, i32)
    this.wallMs = copy(this.n > 0 ? this.wallMs : undefined, f64)
    this.hasTime = copy(this.n > 0 ? this.hasTime : undefined, u8)
    this.doc = copy(this.n > 0 ? this.doc : undefined, i32)
    this.docStart = copy(this.n > 0 ? this.docStart : undefined, i32, cap + 1)
    this.outlet = copy(this.n > 0 ? this.outlet : undefined, i32)
    this.register = copy(this.n > 0 ? this.register : undefined, i32)
    this.regNo = copy(this.n > 0 ? this.regNo : undefined, i32)
    this.fn = copy(this.n > 0 ? this.fn : undefined, i32)
    this.fd = copy(this.n > 0 ? this.fd : undefined, f64)
    this.sign = copy(this.n > 0 ? this.sign : undefined, f64)
    this.shift = copy(this.n > 0 ? this.shift : undefined, f64)
    this.nis = copy(this.n > 0 ? this.nis : undefined, f64)
    this.op = copy(this.n > 0 ? this.op : undefined, u8)
    this.total = copy(this.n > 0 ? this.total : undefined, f64)
    this.cash = copy(this.n > 0 ? this.cash : undefined, f64)
    this.electronic = copy(this.n > 0 ? this.electronic : undefined, f64)
    this.hasVat = copy(this.n > 0 ? this.hasVat : undefined, u8)
    this.vatStart = copy(this.n > 0 ? this.vatStart : undefined, i32, cap + 1)
    if (this.n === 0) {
      this.lines = new Int32Array(cap)
      this.vatData = new Float64Array(cap * 6)
      this.docBytesPool = new Uint8Array(cap * 12)
    }
    this.cap = cap
  }

  /** Index of a repeated string in column `c` (0 outlet, 1 register, 2 registration number, 3 FN). */
  private col(c: number, s: string | null): number {
    if (s === null) return -1
    if (this.lastStr[c] === s) return this.lastId[c]!
    const id = this.str(s)
    this.lastStr[c] = s
    this.lastId[c] = id
    return id
  }

  private str(s: string | null): number {
    if (s === null) return -1
    let id = this.stringIds.get(s)
    if (id === undefined) {
      id = this.strings.length
      this.strings.push(s)
      this.stringIds.set(s, id)
    }
    return id
  }

  /** Appends a row; `vat` null when the file has no VAT columns. */
  add(
    line: number,
    lines: ReadonlyArray<number> | null,
    itemCount: number,
    wallMs: number,
    hasTime: boolean,
    doc: string | null,
    outlet: string | null,
    register: string | null,
    regNo: string | null,
    fn: string | null,
    fd: number | null,
    /** NaN when absent. */
    sign: number,
    shift: number | null,
    nis: number | null,
    op: Operation,
    total: number,
    cash: number | null,
    electronic: number | null,
    vat: ReadonlyArray<VatBreakdown.VatAmount> | null
  ): void {
    if (this.n === this.cap) this.alloc(this.cap * 2)
    const k = this.n
    this.line[k] = line
    this.lineStart[k] = this.linesN
    const nl = lines === null ? 1 : lines.length
    if (this.linesN + nl > this.lines.length) {
      const b = new Int32Array((this.linesN + nl) * 2)
      b.set(this.lines.subarray(0, this.linesN))
      this.lines = b
    }
    if (lines === null) this.lines[this.linesN++] = line
    else for (const l of lines) this.lines[this.linesN++] = l
    this.itemCount[k] = itemCount
    this.wallMs[k] = wallMs
    this.hasTime[k] = hasTime ? 1 : 0
    if (doc === null) this.doc[k] = -1
    else {
      this.doc[k] = this.strings.length
      this.strings.push(doc)
    }
    this.docStart[k] = this.docN
    this.outlet[k] = this.col(0, outlet)
    this.register[k] = this.col(1, register)
    this.regNo[k] = this.col(2, regNo)
    this.fn[k] = this.col(3, fn)
    this.fd[k] = fd ?? NaN
    this.sign[k] = sign
    this.shift[k] = shift ?? NaN
    this.nis[k] = nis ?? NaN
    this.op[k] = OP_INDEX.get(op)!
    this.total[k] = total
    this.cash[k] = cash ?? NaN
    this.electronic[k] = electronic ?? NaN
    this.hasVat[k] = vat === null ? 0 : 1
    this.vatStart[k] = this.vatN
    if (vat !== null) {
      if ((this.vatN + vat.length) * 3 > this.vatData.length) {
        const b = new Float64Array((this.vatN + vat.length) * 6)
        b.set(this.vatData.subarray(0, this.vatN * 3))
        this.vatData = b
      }
      for (const a of vat) {
        const j = this.vatN * 3
        this.vatData[j] = RATE_INDEX.get(a.rate)!
        this.vatData[j + 1] = a.gross ?? NaN
        this.vatData[j + 2] = a.vat ?? NaN
        this.vatN++
      }
    }
    this.n++
  }

  /** The document number of the row just added, as bytes of the file (decoded only when read). */
  docBytes(bytes: Uint8Array, from: number, to: number): void {
    const len = to - from
    if (this.docN + len > this.docBytesPool.length) {
      const b = new Uint8Array((this.docN + len) * 2)
      b.set(this.docBytesPool.subarray(0, this.docN))
      this.docBytesPool = b
    }
    const pool = this.docBytesPool
    let j = this.docN
    for (let i = from; i < to; i++) pool[j++] = bytes[i]!
    this.docN = j
  }

  reject(row: RejectedRow): void {
    this.rejected.push(row)
  }

  /** The batch so far (its arrays trimmed to size); the builder starts afresh. */
  take(encoding: "utf-8" | "windows-1251" | "ibm866" = "utf-8"): ErpBatch {
    const n = this.n
    this.lineStart[n] = this.linesN
    this.vatStart[n] = this.vatN
    this.docStart[n] = this.docN
    const batch: ErpBatch = {
      _tag: "ErpBatch",
      file: this.file,
      n,
      strings: this.strings,
      line: this.line.slice(0, n),
      lineStart: this.lineStart.slice(0, n + 1),
      lines: this.lines.slice(0, this.linesN),
      itemCount: this.itemCount.slice(0, n),
      wallMs: this.wallMs.slice(0, n),
      hasTime: this.hasTime.slice(0, n),
      doc: this.doc.slice(0, n),
      docStart: this.docStart.slice(0, n + 1),
      docBytes: this.docBytesPool.slice(0, this.docN),
      encoding,
      outlet: this.outlet.slice(0, n),
      register: this.register.slice(0, n),
      regNo: this.regNo.slice(0, n),
      fn: this.fn.slice(0, n),
      fd: this.fd.slice(0, n),
      sign: this.sign.slice(0, n),
      shift: this.shift.slice(0, n),
      nis: this.nis.slice(0, n),
      op: this.op.slice(0, n),
      total: this.total.slice(0, n),
      cash: this.cash.slice(0, n),
      electronic: this.electronic.slice(0, n),
      hasVat: this.hasVat.slice(0, n),
      vatStart: this.vatStart.slice(0, n + 1),
      vatData: this.vatData.slice(0, this.vatN * 3),
      rejected: this.rejected
    }
    this.n = 0
    this.linesN = 0
    this.vatN = 0
    this.docN = 0
    this.strings = []
    this.stringIds = new Map()
    this.lastStr.fill(null)
    this.lastId.fill(-1)
    this.rejected = []
    return batch
  }
}

/**
 * A batch received from another thread, rebuilt as an object of the same shape as the builder's (the structured
 * clone's copy is a slow dictionary-mode object, and the matcher reads its columns millions of times).
 */
export const revive = (b: ErpBatch): ErpBatch => ({
  _tag: "ErpBatch",
  file: b.file,
  n: b.n,
  strings: b.strings,
  line: b.line,
  lineStart: b.lineStart,
  lines: b.lines,
  itemCount: b.itemCount,
  wallMs: b.wallMs,
  hasTime: b.hasTime,
  doc: b.doc,
  docStart: b.docStart,
  docBytes: b.docBytes,
  encoding: b.encoding,
  outlet: b.outlet,
  register: b.register,
  regNo: b.regNo,
  fn: b.fn,
  fd: b.fd,
  sign: b.sign,
  shift: b.shift,
  nis: b.nis,
  op: b.op,
  total: b.total,
  cash: b.cash,
  electronic: b.electronic,
  hasVat: b.hasVat,
  vatStart: b.vatStart,
  vatData: b.vatData,
  rejected: b.rejected
})

/** The transferable buffers of a batch (to post it to another thread without copying). */
export const transferList = (b: ErpBatch): Array<ArrayBuffer> =>
  [b.line, b.lineStart, b.lines, b.itemCount, b.wallMs, b.hasTime, b.doc, b.docStart, b.docBytes, b.outlet, b.register, b.regNo, b.fn, b.fd, b.sign,
    b.shift, b.nis, b.op, b.total, b.cash, b.electronic, b.hasVat, b.vatStart, b.vatData].map((a) => a.buffer as ArrayBuffer)

const str = (b: ErpBatch, ref: number): string | null => (ref < 0 ? null : b.strings[ref]!)

const decoders = new Map<string, InstanceType<typeof TextDecoder>>()

/** The document number of row `k`. */
export const documentNumber = (b: ErpBatch, k: number): string | null => {
  const ref = b.doc[k]!
  if (ref >= 0) return b.strings[ref]!
  const from = b.docStart[k]!
  const to = b.docStart[k + 1]!
  if (to === from) return null
  let d = decoders.get(b.encoding)
  if (d === undefined) {
    d = new TextDecoder(b.encoding)
    decoders.set(b.encoding, d)
  }
  return d.decode(b.docBytes.subarray(from, to))
}

/** Row `k` as an `ErpReceipt` (a new object each time). */
export const materialize = (b: ErpBatch, k: number): ErpReceipt => {
  const ms = b.wallMs[k]!
  const lines: Array<number> = []
  for (let j = b.lineStart[k]!; j < b.lineStart[k + 1]!; j++) lines.push(b.lines[j]!)
  let vat: Array<VatBreakdown.VatAmount> | null = null
  if (b.hasVat[k] === 1) {
    vat = []
    for (let j = b.vatStart[k]!; j < b.vatStart[k + 1]!; j++) {
      const g = b.vatData[3 * j + 1]!
      const v = b.vatData[3 * j + 2]!
      vat.push({ rate: RATES[b.vatData[3 * j]!]!, gross: g === g ? (g as Money.Kopecks) : null, vat: v === v ? (v as Money.Kopecks) : null })
    }
  }
  const num = (x: number) => (x === x ? x : null)
  const sign = b.sign[k]!
  const cash = b.cash[k]!
  const electronic = b.electronic[k]!
  return {
    _tag: "ErpReceipt",
    file: b.file,
    line: b.line[k]!,
    lines,
    documentNumber: documentNumber(b, k),
    dateTime: ms === ms ? (localOfWallMillis(ms) as LocalDateTime.LocalDateTime) : null,
    wallMillis: ms,
    hasTime: b.hasTime[k] === 1,
    outlet: str(b, b.outlet[k]!),
    register: str(b, b.register[k]!),
    kktRegNumber: str(b, b.regNo[k]!),
    fn: str(b, b.fn[k]!) as Ids.FnNumber | null,
    fd: num(b.fd[k]!),
    fiscalSign: sign === sign ? String(sign) : null,
    shift: num(b.shift[k]!),
    numberInShift: num(b.nis[k]!),
    operation: OPS[b.op[k]!]!,
    total: b.total[k]! as Money.Kopecks,
    cash: cash === cash ? (cash as Money.Kopecks) : null,
    electronic: electronic === electronic ? (electronic as Money.Kopecks) : null,
    vat,
    itemCount: b.itemCount[k]!
  }
}

/** The items of a batch as objects, in file order (receipts by their first line, rejected rows by theirs). */
export const toItems = (b: ErpBatch): Array<ErpReceipt | RejectedRow> => {
  const out: Array<ErpReceipt | RejectedRow> = []
  let r = 0
  const rej = b.rejected
  for (let k = 0; k < b.n; k++) {
    const line = b.line[k]!
    while (r < rej.length && rej[r]!.line < line) out.push(rej[r++]!)
    out.push(materialize(b, k))
  }
  while (r < rej.length) out.push(rej[r++]!)
  return out
}
