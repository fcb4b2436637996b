/**
 * `reconcile` as a process on a sandbox ERP export: the differences the sandbox injected are the ones reported,
 * in discrepancies.csv, summary.json and the reconciliation report; `--fail-on-differences` makes that exit code 6.
 */
import { FiscalFile } from "@taxcom-kit/reconcile"
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

  it("document export, then reconcile --documents: the same differences as from the API, without DocumentList", async () => {
    const dir = tempDir("documents")
    const erp = path.join(dir, "sales-2026-01.csv")
    const ds = Dataset.generate({ seed: SEED, registers: REGISTERS, from: "2026-01-01", to: "2026-01-31" })
    await Effect.runPromise(ErpExport.writeFiles(ds, { out: erp, encoding: "utf-8-bom", level: "receipt", fiscalColumns: false }))
    const env = cleanEnv({ TAXCOM_SANDBOX_SEED: String(SEED), TAXCOM_SANDBOX_REGISTERS: String(REGISTERS) })

    const exported = await run(["document", "export", "--month", "2026-01", "--out", path.join(dir, "export")], env)
    assert.strictEqual(exported.code, 0, exported.stderr)
    const file = path.join(dir, "export", "documents-2026-01.csv")
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\r\n")
    assert.strictEqual(lines[0], FiscalFile.header())
    assert.match(exported.stdout, new RegExp(`documents\\s+${lines.length - 1}\\n`))
    assert.isAbove(lines.length, 1000)

    // the time-window tier (no FN/FD columns in this export) needs the registers' names: they come from the API
    const fromApi = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--out", path.join(dir, "api")], env)
    const fromFile = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--documents", file, "--out", path.join(dir, "file"), "--verbose"], env)
    assert.strictEqual(fromApi.code, 0, fromApi.stderr)
    assert.strictEqual(fromFile.code, 0, fromFile.stderr)
    const differences = (d: string) => fs.readFileSync(path.join(dir, d, "discrepancies.csv"), "utf8")
    assert.isAbove(differences("api").split("\r\n").length, 10)
    assert.strictEqual(differences("file"), differences("api"))
    const summary = (d: string) => JSON.parse(fs.readFileSync(path.join(dir, d, "summary.json"), "utf8"))
    assert.deepStrictEqual(summary("file").byKind, summary("api").byKind)
    assert.deepStrictEqual(summary("file").matches, summary("api").matches)
    assert.notInclude(fromFile.stderr, "DocumentList")
  }, 180_000)

  it("reconcile --documents: a missing or broken fiscal file is an input error (5) naming the place; filters do not apply (2)", async () => {
    const dir = tempDir("documents-bad")
    const erp = path.join(dir, "sales.csv")
    fs.writeFileSync(erp, "Дата;Сумма\r\n01.01.2026 10:00:00;100,00\r\n")
    const env = cleanEnv({ TAXCOM_SANDBOX_SEED: String(SEED), TAXCOM_SANDBOX_REGISTERS: String(REGISTERS) })
    const missing = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--documents", path.join(dir, "nope.csv"), "--out", dir], env)
    assert.strictEqual(missing.code, 5, missing.stderr)
    assert.include(missing.stderr, "nope.csv: no such file")

    const broken = path.join(dir, "documents.csv")
    fs.writeFileSync(broken, FiscalFile.header() + "\r\n" + "7380440810000000;1;3;2026-01-05T10:00:00;1;1;1173505299;Income;12,50;0;0" + ";".repeat(FiscalFile.header().split(";").length - 11) + "\r\n")
    const bad = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--documents", broken, "--out", dir], env)
    assert.strictEqual(bad.code, 5, bad.stderr)
    assert.include(bad.stderr, "documents.csv, line 2, column «total»: not a whole number: \"12,50\"")
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => !f.startsWith(".")).sort(), ["documents.csv", "sales.csv"])

    const filtered = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--documents", broken, "--outlet", "1", "--out", dir], env)
    assert.strictEqual(filtered.code, 2, filtered.stderr)
    assert.include(filtered.stderr, "--documents")
  }, 120_000)
})
