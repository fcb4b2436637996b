/**
 * The monthly job as a process against the embedded sandbox: the files it writes carry the totals of the sandbox's
 * fiscal documents, and a re-run resumes from what the first run fetched.
 */
import { FiscalDocument, LocalDateTime } from "@taxcom-kit/core"
import { Dataset } from "@taxcom-kit/sandbox"
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "vitest"
import { cleanEnv, filesUnder, run, tempDir } from "./run.js"

const SEED = "31"
const REGISTERS = "3"
const env = cleanEnv({ TAXCOM_SANDBOX_SEED: SEED, TAXCOM_SANDBOX_REGISTERS: REGISTERS })

/** The same chain the runner's embedded sandbox generates for January 2026, and its documents' sums. */
const truth = (() => {
  const ds = Dataset.generate({ seed: Number(SEED), registers: Number(REGISTERS), from: "2026-01-01", to: "2026-01-31" })
  let income = 0
  let incomeReturn = 0
  let shifts = 0
  const from = LocalDateTime.unsafeFromString("2026-01-01T00:00:00")
  const to = LocalDateTime.unsafeFromString("2026-01-31T23:59:59")
  for (const kkt of ds.kkts) {
    for (const s of ds.shifts(kkt)) {
      const opened = ds.toShift(s).openedAt
      if (opened < from || opened > to) continue // includePeriod "opened"
      shifts++
      for (const d of ds.documentSummaries(s)) {
        if (!FiscalDocument.carriesMoney(d.type) || d.type === 31 || d.type === 41) continue
        if (d.operation === "Income") income += d.total
        if (d.operation === "IncomeReturn") incomeReturn += d.total
      }
    }
  }
  return { income, incomeReturn, shifts }
})()

describe("monthly", () => {
  it("writes both reports, the index, and totals equal to the fiscal documents; a re-run resumes", async () => {
    const out = tempDir("monthly")
    const first = await run(["monthly", "--month", "2026-01", "--out", out], env)
    assert.strictEqual(first.code, 0, first.stderr)
    assert.include(first.stderr, "DEMO DATA")
    const files = filesUnder(out).filter((f) => !f.startsWith(".cache"))
    assert.includeMembers(files, [
      "shifts-by-outlet-2026-01.xlsx", "shifts-by-outlet-2026-01.pdf",
      "vat-by-outlet-2026-01.xlsx", "vat-by-outlet-2026-01.pdf", "index.md", "index.json"
    ])
    assert.isFalse(files.some((f) => f.endsWith(".tmp")))

    const index = JSON.parse(fs.readFileSync(path.join(out, "index.json"), "utf8"))
    assert.isTrue(index.demo)
    assert.strictEqual(index.files.length, 4)

    // The JSON form of the shift report carries exact kopecks.
    const json = await run(["shifts", "--month", "2026-01", "--group-by", "none", "--format", "json,csv", "--out", out], env)
    assert.strictEqual(json.code, 0, json.stderr)
    const report = JSON.parse(fs.readFileSync(path.join(out, "shifts-by-shift-2026-01.json"), "utf8"))
    assert.strictEqual(report.total.amounts.income.total, truth.income)
    assert.strictEqual(report.total.amounts.incomeReturn.total, truth.incomeReturn)
    assert.strictEqual(report.total.amounts.netRevenue, truth.income - truth.incomeReturn)
    assert.strictEqual(report.shiftCount, truth.shifts)
    const csv = fs.readFileSync(path.join(out, "shifts-by-shift-2026-01.csv"), "utf8")
    const totalLine = csv.split("\r\n").find((l) => l.startsWith("total,"))!
    assert.include(totalLine, `,${truth.income},`)

    // The summary names the totals in rubles.
    assert.include(first.stdout, "net revenue")
    assert.match(first.stdout, /API requests: \d+/)

    // Everything of the closed shifts was kept: the re-run asks far less.
    const requests = (s: string) => Number(/API requests: (\d+)/.exec(s)![1])
    const again = await run(["monthly", "--month", "2026-01", "--out", out], env)
    assert.strictEqual(again.code, 0, again.stderr)
    assert.include(again.stdout, "reused from an earlier run")
    assert.isBelow(requests(again.stdout), requests(first.stdout) / 2)
  }, 180_000)
})
