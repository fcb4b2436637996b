/**
 * The fiscal side read from a file rather than from the API: a saved DocumentList dump or a cabinet export of the
 * period's documents, one document a row, in CSV:
 *
 * ```
 * fn;shift;type;date_time;fd;number_in_shift;fiscal_sign;operation;total;cash;electronic;vat22;vat10;no_vat
 * 7380440810000000;1;3;2026-11-01T08:10:31;1;1;1173505299;Income;224245;224245;0;40438;0;0
 * ```
 *
 * Columns are found by header name (snake_case as above, or the `DocumentSummary` field names); `fn`, `type`,
 * `date_time`, `fd` and `total` are required. Amounts are integer kopecks. A VAT column is named by its rate id
 * (`vat22`, `vat10`, `vat0`, `none` or `no_vat`, ...) and holds the compared amount: the VAT for taxed rates, the
 * sum for 0% and no VAT (what DocumentList gives); an empty or zero cell means the document has no entry at that
 * rate. Cashier and taxation are not read (they are null).
 *
 * {@link write} writes such a file from documents (the runner's `document export` does, from DocumentList), with a
 * column for every rate: reading it back gives the documents as DocumentList listed them, less cashier, taxation
 * and the rates at zero.
 *
 * Why columns: `Reconcile.run` keeps the fiscal side in typed arrays anyway, so the file goes there without a
 * `DocumentSummary` object per row (a million of them cost more in allocation and garbage collection than the
 * parse), and a batch can be parsed in a worker thread and posted without copying ({@link transferables},
 * {@link revive}) while the main thread imports the ERP export.
 */
import { FileSystem } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { Chunk, Data, Effect, Stream } from "effect"
import { AtomicFile, type FiscalDocument, VatBreakdown, VatRate } from "@taxcom-kit/core"
import { CsvReader } from "./Csv.js"

/**
 * A chunk of fiscal documents in columns; `Reconcile.run` accepts them in its `ofd` stream. NaN or -1 mark an
 * absent value. Indexes into `fns`, operations and rates are those of this batch ({@link OPERATIONS},
 * core's `VatRate.all`).
 */
export interface DocumentColumns {
  readonly _tag: "DocumentColumns"
  readonly n: number
  /** The FNs of this batch; `fn[k]` indexes here. */
  readonly fns: ReadonlyArray<string>
  readonly fn: Int32Array
  readonly type: Int32Array
  readonly shift: Float64Array
  readonly fd: Float64Array
  readonly numberInShift: Float64Array
  /** Wall-clock milliseconds of the document's date-time (`Date.UTC` of its fields). */
  readonly ms: Float64Array
  readonly fiscalSign: Float64Array
  /** Index into {@link OPERATIONS}, -1 for none. */
  readonly operation: Int8Array
  readonly total: Float64Array
  readonly cash: Float64Array
  readonly electronic: Float64Array
  /** Row `k`'s VAT entries are the triples `vatData[3·vatStart[k] .. 3·vatStart[k + 1])`. */
  readonly vatStart: Int32Array
  /** Triples: rate index (core's `VatRate.all`), sum (NaN = null), VAT (NaN = null). */
  readonly vatData: Float64Array
  /**
   * An estimate of the documents in the whole input, when the reader knows its size ({@link ReaderOptions.totalBytes}:
   * bytes per row so far): the reconciliation then sizes its columns once instead of doubling them as it reads.
   */
  readonly expectedDocuments?: number | undefined
}

export const OPERATIONS = ["Income", "IncomeReturn", "Expenditure", "ExpenditureReturn"] as const

/** A file that cannot be read as fiscal documents: a missing column, a value that is not a number or a date-time. */
export class FiscalFileError extends Data.TaggedError("FiscalFileError")<{
  readonly file: string
  readonly line: number | null
  readonly column: string | null
  readonly message: string
}> {}

export interface ReaderOptions {
  /** Name shown in errors. */
  readonly name?: string
  /** Cell delimiter, `;` by default. */
  readonly delimiter?: string
  /** The input's size in bytes, when known: batches then carry {@link DocumentColumns.expectedDocuments}. */
  readonly totalBytes?: number
}

