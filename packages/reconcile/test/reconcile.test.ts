import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { FiscalSign, LocalDateTime } from "@taxcom-kit/core"
import type { FiscalDocument, Ids, Money } from "@taxcom-kit/core"
import { ErpImport, Reconcile } from "@taxcom-kit/reconcile"
import type { Difference } from "@taxcom-kit/reconcile"
import { erpExport, injectKinds, makeWorld, score } from "./fixture.js"

const world = makeWorld({ outlets: 2, days: 3, receiptsPerShift: 14, seed: 5 })

const reported = (ds: ReadonlyArray<Difference.Difference>) =>
  ds.filter((d) => d.tier === null || d.tier <= 3).map((d) => ({ kind: d.kind, fn: d.fn, fd: d.fd, erpLines: d.erp?.lines ?? [] }))

describe("every injected kind is found (small world)", () => {
  for (const level of ["receipt", "line"] as const) {
    for (const fiscalColumns of [true, false]) {
      for (const encoding of ["utf-8", "windows-1251"] as const) {
        it.effect(`${level}-level, ${fiscalColumns ? "with" : "without"} FN/FD, ${encoding}`, () =>
          Effect.gen(function*() {
            const ex = erpExport(world, { level, fiscalColumns, encoding, perKind: 2, seed: 11 })
            const r = yield* Reconcile.runCollect({
              erp: ErpImport.fromBytes("sales.csv", ex.bytes, { chunkSize: 4096 }),
              ofd: Stream.fromIterable(world.documents),
              shifts: Stream.fromIterable(world.shifts),
              registers: world.directory
            })
            const s = score(ex.truth, reported(r.differences))
            for (const kind of injectKinds) {
              const k = s.get(kind)!
              assert.strictEqual(k.precision, 1, `${kind} precision ${JSON.stringify(k)}`)
              assert.strictEqual(k.recall, 1, `${kind} recall ${JSON.stringify(k)}`)
            }
            // nothing else is reported at receipt level
            assert.deepStrictEqual([...s.keys()].filter((k) => !injectKinds.includes(k as never)), [])
            assert.strictEqual(r.summary.rows.read, r.summary.rows.accepted + r.summary.rows.rejected)
            assert.strictEqual(r.summary.rows.rejected, 0)
            assert.strictEqual(r.summary.imports[0]!.encoding.encoding, encoding)
            const tier = fiscalColumns ? 1 : 3
            assert.isAbove(r.summary.matches.byTier[tier], world.receipts.length - 3 * 2)
          }))
      }
    }
  }
})

const doc = (fn: string, fd: number, over: Partial<FiscalDocument.DocumentSummary> = {}): FiscalDocument.DocumentSummary => ({
  fn: fn as Ids.FnNumber,
  shift: 1 as Ids.ShiftNumber,
  type: 3,
  dateTime: LocalDateTime.unsafeFromString("2026-11-02T10:00:00"),
  fd: fd as Ids.FdNumber,
  numberInShift: fd,
  fiscalSign: FiscalSign.make(1000 + fd),
  cashier: null,
  taxation: null,
  operation: "Income",
  total: 10000 as Money.Kopecks,
  cash: 10000 as Money.Kopecks,
  electronic: 0 as Money.Kopecks,
  vat: [{ rate: "vat20", gross: null, vat: 1667 as Money.Kopecks }],
  ...over
})

const FN1 = "9999078902004193"
const FN2 = "9999078902004194"
const H = "Дата;Касса;Рег. номер ККТ;ФН;Номер ФД;ФПД;Номер смены;Номер чека в смене;Вид операции;Сумма;Наличными;Безналичными;НДС 20%"

const run = (csv: string, docs: ReadonlyArray<FiscalDocument.DocumentSummary>, settings: Partial<import("@taxcom-kit/reconcile").Settings.Settings> = {}) =>
  Reconcile.runCollect({ erp: ErpImport.fromBytes("e.csv", csv), ofd: Stream.fromIterable(docs), settings })

