import { assert, describe, it } from "@effect/vitest"
import { FiscalDocument, Methods, Shift, VatRate } from "@taxcom-kit/core"
import { Schema } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as DatasetFile from "../src/DatasetFile.js"

// Across the 2026 rate change, so both 20% and 22% periods occur.
const ds = Dataset.generate({ seed: 11, registers: 12, from: "2025-12-20", to: "2026-01-12" })
const Y2026 = "2026-01-01"

const roundTrip = <A, I>(schema: Schema.Schema<A, I>, a: A): A => Schema.decodeUnknownSync(schema)(Schema.encodeSync(schema)(a))

describe("generated dataset", () => {
  it("is deterministic from seed and size", () => {
    const again = Dataset.generate({ seed: 11, registers: 12, from: "2025-12-20", to: "2026-01-12" })
    const other = Dataset.generate({ seed: 12, registers: 12, from: "2025-12-20", to: "2026-01-12" })
    const sample = (d: Dataset.Dataset) => d.kkts.map((k) => {
      const shifts = d.shifts(k)
      const s = shifts[Math.floor(shifts.length / 2)]
      return s === undefined ? null : { fn: s.fn, number: s.number, docs: d.documents(s) }
    })
    assert.deepStrictEqual(sample(again), sample(ds))
    assert.deepStrictEqual(again.outlets, ds.outlets)
    assert.notDeepEqual(sample(other), sample(ds))
  })

  it("numbers shifts and FDs without gaps per drive, restarting on a new drive", () => {
    for (const kkt of ds.kkts) {
      const shifts = ds.shifts(kkt)
      for (let i = 1; i < shifts.length; i++) {
        const a = shifts[i - 1]!
        const b = shifts[i]!
        assert.isNotNull(a.closedAt, "only the last shift may be open")
        assert.isTrue(b.openedAt >= a.closedAt!, "shifts of a register do not overlap")
        if (a.fn === b.fn) {
          assert.strictEqual(b.number, a.number + 1)
          assert.strictEqual(b.openFd, a.closeFd! + 1)
        } else {
          assert.strictEqual(b.number, 1, "a new drive starts at shift 1")
          assert.strictEqual(b.openFd, 1, "... and FD 1")
        }
      }
    }
  })

  it("adds every shift's totals up from its documents, and every receipt's VAT from its lines", () => {
    let receipts = 0
    for (const kkt of ds.kkts) {
      for (const s of ds.shifts(kkt)) {
        const docs = ds.documents(s)
        // Document sequence: open report, receipts, close report, contiguous FDs.
        assert.strictEqual(docs[0]!.type, 2)
        assert.strictEqual(docs[0]!.fd, s.openFd)
        docs.forEach((d, i) => assert.strictEqual(d.fd, s.openFd + i))
        if (s.closedAt !== null) assert.strictEqual(docs[docs.length - 1]!.type, 5)
        const summaries = ds.documentSummaries(s, new Set([2, 3, 31, 5]))
        const details = docs.map((d) => ds.toDocumentDetail(d))
        // Recompute the totals the way a client would, from DocumentList records and DocumentInfo lines.
        const expect = new Map<string, { total: number; cash: number; electronic: number; receipts: number; items: number; vat: Map<string, { gross: number; vat: number }> }>()
        summaries.forEach((sum, i) => {
          if (sum.operation === null) return
          const key = (sum.type === 31 ? "correction:" : "") + sum.operation
          const e = expect.get(key) ?? { total: 0, cash: 0, electronic: 0, receipts: 0, items: 0, vat: new Map() }
          expect.set(key, e)
          e.total += sum.total
          e.cash += sum.cash
          e.electronic += sum.electronic
          e.receipts += 1
          const detail = details[i]!
          e.items += detail.items.length
          let lines = 0
          for (const item of detail.items) {
            // Per-line VAT rounded half up, with core's rate table.
            const lineVat = VatRate.vatOf(item.sum, item.vatRate!)
            if (item.vat !== null) assert.strictEqual(item.vat, lineVat)
            const v = e.vat.get(item.vatRate!) ?? { gross: 0, vat: 0 }
            v.gross += item.sum
            v.vat += lineVat
            e.vat.set(item.vatRate!, v)
            lines += item.sum
            // 22% from 2026, 20% before.
            const day = detail.dateTime!.slice(0, 10)
            assert.isTrue(VatRate.inForceOn(VatRate.get(item.vatRate!), day), `${item.vatRate} on ${day}`)
            if (item.quantity === "1.000000") assert.strictEqual(item.sum, item.price)
          }
          assert.strictEqual(lines, detail.total, "receipt total = sum of lines")
          assert.strictEqual(detail.cash! + detail.electronic! + detail.prepaid! + detail.credit! + detail.other!, detail.total!, "payments add up")
          // Receipt VAT per rate (1102–1107 and the 1115 block) = sum of per-line VAT.
          for (const v of detail.vat) {
            const fromItems = FiscalDocument.vatFromItems(detail).find((x) => x.rate === v.rate)!
            if (v.vat !== null) assert.strictEqual(v.vat, fromItems.vat)
            if (v.gross !== null) assert.strictEqual(v.gross, fromItems.gross)
          }
          // The wire round trip (DocumentInfo's schema) gives the same value back; a sample keeps the test quick.
          if (receipts % 20 === 0) assert.deepStrictEqual(roundTrip(Methods.DocumentInfo.response, { reportDate: null, document: detail }).document, detail)
          receipts++
        })
        const totals = ds.shiftTotals(s)!
        assert.deepStrictEqual(roundTrip(Methods.ShiftInfo.response, totals), totals)
        const ops = [
          ["Income", totals.income], ["IncomeReturn", totals.incomeReturn], ["Expenditure", totals.expenditure],
          ["ExpenditureReturn", totals.expenditureReturn], ["correction:Income", totals.incomeCorrection], ["correction:Expenditure", totals.expenditureCorrection]
        ] as const
        for (const [key, t] of ops) {
          const e = expect.get(key) ?? { total: 0, cash: 0, electronic: 0, receipts: 0, items: 0, vat: new Map() }
          assert.strictEqual(t.total, e.total, `${key} total of ${s.fn}/${s.number}`)
          assert.strictEqual(t.cash, e.cash)
          assert.strictEqual(t.electronic, e.electronic)
          assert.strictEqual(t.receiptCount, e.receipts)
          if (t.itemCount !== null) assert.strictEqual(t.itemCount, e.items)
          for (const v of t.vat) {
            const x = e.vat.get(v.rate) ?? { gross: 0, vat: 0 }
            if (v.vat !== null) assert.strictEqual(v.vat, x.vat, `${key} VAT ${v.rate}`)
            if (v.gross !== null) assert.strictEqual(v.gross, x.gross, `${key} gross ${v.rate}`)
          }
          for (const [rate, x] of e.vat) {
            if (x.gross === 0) continue
            if (rate === "vat0") assert.strictEqual(t.zeroRateTotal, x.gross)
            else if (rate === "none") assert.strictEqual(t.noVatTotal, x.gross)
            else assert.isDefined(t.vat.find((v) => v.rate === rate), `${key} shows rate ${rate}`)
          }
        }
        assert.strictEqual(ds.toShift(s).receiptCount, totals.income.receiptCount! + totals.incomeReturn.receiptCount! + totals.expenditure.receiptCount! +
          totals.expenditureReturn.receiptCount! + totals.incomeCorrection.receiptCount! + totals.expenditureCorrection.receiptCount!)
      }
    }
    assert.isAbove(receipts, 5000)
  })

  it("has the situations a monthly job meets", () => {
    const all = ds.kkts.flatMap((k) => ds.shifts(k))
    const docs = all.flatMap((s) => ds.documents(s))
    const now = ds.now
    assert.isTrue(ds.kkts.some((k) => k.fns.length === 2), "a drive replaced mid-period")
    assert.isTrue(all.some((s) => s.closedAt === null), "an open shift")
    assert.isTrue(all.some((s) => Shift.crossesMidnight({ openedAt: Dataset.formatDateTime(s.openedAt) as never, closedAt: s.closedAt === null ? null : Dataset.formatDateTime(s.closedAt) as never })), "a shift across midnight")
    assert.isTrue(all.some((s) => (s.closedAt ?? now) - s.openedAt > 24 * 3_600_000), "a shift open more than 24 hours")
    const statuses = ds.kkts.map((k) => ds.status(k))
    assert.isTrue(statuses.some((s) => s.fnState === "Expires"), "a drive expiring")
    assert.isTrue(statuses.some((s) => s.fnState === "Expired"), "a drive expired")
    assert.isTrue(ds.kkts.some((k) => k.state === "Expired"), "an unpaid register")
    assert.isTrue(ds.kkts.some((k) => k.state === "Inactive"), "a disconnected register")
    const rates = new Set(docs.flatMap((d) => d.items.map((i) => i.rate)))
    for (const r of ["vat22", "vat20", "vat10", "vat22_122", "vat0", "none", "vat5", "vat7"] as const) assert.isTrue(rates.has(r), `rate ${r}`)
    assert.isTrue(docs.some((d) => d.operation === "IncomeReturn"), "refunds")
    assert.isTrue(docs.some((d) => d.operation === "Expenditure"), "expenditures")
    assert.isTrue(docs.some((d) => d.type === 31), "correction receipts")
    assert.isTrue(docs.some((d) => d.prepaid > 0) && docs.some((d) => d.credit > 0), "prepaid and credit payments")
    assert.isTrue(docs.some((d) => d.cash > 0 && d.electronic > 0), "mixed payments")
    assert.isAtLeast(new Set(ds.kkts.map((k) => k.taxation)).size, 3, "several taxation systems")
    assert.isTrue(ds.departments.some((d) => d.parentId !== null), "a department tree")
    assert.isTrue(docs.some((d) => d.at >= Date.parse(`${Y2026}T00:00:00Z`)) && docs.some((d) => d.at < Date.parse(`${Y2026}T00:00:00Z`)))
  })

  it("is lazy: a 2,000-register chain builds no document until asked", () => {
    const big = Dataset.generate({ seed: 1, registers: 2000, from: "2026-01-01", to: "2026-01-31" })
    assert.strictEqual(big.kkts.length, 2000)
    assert.strictEqual(big.generatedDocumentCount, 0)
    const s = big.shifts(big.kkts[1500]!)[3]!
    assert.isAbove(big.documents(s).length, 2)
    assert.strictEqual(big.generatedDocumentCount, big.documents(s).length)
  })

  it("inverts generated fiscal signs (PrintDocument looks documents up by sign)", () => {
    const kkt = ds.kkts[2]!
    const d = ds.documents(ds.shifts(kkt)[2]!)[5]!
    assert.deepStrictEqual(ds.documentsBySign(kkt, d.fiscalSign).map((x) => x.fd), [d.fd])
  })

  it("saves to and loads from the dataset file format with the same values", () => {
    const small = Dataset.generate({ seed: 4, registers: 4, from: "2026-01-05", to: "2026-01-08" })
    const json = JSON.parse(JSON.stringify(DatasetFile.toJson(small)))
    const loaded = DatasetFile.fromJson(json)
    assert.deepStrictEqual(loaded.outlets, small.outlets)
    for (const [a, b] of small.kkts.map((k, i) => [k, loaded.kkts[i]!] as const)) {
      const sa = small.shifts(a)
      const sb = loaded.shifts(b)
      assert.strictEqual(sb.length, sa.length)
      sa.forEach((s, i) => {
        assert.deepStrictEqual(loaded.shiftTotals(sb[i]!), small.shiftTotals(s))
        assert.deepStrictEqual(loaded.documents(sb[i]!).map((d) => loaded.toDocumentDetail(d)), small.documents(s).map((d) => small.toDocumentDetail(d)))
      })
    }
  })

  it("loads a hand-written file, computing totals, VAT and FD numbers", () => {
    const loaded = DatasetFile.fromJson({
      format: "taxcom-kit/sandbox-dataset@1",
      now: "2026-02-01T12:00:00",
      account: { agreementNumber: "0001-000001", companyName: "ИП Тест", inn: "7707083893" },
      outlets: [{ id: "o1", name: "Точка", code: null, address: "Москва", departmentId: null }],
      kkts: [{
        name: "Касса", regNumber: "0000000000000001", factoryNumber: "001", model: "АТОЛ 30Ф", outletId: "o1", taxation: "OSN",
        fns: [{
          number: "7380440700000001", registeredAt: "2025-06-01T09:00:00", firstShift: 10, firstFd: 100,
          shifts: [{
            openedAt: "2026-01-31T09:00:00", closedAt: "2026-01-31T21:00:00",
            receipts: [
              { dateTime: "2026-01-31T10:00:00", operation: "Income", electronic: 20698, items: [{ name: "Товар", price: 6999, quantity: 2, vatRate: "vat22" }, { name: "Хлеб", price: 6700, vatRate: "vat10" }] },
              { dateTime: "2026-01-31T11:00:00", operation: "IncomeReturn", items: [{ name: "Хлеб", price: 6700, vatRate: "vat10" }] }
            ]
          }]
        }]
      }]
    })
    const s = loaded.shiftsOfFn("7380440700000001")[0]!
    assert.strictEqual(s.number, 10)
    assert.deepStrictEqual(loaded.documents(s).map((d) => d.fd), [100, 101, 102, 103])
    const t = loaded.shiftTotals(s)!
    assert.strictEqual(t.income.total, 20698)
    assert.strictEqual(t.income.electronic, 20698)
    // 13998 × 22/122 = 2524.2 → 2524; 6700 × 10/110 = 609.09 → 609
    assert.strictEqual(t.income.vat.find((v) => v.rate === "vat22")!.vat, 2524)
    assert.strictEqual(t.income.vat.find((v) => v.rate === "vat10")!.vat, 609)
    assert.strictEqual(t.incomeReturn.cash, 6700)
    assert.throws(() => DatasetFile.fromJson({ format: "taxcom-kit/sandbox-dataset@1", now: "x" }), /now/)
  })
})
