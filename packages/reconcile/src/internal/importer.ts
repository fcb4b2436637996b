/**
 * The import engine: bytes in, receipts and rejected rows out. Synchronous and allocation-lean; the Stream
 * wrapper in ErpImport.ts feeds it chunk by chunk, so the whole file is never in memory.
 *
 * Rows are split on bytes (Csv.ts); numbers, dates and fiscal numbers are read from the bytes; repeated text
 * (FN, register, outlet, operation) is interned by its bytes; only the remaining text cells are decoded.
 */
import { Either } from "effect"
import { LocalDateTime as LDT, Money, VatRate } from "@taxcom-kit/core"
import type { Ids, Operation as Op, VatBreakdown } from "@taxcom-kit/core"
import * as Columns from "../Columns.js"
import { cellsFor, CsvReader, InvalidCellBytes } from "../Csv.js"
import * as Encoding from "../Encoding.js"
import type { RejectedRow } from "../ErpReceipt.js"
import type { ResolvedProfile } from "../Profile.js"
import type { BatchBuilder } from "./batch.js"
import { Interner } from "./intern.js"
import * as V from "./values.js"

type Operation = Op.Operation
type VatRateId = VatRate.VatRateId

/** Reasons an import cannot go on at all. */
export type FatalKind = "encoding" | "empty" | "no_header" | "missing_columns" | "no_data" | "oversized_row"

export class Fatal extends Error {
  constructor(
    readonly kind: FatalKind,
    message: string,
    readonly line: number | null = null,
    readonly column: string | null = null
  ) {
    super(message)
  }
}

/** Facts about one imported file, for the summary. */
export interface ImportReport {
  readonly file: string
  readonly profile: string | null
  readonly encoding: Encoding.EncodingReport
  readonly delimiter: string
  readonly level: "receipt" | "line"
  readonly headerLine: number
  readonly columns: ReadonlyArray<Columns.ColumnBinding>
  readonly ignoredColumns: ReadonlyArray<{ readonly index: number; readonly header: string }>
  readonly duplicateColumns: ReadonlyArray<Columns.ColumnBinding>
  /** Lines before the header (titles, report parameters). */
  readonly preambleLines: number
  /** Empty lines after the header: not rows, not counted as read. */
  readonly blankLines: number
  /** Data rows after the header; always `rowsAccepted + rowsRejected`. */
  readonly rowsRead: number
  readonly rowsAccepted: number
  readonly rowsRejected: number
  /** Receipts built (equals rowsAccepted for receipt-level files). */
  readonly receipts: number
  /** Time zone the file's dates were read in. */
  readonly timeZone: string
  /** The most frequent rejection reasons (numbers in them replaced by N). */
  readonly rejectionReasons: ReadonlyArray<{ readonly reason: string; readonly count: number }>
  readonly warnings: ReadonlyArray<string>
}

export interface ImporterOptions {
  readonly file: string
  readonly profile: ResolvedProfile
  /** Zone of the OFD's wall clock, which receipts are converted to. */
  readonly ofdTimeZone: string
  /** Default zone of the file when the profile names none. */
  readonly timeZone: string
}

const HEADER_SCAN_ROWS = 30
const SNIFF_BYTES = 64 * 1024
/**
 * No row of an ERP export comes near this; a longer one is a quote that never closes or a file without line breaks,
 * and reading on would only buffer the rest of the file into one row.
 */
const MAX_ROW_BYTES = 1024 * 1024

interface Line {
  line: number
  raw: string | null
  sum: number
  rate: VatRateId | null
  vat: number
  hasVat: boolean
  cash: number
  electronic: number
  docTotal: number
}

interface Draft {
  bad: RejectedRow | null
  /** Wall-clock milliseconds on the OFD's clock; NaN when the date is empty. */
  wallMillis: number
  hasTime: boolean
  /** The document number, decoded (line-level files); or, for a receipt-level row, its bytes below. */
  documentNumber: string | null
  docFrom: number
  docTo: number
  outlet: string | null
  register: string | null
  kktRegNumber: string | null
  fn: Ids.FnNumber | null
  fd: number | null
  /** NaN when absent. */
  fiscalSign: number
  shift: number | null
  numberInShift: number | null
  op: Operation | null
  opRaw: string | null
  line: number
}

/** Sentinel for "no value" in number slots (NaN is the money parser's failure). */
const NONE = -Infinity

