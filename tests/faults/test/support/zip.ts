/** Just enough of ZIP to read the XML parts of an .xlsx file (stored or deflated entries). */
import * as fs from "node:fs"
import * as zlib from "node:zlib"

/** Every entry of a ZIP file as text, by name. */
export const readZipText = (file: string): Map<string, string> => {
  const b = fs.readFileSync(file)
  let eocd = b.length - 22
  while (eocd >= 0 && b.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) throw new Error(`${file}: not a ZIP file`)
  const entries = b.readUInt16LE(eocd + 10)
  let at = b.readUInt32LE(eocd + 16)
  const out = new Map<string, string>()
  for (let i = 0; i < entries; i++) {
    const method = b.readUInt16LE(at + 10)
    const size = b.readUInt32LE(at + 20)
    const nameLength = b.readUInt16LE(at + 28)
    const extra = b.readUInt16LE(at + 30)
    const comment = b.readUInt16LE(at + 32)
    const local = b.readUInt32LE(at + 42)
    const name = b.subarray(at + 46, at + 46 + nameLength).toString("utf8")
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28)
    const data = b.subarray(start, start + size)
    out.set(name, (method === 8 ? zlib.inflateRawSync(data) : data).toString("utf8"))
    at += 46 + nameLength + extra + comment
  }
  return out
}

/** The formulas of a workbook: the text of every `<f>` element of its sheets. */
export const formulasOf = (file: string): Array<string> => {
  const parts = readZipText(file)
  const formulas: Array<string> = []
  for (const [name, xml] of parts) {
    if (!name.startsWith("xl/worksheets/")) continue
    for (const m of xml.matchAll(/<f(?:\s[^>]*)?>([^<]*)<\/f>/g)) formulas.push(m[1]!)
  }
  return formulas
}

/** Every text of a workbook: shared strings and inline strings. */
export const textsOf = (file: string): string => {
  const parts = readZipText(file)
  return [...parts].filter(([name]) => name === "xl/sharedStrings.xml" || name.startsWith("xl/worksheets/")).map(([, xml]) => xml).join("\n")
}
