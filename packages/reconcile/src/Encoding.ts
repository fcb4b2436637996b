/**
 * Text encodings of ERP exports, and their detection.
 *
 * Rules: a UTF-8 byte-order mark means UTF-8; text that is valid UTF-8 is UTF-8; anything else is Windows-1251
 * (what 1C writes on Russian Windows). DOS cp866 is used only when asked for (profile, option) or when the file
 * declares it on its first line (`# encoding: cp866`): cp866 and Windows-1251 text cannot be told apart reliably.
 *
 * The decision is made lazily at the first non-ASCII byte: ASCII reads the same in all three encodings, so a long
 * ASCII prefix costs nothing and the decision looks at real Cyrillic bytes.
 */

/** An encoding the import reads. Names are WHATWG labels that `TextDecoder` understands natively. */
export type EncodingName = "utf-8" | "windows-1251" | "ibm866"

/** What a user may ask for in a profile or an option. */
export type EncodingSetting = "auto" | EncodingName

/** How the encoding was chosen. */
export type EncodingEvidence =
  /** A UTF-8 byte-order mark. */
  | "bom"
  /** The first non-ASCII bytes form valid UTF-8. */
  | "valid-utf8"
  /** The first non-ASCII bytes are not UTF-8, so Windows-1251. */
  | "not-utf8"
  /** The file has ASCII only: every encoding reads it the same. */
  | "ascii-only"
  /** The first line declares the encoding (`# encoding: cp866`). */
  | "declared"
  /** The profile or an option names it. */
  | "configured"

/** The encoding used for a file and why. */
export interface EncodingReport {
  readonly encoding: EncodingName
  readonly evidence: EncodingEvidence
  /** Byte offset of the first non-ASCII byte, where the decision was made; null when not needed. */
  readonly decidedAtByte: number | null
}

/** Accepts common spellings: `cp1251`, `win-1251`, `utf8`, `cp866`, `dos`, `866`. */
export const normalizeName = (s: string): EncodingSetting | undefined => {
  const t = s.trim().toLowerCase().replace(/[\s_]/g, "-")
  if (t === "auto" || t === "") return "auto"
  if (/^(utf-?8|utf-8-bom|utf-?8-?sig)$/.test(t)) return "utf-8"
  if (/^(windows-?1251|cp-?1251|win-?1251|1251|ansi|x-cp1251)$/.test(t)) return "windows-1251"
  if (/^(ibm-?866|cp-?866|866|dos|oem-?866|dos-?866|x-cp866)$/.test(t)) return "ibm866"
  return undefined
}

/** Why the bytes of a file cannot be read as text of the chosen encoding. */
export class EncodingFailure extends Error {
  constructor(readonly reason: string, readonly byteOffset: number) {
    super(reason)
  }
}

const SAMPLE = 64 * 1024
const DECLARATION = /^\s*(?:#|;|\/\/|--)?\s*(?:encoding|charset|coding|codepage)\s*[:=]\s*["']?([\w-]+)/i

/**
 * Settles the encoding of a file from its bytes, chunk by chunk, without decoding them: the CSV reader splits bytes
 * and decodes only text cells. Throws {@link EncodingFailure} on bytes that cannot be CSV text (UTF-16, a zip file,
 * binary).
 */
export class Detector {
  private report_: EncodingReport | null = null
  private first = true
  /** Length of a UTF-8 byte-order mark at the start of the file (0 or 3). */
  bomLength = 0

  constructor(private readonly setting: EncodingSetting = "auto") {}

  /** The encoding settled so far; null while only ASCII has been seen in auto mode. */
  get report(): EncodingReport | null {
    return this.report_
  }

  /** The report at the end of the input. */
  finalReport(): EncodingReport {
    return this.report_ ?? { encoding: "utf-8", evidence: "ascii-only", decidedAtByte: null }
  }

  /** The encoding to decode cells with now (ASCII reads the same in all of them while undecided). */
  get encoding(): EncodingName {
    return this.report_?.encoding ?? "utf-8"
  }

  /** Looks at the next chunk; `offset` is the number of bytes before it in the file. */
  observe(bytes: Uint8Array, offset: number, final: boolean): void {
    if (this.first) {
      if (bytes.length === 0 && !final) return
      this.first = false
      this.sniff(bytes)
    }
    if (this.report_ !== null) return
    let i = 0
    const n = bytes.length
    while (i < n && bytes[i]! < 0x80) i++
    if (i === n) return
    let sample = bytes.subarray(i, Math.min(n, i + SAMPLE))
    if (!final || sample.length === SAMPLE) sample = trimIncompleteUtf8(sample)
    let isUtf8 = true
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(sample)
    } catch {
      isUtf8 = false
    }
    this.report_ = {
      encoding: isUtf8 ? "utf-8" : "windows-1251",
      evidence: isUtf8 ? "valid-utf8" : "not-utf8",
      decidedAtByte: offset + i
    }
  }

  private sniff(bytes: Uint8Array): void {
    const b0 = bytes[0]
    const b1 = bytes[1]
    if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
      throw new EncodingFailure(
        "the file starts with a UTF-16 byte-order mark: it is UTF-16 text; export it as UTF-8 or Windows-1251",
        0
      )
    }
    if (b0 === 0x50 && b1 === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
      throw new EncodingFailure("the file is a ZIP archive (an .xlsx workbook?), not CSV text: save it as CSV", 0)
    }
    const probe = Math.min(bytes.length, 4096)
    for (let i = 0; i < probe; i++) {
      if (bytes[i] === 0) {
        throw new EncodingFailure(
          `the file has a zero byte at offset ${i}: it is binary or UTF-16 without a byte-order mark, not CSV text`,
          i
        )
      }
    }
    const hasBom = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf
    if (hasBom) this.bomLength = 3
    if (this.setting !== "auto") {
      if (hasBom && this.setting !== "utf-8") {
        throw new EncodingFailure(
          `the profile says ${this.setting}, but the file starts with a UTF-8 byte-order mark: it is UTF-8`,
          0
        )
      }
      this.report_ = { encoding: this.setting, evidence: "configured", decidedAtByte: null }
      if (this.setting === "utf-8") this.checkUtf8(bytes)
      return
    }
    if (hasBom) {
      this.report_ = { encoding: "utf-8", evidence: "bom", decidedAtByte: 0 }
      return
    }
    // A declaration on the first line: ASCII text, so read the bytes as Latin-1.
    let end = 0
    while (end < bytes.length && end < 200 && bytes[end] !== 10 && bytes[end] !== 13) end++
    let firstLine = ""
    for (let i = 0; i < end; i++) firstLine += String.fromCharCode(bytes[i]!)
    const m = DECLARATION.exec(firstLine)
    if (m !== null) {
      const declared = normalizeName(m[1]!)
      if (declared !== undefined && declared !== "auto") {
        this.report_ = { encoding: declared, evidence: "declared", decidedAtByte: null }
      }
    }
  }

  /** A file the profile says is UTF-8: fail early, with the offset, when its first chunk is not. */
  private checkUtf8(bytes: Uint8Array): void {
    const sample = trimIncompleteUtf8(bytes.subarray(0, Math.min(bytes.length, SAMPLE)))
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(sample)
    } catch {
      const at = firstInvalidUtf8(sample)
      throw invalidUtf8(bytes, at, "the profile says UTF-8")
    }
  }
}