/**
 * The reader as a plain synchronous object, for running it where Effect does not (a worker thread): feed it byte
 * chunks (UTF-8 or any ASCII-compatible encoding: only FNs and names of operations are text), take a batch after
 * each, finish for the last one. Throws {@link FiscalFileError}.
 */
export interface ColumnReader {
  push(bytes: Uint8Array): DocumentColumns
  finish(): DocumentColumns
}

const RATES: ReadonlyArray<VatRate.VatRateId> = VatRate.all.map((r) => r.id)
const TAXED: ReadonlyArray<boolean> = RATES.map((r) => VatRate.get(r).numerator !== null)

/** Header name → field; both the dump's snake_case and the `DocumentSummary` names. */
const FIELDS: Record<string, Field> = {
  fn: "fn", shift: "shift", type: "type", date_time: "dateTime", datetime: "dateTime", fd: "fd",
  number_in_shift: "numberInShift", numberinshift: "numberInShift", fiscal_sign: "fiscalSign", fiscalsign: "fiscalSign",
  operation: "operation", total: "total", cash: "cash", electronic: "electronic"
}
type Field =
  | "fn" | "shift" | "type" | "dateTime" | "fd" | "numberInShift" | "fiscalSign" | "operation" | "total" | "cash" | "electronic"
const REQUIRED: ReadonlyArray<Field> = ["fn", "type", "dateTime", "fd", "total"]
/** A field's name in the dump's header (the first of its names above), for messages. */
const HEADER_OF = Object.fromEntries(Object.entries(FIELDS).reverse().map(([name, field]) => [field, name])) as Record<Field, string>
const RATE_OF_HEADER: ReadonlyMap<string, number> = new Map([
  ...RATES.map((r, i) => [r, i] as const),
  ["no_vat", RATES.indexOf("none")] as const
])

const D0 = 48

/** Digits of a cell as a number; NaN when empty or not all digits. */
const digits = (b: Uint8Array, from: number, to: number): number => {
  if (from === to) return NaN
  let v = 0
  for (let i = from; i < to; i++) {
    const d = b[i]! - D0
    if (d < 0 || d > 9) return NaN
    v = v * 10 + d
  }
  return v
}

/**
 * `yyyy-MM-ddTHH:mm:ss` (or a space for the T; anything after the seconds ignored) → wall-clock ms; NaN if not.
 * A dump lists a drive's documents in time order, so most rows fall on the day of the row before: the day's
 * milliseconds are kept with its bytes and only the time of day is read then.
 */
class WallClock {
  private readonly day = new Uint8Array(10)
  private dayMs = NaN

  read(b: Uint8Array, from: number, to: number): number {
    if (to - from < 19) return NaN
    const day = this.day
    let same = this.dayMs === this.dayMs
    for (let i = 0; same && i < 10; i++) same = day[i] === b[from + i]
    if (!same) {
      this.dayMs = Date.UTC(digits(b, from, from + 4), digits(b, from + 5, from + 7) - 1, digits(b, from + 8, from + 10))
      for (let i = 0; i < 10; i++) day[i] = b[from + i]!
      if (b[from + 4] !== 45 || b[from + 7] !== 45) this.dayMs = NaN // '-'
    }
    const h = digits(b, from + 11, from + 13)
    const m = digits(b, from + 14, from + 16)
    const sec = digits(b, from + 17, from + 19)
    // out-of-range fields would roll over into another day (Date.UTC would accept them): refuse them instead
    if (!(h < 24 && m < 60 && sec < 60)) return NaN
    return this.dayMs + ((h * 60 + m) * 60 + sec) * 1000
  }
}

const OPERATION_TEXT: ReadonlyMap<string, number> = new Map([
  ...OPERATIONS.map((o, i) => [o, i] as const),
  // FFD tag 1054 codes
  ["1", 0], ["2", 1], ["3", 2], ["4", 3]
])

const OPERATION_BYTES: ReadonlyArray<Uint8Array> = OPERATIONS.map((o) => new TextEncoder().encode(o))

