/**
 * The month-end job under a misbehaving service. The built `report-runner` runs `monthly` (both reports and the
 * reconciliation) and `reconcile` against the sandbox while it answers 5xx, drops connections, expires tokens early,
 * adds latency spikes and refuses kktstat/shifts. Faults never change the sandbox's data, so every output must be
 * identical to the fault-free run's — the figures, not just the exit code. When the service stays down beyond the
 * retry budget the job ends with exit code 4 and a message naming what failed, and a re-run resumes.
 */
import { ErpExport } from "@taxcom-kit/sandbox"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { csvTotalLine, readJson, readText } from "./support/outputs.js"
import { cleanEnv, describeRun, filesUnder, run, tempDir } from "./support/run.js"
import { accountEnv, type Running, size, start } from "./support/sandbox.js"

const MONTH = "2026-01"

/** The faults of the issue: 10% 5xx, 2% dropped connections, early token expiry, latency spikes, kktstat refused. */
const hostileNetwork = {
  seed: size.seed,
  errorRate: 0.1,
  errorStatuses: [500, 502, 503, 504] as const,
  dropRate: 0.02,
  tokenExpiryRate: 0.03,
  // Tokens also lapse after 3 s idle instead of 5 minutes: the client cannot know, and must re-login when told.
  sessionTtlMs: 3_000,
  latency: { _tag: "Exponential" as const, meanMs: 10 },
  slowPage: { every: 15, delayMs: 1_500 },
  kktstatShiftsRefused: true
}

let sandbox: Running
let work: string
let job: string
let erp: string
let baseline: string

const env = () => cleanEnv(accountEnv(sandbox.server))

const requests = (stdout: string) => Number(/API requests: (\d+)/.exec(stdout)?.[1] ?? NaN)

const REPORTS = ["shifts-by-shift-2026-01.json", "vat-by-outlet-2026-01.json", "vat-by-shift-2026-01.json"]
const CSVS = ["shifts-by-shift-2026-01.csv", "vat-by-outlet-2026-01.csv", "discrepancies.csv", "rejected.csv"]

interface Index {
  readonly notes: ReadonlyArray<string>
  readonly files: ReadonlyArray<{ readonly file: string; readonly format: string; readonly bytes: number }>
}

/** The index without its notes, and without the sizes of xlsx/pdf files (they hold the time they were made). */
const comparableIndex = (i: Index) => ({
  ...i,
  notes: [],
  files: i.files.map((f) => (f.format === "xlsx" || f.format === "pdf" ? { ...f, bytes: 0 } : f))
})

/** Every figure a month-end job writes equals the fault-free run's. */
const assertSameOutputs = (dir: string, reference: string, files: { json: ReadonlyArray<string>; csv: ReadonlyArray<string> }) => {
  for (const f of files.json) assert.deepStrictEqual(readJson(dir, f), readJson(reference, f), `${f} differs from the fault-free run`)
  for (const f of files.csv) assert.strictEqual(readText(dir, f), readText(reference, f), `${f} differs from the fault-free run`)
}

beforeAll(async () => {
  sandbox = await start({ dataset: { seed: size.seed, registers: size.registers, from: "2026-01-01", to: "2026-01-31" } })
  work = tempDir("monthly")
  erp = path.join(work, "sales-2026-01.csv")
  await Effect.runPromise(ErpExport.writeFiles(sandbox.server.dataset, { out: erp, encoding: "windows-1251", level: "receipt", fiscalColumns: true }))
  job = path.join(work, "job.json")
  fs.writeFileSync(job, JSON.stringify({
    reports: [
      { kind: "shifts", groupBy: "none", formats: ["json", "csv"] },
      { kind: "vat", groupBy: "outlet", formats: ["json", "csv"] },
      { kind: "vat", groupBy: "none", formats: ["json"] }
    ],
    reconcile: { erp: [erp] }
  }))
  baseline = path.join(work, "baseline")
  const r = await run(["monthly", "--month", MONTH, "--config", job, "--out", baseline], env())
  assert.strictEqual(r.code, 0, describeRun(r))
}, 120_000)

afterAll(() => sandbox?.close())

