/**
 * The built `report-runner` as a child process, the way a scheduler runs it — always with a deadline: a run that
 * has not ended by then is killed and reported as a hang, so no test of this suite can wait forever.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

export const BIN = fileURLToPath(new URL("../../../../apps/report-runner/dist/bin.js", import.meta.url))

export interface Result {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** Wall time of the run. */
  readonly millis: number
  /** The deadline passed and the process was killed. */
  readonly hung: boolean
}

/** The environment without any Taxcom setting of the machine running the tests. */
export const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("TAXCOM_")) env[k] = v
  return { ...env, NO_COLOR: "1", ...extra }
}

/** Runs the CLI; kills it (SIGKILL) after `deadlineMillis`. */
export const run = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv, deadlineMillis = 120_000): Promise<Result> => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npx tsc -b)`)
  const started = Date.now()
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let stderr = ""
  let hung = false
  child.stdout.on("data", (d) => (stdout += d))
  child.stderr.on("data", (d) => (stderr += d))
  const timer = setTimeout(() => {
    hung = true
    child.kill("SIGKILL")
  }, deadlineMillis)
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, millis: Date.now() - started, hung })
    })
  )
}

/** A one-line description of a run for assertion messages. */
export const describeRun = (r: Result): string =>
  `exit ${r.code}${r.signal ? ` (${r.signal})` : ""}${r.hung ? " HUNG" : ""} after ${r.millis} ms\n--- stderr ---\n${r.stderr.slice(-4000)}\n--- stdout ---\n${r.stdout.slice(-2000)}`

export const tempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `faults-${prefix}-`))

/** Every file under a folder (relative paths), hidden ones included. */
export const filesUnder = (dir: string): Array<string> =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
