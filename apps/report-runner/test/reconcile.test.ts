/**
 * `reconcile` as a process on a sandbox ERP export: the differences the sandbox injected are the ones reported,
 * in discrepancies.csv, summary.json and the reconciliation report; `--fail-on-differences` makes that exit code 6.
 */
import { Dataset, ErpExport } from "@taxcom-kit/sandbox"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "vitest"
import { cleanEnv, run, tempDir } from "./run.js"

const SEED = 17
const REGISTERS = 3

describe("reconcile", () => {
  it("reports the injected differences, kind by kind", async () => {
    const dir = tempDir("reconcile")
    const erp = path.join(dir, "sales-2026-01.csv")
    const ds = Dataset.generate({ seed: SEED, registers: REGISTERS, from: "2026-01-01", to: "2026-01-31" })
    const truth = await Effect.runPromise(ErpExport.writeFiles(ds, { out: erp, encoding: "windows-1251", level: "receipt", fiscalColumns: true }))
    assert.isAbove(truth.differences.length, 5)

    const env = cleanEnv({ TAXCOM_SANDBOX_SEED: String(SEED), TAXCOM_SANDBOX_REGISTERS: String(REGISTERS) })
    const r = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--out", dir, "--fail-on-differences"], env)
    assert.strictEqual(r.code, 6, r.stderr)
    assert.include(r.stderr, "difference(s) found")

    const csv = fs.readFileSync(path.join(dir, "discrepancies.csv"), "utf8").trim().split("\r\n")
    const header = csv[0]!.split(",")
    assert.deepStrictEqual(header.slice(0, 4), ["kind", "tier", "fn", "fd"])
    const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(",").map((v, i) => [header[i], v])))
    // Every injected difference with a fiscal document is reported with its kind, FN and FD.
    const reported = new Set(rows.map((row) => `${row.kind}|${row.fn}|${row.fd}`))
    const expected = truth.differences.filter((d) => d.fn !== null && d.kind !== "duplicate")
    const found = expected.filter((d) => reported.has(`${d.kind}|${d.fn}|${d.fd}`))
    assert.isAtLeast(found.length / expected.length, 0.99, `found ${found.length} of ${expected.length}`)

    const summary = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8"))
    assert.strictEqual(summary.rows.read, summary.rows.accepted + summary.rows.rejected)
    assert.strictEqual(summary.rows.read, truth.rows)
    assert.isTrue(fs.existsSync(path.join(dir, "reconciliation-2026-01.xlsx")))
    assert.isTrue(fs.existsSync(path.join(dir, "reconciliation-2026-01.pdf")))
  }, 120_000)
})