describe("matches: false", () => {
  it.effect("emits no match items, and everything else (differences, checks, summary) as with them", () =>
    Effect.gen(function*() {
      for (const fiscalColumns of [true, false]) {
        const ex = erpExport(world, { level: "receipt", fiscalColumns, perKind: 2, seed: 13 })
        const input = {
          erp: ErpImport.fromBytes("sales.csv", ex.bytes, { chunkSize: 4096 }),
          ofd: Stream.fromIterable(world.documents),
          shifts: Stream.fromIterable(world.shifts),
          registers: world.directory
        }
        const all = yield* Reconcile.runCollect(input)
        const lean = yield* Reconcile.runCollect({ ...input, matches: false })
        assert.isAbove(all.matches.length, 100)
        assert.strictEqual(lean.matches.length, 0)
        // tier 3 (no FN/FD columns) included: its matches carry the reasons that are not computed without them
        assert.strictEqual(lean.summary.matches.total, all.matches.length)
        assert.deepStrictEqual(JSON.parse(JSON.stringify({ ...lean, matches: [] })), JSON.parse(JSON.stringify({ ...all, matches: [] })))
      }
    }))
})

describe("tiers", () => {
  it.effect("keys include the FN: the same FD on two drives are two receipts", () =>
    Effect.gen(function*() {
      const r = yield* run(
        `${H}\n02.11.2026 10:00:00;Касса 1;1;${FN1};7;;;;Продажа;100,00;100,00;0;16,67\n02.11.2026 10:00:00;Касса 1;1;${FN2};7;;;;Продажа;50,00;50,00;0;8,33\n`,
        [doc(FN1, 7), doc(FN2, 7, { total: 5000 as Money.Kopecks, cash: 5000 as Money.Kopecks, vat: [{ rate: "vat20", gross: null, vat: 833 as Money.Kopecks }] })]
      )
      assert.deepStrictEqual(r.matches.map((m) => [m.tier, m.key, m.ofd.fn, m.erp.line]), [[1, "fn_fd", FN1, 2], [1, "fn_fd", FN2, 3]])
      assert.deepStrictEqual(r.differences.filter((d) => d.tier !== 5 && d.tier !== 4), [])
    }))

  it.effect("tier 1 by fiscal sign alone; tier 2 by FN, shift and number in the shift", () =>
    Effect.gen(function*() {
      const r = yield* run(
        `${H}\n02.11.2026 10:00:00;Касса 1;1;;;1007;;;Продажа;100,00;100,00;0;16,67\n02.11.2026 10:00:00;Касса 1;1;${FN1};;;1;8;Продажа;100,00;100,00;0;16,67\n`,
        [doc(FN1, 7), doc(FN1, 8)]
      )
      assert.deepStrictEqual(r.matches.map((m) => [m.tier, m.key, m.ofd.fd]), [[1, "fiscal_sign", 7], [2, "fn_shift_number", 8]])
      assert.strictEqual(r.matches[0]!.reason, "same fiscal sign (ФПД)")
    }))

  it.effect("tier 3 resolves ties by the closest time, one to one", () =>
    Effect.gen(function*() {
      const H3 = "Дата;Рег. номер ККТ;Сумма"
      const r = yield* Reconcile.runCollect({
        erp: ErpImport.fromBytes("e.csv", `${H3}\n02.11.2026 10:00:50;1;100,00\n02.11.2026 10:00:05;1;100,00\n`),
        ofd: Stream.fromIterable([doc(FN1, 1, { dateTime: LocalDateTime.unsafeFromString("2026-11-02T10:00:00") }), doc(FN1, 2, { dateTime: LocalDateTime.unsafeFromString("2026-11-02T10:01:00") })]),
        registers: [{ fn: FN1, kktRegNumber: "0000000000000001", name: "Касса 1", outlet: "Тверская" }]
      })
      assert.deepStrictEqual(r.matches.map((m) => [m.erp.line, m.ofd.fd, m.timeDeltaSeconds, m.tier]).sort(), [[2, 2, -10, 3], [3, 1, 5, 3]])
      assert.match(r.matches[0]!.reason, /register Касса 1, -?\d+ s apart/)
      assert.deepStrictEqual(r.differences.filter((d) => d.tier !== 4 && d.tier !== 5), [])
    }))
})