export class Importer {
  private readonly detector: Encoding.Detector
  private reader: CsvReader | null = null
  private sniff: Array<Uint8Array> = []
  private sniffLength = 0
  private sniffBreaks = 0
  private offset = 0
  private headerDone = false
  private delimiter = ";"
  private headers: Array<string> = []
  private map: Columns.ColumnMap | null = null
  private level: "receipt" | "line" = "receipt"
  private headerLine = 0
  private preambleLines = 0
  private blankLines = 0
  private rowsRead = 0
  private rowsAccepted = 0
  private rowsRejected = 0
  private receipts = 0
  private readonly reasons = new Map<string, number>()
  private readonly warnings: Array<string> = []
  private sawBytes = false
  private readonly zone: string
  private readonly zoneShift: boolean
  private readonly shiftCache = new Map<number, number>()
  private readonly fields: V.DateFields = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, hasTime: false, offset: null }
  private readonly opts: ImporterOptions
  private readonly p: ResolvedProfile
  private readonly markerStarts: Set<number>
  private decoderFor = ""
  /** The byte of U+00A0 in the file's code page, -1 for UTF-8 (money is read from bytes). */
  private nbspByte = -1
  private readonly regNos = new Interner<string | null>(8192)
  private readonly draft: Draft = {
    bad: null, wallMillis: NaN, hasTime: false, documentNumber: null, docFrom: 0, docTo: 0, outlet: null, register: null,
    kktRegNumber: null, fn: null, fd: null, fiscalSign: NaN, shift: null, numberInShift: null, op: null, opRaw: null,
    line: 0
  }
  /** One interner per text column, so each remembers its own previous value. */
  private readonly outlets = new Interner<string>()
  private readonly registers = new Interner<string>()
  private readonly fns = new Interner<string>()
  private readonly ops = new Interner<Operation | null>(1024)
  private readonly rates = new Interner<VatRateId | null>(1024)

  // column indexes, -1 when absent
  private cDate = -1
  private cTime = -1
  private cDoc = -1
  private cOutlet = -1
  private cRegister = -1
  private cRegNo = -1
  private cFn = -1
  private cFd = -1
  private cSign = -1
  private cShift = -1
  private cNis = -1
  private cOp = -1
  private cTotal = -1
  private cDocTotal = -1
  private cCash = -1
  private cElec = -1
  private cRate = -1
  private cVat = -1
  /** Per-rate columns, sorted in report order of the rate. */
  private vatCols: Array<{ index: number; rate: VatRateId; kind: "vat" | "gross" }> = []
  private groupCols: Array<number> = []

  // line-level grouping
  private group: Array<Line> = []
  private groupKey = new Uint8Array(256)
  private groupKeyLength = -1
  private nextKey = new Uint8Array(256)
  private groupHead: Draft | null = null
  private groupBad: RejectedRow | null = null

  constructor(opts: ImporterOptions) {
    this.opts = opts
    this.p = opts.profile
    this.detector = new Encoding.Detector(opts.profile.encoding)
    this.zone = opts.profile.timeZone ?? opts.timeZone
    this.zoneShift = this.zone !== opts.ofdTimeZone
    this.markerStarts = markerByteStarts(this.p.totalsRowMarkers)
  }

  /** Feeds a chunk of bytes; returns what it completed. Throws {@link Fatal}. */
  push(bytes: Uint8Array, out: BatchBuilder): void {
    if (bytes.length > 0) this.sawBytes = true
    this.observe(bytes, false)
    // A zero byte is never CSV text (the detector looks for one at the start; this finds one anywhere).
    const zero = bytes.indexOf(0)
    if (zero >= 0) this.zeroByte(bytes.subarray(0, zero), out)
    this.offset += bytes.length
    if (!this.headerDone) {
      this.sniff.push(bytes)
      this.sniffLength += bytes.length
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) this.sniffBreaks++
      if (this.sniffLength < SNIFF_BYTES && this.sniffBreaks < HEADER_SCAN_ROWS + 5) return
      this.findHeader(false)
      if (!this.headerDone) throw this.noHeader()
      this.drain(false, out)
    } else {
      this.reader!.push(bytes)
      this.drain(false, out)
    }
    if (this.reader!.pending > MAX_ROW_BYTES) throw this.oversized()
  }

  /** A row that has not ended after {@link MAX_ROW_BYTES}: where it started, and an open quote if that is why. */
  private oversized(): Fatal {
    const r = this.reader!
    const line = r.nextRowLine
    const shape = r.pendingShape()
    const mib = `${MAX_ROW_BYTES / 1024 / 1024} MiB`
    if (shape.openQuote >= 0) {
      const column = this.headers[shape.openQuote] ?? `column ${shape.openQuote + 1}`
      return new Fatal(
        "oversized_row",
        `${this.opts.file}: a quoted cell opened on line ${line}, column «${column}», has no closing quote: more than ${mib} ` +
          `(${shape.lineBreaks} lines) follows it as one cell. Check the quotes on line ${line}.`,
        line,
        column
      )
    }
    return new Fatal(
      "oversized_row",
      `${this.opts.file}: the row on line ${line} is longer than ${mib} without a line break: no ERP export has such rows ` +
        `(a binary file, or line breaks lost?)`,
      line
    )
  }

  /** Fails on a zero byte that follows `before` in the current chunk, naming its offset, line and column. */
  private zeroByte(before: Uint8Array, out: BatchBuilder): never {
    const at = this.offset + before.length
    const what = "binary data or UTF-16 text inside the file, not CSV text"
    // Read up to the zero byte as usual (the header may be in these bytes), to say in which row and cell it is.
    if (this.headerDone) this.reader!.push(before)
    else {
      this.sniff.push(before)
      this.sniffLength += before.length
      for (let i = 0; i < before.length; i++) if (before[i] === 10) this.sniffBreaks++
      this.findHeader(false)
    }
    const r = this.reader
    if (!this.headerDone || r === null) {
      const line = 1 + this.sniffBreaks
      throw new Fatal("encoding", `${this.opts.file}: a zero byte at offset ${at} (line ${line}): ${what}`, line)
    }
    this.drain(false, out)
    const shape = r.pendingShape()
    const line = r.nextRowLine + shape.lineBreaks
    const column = this.headers[shape.cell] ?? `column ${shape.cell + 1}`
    throw new Fatal("encoding", `${this.opts.file}: a zero byte at offset ${at} (line ${line}, column «${column}»): ${what}`, line, column)
  }

  /** Ends the input. Throws {@link Fatal}. */
  finish(out: BatchBuilder): void {
    this.observe(new Uint8Array(0), true)
    if (!this.headerDone) {
      if (!this.sawBytes) throw new Fatal("empty", `${this.opts.file} is empty (0 bytes): there is nothing to import`)
      this.findHeader(true)
      if (!this.headerDone) throw this.noHeader()
    }
    this.drain(true, out)
    this.closeGroup(out)
    if (this.rowsRead === 0) {
      throw new Fatal(
        "no_data",
        `${this.opts.file} has a header on line ${this.headerLine} (${this.headers.filter((h) => h !== "").length} columns) but no data rows after it`,
        this.headerLine
      )
    }
  }

  /** The encoding cells are decoded in now. */
  get encoding(): Encoding.EncodingName {
    return this.detector.encoding
  }

  report(): ImportReport {
    return {
      file: this.opts.file,
      profile: this.p.name,
      encoding: this.detector.finalReport(),
      delimiter: this.delimiter,
      level: this.level,
      headerLine: this.headerLine,
      columns: this.map?.bindings ?? [],
      ignoredColumns: this.map?.ignored ?? [],
      duplicateColumns: this.map?.duplicates ?? [],
      preambleLines: this.preambleLines,
      blankLines: this.blankLines,
      rowsRead: this.rowsRead,
      rowsAccepted: this.rowsAccepted,
      rowsRejected: this.rowsRejected,
      receipts: this.receipts,
      timeZone: this.zone,
      rejectionReasons: [...this.reasons]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([reason, count]) => ({ reason, count })),
      warnings: this.warnings
    }
  }

  private observe(bytes: Uint8Array, final: boolean): void {
    try {
      this.detector.observe(bytes, this.offset, final)
    } catch (e) {
      if (e instanceof Encoding.EncodingFailure) {
        // Name the line of the offending byte (the detector looks at the first chunk).
        let line = 1
        for (let i = 0; i < Math.min(bytes.length, e.byteOffset - this.offset); i++) if (bytes[i] === 10) line++
        throw new Fatal("encoding", `${this.opts.file}: ${e.reason} (line ${line})`, line)
      }
      throw e
    }
    if (this.reader !== null && this.decoderFor !== this.detector.encoding) {
      this.decoderFor = this.detector.encoding
      this.reader.decoder = cellsFor(this.detector.encoding)
    }
    const enc = this.detector.encoding
    this.nbspByte = enc === "utf-8" ? -1 : enc === "windows-1251" ? 0xa0 : 0xff
  }

  /** Runs `f`, turning undecodable cell bytes into an encoding failure that names the line. */
  private decodeFailure(e: unknown, line: number): never {
    if (e instanceof InvalidCellBytes) {
      const rep = this.detector.finalReport()
      const how = rep.evidence === "configured"
        ? "the profile says UTF-8"
        : `the file was read as UTF-8 (${rep.evidence === "bom" ? "it starts with a byte-order mark" : `valid UTF-8 at byte ${rep.decidedAtByte}`})`
      const offset = this.reader?.offsetOf(e.offset) ?? e.offset
      const column = e.cell >= 0 ? (this.headers[e.cell] ?? `column ${e.cell + 1}`) : null
      const where = `(line ${line}${column === null ? "" : `, column «${column}»`})`
      if (e.kind === "utf8-in-single-byte") {
        const why = rep.evidence === "configured" || rep.evidence === "declared"
          ? `the file is read as ${rep.encoding} (${rep.evidence === "configured" ? "the profile says so" : "its first line says so"})`
          : `the file was read as ${rep.encoding} (its first non-ASCII bytes, at byte ${rep.decidedAtByte}, are not UTF-8)`
        throw new Fatal(
          "encoding",
          `${this.opts.file}: ${why}, but the bytes at offset ${offset} (${e.bytes}) are UTF-8 text: the file mixes encodings ` +
            `and these names would be read garbled; export it again in one encoding ${where}`,
          line,
          column
        )
      }
      const f = Encoding.invalidUtf8(e.bytes, offset, how)
      throw new Fatal("encoding", `${this.opts.file}: ${f.reason} ${where}`, line, column)
    }
    throw e
  }

  // -------------------------------------------------------------------------------------------------------------
  // Header and delimiter

  private sniffBytes(): Uint8Array {
    if (this.sniff.length === 1) return this.sniff[0]!
    const all = new Uint8Array(this.sniffLength)
    let o = 0
    for (const b of this.sniff) {
      all.set(b, o)
      o += b.length
    }
    this.sniff = [all]
    return all
  }

  private newReader(delim: string, bytes: Uint8Array): CsvReader {
    const r = new CsvReader(delim.charCodeAt(0), cellsFor(this.detector.encoding))
    r.push(bytes)
    r.skip(this.detector.bomLength)
    return r
  }

  private findHeader(final: boolean): void {
    const bytes = this.sniffBytes()
    const delims = this.p.delimiter === "auto" ? [";", "\t", ",", "|"] : [this.p.delimiter]
    let best: { delim: string; row: number; hits: number; consistency: number } | null = null
    for (const d of delims) {
      const r = this.newReader(d, bytes)
      const counts: Array<number> = []
      let bestRow = -1
      let bestHits = 0
      let rowNo = 0
      try {
        while (rowNo < HEADER_SCAN_ROWS && r.next(final)) {
          rowNo++
          if (r.isBlankLine()) continue
          counts.push(r.count)
          if (this.p.headerLine !== null) {
            if (r.line === this.p.headerLine) {
              bestRow = r.line
              bestHits = this.hits(r) + 1000
            }
            continue
          }
          const h = this.hits(r)
          if (h > bestHits) {
            bestHits = h
            bestRow = r.line
          }
        }
      } catch (e) {
        this.decodeFailure(e, r.line)
      }
      const cand = { delim: d, row: bestRow, hits: bestHits, consistency: modeShare(counts) }
      if (best === null || cand.hits > best.hits || (cand.hits === best.hits && cand.consistency > best.consistency)) best = cand
    }
    const minHits = this.p.headerLine !== null ? 1000 : 2
    this.delimiter = best?.delim ?? ";"
    if (best === null || best.hits < minHits) return
    const reader = this.newReader(best.delim, bytes)
    while (reader.next(final)) {
      if (reader.line === best.row) break
      this.preambleLines += reader.lines
    }
    this.headers = reader.cells().map((h) => h.trim())
    this.headerLine = reader.line
    this.reader = reader
    this.decoderFor = this.detector.encoding
    this.headerDone = true
    this.sniff = []
    this.bind()
  }

  private hits(r: CsvReader): number {
    let cells: Array<string>
    try {
      cells = r.cells()
    } catch (e) {
      // A row that does not decode is no header; the rows after the header report it with their line and column.
      if (e instanceof InvalidCellBytes) return 0
      throw e
    }
    return Columns.resolve(cells, this.p.columns, this.p.builtInAliases).bindings.length
  }

  private noHeader(): Fatal {
    const bytes = this.sniffBytes()
    const enc = this.detector.finalReport()
    let text: string
    try {
      text = new TextDecoder(enc.encoding).decode(bytes.subarray(this.detector.bomLength, Math.min(bytes.length, 8192)))
    } catch {
      text = ""
    }
    const lines = text.split(/\r\n|\n|\r/).map((l, i) => ({ n: i + 1, l })).filter((x) => x.l.trim() !== "").slice(0, 3)
    const shown = lines.map(({ l, n }) => `  line ${n}: ${JSON.stringify(l.length > 160 ? l.slice(0, 160) + "…" : l)}`).join("\n")
    const hint = Encoding.garbleHint(lines.map((x) => x.l).join("\n"), enc.encoding)
    const where = this.p.headerLine !== null ? `on line ${this.p.headerLine} (the profile's headerLine)` : `in the first ${HEADER_SCAN_ROWS} lines`
    return new Fatal(
      "no_header",
      `${this.opts.file}: no recognisable column header ${where} ` +
        `(read as ${enc.encoding}, delimiter ${JSON.stringify(this.delimiter)}). The file begins:\n${shown}\n` +
        `Expected headers such as «Дата», «Номер документа», «Касса», «ФН», «Номер ФД», «Сумма», «Вид операции» ` +
        `(or English: date, document number, register, fn, fd, total). Name the columns in a profile if the ERP uses other words.` +
        hint,
      lines.length > 0 ? lines[0]!.n : null
    )
  }

  private bind(): void {
    const map = Columns.resolve(this.headers, this.p.columns, this.p.builtInAliases)
    this.map = map
    const idx = (r: Columns.Role) => Columns.indexOf(map, r)
    this.cDate = idx("dateTime")
    this.cTime = idx("time")
    this.cDoc = idx("documentNumber")
    this.cOutlet = idx("outlet")
    this.cRegister = idx("register")
    this.cRegNo = idx("kktRegNumber")
    this.cFn = idx("fn")
    this.cFd = idx("fd")
    this.cSign = idx("fiscalSign")
    this.cShift = idx("shift")
    this.cNis = idx("numberInShift")
    this.cOp = idx("operation")
    this.cTotal = idx("total")
    this.cDocTotal = idx("documentTotal")
    this.cCash = idx("cash")
    this.cElec = idx("electronic")
    this.cRate = idx("vatRate")
    this.cVat = idx("vatAmount")
    for (const b of map.bindings) {
      if (b.role.startsWith("vat:")) this.vatCols.push({ index: b.index, rate: b.role.slice(4) as VatRateId, kind: "vat" })
      else if (b.role.startsWith("gross:")) this.vatCols.push({ index: b.index, rate: b.role.slice(6) as VatRateId, kind: "gross" })
    }
    this.vatCols.sort((a, b) => VatRate.orderOf(a.rate) - VatRate.orderOf(b.rate) || (a.kind === "gross" ? 1 : 0) - (b.kind === "gross" ? 1 : 0))
    const itemColumns = idx("item") >= 0 || idx("quantity") >= 0 || idx("price") >= 0
    this.level = this.p.level === "auto" ? (itemColumns ? "line" : "receipt") : this.p.level
    if (this.cTotal < 0 && this.cDocTotal >= 0 && this.level === "receipt") {
      this.cTotal = this.cDocTotal
      this.cDocTotal = -1
    }
    const seen = this.headers.map((h, i) => `column ${i + 1} «${h}»`).join(", ")
    const hint = Encoding.garbleHint(this.headers.join(" "), this.detector.finalReport().encoding)
    if (this.cTotal < 0) {
      throw new Fatal(
        "missing_columns",
        `${this.opts.file}: the header on line ${this.headerLine} has no column for the ${this.level === "line" ? "line sum" : "receipt total"} ` +
          `(looked for «Сумма», «Итого», «Сумма документа», «Amount», «Total»). Columns seen: ${seen}.${hint}`,
        this.headerLine
      )
    }
    const canIdentify = this.cDate >= 0 || (this.cFn >= 0 && this.cFd >= 0) || this.cSign >= 0 ||
      (this.cFn >= 0 && this.cShift >= 0 && this.cNis >= 0)
    if (!canIdentify) {
      throw new Fatal(
        "missing_columns",
        `${this.opts.file}: the header on line ${this.headerLine} has no column to match receipts by: it needs the date ` +
          `(«Дата»), or the FN and FD numbers («ФН», «Номер ФД»), or the fiscal sign («ФПД»). Columns seen: ${seen}.${hint}`,
        this.headerLine
      )
    }
    if (this.level === "line") {
      this.groupCols = [this.cDoc, this.cDate, this.cTime, this.cRegister, this.cRegNo, this.cOutlet, this.cFn, this.cFd,
        this.cSign, this.cShift, this.cNis, this.cOp].filter((c) => c >= 0)
      if (this.cDoc < 0 && this.cFd < 0 && this.cSign < 0) {
        this.warnings.push("line-level file without a document number: lines are grouped by date, register and fiscal columns")
      }
    }
    for (const d of map.duplicates) {
      this.warnings.push(`column ${d.index + 1} «${d.header}» also reads as ${d.role}; the first such column is used`)
    }
    if (this.zoneShift) this.warnings.push(`dates read in ${this.zone} and converted to ${this.opts.ofdTimeZone}`)
  }

  // -------------------------------------------------------------------------------------------------------------
  // Rows

  private drain(final: boolean, out: BatchBuilder): void {
    const r = this.reader!
    try {
      while (r.next(final)) {
        if (r.isBlankLine()) {
          this.blankLines++
          continue
        }
        this.rowsRead++
        if (this.level === "receipt") this.receiptRow(r, out)
        else this.lineRow(r, out)
      }
    } catch (e) {
      this.decodeFailure(e, r.line)
    }
  }

  private reject(line: number, col: number, raw: string, reason: string): RejectedRow {
    return {
      _tag: "RejectedRow",
      file: this.opts.file,
      line,
      column: col >= 0 ? (this.headers[col] ?? `column ${col + 1}`) : null,
      columnIndex: col >= 0 ? col : null,
      raw,
      reason
    }
  }

  private countReject(row: RejectedRow, out: BatchBuilder): void {
    this.rowsRejected++
    const k = shortReason(row.reason)
    this.reasons.set(k, (this.reasons.get(k) ?? 0) + 1)
    out.reject(row)
  }

  /** Checks the row's shape; a rejection when it is damaged. */
  private shape(r: CsvReader): RejectedRow | null {
    if (r.malformed !== null) return this.reject(r.line, r.malformedCell, r.cell(r.malformedCell), r.malformed)
    const first = firstNonBlank(r)
    if (first >= 0 && mayStartMarker(r, first, this.markerStarts)) {
      const v = V.normalizeKey(r.cell(first))
      for (const m of this.p.totalsRowMarkers) {
        if (v === m || v.startsWith(m + " ") || v.startsWith(m + ":")) {
          return this.reject(r.line, first, r.cell(first), "a totals row, not a receipt")
        }
      }
    }
    const n = this.headers.length
    if (r.count < n) {
      let last = n - 1
      while (last > 0 && this.headers[last] === "") last--
      if (r.count <= last) {
        return this.reject(
          r.line,
          r.count,
          r.cells().join(this.delimiter),
          `the row has ${r.count} cells but the header has ${n}: it is cut short (a truncated line?); column «${this.headers[r.count]}» and those after it are missing`
        )
      }
    } else if (r.count > n) {
      for (let i = n; i < r.count; i++) {
        if (!r.isBlank(i)) {
          return this.reject(
            r.line,
            i,
            r.cell(i),
            `the row has ${r.count} cells but the header has ${n}: an unquoted ${JSON.stringify(this.delimiter)} inside a cell?`
          )
        }
      }
    }
    return null
  }

  private receiptRow(r: CsvReader, out: BatchBuilder): void {
    const bad = this.shape(r)
    if (bad !== null) return this.countReject(bad, out)
    const d = this.readCommon(r)
    if (d.bad !== null) return this.countReject(d.bad, out)
    const total = this.money(r, this.cTotal, true)
    if (typeof total !== "number") return this.countReject(total, out)
    const cash = this.cCash >= 0 ? this.money(r, this.cCash, false) : NONE
    if (typeof cash !== "number") return this.countReject(cash, out)
    const elec = this.cElec >= 0 ? this.money(r, this.cElec, false) : NONE
    if (typeof elec !== "number") return this.countReject(elec, out)
    const sign = total < 0 ? -1 : 1
    let vat: Array<VatBreakdown.VatAmount> | null = null
    if (this.vatCols.length > 0) {
      vat = []
      let last: { rate: VatRateId; gross: Money.Kopecks | null; vat: Money.Kopecks | null } | null = null
      for (const c of this.vatCols) {
        const v = this.money(r, c.index, false)
        if (typeof v !== "number") return this.countReject(v, out)
        if (v === NONE || v === 0) continue
        const amount = (sign < 0 ? Math.abs(v) : v) as Money.Kopecks
        if (last !== null && last.rate === c.rate) {
          if (c.kind === "vat") last.vat = amount
          else last.gross = amount
          continue
        }
        last = { rate: c.rate, gross: c.kind === "gross" ? amount : null, vat: c.kind === "vat" ? amount : null }
        vat.push(last)
      }
    } else if (this.cRate >= 0) {
      const rate = this.rate(r)
      if (rate !== null && typeof rate !== "string") return this.countReject(rate, out)
      const amount = this.cVat >= 0 ? this.money(r, this.cVat, false) : NONE
      if (typeof amount !== "number") return this.countReject(amount, out)
      vat = []
      if (rate !== null) {
        const gross = Math.abs(total) as Money.Kopecks
        const noVat = VatRate.get(rate).numerator === null
        vat.push({
          rate,
          gross,
          vat: noVat ? null : ((amount === NONE ? VatRate.vatOf(gross, rate) : Math.abs(amount)) as Money.Kopecks)
        })
      }
    }
    const op = this.operationOf(d, total)
    if (typeof op !== "string") return this.countReject(op, out)
    const abs = Math.abs(total)
    const [cashV, elecV] = this.payments(cash === NONE ? null : Math.abs(cash), elec === NONE ? null : Math.abs(elec), abs)
    this.rowsAccepted++
    this.receipts++
    this.build(out, d, r.line, null, op, abs, cashV, elecV, vat, 0)
  }

  /** Copies the bytes of the receipt-level cells of a line into `nextKey`; returns the key length. */
  private keyOf(r: CsvReader): number {
    let n = 0
    for (const c of this.groupCols) {
      const from = c < r.count ? r.starts[c]! : 0
      const to = c < r.count ? r.ends[c]! : 0
      const len = to - from + 1
      if (n + len > this.nextKey.length) {
        const k = new Uint8Array((n + len) * 2)
        k.set(this.nextKey.subarray(0, n))
        this.nextKey = k
      }
      this.nextKey.set(r.bytes.subarray(from, to), n)
      n += len - 1
      this.nextKey[n++] = 0xff
    }
    return n
  }

  private lineRow(r: CsvReader, out: BatchBuilder): void {
    // Group by the receipt-level cells; a change of any of them starts a new receipt.
    const n = this.keyOf(r)
    let same = this.group.length > 0 && n === this.groupKeyLength
    if (same) {
      for (let i = 0; i < n; i++) {
        if (this.nextKey[i] !== this.groupKey[i]) {
          same = false
          break
        }
      }
    }
    if (!same) {
      this.closeGroup(out)
      const swap = this.groupKey
      this.groupKey = this.nextKey
      this.nextKey = swap
      this.groupKeyLength = n
    }
    const line: Line = { line: r.line, raw: null, sum: 0, rate: null, vat: NONE, hasVat: false, cash: NONE, electronic: NONE, docTotal: NONE }
    this.group.push(line)
    if (this.groupBad !== null) {
      line.raw = r.cells().join(this.delimiter)
      return
    }
    const fail = (row: RejectedRow) => {
      this.groupBad = row
      line.raw = r.cells().join(this.delimiter)
    }
    const bad = this.shape(r)
    if (bad !== null) return fail(bad)
    if (this.groupHead === null) {
      const d = this.readCommon(r)
      if (d.bad !== null) return fail(d.bad)
      this.groupHead = { ...d }
    }
    const sum = this.money(r, this.cTotal, true)
    if (typeof sum !== "number") return fail(sum)
    line.sum = sum
    if (this.cRate >= 0) {
      const rate = this.rate(r)
      if (rate !== null && typeof rate !== "string") return fail(rate)
      line.rate = rate
    }
    if (this.cVat >= 0) {
      const v = this.money(r, this.cVat, false)
      if (typeof v !== "number") return fail(v)
      line.vat = v
      line.hasVat = v !== NONE
    }
    if (this.cCash >= 0) {
      const v = this.money(r, this.cCash, false)
      if (typeof v !== "number") return fail(v)
      line.cash = v
    }
    if (this.cElec >= 0) {
      const v = this.money(r, this.cElec, false)
      if (typeof v !== "number") return fail(v)
      line.electronic = v
    }
    if (this.cDocTotal >= 0) {
      const v = this.money(r, this.cDocTotal, false)
      if (typeof v !== "number") return fail(v)
      line.docTotal = v
    }
  }

  private closeGroup(out: BatchBuilder): void {
    const lines = this.group
    if (lines.length === 0) return
    const head = this.groupHead
    const bad = this.groupBad
    this.group = []
    this.groupHead = null
    this.groupBad = null
    if (bad !== null || head === null) {
      const cause = bad!
      for (const l of lines) {
        if (l.line === cause.line) this.countReject(cause, out)
        else {
          this.countReject(
            this.reject(l.line, -1, l.raw ?? "", `another line of the same receipt (line ${cause.line}) was rejected: ${cause.reason}`),
            out
          )
        }
      }
      return
    }
    let total = 0
    for (const l of lines) total += l.sum
    const sign = total < 0 ? -1 : 1
    const acc = new Map<VatRateId, { gross: number; vat: number | null }>()
    for (const l of lines) {
      if (l.rate === null) continue
      const noVat = VatRate.get(l.rate).numerator === null
      const gross = l.sum * sign
      const v = noVat ? null : l.hasVat ? l.vat * sign : VatRate.vatOf(Math.abs(gross) as Money.Kopecks, l.rate) * (gross < 0 ? -1 : 1)
      const e = acc.get(l.rate) ?? { gross: 0, vat: noVat ? null : 0 }
      e.gross += gross
      if (v !== null) e.vat = (e.vat ?? 0) + v
      acc.set(l.rate, e)
    }
    const vat: VatBreakdown.VatBreakdown | null = this.cRate >= 0
      ? [...acc]
        .sort(([a], [b]) => VatRate.orderOf(a) - VatRate.orderOf(b))
        .map(([rate, v]) => ({ rate, gross: v.gross as Money.Kopecks, vat: v.vat as Money.Kopecks | null }))
      : null
    let cash: number | null = null
    let elec: number | null = null
    if (this.cCash >= 0 || this.cElec >= 0) {
      const first = lines[0]!
      const repeated = lines.every((l) => l.cash === first.cash && l.electronic === first.electronic)
      const mode = this.p.linePayments === "auto" ? (repeated ? "receipt" : "line") : this.p.linePayments
      if (mode === "receipt") {
        cash = first.cash === NONE ? null : Math.abs(first.cash)
        elec = first.electronic === NONE ? null : Math.abs(first.electronic)
      } else {
        for (const l of lines) {
          if (l.cash !== NONE) cash = (cash ?? 0) + Math.abs(l.cash)
          if (l.electronic !== NONE) elec = (elec ?? 0) + Math.abs(l.electronic)
        }
      }
    }
    const docTotal0 = lines[0]!.docTotal
    ;[cash, elec] = this.payments(cash, elec, docTotal0 !== NONE ? Math.abs(docTotal0) : Math.abs(total))
    const docTotal = lines[0]!.docTotal
    const receiptTotal = docTotal !== NONE ? Math.abs(docTotal) : Math.abs(total)
    if (docTotal !== NONE && Math.abs(docTotal) !== Math.abs(total) && this.warnings.length < 50) {
      this.warnings.push(
        `${this.opts.file}:${lines[0]!.line}: lines add up to ${Money.toDecimalString(Math.abs(total))} but the receipt total says ${Money.toDecimalString(Math.abs(docTotal))}; the receipt total is used`
      )
    }
    const op = this.operationOf(head, total)
    if (typeof op !== "string") {
      for (const l of lines) {
        this.countReject(
          l === lines[0] ? op : this.reject(l.line, op.columnIndex ?? -1, op.raw, `another line of the same receipt (line ${op.line}) was rejected: ${op.reason}`),
          out
        )
      }
      return
    }
    this.rowsAccepted += lines.length
    this.receipts++
    this.build(out, head, lines[0]!.line, lines.map((l) => l.line), op, receiptTotal, cash, elec, vat, lines.length)
  }

  // -------------------------------------------------------------------------------------------------------------
  // Cells

  private money(r: CsvReader, col: number, required: boolean): number | RejectedRow {
    if (col >= r.count) return required ? this.reject(r.line, col, "", "the amount is empty") : NONE
    const v = Money.parseRublesBytesOrNaN(r.bytes, r.starts[col]!, r.ends[col]!, this.nbspByte)
    if (v === v && r.flags[col] !== 2) return v
    const s = r.cell(col)
    const again = Money.parseRublesOrNaN(s)
    if (again === again) return again
    if (r.isBlank(col)) {
      if (!required) return NONE
      return this.reject(r.line, col, s, "the amount is empty")
    }
    if (V.looksLikeFormula(s)) {
      return this.reject(r.line, col, s, "a spreadsheet formula, not an amount: export values, not formulas")
    }
    const e = Money.parseRubles(s)
    return this.reject(r.line, col, s, Either.isLeft(e) ? `not an amount in rubles: ${e.left.reason}` : "not an amount")
  }

  private rate(r: CsvReader): VatRateId | null | RejectedRow {
    if (r.isBlank(this.cRate)) return null
    const from = r.starts[this.cRate]!
    const to = r.ends[this.cRate]!
    let v = this.rates.get(r.bytes, from, to)
    if (v === undefined) v = this.rates.add(r.bytes, from, to, V.parseVatRate(r.cell(this.cRate), this.p.vatRates) ?? null)
    if (v !== null) return v
    return this.reject(
      r.line,
      this.cRate,
      r.cell(this.cRate),
      "unknown VAT rate (expected 22%, 20%, 10%, 7%, 5%, 0%, Без НДС, 22/122, 20/120, 10/110, 7/107 or 5/105; map it in the profile's vatRates)"
    )
  }

  // -------------------------------------------------------------------------------------------------------------
  // Dates: rows come in time order, so most share the day of the row before. A cell of exactly
  // `dd.mm.yyyy HH:MM:SS` whose first 11 bytes are those of the last fully parsed one needs only its time read.

  /** The first 11 bytes (`dd.mm.yyyy `) of the last date cell parsed in full, when it can be reused. */
  private readonly dayBytes = new Uint8Array(11)
  private dayKnown = false
  /** Wall-clock ms of that day's midnight. */
  private dayWallMs = 0
  /** Time of day of the current row, set by {@link sameDay}. */
  private timeOfDayMs = 0

  /** After a full parse: keep the day when the cell has the fixed layout, with no offset and no zone shift. */
  private rememberDay(r: CsvReader, f: V.DateFields): void {
    const b = r.bytes
    const from = r.starts[this.cDate]!
    this.dayKnown = false
    if (r.ends[this.cDate]! - from !== 19 || f.offset !== null || this.zoneShift || r.flags[this.cDate] !== 0) return
    if (b[from + 2] !== 46 || b[from + 5] !== 46 || b[from + 10] !== 32 || b[from + 13] !== 58 || b[from + 16] !== 58) return
    for (let i = 0; i < 11; i++) this.dayBytes[i] = b[from + i]!
    this.dayWallMs = V.fieldsToWallMillis({ ...f, h: 0, mi: 0, s: 0 })
    this.dayKnown = true
  }

  /** Whether the row's date cell is `<the remembered day> HH:MM:SS` with a valid time (then in {@link timeOfDayMs}). */
  private sameDay(r: CsvReader): boolean {
    if (!this.dayKnown) return false
    const b = r.bytes
    const from = r.starts[this.cDate]!
    if (r.ends[this.cDate]! - from !== 19 || r.flags[this.cDate] !== 0) return false
    const day = this.dayBytes
    for (let i = 0; i < 11; i++) if (day[i] !== b[from + i]) return false
    if (b[from + 13] !== 58 || b[from + 16] !== 58) return false
    const h = twoDigits(b, from + 11)
    const mi = twoDigits(b, from + 14)
    const sec = twoDigits(b, from + 17)
    // anything else (a bad digit, 24:00) takes the full parse and its message
    if (!(h <= 23 && mi <= 59 && sec <= 59)) return false
    this.timeOfDayMs = ((h * 60 + mi) * 60 + sec) * 1000
    return true
  }

  /** Text of a repetitive column, interned by its bytes; null when blank. */
  private internedText(r: CsvReader, col: number, interner: Interner<string>): string | null {
    const from = r.starts[col]!
    const to = r.ends[col]!
    const v = interner.get(r.bytes, from, to)
    if (v !== undefined) return v === "" ? null : v
    const t = r.flags[col] === 2 ? r.cell(col).trim() : r.cell(col).trim()
    interner.add(r.bytes, from, to, t)
    return t === "" ? null : t
  }

  /** Reads the receipt-level cells into the shared draft (copy it to keep it). */
  private readCommon(r: CsvReader): Draft {
    const b = r.bytes
    const d = this.draft
    d.bad = null
    d.wallMillis = NaN
    d.hasTime = false
    d.documentNumber = null
    d.docFrom = 0
    d.docTo = 0
    d.outlet = null
    d.register = null
    d.kktRegNumber = null
    d.fn = null
    d.fd = null
    d.fiscalSign = NaN
    d.shift = null
    d.numberInShift = null
    d.op = null
    d.opRaw = null
    d.line = r.line
    if (this.cDate >= 0 && this.cDate < r.count && this.sameDay(r)) {
      d.hasTime = true
      d.wallMillis = this.dayWallMs + this.timeOfDayMs
    } else if (this.cDate >= 0 && this.cDate < r.count) {
      const f = this.fields
      const k = V.parseDateBytes(b, r.starts[this.cDate]!, r.ends[this.cDate]!, f, this.p.dateOrder)
      if (k === V.DATE_BAD) {
        const s = r.cell(this.cDate)
        d.bad = this.reject(r.line, this.cDate, s, V.looksLikeFormula(s) ? "a spreadsheet formula, not a date" : V.explainDate(s))
        return d
      }
      if (k === V.DATE_OK) {
        if (this.cTime >= 0 && !f.hasTime && !r.isBlank(this.cTime)) {
          const ts = r.cell(this.cTime)
          if (!V.parseTimeInto(ts, f)) {
            d.bad = this.reject(r.line, this.cTime, ts, "not a time of day (expected H:mm or H:mm:ss)")
            return d
          }
        }
        d.hasTime = f.hasTime
        let ms = V.fieldsToWallMillis(f)
        if (f.offset !== null) {
          const instant = ms - f.offset * 60_000
          ms = instant + LDT.zoneOffsetMillis(this.opts.ofdTimeZone, instant)
        } else if (this.zoneShift) ms += this.shiftAt(ms)
        d.wallMillis = ms
        this.rememberDay(r, f)
      }
    }
    if (this.cDoc >= 0 && !r.isBlank(this.cDoc)) {
      // Receipt level: keep the bytes, the batch decodes them only if someone reads the number.
      if (this.level === "line" || r.flags[this.cDoc] === 2) d.documentNumber = r.cell(this.cDoc).trim()
      else {
        let from = r.starts[this.cDoc]!
        let to = r.ends[this.cDoc]!
        while (from < to && (b[from] === 32 || b[from] === 9)) from++
        while (to > from && (b[to - 1] === 32 || b[to - 1] === 9)) to--
        // Decoded later, so check now that UTF-8 bytes are UTF-8: a bad file must fail here, naming the cell.
        if (this.nbspByte < 0 && !V.validUtf8(b, from, to)) r.cell(this.cDoc)
        d.docFrom = from
        d.docTo = to
      }
    }
    if (this.cOutlet >= 0 && this.cOutlet < r.count) d.outlet = this.internedText(r, this.cOutlet, this.outlets)
    if (this.cRegister >= 0 && this.cRegister < r.count) d.register = this.internedText(r, this.cRegister, this.registers)
    if (this.cRegNo >= 0 && !r.isBlank(this.cRegNo)) {
      const from = r.starts[this.cRegNo]!
      const to = r.ends[this.cRegNo]!
      let t = this.regNos.get(b, from, to)
      if (t === undefined) {
        const digits = r.cell(this.cRegNo).replace(/[\s\u00a0]/g, "")
        t = this.regNos.add(b, from, to, /^\d{1,20}$/.test(digits) ? digits : null)
      }
      if (t === null) {
        const s = r.cell(this.cRegNo)
        d.bad = this.reject(r.line, this.cRegNo, s, /e\+?\d+$/i.test(s.trim())
          ? "the registration number is in scientific notation: a spreadsheet turned it into a number; export the column as text"
          : "not a KKT registration number (up to 20 digits)")
        return d
      }
      d.kktRegNumber = t
    }
    if (this.cFn >= 0 && !r.isBlank(this.cFn)) {
      const from = r.starts[this.cFn]!
      const to = r.ends[this.cFn]!
      let fn = V.isDigits(b, from, to, 16) ? this.fns.get(b, from, to) : undefined
      if (fn === undefined) {
        const s = r.cell(this.cFn)
        const parsed = V.parseFn(s)
        if (parsed === null) {
          d.bad = this.reject(r.line, this.cFn, s, V.explainFn(s))
          return d
        }
        fn = V.isDigits(b, from, to, 16) ? this.fns.add(b, from, to, parsed) : parsed
      }
      d.fn = fn as Ids.FnNumber
    }
    if (this.cFd >= 0 && !r.isBlank(this.cFd)) {
      const v = V.parseCountBytes(b, r.starts[this.cFd]!, r.ends[this.cFd]!)
      if (v < 0) {
        const s = r.cell(this.cFd)
        d.bad = this.reject(r.line, this.cFd, s, V.explainCount(s, "the FD number"))
        return d
      }
      d.fd = v
    }
    if (this.cSign >= 0 && !r.isBlank(this.cSign)) {
      const from = r.starts[this.cSign]!
      const to = r.ends[this.cSign]!
      const v = V.fiscalSignNumber(b, from, to)
      if (v < 0) {
        d.bad = this.reject(r.line, this.cSign, r.cell(this.cSign), "not a fiscal sign (ФПД: up to 10 digits, at most 4294967295)")
        return d
      }
      d.fiscalSign = v
    }
    if (this.cShift >= 0 && !r.isBlank(this.cShift)) {
      const v = V.parseCountBytes(b, r.starts[this.cShift]!, r.ends[this.cShift]!)
      if (v < 0) {
        const s = r.cell(this.cShift)
        d.bad = this.reject(r.line, this.cShift, s, V.explainCount(s, "the shift number"))
        return d
      }
      d.shift = v
    }
    if (this.cNis >= 0 && !r.isBlank(this.cNis)) {
      const v = V.parseCountBytes(b, r.starts[this.cNis]!, r.ends[this.cNis]!)
      if (v < 0) {
        const s = r.cell(this.cNis)
        d.bad = this.reject(r.line, this.cNis, s, V.explainCount(s, "the receipt number in the shift"))
        return d
      }
      d.numberInShift = v
    }
    if (this.cOp >= 0) {
      const from = this.cOp < r.count ? r.starts[this.cOp]! : 0
      const to = this.cOp < r.count ? r.ends[this.cOp]! : 0
      let op = this.ops.get(b, from, to)
      if (op === undefined) op = this.ops.add(b, from, to, V.parseOperation(r.cell(this.cOp), this.p.operations) ?? null)
      d.op = op
      if (op === null) d.opRaw = r.cell(this.cOp)
    }
    const canMatch = d.wallMillis === d.wallMillis || (d.fn !== null && (d.fd !== null || (d.shift !== null && d.numberInShift !== null))) ||
      d.fiscalSign === d.fiscalSign
    if (!canMatch) {
      d.bad = this.reject(
        r.line,
        this.cDate,
        this.cDate >= 0 ? r.cell(this.cDate) : "",
        "the date is empty and there are no fiscal numbers (FN and FD, or fiscal sign): the receipt cannot be matched"
      )
    }
    return d
  }

  /**
   * The payment split from the cells: with both columns, an empty cell is 0 unless both are empty (unknown); with one
   * column, an empty cell is 0 and the other form is the rest of the total.
   */
  private payments(cash: number | null, electronic: number | null, total: number): [Money.Kopecks | null, Money.Kopecks | null] {
    const hasCash = this.cCash >= 0
    const hasElec = this.cElec >= 0
    if (hasCash && hasElec) {
      if (cash === null && electronic === null) return [null, null]
      return [(cash ?? 0) as Money.Kopecks, (electronic ?? 0) as Money.Kopecks]
    }
    if (hasCash) return [(cash ?? 0) as Money.Kopecks, (total - (cash ?? 0)) as Money.Kopecks]
    if (hasElec) return [(total - (electronic ?? 0)) as Money.Kopecks, (electronic ?? 0) as Money.Kopecks]
    return [null, null]
  }

  private operationOf(d: Draft, total: number): Operation | RejectedRow {
    if (this.cOp < 0) return total < 0 ? "IncomeReturn" : "Income"
    const op = d.op
    if (op === null) {
      const raw = d.opRaw ?? ""
      return this.reject(
        d.line,
        this.cOp,
        raw,
        raw.trim() === ""
          ? "the operation is empty (expected Продажа or Возврат)"
          : "unknown operation (expected Продажа / Приход or Возврат; map other names in the profile's operations)"
      )
    }
    if (total < 0) {
      if (op === "Income") return "IncomeReturn"
      if (op === "Expenditure") return "ExpenditureReturn"
    }
    return op
  }

  private shiftAt(ms: number): number {
    const hour = Math.floor(ms / 3_600_000)
    let v = this.shiftCache.get(hour)
    if (v === undefined) {
      const instant = LDT.toInstant(LDT.fromWallMillis(hour * 3_600_000), this.zone)
      v = LDT.zoneOffsetMillis(this.opts.ofdTimeZone, instant) - LDT.zoneOffsetMillis(this.zone, instant)
      this.shiftCache.set(hour, v)
    }
    return v
  }

  private build(
    out: BatchBuilder,
    d: Draft,
    line: number,
    lines: ReadonlyArray<number> | null,
    op: Operation,
    total: number,
    cash: number | null,
    electronic: number | null,
    vat: VatBreakdown.VatBreakdown | null,
    itemCount: number
  ): void {
    out.add(
      line, lines, itemCount, d.wallMillis, d.hasTime, d.documentNumber, d.outlet, d.register, d.kktRegNumber, d.fn, d.fd,
      d.fiscalSign, d.shift, d.numberInShift, op, total, cash, electronic, vat
    )
    if (d.docTo > d.docFrom) out.docBytes(this.reader!.bytes, d.docFrom, d.docTo)
  }
}

