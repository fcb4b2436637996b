/**
 * The reconciliation report over a real reconciliation: sandbox fiscal documents against an ERP export written
 * here from the same documents, with three differences injected by hand.
 */
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { type FiscalDocument, Money } from "@taxcom-kit/core"
import { ErpImport, Reconcile } from "@taxcom-kit/reconcile"
import { Excel, Pdf, ReconciliationReport } from "@taxcom-kit/reports"
import { Dataset } from "@taxcom-kit/sandbox"
import { Effect, Exit, Stream } from "effect"
import { header } from "./fixtures.js"
import { kopecksOf, pdfText, plain, readXlsx, tempDir } from "./helpers.js"

const ds = Dataset.generate({ seed: 5, registers: 2, from: "2026-01-10", to: "2026-01-12", receiptsPerShift: [6, 10] })
const docs: Array<FiscalDocument.DocumentSummary> = ds.kkts.flatMap((k) =>
  ds.shifts(k).flatMap((s) => ds.documentSummaries(s))
)
const receipts = docs.filter((d) => (d.type === 3 || d.type === 4) && (d.operation === "Income" || d.operation === "IncomeReturn"))
const outletOf = (fn: string) => ds.outlet(ds.kktByFn(fn)!.kkt.outletId)!.name

const rub = (k: number) => Money.format(k as Money.Kopecks).replace(/\u00a0/g, "")
const dt = (t: string) => `${t.slice(8, 10)}.${t.slice(5, 7)}.${t.slice(0, 4)} ${t.slice(11, 19)}`

/** The ERP export: every receipt but one, one with its total raised by 10 rubles, and one sale never fiscalised. */
const erpCsv = (() => {
  const lines = ["Дата;Номер документа;Торговая точка;Касса;Рег. номер ККТ;ФН;Номер ФД;ФПД;Номер смены;Номер чека в смене;Вид операции;Сумма;Наличными;Безналичными"]
  const missing = receipts[3]!
  const changed = receipts[7]!
  receipts.forEach((d, i) => {
    if (d === missing) return
    const kkt = ds.kktByFn(d.fn)!.kkt
    const total = d === changed ? d.total + 1000 : d.total
    const cash = d === changed ? d.cash + 1000 : d.cash
    lines.push([
      dt(d.dateTime), `ЧК-${String(i + 1).padStart(6, "0")}`, outletOf(d.fn), kkt.name, kkt.regNumber, d.fn, d.fd, d.fiscalSign ?? "",
      d.shift, d.numberInShift ?? "", d.operation === "Income" ? "Продажа" : "Возврат", rub(total), rub(cash), rub(d.electronic)
    ].join(";"))
  })
  const last = receipts[receipts.length - 1]!
  const kkt = ds.kktByFn(last.fn)!.kkt
  lines.push([dt(last.dateTime.slice(0, 11) + "23:59:00"), "ЧК-999999", outletOf(last.fn), kkt.name, kkt.regNumber, "", "", "", "", "", "Продажа", "1234,00", "1234,00", "0,00"].join(";"))
  return { text: "\ufeff" + lines.join("\r\n") + "\r\n", missing, changed, lineOfChanged: 2 + receipts.indexOf(changed) - (receipts.indexOf(changed) > receipts.indexOf(missing) ? 1 : 0) }
})()

const reconcile = () =>
  Reconcile.run({
    erp: ErpImport.fromBytes("sales-2026-01.csv", erpCsv.text),
    ofd: Stream.fromIterable(docs),
    registers: ds.kkts.flatMap((k) => k.fns.map((f) => ({ fn: f.number, name: k.name, outlet: ds.outlet(k.outletId)!.name, kktRegNumber: k.regNumber })))
  })

const reconHeader = header({
  source: "reconciliation",
  period: { from: "2026-01-10T00:00:00" as never, to: "2026-01-12T23:59:59" as never },
  details: [["Файл учётной системы", "sales-2026-01.csv"]]
})