describe("the monthly job under faults", () => {
  it("the fault-free run is the reference: its totals are the sandbox's own", () => {
    const report = readJson(baseline, "shifts-by-shift-2026-01.json") as { shiftCount: number; total: { amounts: { income: { total: number } } } }
    const ds = sandbox.server.dataset
    let income = 0
    for (const kkt of ds.kkts) {
      for (const s of ds.shifts(kkt)) {
        if (ds.toShift(s).openedAt.slice(0, 7) !== MONTH) continue
        income += ds.shiftTotals(s)!.income.total
      }
    }
    assert.strictEqual(report.total.amounts.income.total, income)
    assert.isAbove(report.shiftCount, 20 * size.registers)
    const summary = readJson(baseline, "summary.json") as { rows: { read: number } }
    assert.isAbove(summary.rows.read, 100)
  })

  it("5xx, dropped connections, early token expiry, latency spikes and kktstat refused: every output equals the fault-free run", async () => {
    await Effect.runPromise(sandbox.server.resetStats)
    await Effect.runPromise(sandbox.server.setFaults(hostileNetwork))
    const out = path.join(work, "faulted")
    const r = await run(["monthly", "--month", MONTH, "--config", job, "--out", out], env(), 240_000)
    const stats = await Effect.runPromise(sandbox.server.stats)
    await Effect.runPromise(sandbox.server.setFaults({}))
    assert.strictEqual(r.code, 0, describeRun(r))

    assertSameOutputs(out, baseline, { json: [...REPORTS, "summary.json"], csv: CSVS })
    // The index says where the figures came from; everything else in it is the reference's.
    const index = readJson(out, "index.json") as Index
    assert.deepStrictEqual(comparableIndex(index), comparableIndex(readJson(baseline, "index.json") as Index))
    assert.deepStrictEqual(index.notes, ["kktstat/shifts was refused for this account: figures come from ShiftList + ShiftInfo"])
    assert.strictEqual(csvTotalLine(out, "shifts-by-shift-2026-01.csv"), csvTotalLine(baseline, "shifts-by-shift-2026-01.csv"))

    // The faults did happen, and were got over: retries, re-logins, the fallback from kktstat.
    assert.include(r.stderr, "transient failure, retrying")
    assert.include(r.stderr, "kktstat/shifts refused")
    assert.isAbove(stats.requests.Login ?? 0, 1, "tokens expired early, so the job logged in again")
    assert.isAbove(requests(r.stdout), 0)
  }, 300_000)

  it("reconcile alone under the same faults writes the same discrepancies and summary", async () => {
    await Effect.runPromise(sandbox.server.setFaults({ ...hostileNetwork, seed: hostileNetwork.seed + 1 }))
    const out = path.join(work, "reconcile")
    // The job file's defaults, so the reference is the monthly run's reconciliation.
    const r = await run(["reconcile", "--erp", erp, "--month", MONTH, "--window", "2m", "--out", out], env(), 240_000)
    await Effect.runPromise(sandbox.server.setFaults({}))
    assert.strictEqual(r.code, 0, describeRun(r))
    assertSameOutputs(out, baseline, { json: ["summary.json"], csv: ["discrepancies.csv", "rejected.csv"] })
    assert.include(r.stderr, "transient failure, retrying")
  }, 300_000)
})

describe("the service stays down", () => {
  it("beyond the retry budget: exit code 4 naming the method and the answer, in bounded time; the re-run resumes", async () => {
    const out = path.join(work, "down")
    // The lists of documents never come back: reports are done, the reconciliation cannot be.
    await Effect.runPromise(sandbox.server.setFaults({ seed: 3, errorRate: 1, errorStatuses: [503], methods: ["DocumentList"] }))
    const down = await run(["monthly", "--month", MONTH, "--config", job, "--out", out], env(), 90_000)
    assert.isFalse(down.hung, describeRun(down))
    assert.strictEqual(down.code, 4, describeRun(down))
    assert.match(down.stderr, /report-runner: DocumentList: HTTP 503/)
    assert.include(down.stderr, "503 Service Temporarily Unavailable")
    assert.notInclude(down.stderr, "<html>", "a proxy's HTML page is summarised, not dumped")
    assert.include(down.stderr, "run again later")
    assert.isFalse(fs.existsSync(path.join(out, "index.json")), "a failed job writes no index")
    assert.isFalse(filesUnder(out).some((f) => f.endsWith(".tmp")))

    // The service is back: the re-run fetches no ShiftInfo again and ends with the reference outputs.
    await Effect.runPromise(sandbox.server.setFaults({}))
    await Effect.runPromise(sandbox.server.resetStats)
    const again = await run(["monthly", "--month", MONTH, "--config", job, "--out", out], env())
    const stats = await Effect.runPromise(sandbox.server.stats)
    assert.strictEqual(again.code, 0, describeRun(again))
    assert.include(again.stdout, "reused from an earlier run")
    // Only shifts still open at the sandbox's "now" are asked again: a closed shift's ShiftInfo came from the first run.
    const ds = sandbox.server.dataset
    const open = ds.kkts.flatMap((k) => ds.shifts(k).map((s) => ds.toShift(s))).filter((s) => s.openedAt.slice(0, 7) === MONTH && s.closedAt === null)
    assert.strictEqual(stats.requests.ShiftInfo ?? 0, open.length)
    assert.isBelow(open.length, 2 * size.registers)
    assertSameOutputs(out, baseline, { json: [...REPORTS, "summary.json"], csv: CSVS })
    assert.deepStrictEqual(comparableIndex(readJson(out, "index.json") as Index), comparableIndex(readJson(baseline, "index.json") as Index))
  }, 180_000)

  it("down from the start (every answer a proxy's 502): exit code 4 within the retry budget, naming the login", async () => {
    await Effect.runPromise(sandbox.server.setFaults({ seed: 4, errorRate: 1, errorStatuses: [502] }))
    const out = tempDir("down-start")
    const r = await run(["monthly", "--month", MONTH, "--config", job, "--out", out], env(), 60_000)
    await Effect.runPromise(sandbox.server.setFaults({}))
    assert.isFalse(r.hung, describeRun(r))
    assert.strictEqual(r.code, 4, describeRun(r))
    assert.match(r.stderr, /report-runner: Login: HTTP 502/)
    assert.include(r.stderr, "502 Bad Gateway")
    // Four retries with backoff from 500 ms, capped at 10 s: well under the deadline.
    assert.isBelow(r.millis, 45_000)
  }, 90_000)
})