describe("differences", () => {
  it.effect("each carries the ERP line, the fiscal document, both values and the difference", () =>
    Effect.gen(function*() {
      const r = yield* run(`${H}\n02.11.2026 10:00:00;Касса 1;1;${FN1};7;;;;Продажа;110,00;110,00;0;16,67\n`, [doc(FN1, 7)])
      const d = r.differences.find((x) => x.kind === "amount_mismatch")!
      assert.strictEqual(d.tier, 1)
      assert.strictEqual(d.erp!.line, 2)
      assert.strictEqual(d.ofd!.fd, 7)
      assert.strictEqual(d.ofdValue, 10000)
      assert.strictEqual(d.erpValue, 11000)
      assert.strictEqual(d.difference, 1000)
      assert.strictEqual(d.severity, "error")
      assert.match(d.reason, /total 100,00 in the OFD, 110,00 in the ERP/)
    }))

  it.effect("a kopeck off is rounding, reported apart and not an error", () =>
    Effect.gen(function*() {
      const r = yield* run(`${H}\n02.11.2026 10:00:00;Касса 1;1;${FN1};7;;;;Продажа;100,01;100,01;0;16,67\n`, [doc(FN1, 7)])
      const kinds = r.differences.filter((d) => d.tier === 1).map((d) => [d.kind, d.severity, d.difference])
      assert.deepStrictEqual(kinds, [["rounding", "info", 1]])
      assert.strictEqual(r.summary.differences.find((k) => k.kind === "rounding")!.count, 1)
      assert.strictEqual(r.summary.errors, r.summary.differences.filter((k) => k.severity === "error").reduce((a, k) => a + k.count, 0))
    }))

  it.effect("pending: booked after the register's last fiscal document", () =>
    Effect.gen(function*() {
      const r = yield* run(
        `${H}\n02.11.2026 10:00:00;Касса 1;1;${FN1};7;;;;Продажа;100,00;100,00;0;16,67\n02.11.2026 23:30:00;Касса 1;1;${FN1};;;;;Продажа;5,00;5,00;0;0,83\n02.11.2026 09:00:00;Касса 1;1;${FN1};;;;;Продажа;6,00;6,00;0;1,00\n`,
        [doc(FN1, 7)]
      )
      const byKind = new Map(r.differences.filter((d) => d.tier === null).map((d) => [d.kind, d]))
      assert.strictEqual(byKind.get("pending")!.erp!.line, 3)
      assert.strictEqual(byKind.get("pending")!.severity, "info")
      assert.strictEqual(byKind.get("missing_in_ofd")!.erp!.line, 4)
    }))

  it.effect("expenditures and corrections are not expected in the ERP (not missing_in_erp)", () =>
    Effect.gen(function*() {
      const r = yield* run(`${H}\n02.11.2026 10:00:00;Касса 1;1;${FN1};7;;;;Продажа;100,00;100,00;0;16,67\n`, [
        doc(FN1, 7),
        doc(FN1, 8, { operation: "Expenditure" }),
        doc(FN1, 9, { type: 31 })
      ])
      assert.deepStrictEqual(r.differences.filter((d) => d.kind === "missing_in_erp"), [])
      assert.strictEqual(r.summary.ofd.outOfScope, 2)
    }))

  it.effect("wrong_day follows the business-day setting for a shift across midnight", () =>
    Effect.gen(function*() {
      const shiftOpen = doc(FN1, 1, { type: 2, dateTime: LocalDateTime.unsafeFromString("2026-11-02T20:00:00"), total: 0 as Money.Kopecks, cash: 0 as Money.Kopecks, vat: [], operation: null })
      const late = doc(FN1, 2, { dateTime: LocalDateTime.unsafeFromString("2026-11-03T00:30:00") })
      // the ERP books the 00:30 receipt on the shift's day (2 November)
      const csv = `${H}\n02.11.2026 00:30:00;Касса 1;1;${FN1};2;;;;Продажа;100,00;100,00;0;16,67\n`
      const strict = yield* run(csv, [shiftOpen, late])
      assert.deepStrictEqual(strict.differences.filter((d) => d.tier === 1).map((d) => [d.kind, d.ofdText, d.erpText]), [["wrong_day", "2026-11-03", "2026-11-02"]])
      const byOpen = yield* run(csv, [shiftOpen, late], { businessDay: "open" })
      assert.deepStrictEqual(byOpen.differences.filter((d) => d.tier === 1), [])
    }))
})

