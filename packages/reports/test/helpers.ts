/** Reading generated files back: xlsx with exceljs, PDF text with pdfjs-dist. */
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import ExcelJS from "exceljs"
import { Effect } from "effect"

/** A fresh temporary directory, removed when the scope closes. */
export const tempDir = Effect.acquireRelease(
  Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), "taxcom-reports-"))),
  (dir) => Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
)

export const readXlsx = (file: string) =>
  Effect.promise(async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    return wb
  })

/**
 * A cell's number, or the cached result of its formula. exceljs' reader drops a cached result of 0 (the file
 * does hold `<v>0</v>`), so a formula without a result reads as 0.
 */
export const numberOf = (cell: ExcelJS.Cell): number | null => {
  const v = cell.value
  if (typeof v === "number") return v
  if (v !== null && typeof v === "object" && "formula" in v) return (v.result as number | undefined) ?? 0
  return null
}

/** Rubles in a cell back to kopecks (the cell holds the double nearest to the exact amount). */
export const kopecksOf = (cell: ExcelJS.Cell): number | null => {
  const n = numberOf(cell)
  return n === null ? null : Math.round(n * 100)
}

/** Finds the 1-based column whose header (last header row) is `header`, optionally under a group label. */
export const columnOf = (ws: ExcelJS.Worksheet, header: string, group?: string, headerRow = 2): number => {
  for (let c = 1; c <= ws.columnCount; c++) {
    const h = ws.getRow(headerRow).getCell(c).text
    const g = ws.getRow(headerRow - 1).getCell(c).text
    if (h === header && (group === undefined || g === group)) return c
  }
  throw new Error(`no column ${group ?? ""}/${header}`)
}

export interface PdfText {
  readonly pages: ReadonlyArray<string>
}

/** The text of every page (pdfjs legacy build, the one meant for Node). */
export const pdfText = (file: string) =>
  Effect.promise(async (): Promise<PdfText> => {
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs")
    const data = new Uint8Array(await fs.readFile(file))
    const doc = await pdfjs.getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise
    const pages: Array<string> = []
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i)
      const content = await page.getTextContent()
      // Items are words and the spaces between them; separate boxes (table cells) get a space between them.
      let text = ""
      let end: number | null = null
      for (const it of content.items) {
        if (!("str" in it)) continue
        const x = it.transform[4] as number
        if (end !== null && Math.abs(x - end) > 0.5 && !text.endsWith(" ") && !text.endsWith("\n") && it.str !== " ") text += " "
        text += it.str + (it.hasEOL ? "\n" : "")
        end = it.hasEOL ? null : x + it.width
      }
      pages.push(text)
    }
    await doc.destroy()
    return { pages }
  })

/** Text with U+00A0 made plain spaces, for matching. */
export const plain = (s: string) => s.replace(/\u00a0/g, " ")
