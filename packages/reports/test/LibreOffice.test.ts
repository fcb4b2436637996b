/**
 * A generated workbook opens in LibreOffice: headless LibreOffice converts every sheet to CSV, and the figures it
 * reads back are the model's. Skipped, with the reason printed, where LibreOffice is not installed
 * (Debian: `apt-get install -y --no-install-recommends libreoffice-calc-nogui`).
 */
import { execFile, execFileSync } from "node:child_process"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Excel, ShiftReport, VatReport } from "@taxcom-kit/reports"
import { Effect } from "effect"
import { header, makeShifts, shiftInfoInputs } from "./fixtures.js"
import { tempDir } from "./helpers.js"

const soffice = (() => {
  for (const name of ["libreoffice", "soffice"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || null
    } catch {
      // not on PATH
    }
  }
  return null
})()

if (soffice === null) console.warn("LibreOffice test skipped: neither `libreoffice` nor `soffice` is on PATH")

/** `;`-separated, `"`-quoted, UTF-8, raw values (not as shown), every sheet to its own file. */
const CSV_FILTER = "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1"

const convert = (file: string, outDir: string, profile: string) =>
  Effect.async<string, Error>((resume) => {
    execFile(
      soffice!,
      [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", CSV_FILTER, "--outdir", outDir, file],
      { timeout: 120_000 },
      (error, stdout, stderr) => resume(error ? Effect.fail(new Error(`${error.message}\n${stderr}`)) : Effect.succeed(stdout + stderr))
    )
  })

const parseCsv = (text: string): Array<Array<string>> =>
  text.split(/\r?\n/).filter((l) => l.length > 0).map((line) => {
    const cells: Array<string> = []
    let cur = ""
    let quoted = false
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!
      if (quoted) {
        if (c === "\"" && line[i + 1] === "\"") (cur += "\"", i++)
        else if (c === "\"") quoted = false
        else cur += c
      } else if (c === "\"") quoted = true
      else if (c === ";") (cells.push(cur), cur = "")
      else cur += c
    }
    cells.push(cur)
    return cells
  })

const kopecks = (s: string) => Math.round(Number(s) * 100)

describe("LibreOffice", () => {
  it.scopedLive.skipIf(soffice === null)("converts every sheet of the shift and VAT workbooks, with the model's figures", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const inputs = shiftInfoInputs(makeShifts("2025-12-30", 4))
      const shiftReport = ShiftReport.make(header(), inputs)
      const vatReport = VatReport.make(header(), inputs, { detail: "day" })
      const shiftFile = path.join(dir, "shifts.xlsx")
      const vatFile = path.join(dir, "vat.xlsx")
      yield* Excel.write(shiftReport, shiftFile)
      yield* Excel.write(vatReport, vatFile)
      const out = path.join(dir, "csv")
      const log = yield* convert(shiftFile, out, path.join(dir, "profile"))
      yield* convert(vatFile, out, path.join(dir, "profile"))
      assert.notMatch(log, /error/i)
      const files = (yield* Effect.promise(() => fs.readdir(out))).sort()
      assert.deepStrictEqual(files, [
        "shifts-Отчёт.csv", "shifts-Подразделения.csv", "shifts-Смены.csv", "shifts-Торговые точки.csv",
        "vat-Возврат прихода.csv", "vat-Нетто.csv", "vat-Отчёт.csv", "vat-Приход.csv"
      ].sort())
      const read = (name: string) => Effect.promise(() => fs.readFile(path.join(out, name), "utf8")).pipe(Effect.map(parseCsv))

      const listing = yield* read("shifts-Смены.csv")
      assert.strictEqual(listing.length, 2 + shiftReport.lines.length)
      // A column outside a group is merged over both header rows: its name is in the first.
      const headerOf = (rows: Array<Array<string>>) => rows[1]!.map((h, i) => h || rows[0]![i]!)
      const head = headerOf(listing)
      assert.strictEqual(head[0], "Подразделение")
      assert.strictEqual(listing[0]![head.indexOf("Чеков")], "Приход")
      const income = head.indexOf("Итого")
      const last = listing[listing.length - 1]!
      assert.strictEqual(last[0], "Всего")
      assert.strictEqual(kopecks(last[income]!), shiftReport.total.amounts.income.total)
      const net = head.indexOf("Выручка (приход − возврат)")
      shiftReport.lines.forEach((line, i) => assert.strictEqual(kopecks(listing[2 + i]![net]!), line.amounts.netRevenue))

      const vat = yield* read("vat-Приход.csv")
      const vatHead = headerOf(vat)
      const totalCol = vatHead.indexOf("Итого по чекам")
      const vatLast = vat[vat.length - 1]!
      assert.strictEqual(vatLast[1], "Всего")
      assert.strictEqual(kopecks(vatLast[totalCol]!), vatReport.total.blocks.income.total)
      assert.include(vat.map((r) => r[vatHead.indexOf("Проверка")]), "ОШИБКА")
    }), 180_000)
})
