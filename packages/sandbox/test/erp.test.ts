import { assert, describe, it } from "@effect/vitest"
import { Money } from "@taxcom-kit/core"
import { Effect, Either } from "effect"
import iconv from "iconv-lite"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Dataset from "../src/Dataset.js"
import * as ErpExport from "../src/ErpExport.js"

const ds = Dataset.generate({ seed: 71, registers: 10, from: "2026-01-05", to: "2026-01-14", receiptsPerShift: [15, 30] })
const rates = Object.fromEntries(ErpExport.DIFFERENCE_KINDS.map((k) => [k, 0.02])) as Record<ErpExport.DifferenceKind, number>

/** RFC 4180 cells of one line (no line breaks inside cells in these exports). */
const cells = (line: string): Array<string> => {
  const out: Array<string> = []
  let i = 0
  while (i <= line.length) {
    if (line[i] === "\"") {
      let v = ""
      i++
      for (;;) {
        if (line[i] === "\"" && line[i + 1] === "\"") {
          v += "\""
          i += 2
        } else if (line[i] === "\"") {
          i++
          break
        } else v += line[i++]
      }
      out.push(v)
      i++
    } else {
      const j = line.indexOf(";", i)
      out.push(line.slice(i, j === -1 ? line.length : j))
      i = j === -1 ? line.length + 1 : j + 1
    }
  }
  return out
}

const kopecks = (s: string) => Either.getOrThrow(Money.parseRubles(s))

interface Row {
  readonly line: number
  readonly get: (column: string) => string
}

const rowsOf = (text: string): { header: Array<string>; rows: Array<Row> } => {
  const lines = text.split("\r\n")
  assert.strictEqual(lines.pop(), "", "the file ends with CRLF")
  const header = cells(lines[0]!)
  const rows = lines.slice(1).map((l, i) => {
    const c = cells(l)
    assert.strictEqual(c.length, header.length, `line ${i + 2}: ${l}`)
    return { line: i + 2, get: (column: string) => c[header.indexOf(column)]! }
  })
  return { header, rows }
}

const erpDate = (ms: number) => ErpExport.formatErpDate(ms)