describe("ReconciliationReport", () => {
  it.effect("sums by kind from the listed differences; each difference points at its ERP line and fiscal document", () =>
    Effect.gen(function*() {
      const r = yield* ReconciliationReport.fromStream(reconHeader, reconcile())
      const count = (kind: string) => r.byKind.find((k) => k.kind === kind)?.count ?? 0
      assert.strictEqual(count("missing_in_erp"), 1)
      assert.strictEqual(count("amount_mismatch"), 1)
      assert.strictEqual(count("missing_in_ofd") + count("pending"), 1)
      assert.strictEqual(r.kindTotal.count, r.differences.length)
      assert.strictEqual(r.kindTotal.atStake, r.differences.reduce((s, d) => s + Math.abs(d.difference), 0))

      const amount = r.differences.find((d) => d.kind === "amount_mismatch")!
      assert.strictEqual(amount.difference, 1000)
      assert.deepStrictEqual(amount.erp?.lines, [erpCsv.lineOfChanged])
      assert.strictEqual(amount.erp?.file, "sales-2026-01.csv")
      assert.strictEqual(amount.fiscal?.fn, erpCsv.changed.fn)
      assert.strictEqual(amount.fiscal?.fd, erpCsv.changed.fd)
      const missing = r.differences.find((d) => d.kind === "missing_in_erp")!
      assert.isNull(missing.erp)
      assert.strictEqual(missing.fiscal?.fd, erpCsv.missing.fd)
      // Errors come before information.
      const firstInfo = r.differences.findIndex((d) => d.severity === "info")
      assert.isTrue(firstInfo === -1 || r.differences.slice(firstInfo).every((d) => d.severity === "info"))

      // Totals equal the fiscal documents they come from.
      const income = receipts.filter((d) => d.operation === "Income").reduce((s, d) => s + d.total, 0)
      const refunds = receipts.filter((d) => d.operation === "IncomeReturn").reduce((s, d) => s + d.total, 0)
      assert.strictEqual(r.overview.ofd.income, income)
      assert.strictEqual(r.overview.ofd.incomeReturn, refunds)
      assert.strictEqual(r.overview.ofd.inScope, receipts.length)
      // Per outlet, reconcile reports sales net of refunds.
      assert.strictEqual(r.byOutlet.reduce((s, o) => s + o.ofdTotal, 0), income - refunds)
      assert.deepStrictEqual(r.overview.files, ["sales-2026-01.csv"])
    }))

  it.effect("a stream cut short, without its summary, is an error", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(ReconciliationReport.fromStream(reconHeader, reconcile().pipe(Stream.filter((i) => i._tag !== "Summary"))))
      assert.isTrue(Exit.isFailure(exit))
      assert.match(String(Exit.isFailure(exit) ? exit.cause : ""), /MissingSummary/)
    }))

  it.scoped("renders to xlsx (summary sheets, every difference) and to PDF", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const r = yield* ReconciliationReport.fromStream(reconHeader, reconcile())
      const written = yield* Excel.write(r, path.join(dir, "recon.xlsx"))
      assert.deepStrictEqual(written.sheets, ["Отчёт", "По видам", "По точкам", "По ставкам", "Расхождения"])
      const wb = yield* readXlsx(path.join(dir, "recon.xlsx"))
      const kinds = wb.getWorksheet("По видам")!
      assert.strictEqual(kinds.rowCount, 1 + r.byKind.length + 1)
      const total = kinds.getRow(kinds.rowCount)
      assert.strictEqual(total.getCell(1).value, "Всего")
      assert.strictEqual((total.getCell(3).value as { result: number }).result, r.differences.length)
      assert.strictEqual(kopecksOf(total.getCell(7)), r.kindTotal.atStake)
      const list = wb.getWorksheet("Расхождения")!
      assert.strictEqual(list.rowCount, 2 + r.differences.length)
      const row = r.differences.findIndex((d) => d.kind === "amount_mismatch")
      const cells = list.getRow(3 + row)
      assert.strictEqual(cells.getCell(1).value, "Расхождение суммы")
      assert.strictEqual(cells.getCell(7).value, String(erpCsv.lineOfChanged))
      assert.strictEqual(cells.getCell(12).value, erpCsv.changed.fn)
      assert.strictEqual(cells.getCell(13).value, erpCsv.changed.fd)
      assert.strictEqual(kopecksOf(cells.getCell(23)), 1000)

      const pdf = yield* Pdf.write(r, path.join(dir, "recon.pdf"))
      const { pages } = yield* pdfText(path.join(dir, "recon.pdf"))
      assert.strictEqual(pages.length, pdf.pages)
      pages.forEach((t, i) => assert.include(t, `Лист ${i + 1} из ${pages.length}`))
      const all = plain(pages.join("\n"))
      for (const s of ["Отчёт о сверке с учётной системой", "sales-2026-01.csv", "Расхождение суммы", "Нет в учёте (чек не проведён)", `ФД ${erpCsv.changed.fd}`]) {
        assert.include(all, s)
      }
    }))
})
