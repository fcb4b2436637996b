/**
 * What the built runner writes when its inputs are hostile: cells a spreadsheet would run as formulas (`=`, `+`, `-`,
 * `@` at the start) — from the ERP file, its name, and the names the service sends — are escaped in every CSV and
 * stay text in every workbook; and no secret (the password, the integrator id, any session token) reaches an output
 * file or a log line, even with --verbose, while the service fails, rotates tokens and echoes secrets back.
 */
import { Csv } from "@taxcom-kit/reconcile"
import { ErpExport } from "@taxcom-kit/sandbox"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import * as Hostile from "./support/hostile.js"
import { cleanEnv, describeRun, filesUnder, run, tempDir } from "./support/run.js"
import { accountEnv, type Running, start } from "./support/sandbox.js"
import { formulasOf, textsOf } from "./support/zip.js"

const SECRET = { integratorId: "int-7f3a9c51e2b8", login: "acct-buh", password: "P@ss-4d9e1b77c0" }

let sandbox: Running
let hostile: Hostile.Hostile

beforeAll(async () => {
  sandbox = await start({
    dataset: { seed: 37, registers: 2, from: "2026-01-01", to: "2026-01-31" },
    settings: {
      integratorId: SECRET.integratorId,
      users: [{ login: SECRET.login, password: SECRET.password, rights: ["admin", "api", "monitoring", "analytics", "management", "reports", "viewDocuments"] }]
    }
  })
  hostile = await Hostile.start(sandbox.server.url)
}, 60_000)

afterAll(async () => {
  await hostile?.close()
  await sandbox?.close()
})

const env = () => cleanEnv({ ...accountEnv(sandbox.server, SECRET), TAXCOM_BASE_URL: hostile.url })

const FORMULA_START = /^[=+\-@\t\r]/

/** Every cell of a CSV output that a spreadsheet would run as a formula: none, except plain numbers. */
const formulaCells = (file: string): Array<string> => {
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "")
  return Csv.parse(text, ",").flatMap((r) => r.cells).filter((c) => FORMULA_START.test(c) && !/^-?\d+(\.\d+)?$/.test(c))
}

