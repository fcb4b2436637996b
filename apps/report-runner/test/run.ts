/** Runs the built `report-runner` as a child process, the way a scheduler does. */
import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export const BIN = path.resolve(__dirname, "../dist/bin.js")

export interface Result {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment without any Taxcom setting of the machine running the tests. */
export const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("TAXCOM_")) env[k] = v
  return { ...env, NO_COLOR: "1", ...extra }
}

export const start = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Result> } => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npx tsc -b apps/report-runner)`)
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let stderr = ""
  child.stdout!.on("data", (d) => (stdout += d))
  child.stderr!.on("data", (d) => (stderr += d))
  const done = new Promise<Result>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, done }
}

export const run = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Result> => start(args, env).done

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `runner-${prefix}-`))

/** Every file under a folder (relative paths), hidden ones included. */
export const filesUnder = (dir: string): Array<string> =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
