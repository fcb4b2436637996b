/**
 * A streaming RFC 4180 reader over bytes, and a safe CSV writer.
 *
 * Why hand-written rather than uDSV / papaparse / csv-parse: reconciliation must name the *physical* line of
 * every row (the ground truth and the user's text editor count lines, and a quoted cell may hold line breaks),
 * must say precisely where a file ends inside an open quote, and must stream over chunks of any size with bounded
 * memory. None of those libraries reports physical line numbers per row. And speed: they all work on decoded
 * strings; this reader splits the raw bytes (`;`, `"`, CR and LF are single ASCII bytes in UTF-8, Windows-1251 and
 * cp866 alike, and never occur inside a UTF-8 multi-byte sequence), which measured twice as fast as scanning the
 * decoded text, and it decodes only the cells that are text — numbers and dates are read from the bytes.
 * A row is a set of offsets into the current buffer; cells are decoded only when asked for.
 *
 * Accepted beyond RFC 4180, leniently: LF, CRLF or lone CR line ends; a quote inside an unquoted cell is kept
 * literally (`ООО "Ромашка"` unquoted); text after a closing quote is kept and the row is marked malformed.
 */

const QUOTE = 34
const LF = 10
const CR = 13

/** Turns the bytes of a cell into text in the file's encoding. */
export interface CellText {
  readonly encoding: string
  text(bytes: Uint8Array, start: number, end: number): string
}

/**
 * Thrown by a {@link CellText} when a cell's bytes are not valid in its encoding (`not-utf8`), or when a single-byte
 * file holds UTF-8 text (`utf8-in-single-byte`: the file mixes encodings, and the names would be read garbled).
 */
export class InvalidCellBytes extends Error {
  /** Index of the cell in its row, set by {@link CsvReader.cell}. */
  cell = -1
  constructor(readonly offset: number, readonly bytes: string, readonly kind: "not-utf8" | "utf8-in-single-byte" = "not-utf8") {
    super(`invalid bytes ${bytes}`)
  }
}

/**
 * Where UTF-8 Cyrillic starts in bytes read as a single-byte code page: two letters in a row encoded as UTF-8
 * (D0/D1 followed by 80–BF, twice). In Windows-1251 that is «Р» or «С» followed by punctuation or a rare letter,
 * twice — not Russian text; in cp866, box drawing followed by a letter, twice. -1 when there is none.
 */
const utf8CyrillicAt = (b: Uint8Array, start: number, end: number): number => {
  for (let i = start; i + 3 < end; i++) {
    const c = b[i]!
    if ((c === 0xd0 || c === 0xd1) && (b[i + 1]! & 0xc0) === 0x80 && (b[i + 2] === 0xd0 || b[i + 2] === 0xd1) && (b[i + 3]! & 0xc0) === 0x80) {
      return i
    }
  }
  return -1
}

interface NodeBufferLike {
  latin1Slice(start: number, end: number): string
  utf8Slice(start: number, end: number): string
}
type BufferFrom = (b: ArrayBufferLike, offset: number, length: number) => NodeBufferLike
const NodeBuffer = (globalThis as unknown as { Buffer?: { from: BufferFrom } }).Buffer
/** Node's Buffer, when present, decodes a cell about twice as fast as TextDecoder (no per-call setup). */
const bufferOf = (b: Uint8Array): NodeBufferLike | null =>
  NodeBuffer === undefined ? null : NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength)

const scratch: Array<number> = []

const latin1 = (bytes: Uint8Array, start: number, end: number, nb: NodeBufferLike | null): string => {
  if (nb !== null) return nb.latin1Slice(start, end)
  const n = end - start
  scratch.length = n
  for (let i = 0; i < n; i++) scratch[i] = bytes[start + i]!
  return String.fromCharCode.apply(null, scratch)
}

const hex = (b: Uint8Array, at: number) =>
  Array.from(b.subarray(at, at + 4)).map((x) => x.toString(16).toUpperCase().padStart(2, "0")).join(" ")