/** The failure for bytes that are not UTF-8 at `at`. */
export const invalidUtf8 = (bytes: Uint8Array | string, at: number, how: string): EncodingFailure => {
  const shown = typeof bytes === "string"
    ? bytes
    : Array.from(bytes.subarray(at, at + 4)).map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")
  return new EncodingFailure(
    `${how}, but the bytes at offset ${at} (${shown}) are not UTF-8; ` +
      `the file is probably Windows-1251 (or mixes encodings): set "encoding": "windows-1251" in the profile`,
    at
  )
}

/** Drops a UTF-8 sequence cut at the end of a sample (at most 3 bytes). */
const trimIncompleteUtf8 = (b: Uint8Array): Uint8Array => {
  const n = b.length
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!
    if (c < 0x80) return b
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2
      return need > k ? b.subarray(0, n - k) : b
    }
  }
  return b
}

/** Offset of the first byte that breaks UTF-8 (approximate for the message; 0 when none is found). */
const firstInvalidUtf8 = (b: Uint8Array): number => {
  let i = 0
  const n = b.length
  while (i < n) {
    const c = b[i]!
    if (c < 0x80) {
      i++
      continue
    }
    const need = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i
      const cc = b[i + k]!
      if (cc < 0x80 || cc >= 0xc0) return i
    }
    i += need + 1
  }
  return 0
}

// Windows-1251 bytes 0x80–0xBF decode to these; cp866 Cyrillic letters live in that range, so DOS text read as
// Windows-1251 is full of them.
const CP1251_HIGH_PUNCT = /[\u0402\u0403\u201a\u0453\u201e\u2026\u2020\u2021\u20ac\u2030\u0409\u2039\u040a\u040c\u040b\u040f\u0452\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u2122\u0459\u203a\u045a\u045c\u045b\u045f\u040e\u045e\u0408\u00a4\u0490\u00a6\u00a7\u00a9\u0404\u00ac\u00ae\u0407\u00b0\u00b1\u0406\u0456\u0491\u00b5\u00b6\u00b7\u2116\u0454\u0458\u0405\u0455\u0457]/g
// UTF-8 Cyrillic read as Windows-1251: "Дата" → "Р”Р°С‚Р°".
const UTF8_AS_1251 = /[РС][\u0400-\u045f\u2018-\u203a\u00a0-\u00bf]/g

/**
 * A hint for an error message when decoded text looks garbled: UTF-8 read as Windows-1251, or cp866 read as
 * Windows-1251. Empty when the text looks fine.
 */
export const garbleHint = (text: string, encoding: EncodingName): string => {
  if (text.includes("\ufffd")) {
    return ` The text has undecodable bytes (shown as \ufffd): the encoding is probably not ${encoding}.`
  }
  if (encoding !== "windows-1251") return ""
  const letters = (text.match(/[\u0400-\u04ff]/g) ?? []).length
  const utf8ish = (text.match(UTF8_AS_1251) ?? []).length
  if (utf8ish >= 2 && utf8ish * 3 >= letters) {
    return " The text looks like UTF-8 read as Windows-1251 (\"Р”Р°С‚Р°\" for \"Дата\"): set \"encoding\": \"utf-8\"."
  }
  const punct = (text.match(CP1251_HIGH_PUNCT) ?? []).length
  if (punct >= 3 && punct * 2 >= letters) {
    return " The text looks like DOS cp866 read as Windows-1251: set \"encoding\": \"cp866\" in the profile."
  }
  return ""
}
