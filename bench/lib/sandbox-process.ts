/**
 * Starts the sandbox server in a child process (bench/lib/sandbox-child.ts) and talks to it: its URL, requests per
 * method as the server counted them, its CPU time. The child dies with its stdin, so a crashed bench leaves no server.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import * as path from "node:path"
import * as readline from "node:readline"
import { fileURLToPath } from "node:url"
import type { SandboxChildOptions } from "./sandbox-child.js"

export type { SandboxChildOptions } from "./sandbox-child.js"

export interface ServerStats {
  /** Requests per method, Login included. */
  readonly requests: Readonly<Record<string, number>>
  readonly sessions: number
  /** CPU time of the server process since it started listening. */
  readonly cpuMs: number
}

export interface SandboxProcess {
  /** Server root (`http://127.0.0.1:PORT`): the client adds `/API/v2/`. */
  readonly url: string
  readonly pid: number
  readonly stats: () => Promise<ServerStats>
  readonly reset: () => Promise<void>
  readonly stop: () => Promise<void>
}

const here = path.dirname(fileURLToPath(import.meta.url))

/** Spawns the server with the same loaders as this process (tsx), and waits until it listens. */
export const startSandbox = (options: SandboxChildOptions): Promise<SandboxProcess> =>
  new Promise((resolve, reject) => {
    const child: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      [...process.execArgv, path.join(here, "sandbox-child.ts"), JSON.stringify(options)],
      { stdio: ["pipe", "pipe", "pipe"] }
    )
    let stderr = ""
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString()
    })
    const waiting: Array<{ readonly prefix: string; readonly done: (line: string) => void }> = []
    let ready = false
    const lines = readline.createInterface({ input: child.stdout })
    child.on("exit", (code) => {
      if (!ready) reject(new Error(`sandbox child exited with ${code} before listening:\n${stderr}`))
    })
    const ask = (command: string, prefix: string) =>
      new Promise<string>((done) => {
        waiting.push({ prefix, done })
        child.stdin.write(command + "\n")
      })
    lines.on("line", (line) => {
      if (!ready && line.startsWith("READY ")) {
        ready = true
        resolve({
          url: line.slice(6).trim(),
          pid: child.pid!,
          stats: () => ask("stats", "STATS ").then((l) => JSON.parse(l.slice(6)) as ServerStats),
          reset: () => ask("reset", "OK").then(() => undefined),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done()
              child.once("exit", () => done())
              child.stdin.end()
            })
        })
        return
      }
      const i = waiting.findIndex((w) => line.startsWith(w.prefix))
      if (i >= 0) waiting.splice(i, 1)[0]!.done(line)
    })
  })

/** Requests in `after` minus those in `before`, per method. */
export const diffRequests = (
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>
): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0)
    if (d !== 0) out[k] = d
  }
  return out
}
