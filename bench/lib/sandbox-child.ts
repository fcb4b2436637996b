/**
 * The sandbox server in a process of its own, for the API benches (bench/lib/sandbox-process.ts starts it), so the
 * client under test and the server never share an event loop or a CPU budget they cannot see.
 *
 * argv[2] is a JSON {@link SandboxChildOptions}. The process prints `READY <url>` once it listens, then answers
 * lines on stdin: `stats` → `STATS {"requests":{method:n},"sessions":n,"cpuMs":n}`, `reset` → `OK`. It exits when
 * stdin closes.
 */
import { Effect, Scope, Exit } from "effect"
import * as readline from "node:readline"
import { Faults, SandboxServer } from "@taxcom-kit/sandbox"

export interface SandboxChildOptions {
  readonly seed: number
  readonly registers: number
  /** First and last day, `yyyy-MM-dd`. */
  readonly from: string
  readonly to: string
  /** `50ms`, `20-200ms`, `none` (the sandbox CLI's `--fault-latency` forms). */
  readonly latency: string
  /** Largest and default `ps` of the pn/ps lists. */
  readonly pageSize: number
  /** ShiftList and DocumentList up to 1000 (the newer help page). */
  readonly largePages: boolean
  /** Session lifetime after last use. */
  readonly sessionTtlMs: number
}

const main = async () => {
  const o = JSON.parse(process.argv[2]!) as SandboxChildOptions
  const latency = Faults.parseLatency(o.latency)
  if (latency === undefined) throw new Error(`latency: cannot read ${o.latency}`)
  const scope = Effect.runSync(Scope.make())
  const server = await Effect.runPromise(
    SandboxServer.make({
      dataset: { seed: o.seed, registers: o.registers, from: o.from, to: o.to },
      settings: {
        port: 0,
        host: "127.0.0.1",
        sessionTtlMs: o.sessionTtlMs,
        paging: {
          defaultSize: o.pageSize,
          maxSize: o.pageSize,
          overrides: o.largePages
            ? { ShiftList: { defaultSize: 1000, maxSize: 1000 }, DocumentList: { defaultSize: 1000, maxSize: 1000 } }
            : {}
        },
        faults: { latency }
      }
    }).pipe(Scope.extend(scope))
  )
  const cpu0 = process.cpuUsage()
  process.stdout.write(`READY ${server.url}\n`)
  const lines = readline.createInterface({ input: process.stdin })
  lines.on("line", (line) => {
    const command = line.trim()
    if (command === "stats") {
      const stats = Effect.runSync(server.stats)
      const c = process.cpuUsage(cpu0)
      process.stdout.write(`STATS ${JSON.stringify({ ...stats, cpuMs: (c.user + c.system) / 1000 })}\n`)
    } else if (command === "reset") {
      Effect.runSync(server.resetStats)
      process.stdout.write("OK\n")
    }
  })
  lines.on("close", () => {
    Effect.runPromise(Scope.close(scope, Exit.void)).finally(() => process.exit(0))
  })
}

main().catch((e) => {
  process.stderr.write(`sandbox child: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