/** Fills columns row by row; `take` hands a batch over and starts the next. */
class ColumnBuilder {
  n = 0
  private cap = 0
  fns: Array<string> = []
  private fnIds = new Map<string, number>()
  fn!: Int32Array
  type!: Int32Array
  shift!: Float64Array
  fd!: Float64Array
  numberInShift!: Float64Array
  ms!: Float64Array
  fiscalSign!: Float64Array
  operation!: Int8Array
  total!: Float64Array
  cash!: Float64Array
  electronic!: Float64Array
  vatStart!: Int32Array
  vatData!: Float64Array
  vatN = 0

  constructor() {
    this.alloc(4096)
  }

  private alloc(cap: number): void {
    const keep = this.n > 0
    const copy = <T extends Int32Array | Float64Array | Int8Array>(a: T | undefined, make: new (n: number) => T, size: number): T => {
      const b = new make(size)
      if (keep && a !== undefined) b.set(a.subarray(0, Math.min(a.length, size)))
      return b
    }
    this.fn = copy(this.fn, Int32Array, cap)
    this.type = copy(this.type, Int32Array, cap)
    this.shift = copy(this.shift, Float64Array, cap)
    this.fd = copy(this.fd, Float64Array, cap)
    this.numberInShift = copy(this.numberInShift, Float64Array, cap)
    this.ms = copy(this.ms, Float64Array, cap)
    this.fiscalSign = copy(this.fiscalSign, Float64Array, cap)
    this.operation = copy(this.operation, Int8Array, cap)
    this.total = copy(this.total, Float64Array, cap)
    this.cash = copy(this.cash, Float64Array, cap)
    this.electronic = copy(this.electronic, Float64Array, cap)
    this.vatStart = copy(this.vatStart, Int32Array, cap + 1)
    if (!keep) this.vatData = new Float64Array(3 * cap)
    this.cap = cap
  }

  /** Makes room for one more row and `vat` more VAT entries. */
  reserve(vat: number): void {
    if (this.n === this.cap) this.alloc(this.cap * 2)
    if (3 * (this.vatN + vat) > this.vatData.length) {
      const bigger = new Float64Array(Math.max(3 * (this.vatN + vat), 2 * this.vatData.length))
      bigger.set(this.vatData)
      this.vatData = bigger
    }
  }

  fnId(text: string): number {
    let id = this.fnIds.get(text)
    if (id === undefined) {
      id = this.fns.length
      this.fns.push(text)
      this.fnIds.set(text, id)
    }
    return id
  }

  take(expectedDocuments: number | undefined): DocumentColumns {
    const n = this.n
    this.vatStart[n] = this.vatN
    const out: DocumentColumns = {
      _tag: "DocumentColumns",
      expectedDocuments,
      n,
      fns: this.fns,
      fn: this.fn.subarray(0, n),
      type: this.type.subarray(0, n),
      shift: this.shift.subarray(0, n),
      fd: this.fd.subarray(0, n),
      numberInShift: this.numberInShift.subarray(0, n),
      ms: this.ms.subarray(0, n),
      fiscalSign: this.fiscalSign.subarray(0, n),
      operation: this.operation.subarray(0, n),
      total: this.total.subarray(0, n),
      cash: this.cash.subarray(0, n),
      electronic: this.electronic.subarray(0, n),
      vatStart: this.vatStart.subarray(0, n + 1),
      vatData: this.vatData.subarray(0, 3 * this.vatN)
    }
    // the next batch gets fresh arrays of about this one's size: the one handed over may cross a thread
    const cap = Math.max(this.cap, 1024)
    this.n = 0
    this.vatN = 0
    this.fns = []
    this.fnIds = new Map()
    this.alloc(cap)
    return out
  }
}