/** Two ASCII digits at `i` as a number; NaN when either is not a digit. */
const twoDigits = (b: Uint8Array, i: number): number => {
  const x = b[i]! - 48
  const y = b[i + 1]! - 48
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : NaN
}

/**
 * Whether the first non-blank cell may start with a totals marker, judged on its first bytes: the marker's first
 * letter in ASCII, UTF-8 (two bytes) or a Cyrillic code page (one byte). Only then is the cell decoded.
 */
const mayStartMarker = (r: CsvReader, i: number, starts: Set<number>): boolean => {
  const b = r.bytes
  let k = r.starts[i]!
  while (k < r.ends[i]! && (b[k] === 32 || b[k] === 9)) k++
  const c = b[k]!
  if (c < 0x80) return starts.has(c)
  if ((c === 0xd0 || c === 0xd1) && r.decoder.encoding === "utf-8") return starts.has((c << 8) | b[k + 1]!)
  return starts.has(0x10000 | c)
}

const markerByteStarts = (markers: ReadonlyArray<string>): Set<number> => {
  const set = new Set<number>()
  const single = (label: string) => {
    const table = new Map<string, number>()
    const dec = new TextDecoder(label)
    for (let b = 0x80; b < 256; b++) table.set(dec.decode(new Uint8Array([b])), b)
    return table
  }
  const cp1251 = single("windows-1251")
  const cp866 = single("ibm866")
  for (const m of markers) {
    for (const ch of [m.charAt(0).toLowerCase(), m.charAt(0).toUpperCase()]) {
      const code = ch.charCodeAt(0)
      if (code < 0x80) {
        set.add(code)
        continue
      }
      const u = new TextEncoder().encode(ch)
      if (u.length === 2) set.add((u[0]! << 8) | u[1]!)
      const a = cp1251.get(ch)
      if (a !== undefined) set.add(0x10000 | a)
      const c = cp866.get(ch)
      if (c !== undefined) set.add(0x10000 | c)
    }
  }
  return set
}

const firstNonBlank = (r: CsvReader): number => {
  for (let i = 0; i < r.count; i++) if (!r.isBlank(i)) return i
  return -1
}

/** Share of rows having the most common cell count (>1), for delimiter detection. */
const modeShare = (counts: ReadonlyArray<number>): number => {
  const m = new Map<number, number>()
  for (const c of counts) if (c > 1) m.set(c, (m.get(c) ?? 0) + 1)
  let best = 0
  for (const v of m.values()) best = Math.max(best, v)
  return counts.length === 0 ? 0 : best / counts.length
}

/** The reason without the cell-specific numbers, for counting. */
const shortReason = (reason: string): string => reason.replace(/\d+/g, "N").slice(0, 160)