/** A CSV row of cells joined with `;`, quoting what needs it (and nothing else: formulas go in as they are). */
const erpRow = (cells: ReadonlyArray<string>) =>
  cells.map((c) => (/[;"\r\n]/.test(c) ? `"${c.replaceAll("\"", "\"\"")}"` : c)).join(";")

describe("formula cells", () => {
  it("from the ERP file and its name: escaped in discrepancies.csv and rejected.csv, text in the workbook", async () => {
    const dir = tempDir("formula-erp")
    const { csv } = ErpExport.toBuffer(sandbox.server.dataset, { encoding: "utf-8-bom", level: "receipt", fiscalColumns: true })
    const rows = Csv.parse(new TextDecoder().decode(csv).replace(/^\uFEFF/, ""), ";").map((r) => [...r.cells])
    const header = rows[0]!
    const col = (name: string) => header.indexOf(name)
    rows[2]![col("Номер документа")] = "=HYPERLINK(\"http://evil.example\",\"open\")"
    rows[3]![col("Торговая точка")] = "@SUM(1+1)*cmd|' /C calc'!A0"
    rows[4]![col("Сумма")] = "=1+1"
    rows[5]![col("Касса")] = "+79991234567"
    rows[6]![col("Номер документа")] = "-2+3"
    // The file's own name is a formula too: it is a column of both CSV outputs.
    const erp = path.join(dir, "=1+2.csv")
    fs.writeFileSync(erp, "\uFEFF" + rows.filter((r) => r.length > 1).map(erpRow).join("\r\n") + "\r\n")
    const out = path.join(dir, "out")
    const r = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--out", out], env())
    assert.strictEqual(r.code, 0, describeRun(r))

    for (const f of ["discrepancies.csv", "rejected.csv"]) assert.deepStrictEqual(formulaCells(path.join(out, f)), [], f)
    const rejected = Csv.parse(fs.readFileSync(path.join(out, "rejected.csv"), "utf8"), ",")
    const amount = rejected.find((x) => x.cells[3] === "'=1+1")
    assert.isDefined(amount, "the rejected formula is kept, escaped")
    assert.strictEqual(amount!.cells[0], "'=1+2.csv")
    const discrepancies = Csv.parse(fs.readFileSync(path.join(out, "discrepancies.csv"), "utf8"), ",").slice(1)
    assert.isAbove(discrepancies.length, 0)
    for (const d of discrepancies) if (d.cells[5] !== "") assert.strictEqual(d.cells[5], "'=1+2.csv")
    // The workbook holds the texts as text: its only formulas (if any) are its own.
    const xlsx = path.join(out, "reconciliation-2026-01.xlsx")
    assert.include(textsOf(xlsx), "=1+2.csv")
    for (const f of formulasOf(xlsx)) assert.notMatch(f, /1\+2|HYPERLINK|cmd|SUM\(1\+1\)/, f)
  }, 120_000)

  it("from the service's names (outlets, registers, cashiers): escaped in the report CSV, text in the workbook", async () => {
    const evil = {
      outlet: "=HYPERLINK(\"http://evil.example\",\"Магазин\")",
      kkt: "@cmd|' /C calc'!A0",
      cashier: "+7 999 000-00-00",
      department: "-1+1"
    }
    hostile.set((r) => {
      if (r.method === "OutletList") {
        return { _tag: "Edit", edit: (j) => ({ ...j, records: j.records.map((o: object) => ({ ...o, name: evil.outlet })) }) }
      }
      if (r.method === "KKTList") return { _tag: "Edit", edit: (j) => ({ ...j, records: j.records.map((k: object) => ({ ...k, name: evil.kkt })) }) }
      if (r.method === "ShiftInfo") return { _tag: "Edit", edit: (j) => ({ ...j, shift: { ...j.shift, cashier: evil.cashier } }) }
      if (r.method === "DepartmentList") {
        return { _tag: "Edit", edit: (j) => ({ ...j, records: j.records.map((d: object) => ({ ...d, name: evil.department })) }) }
      }
      return undefined
    })
    try {
      const out = tempDir("formula-api")
      const r = await run(["shifts", "--month", "2026-01", "--group-by", "none", "--source", "shiftinfo", "--format", "csv,xlsx,json", "--out", out], env())
      assert.strictEqual(r.code, 0, describeRun(r))
      const csv = path.join(out, "shifts-by-shift-2026-01.csv")
      assert.deepStrictEqual(formulaCells(csv), [])
      const text = fs.readFileSync(csv, "utf8")
      assert.include(text, "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Магазин\"\")\"")
      assert.include(text, "'+7 999 000-00-00")
      const xlsx = path.join(out, "shifts-by-shift-2026-01.xlsx")
      assert.include(textsOf(xlsx), "HYPERLINK(")
      for (const f of formulasOf(xlsx)) assert.notMatch(f, /HYPERLINK|cmd|999/, f)
    } finally {
      hostile.set(undefined)
    }
  }, 120_000)
})

describe("secrets", () => {
  it("never in an output file or a log line: --verbose, faults, re-logins, and a service echoing them back", async () => {
    // The service fails often, drops tokens, and its error answers quote the request's secrets back.
    const echo = (r: Hostile.Request) =>
      `token=${String(r.headers["session-token"] ?? "")} integrator=${SECRET.integratorId} password=${SECRET.password}`
    let n = 0
    hostile.set((r) => {
      n++
      if (r.method === "ShiftInfo" && n % 7 === 0) {
        return Hostile.json(500, { httpErrorCode: 500, apiErrorCode: 5101, commonDescription: "Внутренняя ошибка сервера", details: echo(r) })
      }
      if (r.method === "DocumentList" && n % 9 === 0) return Hostile.html(502, `502 Bad Gateway ${echo(r)}`, `<p>${echo(r)}</p>`)
      if (r.method === "ShiftList" && n % 11 === 0) {
        return Hostile.json(401, { httpErrorCode: 401, apiErrorCode: 2109, commonDescription: "Истек срок действия маркера доступа", details: echo(r) })
      }
      if (r.method === "OutletList" && n % 5 === 0) return { _tag: "Reply", status: 503, contentType: "text/plain", body: echo(r) }
      return undefined
    })
    await Effect.runPromise(sandbox.server.setFaults({ seed: 9, errorRate: 0.08, dropRate: 0.02, tokenExpiryRate: 0.05, kktstatShiftsRefused: true }))
    try {
      const dir = tempDir("secrets")
      const erp = path.join(dir, "sales.csv")
      fs.writeFileSync(erp, ErpExport.toBuffer(sandbox.server.dataset, { encoding: "windows-1251" }).csv)
      const job = path.join(dir, "job.json")
      fs.writeFileSync(job, JSON.stringify({
        reports: [{ kind: "shifts", groupBy: "none", formats: ["json", "csv", "xlsx"] }, { kind: "vat", groupBy: "outlet", formats: ["json", "pdf"] }],
        reconcile: { erp: [erp] }
      }))
      const out = path.join(dir, "out")
      const r = await run(["monthly", "--month", "2026-01", "--config", job, "--out", out, "--verbose"], env(), 180_000)
      assert.strictEqual(r.code, 0, describeRun(r))
      // The echoes happened and were logged (scrubbed): the test looked where secrets could be.
      assert.include(r.stderr, "transient failure, retrying")
      assert.include(r.stderr, "<redacted>")
      // Logs go to stderr: stdout is the summary alone.
      assert.notMatch(r.stdout, /\] (DEBUG|INFO|WARN|ERROR) \(/)
      assert.match(r.stdout, /^report-runner: monthly job 2026-01 — done/)

      const secrets = [SECRET.password, SECRET.integratorId, ...hostile.tokens]
      assert.isAbove(hostile.tokens.size, 1, "tokens were rotated during the run")
      const files = filesUnder(out)
      assert.isAbove(files.length, 8)
      const places: Array<[string, string]> = [["stdout", r.stdout], ["stderr", r.stderr], ...files.map((f): [string, string] => [f, fs.readFileSync(path.join(out, f), "latin1")])]
      for (const f of files.filter((x) => x.endsWith(".xlsx"))) places.push([`${f} (unzipped)`, textsOf(path.join(out, f))])
      for (const [where, text] of places) {
        for (const s of secrets) {
          assert.notInclude(text, s, `${where} holds a secret`)
          assert.notInclude(text, Buffer.from(s, "utf8").toString("latin1"), `${where} holds a secret`)
        }
      }
    } finally {
      hostile.set(undefined)
      await Effect.runPromise(sandbox.server.setFaults({}))
    }
  }, 240_000)
})
