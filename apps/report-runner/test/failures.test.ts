/**
 * What a scheduler and a person see when a job cannot run: a distinct exit code and a message to act on, with no
 * secret in it; and a job killed midway leaves no partial output, and its re-run completes.
 */
import { SandboxServer } from "@taxcom-kit/sandbox"
import { Effect, Exit, Scope } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { cleanEnv, filesUnder, run, start, tempDir } from "./run.js"

let scope: Scope.CloseableScope
let server: SandboxServer.SandboxServerService

beforeAll(async () => {
  scope = Effect.runSync(Scope.make())
  server = await Effect.runPromise(
    SandboxServer.make({ dataset: { seed: 5, registers: 2, from: "2026-01-01", to: "2026-01-31" }, settings: { port: 0, host: "127.0.0.1" } })
      .pipe(Scope.extend(scope))
  )
})
afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

const account = (extra: Record<string, string> = {}) =>
  cleanEnv({
    TAXCOM_BASE_URL: server.url,
    TAXCOM_INTEGRATOR_ID: "demo",
    TAXCOM_LOGIN: "demo",
    TAXCOM_PASSWORD: "demo",
    ...extra
  })

describe("exit codes", () => {
  it("0 against an account: the job talks to TAXCOM_BASE_URL with the given login", async () => {
    const out = tempDir("account")
    const r = await run(["shifts", "--month", "2026-01", "--out", out, "--format", "json"], account())
    assert.strictEqual(r.code, 0, r.stderr)
    assert.notInclude(r.stderr, "DEMO")
    assert.isTrue(fs.existsSync(path.join(out, "shifts-by-outlet-2026-01.json")))
  }, 60_000)

  it("2 for a bad job file, naming the field", async () => {
    const dir = tempDir("jobfile")
    const job = path.join(dir, "job.json")
    fs.writeFileSync(job, JSON.stringify({ reports: [{ kind: "shifts", formats: ["xlsx", "docx"] }] }))
    const r = await run(["monthly", "--config", job, "--out", dir])
    assert.strictEqual(r.code, 2)
    assert.include(r.stderr, "reports[0].formats[1]")
    assert.include(r.stderr, "docx")
    assert.include(r.stderr, job)
  })

  it("2 for a flag that makes no sense, saying which", async () => {
    const r = await run(["shifts", "--month", "2026-13"])
    assert.strictEqual(r.code, 2)
    assert.include(r.stderr, "2026-13")
    const both = await run(["vat", "--month", "2026-01", "--from", "2026-01-01", "--to", "2026-01-02"])
    assert.strictEqual(both.code, 2)
    assert.include(both.stderr, "either --month or --from/--to")
  })

  it("2 when the login is set without a password, naming the variable", async () => {
    const r = await run(["accounts"], cleanEnv({ TAXCOM_LOGIN: "demo" }))
    assert.strictEqual(r.code, 2)
    assert.include(r.stderr, "TAXCOM_PASSWORD")
  })

  it("3 for a wrong password, and the password appears nowhere", async () => {
    const password = "Wr0ng-Pa55-Secret"
    const out = tempDir("auth")
    const r = await run(["shifts", "--month", "2026-01", "--out", out, "--verbose"], account({ TAXCOM_PASSWORD: password }))
    assert.strictEqual(r.code, 3)
    assert.include(r.stderr, "2108")
    assert.include(r.stderr, "TAXCOM_LOGIN")
    assert.notInclude(r.stderr + r.stdout, password)
    for (const f of filesUnder(out)) assert.notInclude(fs.readFileSync(path.join(out, f), "utf8"), password)
  }, 60_000)

  it("4 when the server is unreachable, after the retries, with what to do", async () => {
    const r = await run(["accounts"], account({ TAXCOM_BASE_URL: "http://127.0.0.1:9" }))
    assert.strictEqual(r.code, 4)
    assert.include(r.stderr, "cannot reach the service at http://127.0.0.1:9: connect ECONNREFUSED")
    assert.include(r.stderr, "TAXCOM_BASE_URL")
  }, 90_000)

  it("5 for an ERP export in the wrong encoding, saying what was seen", async () => {
    const dir = tempDir("encoding")
    const erp = path.join(dir, "sales.csv")
    // UTF-16 LE, as Excel's "Unicode text" writes it: not a CSV encoding the import reads.
    fs.writeFileSync(erp, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Дата;Сумма\r\n01.01.2026 10:00;100,00\r\n", "utf16le")]))
    const r = await run(["reconcile", "--erp", erp, "--month", "2026-01", "--out", dir], account())
    assert.strictEqual(r.code, 5, r.stderr)
    assert.include(r.stderr, "sales.csv")
    assert.match(r.stderr, /UTF-16|encoding/i)
    assert.isFalse(fs.existsSync(path.join(dir, "discrepancies.csv")))
  }, 60_000)
})

describe("interruption", () => {
  const reportFiles = (dir: string) => filesUnder(dir).filter((f) => !f.startsWith(".cache"))

  it("a job killed midway leaves no partial output, and the re-run completes", async () => {
    const out = tempDir("kill")
    const env = cleanEnv({ TAXCOM_SANDBOX_SEED: "7", TAXCOM_SANDBOX_REGISTERS: "6", TAXCOM_RATE_LIMIT: "20" })
    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      const job = start(["monthly", "--month", "2026-01", "--out", out], env)
      // Kill it while it fetches shifts (the rate limit keeps it there for a while).
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (fs.existsSync(path.join(out, ".cache"))) {
            clearInterval(poll)
            setTimeout(resolve, 1500)
          }
        }, 100)
      })
      job.child.kill(signal)
      const killed = await job.done
      assert.notStrictEqual(killed.code, 0)
      // No report, no index and no temporary file after SIGTERM; after SIGKILL at most hidden temporaries.
      const left = reportFiles(out)
      assert.deepStrictEqual(left.filter((f) => !f.startsWith(".")), [], `${signal} left ${left.join(", ")}`)
      if (signal === "SIGTERM") assert.deepStrictEqual(left, [])
    }
    const rerun = await run(["monthly", "--month", "2026-01", "--out", out], cleanEnv({ TAXCOM_SANDBOX_SEED: "7", TAXCOM_SANDBOX_REGISTERS: "6" }))
    assert.strictEqual(rerun.code, 0, rerun.stderr)
    assert.include(rerun.stdout, "reused from an earlier run")
    const files = reportFiles(out)
    assert.isFalse(files.some((f) => f.endsWith(".tmp")), files.join(", "))
    assert.includeMembers(files, ["shifts-by-outlet-2026-01.xlsx", "vat-by-outlet-2026-01.pdf", "index.json"])
  }, 180_000)
})