describe("tiers 4 and 5", () => {
  it.effect("shift totals against ShiftInfo; VAT per rate with income and income return apart", () =>
    Effect.gen(function*() {
      const ex = erpExport(world, { level: "receipt", fiscalColumns: true, perKind: 0 })
      const r = yield* Reconcile.runCollect({
        erp: ErpImport.fromBytes("sales.csv", ex.bytes),
        ofd: Stream.fromIterable(world.documents),
        shifts: Stream.fromIterable(world.shifts),
        registers: world.directory
      })
      assert.strictEqual(r.shiftChecks.length, world.shifts.length)
      assert.isTrue(r.shiftChecks.every((c) => c.status === "ok" && c.ofdSource === "ShiftInfo"), JSON.stringify(r.shiftChecks.find((c) => c.status !== "ok")))
      assert.isTrue(r.vatChecks.length >= 4)
      assert.isTrue(r.vatChecks.every((c) => c.status === "ok"))
      assert.deepStrictEqual([...new Set(r.vatChecks.map((c) => c.operation))].sort(), ["Income", "IncomeReturn"])
      assert.deepStrictEqual(r.differences, [])
      assert.strictEqual(r.summary.shifts.checked, world.shifts.length)
      assert.strictEqual(r.summary.byVatRate.length, r.vatChecks.length)
      // an ERP that lost a receipt shows in its shift and in its VAT bucket
      const dropped = world.receipts.find((x) => x.doc.operation === "Income")!
      const missing = yield* Reconcile.runCollect({
        erp: ErpImport.fromBytes("sales.csv", ex.text.split("\r\n").filter((l) => !l.includes(`;${dropped.doc.fn};${dropped.doc.fd};`)).join("\r\n")),
        ofd: Stream.fromIterable(world.documents),
        shifts: Stream.fromIterable(world.shifts),
        registers: world.directory
      })
      const bad = missing.shiftChecks.filter((c) => c.status !== "ok")
      assert.deepStrictEqual(bad.map((c) => [c.fn, c.shift, c.ofd.income - c.erp.income]), [[dropped.doc.fn, dropped.doc.shift, dropped.doc.total]])
      assert.isTrue(missing.differences.some((d) => d.kind === "shift_total_mismatch" && d.tier === 4 && d.difference === -dropped.doc.total))
      assert.isTrue(missing.differences.some((d) => d.kind === "vat_total_mismatch" && d.tier === 5))
    }))

  it.effect("tier 4 by business day: per register and day, an overnight shift on the day it opened", () =>
    Effect.gen(function*() {
      const ex = erpExport(world, { level: "receipt", fiscalColumns: true, perKind: 0 })
      const input = {
        erp: ErpImport.fromBytes("sales.csv", ex.bytes),
        ofd: Stream.fromIterable(world.documents),
        shifts: Stream.fromIterable(world.shifts),
        registers: world.directory
      }
      const byOpen = yield* Reconcile.runCollect({ ...input, settings: { shiftTotalsBy: "businessDay", businessDay: "open" } })
      assert.isTrue(byOpen.shiftChecks.every((c) => c.by === "businessDay" && c.status === "ok" && c.fn === null && c.register !== null))
      // one check per register and shift-opening day: registers × days (the first register's drive change keeps one register)
      assert.strictEqual(byOpen.shiftChecks.length, world.registers.length * 3)
      const overnight = world.registers[world.registers.length - 1]!
      const days = byOpen.shiftChecks.filter((c) => c.register === overnight.name && c.outlet === overnight.outlet).map((c) => c.businessDay)
      assert.deepStrictEqual(days as ReadonlyArray<string | null>, ["2026-11-02", "2026-11-03", "2026-11-04"])
      const byReceipt = yield* Reconcile.runCollect({ ...input, settings: { shiftTotalsBy: "businessDay", businessDay: "receipt" } })
      assert.isTrue(byReceipt.shiftChecks.every((c) => c.status === "ok" && c.ofdSource === "DocumentList"))
      const totalOf = (cs: ReadonlyArray<{ ofd: { income: number } }>) => cs.reduce((a, c) => a + c.ofd.income, 0)
      assert.strictEqual(totalOf(byReceipt.shiftChecks), totalOf(byOpen.shiftChecks))
      // the summary adds up per outlet
      const outlets = byOpen.summary.byOutlet
      assert.strictEqual(outlets.reduce((a, o) => a + o.matched, 0), byOpen.summary.matches.total)
      assert.strictEqual(outlets.reduce((a, o) => a + o.erpReceipts, 0), byOpen.summary.erp.receipts)
      assert.deepStrictEqual(outlets.map((o) => o.outlet), [...new Set(world.registers.map((r) => r.outlet))].sort((a, b) => a.localeCompare(b, "ru")))
    }))
})