/** Cells as UTF-8; invalid sequences throw {@link InvalidCellBytes}. */
export const utf8Cells = (): CellText => {
  let cached: Uint8Array | null = null
  let nb: NodeBufferLike | null = null
  const fatal = new TextDecoder("utf-8", { fatal: true })
  return {
    encoding: "utf-8",
    text(bytes, start, end) {
      if (bytes !== cached) {
        cached = bytes
        nb = bufferOf(bytes)
      }
      let ascii = true
      for (let i = start; i < end; i++) {
        if (bytes[i]! >= 0x80) {
          ascii = false
          break
        }
      }
      if (ascii) return latin1(bytes, start, end, nb)
      if (nb !== null) {
        const s = nb.utf8Slice(start, end)
        if (!s.includes("\ufffd")) return s
      }
      try {
        return fatal.decode(bytes.subarray(start, end))
      } catch {
        let at = start
        while (at < end && bytes[at]! < 0x80) at++
        throw new InvalidCellBytes(at, hex(bytes, at))
      }
    }
  }
}

/** Cells in a single-byte code page (`windows-1251`, `ibm866`), by a 256-entry table. */
export const singleByteCells = (label: "windows-1251" | "ibm866"): CellText => {
  const table = new Uint16Array(256)
  const dec = new TextDecoder(label)
  for (let b = 0; b < 256; b++) table[b] = dec.decode(new Uint8Array([b])).charCodeAt(0)
  let cached: Uint8Array | null = null
  let nb: NodeBufferLike | null = null
  return {
    encoding: label,
    text(bytes, start, end) {
      if (bytes !== cached) {
        cached = bytes
        nb = bufferOf(bytes)
      }
      let ascii = true
      for (let i = start; i < end; i++) {
        if (bytes[i]! >= 0x80) {
          ascii = false
          break
        }
      }
      if (ascii) return latin1(bytes, start, end, nb)
      const utf8 = utf8CyrillicAt(bytes, start, end)
      if (utf8 >= 0) throw new InvalidCellBytes(utf8, hex(bytes, utf8), "utf8-in-single-byte")
      const n = end - start
      scratch.length = n
      for (let i = 0; i < n; i++) scratch[i] = table[bytes[start + i]!]!
      return String.fromCharCode.apply(null, scratch)
    }
  }
}

/** Cell decoding for an encoding name. */
export const cellsFor = (encoding: "utf-8" | "windows-1251" | "ibm866"): CellText =>
  encoding === "utf-8" ? utf8Cells() : singleByteCells(encoding)

/** A parsed row: offsets into {@link CsvReader.bytes}, valid until the next {@link CsvReader.push}. */
export class CsvReader {
  /** The bytes the current row's offsets index into. */
  bytes: Uint8Array = new Uint8Array(0)
  /** Number of cells in the current row. */
  count = 0
  /** Physical (1-based) line on which the current row starts. */
  line = 0
  /** Physical lines the current row spans (more than 1 when a quoted cell holds line breaks). */
  lines = 0
  /** Set when the row is damaged: the file ended inside a quoted cell, or text follows a closing quote. */
  malformed: string | null = null
  /** Index of the cell `malformed` is about. */
  malformedCell = -1
  starts: Int32Array = new Int32Array(64)
  ends: Int32Array = new Int32Array(64)
  /** 0 plain, 1 quoted, 2 quoted with doubled quotes to undo. */
  flags: Uint8Array = new Uint8Array(64)

  private pos = 0
  private nextLine = 1
  /** Bytes consumed before `bytes[0]`, for messages. */
  private base = 0

  constructor(readonly delimiter: number, public decoder: CellText = utf8Cells()) {}

  /**
   * Appends bytes; the unparsed tail of the previous buffer is kept in front of them. When there is such a tail,
   * both are copied into a work buffer that is reused from push to push: allocating a fresh buffer per chunk
   * costs more in garbage collection (external memory pressure) than the copy.
   */
  push(chunk: Uint8Array): void {
    const rest = this.bytes.length - this.pos
    if (rest === 0) {
      this.base += this.bytes.length
      this.bytes = chunk
    } else if (chunk.length === 0) {
      return
    } else {
      const need = rest + chunk.length
      let work = this.work
      if (this.bytes.buffer === work.buffer) {
        // the tail already lives in the work buffer: move it to the front
        if (need > work.length) {
          const bigger = new Uint8Array(need * 2)
          bigger.set(this.bytes.subarray(this.pos))
          work = bigger
        } else work.copyWithin(0, this.bytes.byteOffset - work.byteOffset + this.pos, this.bytes.byteOffset - work.byteOffset + this.bytes.length)
      } else {
        if (need > work.length) work = new Uint8Array(Math.max(need * 2, 64 * 1024))
        work.set(this.bytes.subarray(this.pos))
      }
      work.set(chunk, rest)
      this.work = work
      this.base += this.pos
      this.bytes = work.subarray(0, need)
    }
    this.pos = 0
  }