/** A column reader; see {@link ColumnReader}. */
export const columnReader = (options: ReaderOptions = {}): ColumnReader => {
  const file = options.name ?? "fiscal documents"
  const r = new CsvReader((options.delimiter ?? ";").charCodeAt(0))
  const out = new ColumnBuilder()
  const clock = new WallClock()
  let col: Record<Field, number> | null = null
  const rateCols: Array<{ cell: number; rate: number }> = []
  let rateCells = new Int32Array(0)
  let rateOf = new Int32Array(0)
  let width = 0
  let lastFnText = ""
  let lastFnBytes = new Uint8Array(0)
  // for expectedDocuments: the bytes pushed, and the rows read from them
  let pushed = 0
  let rowsRead = 0
  const expected = (): number | undefined => {
    const consumed = pushed - r.pending
    if (options.totalBytes === undefined || rowsRead < 1000 || consumed <= 0) return undefined
    // a little over the estimate: rows vary in length, and doubling for the last few percent would cost most
    return Math.ceil((options.totalBytes / consumed) * rowsRead * 1.05)
  }

  let headerNames: ReadonlyArray<string> = []
  const fail = (message: string, column: string | null = null): never => {
    // the message names the place too, as the ERP import's do: it is what a person reads
    const line = r.line > 0 ? r.line : null
    // the column as the file names it, where it has it
    const at = column !== null && col !== null && column in col ? col[column as Field] : -1
    const shown = column === null ? null : at >= 0 ? headerNames[at] ?? column : column in HEADER_OF ? HEADER_OF[column as Field] : column
    const where = [line === null ? null : `line ${line}`, shown === null ? null : `column «${shown}»`].filter((x) => x !== null).join(", ")
    throw new FiscalFileError({ file, line, column, message: `${file}${where === "" ? "" : `, ${where}`}: ${message}` })
  }

  const readHeader = (): void => {
    const c = {} as Record<Field, number>
    const names = r.cells().map((s) => s.replace(/^\uFEFF/, "").trim())
    names.forEach((raw, i) => {
      const name = raw.toLowerCase()
      const field = FIELDS[name]
      if (field !== undefined) c[field] = i
      const rate = RATE_OF_HEADER.get(name)
      if (rate !== undefined) rateCols.push({ cell: i, rate })
    })
    headerNames = names
    for (const f of REQUIRED) if (c[f] === undefined) fail(`no column "${HEADER_OF[f]}" in the header (${names.length} columns: ${names.join(", ")})`, f)
    for (const f of Object.values(FIELDS)) c[f] ??= -1
    width = 1 + Math.max(...Object.values(c), ...rateCols.map((x) => x.cell))
    rateCells = Int32Array.from(rateCols, (x) => x.cell)
    rateOf = Int32Array.from(rateCols, (x) => x.rate)
    // a literal, so that the per-row reads see one fixed shape
    col = {
      fn: c.fn, shift: c.shift, type: c.type, dateTime: c.dateTime, fd: c.fd, numberInShift: c.numberInShift,
      fiscalSign: c.fiscalSign, operation: c.operation, total: c.total, cash: c.cash, electronic: c.electronic
    }
  }

  /** The FN's text; rows repeat the FN of the row before, so its bytes (a copy) are compared first. */
  const fnOf = (b: Uint8Array, from: number, to: number): string => {
    if (lastFnBytes.length === to - from && to > from) {
      let same = true
      for (let i = 0; i < lastFnBytes.length; i++) {
        if (lastFnBytes[i] !== b[from + i]) {
          same = false
          break
        }
      }
      if (same) return lastFnText
    }
    lastFnText = r.cell(col!.fn).trim()
    lastFnBytes = b.slice(from, to)
    return lastFnText
  }

  /** The number in cell `i` (-1: the file has no such column): NaN when absent or empty, unless required. */
  const number = (i: number, f: Field, required: boolean): number => {
    if (i < 0) return NaN
    const from = r.starts[i]!
    const to = r.ends[i]!
    const v = digits(r.bytes, from, to)
    if (v !== v && (required || from !== to)) fail(`not a whole number: "${r.cell(i)}"`, f)
    return v
  }

  /** The operation of cell `i` as an index into {@link OPERATIONS}, compared as bytes (no text per row); -1 if empty. */
  const operation = (i: number): number => {
    const b = r.bytes
    const from = r.starts[i]!
    const to = r.ends[i]!
    if (from === to) return -1
    names: for (let o = 0; o < OPERATION_BYTES.length; o++) {
      const name = OPERATION_BYTES[o]!
      if (name.length !== to - from) continue
      for (let j = 0; j < name.length; j++) if (name[j] !== b[from + j]) continue names
      return o
    }
    return OPERATION_TEXT.get(r.cell(i).trim()) ?? fail(`unknown operation "${r.cell(i)}"`, "operation")
  }

  const rows = (final: boolean): DocumentColumns => {
    while (r.next(final)) {
      if (col === null) {
        readHeader()
        continue
      }
      if (r.isBlankLine()) continue
      if (r.count < width) fail(`${r.count} cells, ${width} expected`)
      const c = col
      const b = r.bytes
      const st = r.starts
      const en = r.ends
      out.reserve(rateCells.length)
      const k = out.n
      const fnText = fnOf(b, st[c.fn]!, en[c.fn]!)
      if (fnText === "") fail("no FN", "fn")
      out.fn[k] = out.fnId(fnText)
      out.type[k] = number(c.type, "type", true)
      const ms = clock.read(b, st[c.dateTime]!, en[c.dateTime]!)
      if (ms !== ms) fail(`not a date-time yyyy-MM-ddTHH:mm:ss: "${r.cell(c.dateTime)}"`, "dateTime")
      out.ms[k] = ms
      out.fd[k] = number(c.fd, "fd", true)
      const shift = number(c.shift, "shift", false)
      out.shift[k] = shift === shift ? shift : 0
      out.numberInShift[k] = number(c.numberInShift, "numberInShift", false)
      out.fiscalSign[k] = number(c.fiscalSign, "fiscalSign", false)
      out.operation[k] = c.operation < 0 ? -1 : operation(c.operation)
      out.total[k] = number(c.total, "total", true)
      const cash = number(c.cash, "cash", false)
      out.cash[k] = cash === cash ? cash : 0
      const electronic = number(c.electronic, "electronic", false)
      out.electronic[k] = electronic === electronic ? electronic : 0
      out.vatStart[k] = out.vatN
      for (let x = 0; x < rateCells.length; x++) {
        const cell = rateCells[x]!
        const rate = rateOf[x]!
        const v = digits(b, st[cell]!, en[cell]!)
        if (v !== v && st[cell] !== en[cell]) fail(`not a whole number: "${r.cell(cell)}"`, RATES[rate]!)
        if (v !== v || v === 0) continue
        const j = 3 * out.vatN++
        out.vatData[j] = rate
        out.vatData[j + 1] = TAXED[rate] ? NaN : v
        out.vatData[j + 2] = TAXED[rate] ? v : NaN
      }
      out.n++
      rowsRead++
    }
    return out.take(expected())
  }

  return {
    push: (bytes) => {
      pushed += bytes.length
      r.push(bytes)
      return rows(false)
    },
    finish: () => {
      const last = rows(true)
      if (col === null) fail("the file is empty: no header")
      return last
    }
  }
}

