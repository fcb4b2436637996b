/**
 * Integration with the sandbox: its dataset (fiscal documents and shift totals as core domain values, in process)
 * and its ERP exports with ground truth, scored by the rule of docs/erp-export-format.md.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import type { FiscalDocument, ShiftTotals } from "@taxcom-kit/core"
import { ErpImport, Reconcile } from "@taxcom-kit/reconcile"
import type { Register } from "@taxcom-kit/reconcile"
import { Dataset, ErpExport } from "@taxcom-kit/sandbox"
import { score } from "./fixture.js"

const DAY = 86_400_000
const ds = Dataset.generate({ seed: 7, registers: 6, from: "2026-11-01", to: "2026-11-10", receiptsPerShift: [20, 40] })
const documents: Array<FiscalDocument.DocumentSummary> = []
const shifts: Array<ShiftTotals.ShiftTotals> = []
for (const kkt of ds.kkts) {
  for (const s of ds.shifts(kkt)) {
    for (const d of ds.documents(s)) if (d.at >= ds.from && d.at < ds.to + DAY) documents.push(ds.toDocumentSummary(d))
    shifts.push(ds.shiftTotals(s)!)
  }
}
const registers: Array<Register.RegisterInfo> = ds.kkts.flatMap((k) =>
  k.fns.map((f) => ({ fn: f.number, kktRegNumber: k.regNumber, name: k.name, outlet: ds.outlet(k.outletId)?.name ?? null }))
)
const rates = Object.fromEntries(ErpExport.DIFFERENCE_KINDS.map((k) => [k, 0.02]))

describe("sandbox ERP exports", () => {
  for (const level of ["receipt", "line"] as const) {
    for (const fiscalColumns of [true, false]) {
      const encoding = level === "receipt" ? "windows-1251" : "utf-8-bom"
      it.effect(`${level}-level, ${encoding}, ${fiscalColumns ? "with" : "without"} FN/FD columns: every kind found`, () =>
        Effect.gen(function*() {
          const { csv, truth } = ErpExport.toBuffer(ds, { level, fiscalColumns, encoding, seed: 3, rates })
          const r = yield* Reconcile.runCollect({
            erp: ErpImport.fromBytes(truth.export, csv, { chunkSize: 16 * 1024 }),
            ofd: Stream.fromIterable(documents),
            shifts: Stream.fromIterable(shifts),
            registers
          })
          assert.strictEqual(r.summary.rows.read, truth.rows)
          assert.strictEqual(r.summary.rows.rejected, 0)
          const reported = r.differences
            .filter((d) => d.tier === null || d.tier <= 3)
            .map((d) => ({ kind: d.kind, fn: d.fn, fd: d.fd, erpLines: d.erp?.lines ?? [] }))
          const s = score(truth.differences.map((d) => ({ ...d, erpLines: [...d.erpLines] })), reported)
          for (const kind of ErpExport.DIFFERENCE_KINDS) {
            const k = s.get(kind)
            assert.isDefined(k, kind)
            assert.isAtLeast(k!.precision, 0.99, `${kind} precision ${JSON.stringify(k)}`)
            assert.isAtLeast(k!.recall, 0.99, `${kind} recall ${JSON.stringify(k)}`)
          }
          // every receipt of the period is accounted for: matched, or reported missing on one side
          const missingInErp = r.differences.filter((d) => d.kind === "missing_in_erp").length
          assert.strictEqual(r.summary.ofd.inScope, r.summary.matches.total + missingInErp)
        }), 60_000)
    }
  }
})