  private work: Uint8Array = new Uint8Array(0)

  /** Byte offset in the whole input of a position in the current buffer. */
  offsetOf(i: number): number {
    return this.base + i
  }

  /** Bytes pushed but not yet returned as rows (an incomplete last row while streaming). */
  get pending(): number {
    return this.bytes.length - this.pos
  }

  /** The physical line the next row will start on. */
  get nextRowLine(): number {
    return this.nextLine
  }

  /**
   * The shape of the bytes not yet returned as a row (an incomplete row while streaming): the index of the cell they
   * end in, the cell whose opening quote has not closed (-1 when none), and the line breaks inside quoted cells.
   * For messages about a row that never ends.
   */
  pendingShape(): { readonly cell: number; readonly openQuote: number; readonly lineBreaks: number } {
    const b = this.bytes
    const n = b.length
    let cell = 0
    let open = -1
    let breaks = 0
    let atStart = true
    for (let i = this.pos; i < n; i++) {
      const c = b[i]!
      if (open >= 0) {
        if (c === QUOTE) {
          if (i + 1 < n && b[i + 1] === QUOTE) i++
          else open = -1
        } else if (c === LF || (c === CR && b[i + 1] !== LF)) breaks++
        continue
      }
      if (atStart && c === QUOTE) open = cell
      atStart = c === this.delimiter
      if (atStart) cell++
    }
    return { cell, openQuote: open, lineBreaks: breaks }
  }

  /** Skips `n` bytes at the current position (a byte-order mark). */
  skip(n: number): void {
    this.pos = Math.min(this.bytes.length, this.pos + n)
  }

  /**
   * Parses the next complete row. Returns false when the buffered bytes hold no complete row (push more), or, when
   * `final`, when the input is exhausted. With `final` the last row needs no line break.
   */
  next(final: boolean): boolean {
    const b = this.bytes
    const n = b.length
    let p = this.pos
    if (p >= n) return false
    const d = this.delimiter
    const starts = this.starts
    let count = 0
    let extraLines = 0
    let malformed: string | null = null
    let malformedCell = -1
    for (;;) {
      if (count === this.starts.length) this.grow()
      if (p < n && b[p] === QUOTE) {
        let q = p + 1
        let flag = 1
        let close = -1
        for (;;) {
          const i = b.indexOf(QUOTE, q)
          if (i === -1) break
          if (i + 1 < n && b[i + 1] === QUOTE) {
            flag = 2
            q = i + 2
            continue
          }
          if (i + 1 >= n && !final) return false
          close = i
          break
        }
        if (close === -1) {
          if (!final) return false
          // The input ends inside a quoted cell: keep what there is and mark the row.
          extraLines += countLineBreaks(b, p + 1, n)
          this.starts[count] = p + 1
          this.ends[count] = n
          this.flags[count] = flag
          malformed ??= "the file ends inside a quoted cell (a closing quote is missing or the last line is cut short)"
          if (malformedCell < 0) malformedCell = count
          count++
          p = n
          break
        }
        extraLines += countLineBreaks(b, p + 1, close)
        this.starts[count] = p + 1
        this.ends[count] = close
        this.flags[count] = flag
        p = close + 1
        if (p < n) {
          const c = b[p]!
          if (c !== d && c !== LF && c !== CR) {
            // `"abc"def`: keep the whole raw text of the cell, and say so.
            let q2 = p
            while (q2 < n) {
              const c2 = b[q2]!
              if (c2 === d || c2 === LF || c2 === CR) break
              q2++
            }
            if (q2 >= n && !final) return false
            malformed ??= "text after the closing quote of a quoted cell"
            if (malformedCell < 0) malformedCell = count
            this.starts[count] = this.starts[count]! - 1
            this.ends[count] = q2
            this.flags[count] = 0
            p = q2
          }
        }
        count++
        if (p >= n) {
          if (!final) return false
          break
        }
        const c = b[p]!
        if (c === d) {
          p++
          continue
        }
        if (c === CR) {
          if (p + 1 < n) p += b[p + 1] === LF ? 2 : 1
          else if (!final) return false
          else p += 1
        } else p += 1
        break
      } else {
        let q = p
        let c = 0
        while (q < n) {
          c = b[q]!
          if (c === d || c === LF || c === CR) break
          q++
        }
        if (q >= n && !final) return false
        starts[count] = p
        this.ends[count] = q
        this.flags[count] = 0
        count++
        if (q >= n) {
          p = n
          break
        }
        if (c === d) {
          p = q + 1
          continue
        }
        if (c === CR) {
          if (q + 1 < n) p = b[q + 1] === LF ? q + 2 : q + 1
          else if (!final) return false
          else p = q + 1
        } else p = q + 1
        break
      }
    }
    this.pos = p
    this.count = count
    this.line = this.nextLine
    this.lines = 1 + extraLines
    this.nextLine += 1 + extraLines
    this.malformed = malformed
    this.malformedCell = malformedCell
    return true
  }

