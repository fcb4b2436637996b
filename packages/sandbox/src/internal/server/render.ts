/**
 * Small printable documents without dependencies: a receipt as HTML (UTF-8) and as PDF, and the registration
 * card as PDF. The PDF uses the standard Helvetica font, which has no Cyrillic, so its text is transliterated.
 */
const TRANSLIT: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m", н: "n", о: "o",
  п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
  "№": "No", "«": "\"", "»": "\"", "—": "-", "–": "-", "\u00a0": " "
}

export const transliterate = (s: string): string => {
  let out = ""
  for (const ch of s) {
    const lower = ch.toLowerCase()
    const t = TRANSLIT[lower]
    if (t === undefined) out += ch.charCodeAt(0) < 128 ? ch : "?"
    else out += ch !== lower && t.length > 0 ? t[0]!.toUpperCase() + t.slice(1) : t
  }
  return out
}

const pdfString = (s: string) => "(" + transliterate(s).replace(/[\\()]/g, (c) => "\\" + c) + ")"

const LINES_PER_PAGE = 60

/** A valid single-font PDF with the given lines of text (A4, 11 pt, one page per 60 lines). */
export const pdf = (title: string, lines: ReadonlyArray<string>): Uint8Array => {
  const pages: Array<ReadonlyArray<string>> = []
  for (let i = 0; i < Math.max(1, lines.length); i += LINES_PER_PAGE) pages.push(lines.slice(i, i + LINES_PER_PAGE))
  const objects: Array<string> = []
  const pageIds = pages.map((_, i) => 4 + i * 2)
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>"
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
  pages.forEach((pageLines, i) => {
    const content = [
      "BT", "/F1 14 Tf", "50 800 Td", `${pdfString(i === 0 ? title : `${title} (${i + 1})`)} Tj`, "/F1 11 Tf", "0 -24 Td", "13 TL",
      ...pageLines.map((l) => `${pdfString(l)} Tj T*`), "ET"
    ].join("\n")
    objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`
    objects[pageIds[i]! + 1] = `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`
  })
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
  const offsets: Array<number> = []
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, "latin1")
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`
  }
  const xref = Buffer.byteLength(out, "latin1")
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new Uint8Array(Buffer.from(out, "latin1"))
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"))

/** An HTML page with a title and rows of label/value pairs, then a table. */
export const html = (title: string, fields: ReadonlyArray<readonly [string, string]>, table?: { readonly head: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<string>> }): string =>
  `<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:1em auto}td,th{padding:2px 6px;text-align:left}</style></head>
<body><h1>${esc(title)}</h1>
<table>${fields.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</table>
${table === undefined ? "" : `<table><tr>${table.head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>${table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</table>`}
</body></html>
`