describe("ERP export", () => {
  it("is reproducible from the seed", () => {
    const a = ErpExport.toBuffer(ds, { seed: 5, rates })
    const b = ErpExport.toBuffer(Dataset.generate({ seed: 71, registers: 10, from: "2026-01-05", to: "2026-01-14", receiptsPerShift: [15, 30] }), { seed: 5, rates })
    assert.deepStrictEqual(Buffer.from(a.csv), Buffer.from(b.csv))
    assert.deepStrictEqual(a.truth, b.truth)
    const c = ErpExport.toBuffer(ds, { seed: 6, rates })
    assert.notDeepEqual(c.truth.differences, a.truth.differences)
  })

  it("injects every kind of difference, and its truth file lists exactly what differs (receipt level, Windows-1251)", () => {
    const { csv, truth } = ErpExport.toBuffer(ds, { seed: 5, rates })
    assert.strictEqual(truth.format, "taxcom-kit/erp-truth@1")
    assert.strictEqual(truth.encoding, "windows-1251")
    const text = iconv.decode(Buffer.from(csv), "win1251")
    assert.notStrictEqual(text.charCodeAt(0), 0xfeff)
    const { header, rows } = rowsOf(text)
    assert.deepStrictEqual(header.slice(0, 14), ["Дата", "Номер документа", "Торговая точка", "Касса", "Рег. номер ККТ", "ФН", "Номер ФД", "ФПД", "Номер смены", "Номер чека в смене", "Вид операции", "Сумма", "Наличными", "Безналичными"])
    assert.includeMembers(header, ["НДС 22%", "НДС 10%", "НДС 22/122", "Сумма без НДС"])
    assert.notInclude(header, "НДС 20%", "no 20% in a 2026 period")
    assert.strictEqual(truth.rows, rows.length)
    const counts = ErpExport.countByKind(truth)
    for (const k of ErpExport.DIFFERENCE_KINDS) assert.isAbove(counts[k], 0, k)

    const byLine = new Map(rows.map((r) => [r.line, r]))
    const byFd = new Map<string, Array<Row>>()
    for (const r of rows) {
      if (r.get("ФН") === "") continue
      const key = `${r.get("ФН")}/${r.get("Номер ФД")}`
      byFd.set(key, [...(byFd.get(key) ?? []), r])
    }
    const truthOf = new Map(truth.differences.filter((d) => d.fn !== null).map((d) => [`${d.fn}/${d.fd}`, d]))
    const kktReg = new Map(ds.kkts.map((k) => [k.index, k.regNumber]))
    let checked = 0
    // Every OFD sale and refund of the period: booked exactly as fiscalised, unless the truth says otherwise.
    for (const doc of ds.allDocuments()) {
      if (doc.type !== 3 || (doc.operation !== "Income" && doc.operation !== "IncomeReturn")) continue
      if (doc.at < Date.UTC(2026, 0, 5) || doc.at >= Date.UTC(2026, 0, 15)) continue
      const key = `${doc.fn}/${doc.fd}`
      const booked = byFd.get(key) ?? []
      const diff = truthOf.get(key)
      const vat = (r: Row) => header.filter((h) => h.startsWith("НДС") || h.startsWith("Сумма с") || h === "Сумма без НДС").map((h) => r.get(h)).join(";")
      const ofdVat = () => {
        const per = new Map<string, { gross: number; vat: number }>()
        for (const it of doc.items) {
          const e = per.get(it.rate) ?? { gross: 0, vat: 0 }
          e.gross += it.sum
          e.vat += it.vat
          per.set(it.rate, e)
        }
        const ids: Record<string, string> = { "НДС 22%": "vat22", "НДС 10%": "vat10", "НДС 7%": "vat7", "НДС 5%": "vat5", "НДС 22/122": "vat22_122", "НДС 10/110": "vat10_110", "НДС 7/107": "vat7_107", "НДС 5/105": "vat5_105", "Сумма с НДС 0%": "vat0", "Сумма без НДС": "none" }
        return header.filter((h) => ids[h] !== undefined).map((h) => {
          const e = per.get(ids[h]!)
          return ErpExport.formatAmount(e === undefined ? 0 : h.startsWith("Сумма") ? e.gross : e.vat)
        }).join(";")
      }
      const same = (r: Row) =>
        r.get("Дата") === erpDate(doc.at) && r.get("Рег. номер ККТ") === kktReg.get(doc.kktIndex) && r.get("ФПД") === String(doc.fiscalSign) &&
        r.get("Вид операции") === (doc.operation === "Income" ? "Продажа" : "Возврат") && kopecks(r.get("Сумма")) === doc.total &&
        kopecks(r.get("Наличными")) === doc.cash && kopecks(r.get("Безналичными")) === doc.electronic && vat(r) === ofdVat()
      if (diff === undefined) {
        assert.strictEqual(booked.length, 1, key)
        assert.isTrue(same(booked[0]!), `${key} booked as fiscalised: line ${booked[0]!.line}`)
        checked++
        continue
      }
      const at = diff.erpLines.map((l) => byLine.get(l)!)
      if (diff.kind !== "missing_in_erp") assert.isTrue(at.every((r) => r.get("Номер документа") === diff.erpDocumentNumber), `${diff.kind} ${key}`)
      switch (diff.kind) {
        case "missing_in_erp":
          assert.strictEqual(booked.length, 0)
          assert.deepStrictEqual(diff.erpLines, [])
          break
        case "duplicate":
          assert.strictEqual(booked.length, 2)
          assert.isTrue(booked.every(same))
          assert.deepStrictEqual(diff.erpLines, [booked[1]!.line])
          break
        case "amount_mismatch":
          assert.isAbove(Math.abs(kopecks(at[0]!.get("Сумма")) - doc.total), 1)
          assert.strictEqual(kopecks(at[0]!.get("Сумма")), diff.erpValueKopecks)
          assert.strictEqual(diff.ofdValueKopecks, doc.total)
          break
        case "rounding":
          assert.strictEqual(Math.abs(kopecks(at[0]!.get("Сумма")) - doc.total), 1)
          break
        case "vat_rate_mismatch":
          assert.notStrictEqual(vat(at[0]!), ofdVat())
          assert.strictEqual(kopecks(at[0]!.get("Сумма")), doc.total)
          assert.isTrue(doc.items.some((i) => i.rate === diff.vatRate))
          break
        case "payment_form_mismatch":
          assert.strictEqual(kopecks(at[0]!.get("Сумма")), doc.total)
          assert.notStrictEqual(kopecks(at[0]!.get("Наличными")), doc.cash)
          break
        case "operation_mismatch":
          assert.strictEqual(at[0]!.get("Вид операции"), doc.operation === "Income" ? "Возврат" : "Продажа")
          break
        case "wrong_day":
          assert.notStrictEqual(at[0]!.get("Дата").slice(0, 10), erpDate(doc.at).slice(0, 10))
          assert.strictEqual(at[0]!.get("Дата").slice(11), erpDate(doc.at).slice(11))
          break
        case "wrong_register": {
          const reg = at[0]!.get("Рег. номер ККТ")
          assert.notStrictEqual(reg, kktReg.get(doc.kktIndex))
          const other = ds.kktByRegNumber(reg)!
          assert.strictEqual(other.outletId, ds.kkts[doc.kktIndex]!.outletId, "another register of the same outlet")
          break
        }
      }
      checked++
    }
    // Sales never fiscalised: rows without fiscal columns, each in the truth.
    const unfiscalised = rows.filter((r) => r.get("ФН") === "")
    assert.deepStrictEqual(unfiscalised.map((r) => r.line), truth.differences.filter((d) => d.kind === "missing_in_ofd").flatMap((d) => d.erpLines))
    assert.isAbove(checked, 1000)
  })

  it("writes the line-level variant in UTF-8 with BOM, with or without the fiscal columns", () => {
    const { csv, truth } = ErpExport.toBuffer(ds, { level: "line", encoding: "utf-8-bom", fiscalColumns: false, seed: 5, rates })
    assert.deepStrictEqual([...csv.slice(0, 3)], [0xef, 0xbb, 0xbf])
    const { header, rows } = rowsOf(new TextDecoder().decode(csv.slice(3)))
    assert.deepStrictEqual(header, ["Дата", "Номер документа", "Торговая точка", "Касса", "Рег. номер ККТ", "Вид операции", "Номенклатура", "Количество", "Цена", "Сумма", "Ставка НДС", "Сумма НДС", "Наличными", "Безналичными"])
    assert.strictEqual(truth.fiscalColumns, false)
    assert.isTrue(rows.every((r) => /^\d+,\d{3}$/.test(r.get("Количество"))))
    assert.isTrue(rows.some((r) => r.get("Ставка НДС") === "22%") && rows.some((r) => r.get("Ставка НДС") === "Без НДС"))
    assert.isTrue(rows.some((r) => r.get("Торговая точка").includes("\"")), "quoted outlet names survive")
    // A duplicated receipt's extra booking covers all its lines.
    const dup = truth.differences.find((d) => d.kind === "duplicate")!
    const doc = ds.document(dup.fn!, dup.fd!)!
    assert.strictEqual(dup.erpLines.length, doc.items.length)
    const lines = ErpExport.toBuffer(ds, { level: "line", fiscalColumns: true, seed: 5, rates })
    assert.include(rowsOf(iconv.decode(Buffer.from(lines.csv), "win1251")).header, "ФПД")
  })

  it.effect("writes the CSV and its truth file", () =>
    Effect.gen(function*() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "erp-"))
      const out = path.join(dir, "sales-2026-01.csv")
      const truth = yield* ErpExport.writeFiles(ds, { out, seed: 5, from: "2026-01-06", to: "2026-01-07" })
      const written = JSON.parse(fs.readFileSync(`${out}.truth.json`, "utf8"))
      assert.deepStrictEqual(written, JSON.parse(JSON.stringify(truth)))
      assert.strictEqual(written.export, "sales-2026-01.csv")
      assert.deepStrictEqual(written.period, { from: "2026-01-06", to: "2026-01-07" })
      assert.deepStrictEqual(fs.readFileSync(out), Buffer.from(ErpExport.toBuffer(ds, { seed: 5, from: "2026-01-06", to: "2026-01-07" }).csv))
      fs.rmSync(dir, { recursive: true })
    }))
})