  /** The text of cell `i` (quotes removed, doubled quotes undone); "" past the last cell. */
  cell(i: number): string {
    if (i >= this.count) return ""
    let v: string
    try {
      v = this.decoder.text(this.bytes, this.starts[i]!, this.ends[i]!)
    } catch (e) {
      if (e instanceof InvalidCellBytes) e.cell = i
      throw e
    }
    return this.flags[i] === 2 ? v.replaceAll("\"\"", "\"") : v
  }

  /** Whether cell `i` is empty or only spaces (ASCII space, tab, or a no-break space in UTF-8 or a code page). */
  isBlank(i: number): boolean {
    if (i >= this.count) return true
    const b = this.bytes
    const end = this.ends[i]!
    for (let k = this.starts[i]!; k < end; k++) {
      const c = b[k]!
      if (c === 32 || c === 9 || c === 0xa0) continue
      if (c === 0xc2 && b[k + 1] === 0xa0 && this.decoder.encoding === "utf-8") {
        k++
        continue
      }
      return false
    }
    return true
  }

  /** A blank line: one empty cell. */
  isBlankLine(): boolean {
    return this.count === 1 && this.flags[0] === 0 && this.starts[0] === this.ends[0]
  }

  /** All cells of the current row as strings. */
  cells(): Array<string> {
    const out = new Array<string>(this.count)
    for (let i = 0; i < this.count; i++) out[i] = this.cell(i)
    return out
  }

  private grow(): void {
    const size = this.starts.length * 2
    const s = new Int32Array(size)
    s.set(this.starts)
    const e = new Int32Array(size)
    e.set(this.ends)
    const f = new Uint8Array(size)
    f.set(this.flags)
    this.starts = s
    this.ends = e
    this.flags = f
  }
}

/** Line breaks in `b[from, to)`: LF, CRLF and lone CR each count once. */
const countLineBreaks = (b: Uint8Array, from: number, to: number): number => {
  let lines = 0
  for (let i = from; i < to; i++) {
    const c = b[i]
    if (c === LF) lines++
    else if (c === CR) {
      lines++
      if (i + 1 < to && b[i + 1] === LF) i++
    }
  }
  return lines
}

/** Splits a whole text (as UTF-8) into rows of strings (tests, small files). */
export const parse = (text: string, delimiter = ";"): Array<{ line: number; cells: Array<string>; malformed: string | null }> => {
  const r = new CsvReader(delimiter.charCodeAt(0))
  r.push(new TextEncoder().encode(text))
  const rows: Array<{ line: number; cells: Array<string>; malformed: string | null }> = []
  while (r.next(true)) rows.push({ line: r.line, cells: r.cells(), malformed: r.malformed })
  return rows
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

const needsQuoting = /[",;\t\r\n]/

/**
 * One cell for a CSV file opened by people in Excel or LibreOffice: a cell starting with `=`, `+`, `-` or `@`
 * (or a tab or carriage return) is a formula to a spreadsheet, so it is prefixed with `'` (OWASP "CSV injection");
 * then quoted when it holds a delimiter, a quote or a line break. Numbers are passed as numbers and written as is,
 * so a negative amount stays a number.
 */
export const escapeCell = (value: string | number | null | undefined, delimiter = ","): string => {
  if (value === null || value === undefined) return ""
  if (typeof value === "number") return String(value)
  let v = value
  const c = v.charCodeAt(0)
  if (c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64 /* @ */ || c === 9 || c === 13) v = "'" + v
  if (needsQuoting.test(v) || v.includes(delimiter)) v = "\"" + v.replaceAll("\"", "\"\"") + "\""
  return v
}

/** One CSV line (no line end). */
export const formatRow = (cells: ReadonlyArray<string | number | null | undefined>, delimiter = ","): string =>
  cells.map((c) => escapeCell(c, delimiter)).join(delimiter)