/** Reads a byte stream of fiscal documents as column batches. */
export const fromStream = <E, R>(
  bytes: Stream.Stream<Uint8Array, E, R>,
  options: ReaderOptions = {}
): Stream.Stream<DocumentColumns, FiscalFileError | E, R> =>
  Stream.suspend(() => {
    const reader = columnReader(options)
    const guard = <A>(f: () => A) => Effect.try({ try: f, catch: (e) => e as FiscalFileError })
    return bytes.pipe(
      Stream.mapEffect((chunk) => guard(() => reader.push(chunk))),
      Stream.concat(Stream.fromEffect(guard(() => reader.finish()))),
      Stream.filter((c) => c.n > 0)
    )
  })

/**
 * Reads a file through `@effect/platform`'s FileSystem (the runner provides the Node layer). Reads of 1 MiB by
 * default: fewer, larger batches than 256 KiB cost measurably less (each read is an asynchronous hop, each batch a
 * dozen new arrays), and a batch of ~10,000 documents is still small.
 */
export const fromFile = (
  path: string,
  options: ReaderOptions & { readonly chunkSize?: number } = {}
): Stream.Stream<DocumentColumns, FiscalFileError | PlatformError, FileSystem.FileSystem> =>
  Stream.unwrap(Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    // the size lets each batch estimate the documents of the whole file (see DocumentColumns.expectedDocuments)
    const size = yield* fs.stat(path).pipe(Effect.map((info) => Number(info.size)), Effect.orElseSucceed(() => undefined))
    return fromStream(fs.stream(path, { chunkSize: FileSystem.KiB(options.chunkSize ?? 1024) }), {
      name: options.name ?? path,
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      ...(size === undefined ? {} : { totalBytes: size })
    })
  }))

/** The header of a file {@link write} writes: the fields the reader knows, then every rate. */
export const header = (): string =>
  ["fn", "shift", "type", "date_time", "fd", "number_in_shift", "fiscal_sign", "operation", "total", "cash", "electronic", ...RATES].join(";")

/**
 * One document as a row under {@link header}. Every cell is digits, a date-time or an operation name, so none needs
 * quoting. A rate holds its compared amount (VAT, or the sum for 0% and no VAT); empty where that is null or zero.
 */
export const row = (d: FiscalDocument.DocumentSummary): string => {
  let line = `${d.fn};${d.shift};${d.type};${d.dateTime};${d.fd};${d.numberInShift ?? ""};${d.fiscalSign ?? ""};${d.operation ?? ""};${d.total};${d.cash};${d.electronic}`
  for (let i = 0; i < RATES.length; i++) {
    const a = VatBreakdown.find(d.vat, RATES[i]!)
    const amount = a === undefined ? null : TAXED[i] ? a.vat : a.gross
    line += amount === null || amount === 0 ? ";" : `;${amount}`
  }
  return line
}

/**
 * Writes documents as a fiscal file ({@link header}, a {@link row} per document, CRLF line ends) at `path`: under a
 * hidden temporary name beside it, renamed when every document is written, so a failed or interrupted export leaves
 * no half-written file (and an earlier file at `path` as it was). Returns how many documents it wrote.
 */
export const write = <E, R>(
  documents: Stream.Stream<FiscalDocument.DocumentSummary, E, R>,
  path: string
): Effect.Effect<{ readonly documents: number }, E | PlatformError, R | FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const tmp = AtomicFile.temporaryPathFor(path)
    const encoder = new TextEncoder()
    let count = 0
    const rows = Stream.mapChunks(documents, (chunk) => {
      let text = ""
      for (const d of Chunk.toReadonlyArray(chunk)) text += row(d) + "\r\n"
      count += chunk.length
      return text === "" ? Chunk.empty<Uint8Array>() : Chunk.of(encoder.encode(text))
    })
    yield* Stream.run(Stream.concat(Stream.make(encoder.encode(header() + "\r\n")), rows), fs.sink(tmp)).pipe(
      Effect.zipRight(fs.rename(tmp, path)),
      Effect.onExit((exit) => (exit._tag === "Success" ? Effect.void : Effect.ignore(fs.remove(tmp))))
    )
    return { documents: count }
  })

/** The buffers of a batch, to post it to another thread without copying (`postMessage(batch, transferables(batch))`). */
export const transferables = (c: DocumentColumns): Array<ArrayBuffer> => {
  const all = [c.fn, c.type, c.shift, c.fd, c.numberInShift, c.ms, c.fiscalSign, c.operation, c.total, c.cash, c.electronic, c.vatStart, c.vatData]
  return [...new Set(all.map((a) => a.buffer as ArrayBuffer))]
}

/** A batch received from another thread, made fast to read again (a structured clone is a slow dictionary object). */
export const revive = (c: DocumentColumns): DocumentColumns => ({
  _tag: "DocumentColumns",
  expectedDocuments: c.expectedDocuments,
  n: c.n,
  fns: c.fns,
  fn: c.fn,
  type: c.type,
  shift: c.shift,
  fd: c.fd,
  numberInShift: c.numberInShift,
  ms: c.ms,
  fiscalSign: c.fiscalSign,
  operation: c.operation,
  total: c.total,
  cash: c.cash,
  electronic: c.electronic,
  vatStart: c.vatStart,
  vatData: c.vatData
})
