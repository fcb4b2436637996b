/**
 * Token economy: how many logins an hour of work costs, against the minimum — one for the first call and one after
 * every idle gap longer than the session's 5-minute lifetime (the token slides: any call within 5 minutes of the
 * previous one keeps it).
 *
 *   npx tsx bench/token-economy.ts [--scale 60] [--latency 20ms] [--no-results]
 *
 * Two schedules of one hour each, against the sandbox in its own process: steady work (a call every ~20 s for the
 * whole hour) and work in bursts with idle gaps on both sides of 5 minutes (2, 4, 4 min 40 s, 4 min 55 s, 6 and
 * 9 minutes). A burst starts with 8 calls at once (a job's first wave), then keeps a call going every ~20 s.
 *
 * Scaling: the hour runs `--scale` times faster (60: one minute takes one second). Every duration of the schedule,
 * the sandbox's session lifetime (`sessionTtlMs`), and the client's `session.idleTimeout` and `session.renewBefore`
 * are divided by the scale, so the client and the service see the same hour in shorter units; only the network
 * latency is not scaled, which makes the scaled run harsher than the real one (a call's latency is a larger share of
 * the token's lifetime). The client is core's TaxcomClient with its default session settings (scaled).
 *
 * Prints figures and rewrites its section of bench/results.md; asserts nothing.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { HttpClient } from "@effect/platform"
import { Duration, Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { Session, TaxcomClient } from "@taxcom-kit/core"
import { Dataset } from "@taxcom-kit/sandbox"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { commandLine, describeMachine, type Headline, machine, shouldWrite, table, writeSection } from "./lib/results.js"
import { diffRequests, startSandbox } from "./lib/sandbox-process.js"

const here = path.dirname(fileURLToPath(import.meta.url))

const flag = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback
}
const scale = Number(flag("scale", "60"))
const latency = flag("latency", "20ms")

const MINUTE = 60_000
const TTL = 5 * MINUTE

/** The client's default session settings (its idle lifetime of a token, the margin it renews ahead of it). */
const clientDefaults = () =>
  Effect.runPromise(
    TaxcomClient.make({ baseUrl: "http://127.0.0.1", integratorId: Redacted.make("demo") }).pipe(
      Effect.map((c) => ({ idleTimeout: Duration.toMillis(c.settings.sessionIdleTimeout), renewBefore: Duration.toMillis(c.settings.sessionRenewBefore) })),
      Effect.scoped,
      Effect.provide(NodeHttpClient.layerUndici)
    )
  )

type Step = { readonly work: number } | { readonly idle: number }

/** Minutes of work and of idleness; each schedule is one hour. */
const schedules: ReadonlyArray<{ readonly name: string; readonly steps: ReadonlyArray<Step> }> = [
  { name: "steady work", steps: [{ work: 60 }] },
  {
    name: "bursts and idle gaps",
    steps: [
      { work: 6 }, { idle: 2 }, { work: 5 }, { idle: 4 }, { work: 5 }, { idle: 4 + 40 / 60 }, { work: 4 },
      { idle: 4 + 55 / 60 }, { work: 4 }, { idle: 6 }, { work: 5 }, { idle: 9 }, { work: 4 + 25 / 60 }
    ]
  }
]

/** One login to start, and one after each gap the token cannot survive (followed by more work). */
const minimumLogins = (steps: ReadonlyArray<Step>): number =>
  1 + steps.filter((s, i) => "idle" in s && s.idle * MINUTE > TTL && steps.slice(i + 1).some((x) => "work" in x)).length

const main = async () => {
  const m = machine()
  const ms = (minutes: number) => (minutes * MINUTE) / scale
  console.log(`Token economy — ${describeMachine(m)}`)
  console.log(`Scale ${scale}× (one hour in ${(ms(60) / 1000).toFixed(0)} s; the 5-minute token lives ${(ms(5) / 1000).toFixed(1)} s), latency ${latency}.`)
  const CLIENT_DEFAULTS = await clientDefaults()
  const ds = Dataset.generate({ seed: 1, registers: 12, from: "2026-01-01", to: "2026-01-31" })
  const shifts = ds.kkts.flatMap((k) => ds.shifts(k))
  const server = await startSandbox({
    seed: 1, registers: 12, from: "2026-01-01", to: "2026-01-31", latency, pageSize: 100, largePages: false, sessionTtlMs: TTL / scale
  })
  const rows: Array<Array<string>> = []
  const headline: Array<Headline> = []
  try {
    for (const schedule of schedules) {
      let refused = 0
      const layer = TaxcomClient.layer({
        baseUrl: server.url,
        integratorId: Redacted.make("demo"),
        credentials: Session.password({ login: "demo", password: Redacted.make("demo") }),
        concurrency: 8,
        rateLimit: { limit: 10_000, interval: "1 second" },
        session: { idleTimeout: Duration.millis(CLIENT_DEFAULTS.idleTimeout / scale), renewBefore: Duration.millis(CLIENT_DEFAULTS.renewBefore / scale) },
        // Counts the service's refusals of a token (401): each costs a request and a login.
        transformClient: (c) => HttpClient.transformResponse(c, Effect.tap((r) => Effect.sync(() => void (r.status === 401 && refused++))))
      }).pipe(Layer.provide(NodeHttpClient.layerUndici))
      const runtime = ManagedRuntime.make(layer)
      const before = await server.stats()
      let calls = 0
      const call = (i: number) =>
        runtime.runPromise(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => {
          const s = shifts[i % shifts.length]!
          return t.shiftInfo({ fn: s.fn as never, shift: s.number })
        })).then(() => void calls++)
      const t0 = performance.now()
      for (const step of schedule.steps) {
        if ("idle" in step) {
          await new Promise((r) => setTimeout(r, ms(step.idle)))
          continue
        }
        // A burst: a first wave of 8 calls at once, then one call every ~20 s of the schedule's time. The burst ends
        // with its last call's answer, so the idle step that follows is the whole gap the token must survive (a
        // trailing wait would lengthen a 4 min 55 s gap past 5 minutes, and the login after it would be due).
        const end = performance.now() + ms(step.work)
        await Promise.all(Array.from({ length: 8 }, (_, k) => call(calls + k)))
        const every = ms(20 / 60)
        while (performance.now() + every < end) {
          await new Promise((r) => setTimeout(r, every))
          await call(calls)
        }
      }
      const wallMs = performance.now() - t0
      const clientLogins = await runtime.runPromise(Effect.flatMap(TaxcomClient.TaxcomClient, (t) => t.logins))
      await runtime.dispose()
      const requests = diffRequests(before.requests, (await server.stats()).requests)
      const logins = requests.Login ?? 0
      const least = minimumLogins(schedule.steps)
      if (clientLogins !== logins) console.error(`note: the client counted ${clientLogins} logins, the server ${logins}`)
      const gaps = schedule.steps.filter((s): s is { idle: number } => "idle" in s).map((s) => {
        const min = Math.floor(s.idle)
        const sec = Math.round((s.idle - min) * 60)
        return sec === 0 ? `${min} min` : `${min} min ${sec} s`
      })
      rows.push([
        schedule.name,
        gaps.length === 0 ? "none" : gaps.join(", "),
        String(calls),
        String(logins),
        String(least),
        logins === least ? "yes" : `no (${logins - least > 0 ? "+" : ""}${logins - least})`,
        String(refused),
        `${(wallMs / 1000).toFixed(1)} s`
      ])
      headline.push({
        measure: `logins in an hour of ${schedule.name}`,
        figure: String(logins),
        baseline: `${least} (one per idle gap > 5 min)`,
        ratio: `${logins - least >= 0 ? "+" : ""}${logins - least}`,
        target: "= minimum",
        met: logins === least ? "yes" : "no"
      })
      console.log(`${schedule.name}: ${calls} calls, ${logins} logins (client counted ${clientLogins}), minimum ${least}, tokens refused ${refused}`)
    }
  } finally {
    await server.stop()
  }
  const head = ["schedule (1 hour)", "idle gaps", "calls", "logins", "minimum", "one per gap > 5 min", "tokens refused (2109)", "scaled run"]
  console.log("\n" + table(head, rows))
  if (shouldWrite()) {
    const file = writeSection({
      name: "token-economy",
      title: "Token economy: logins per hour vs one per idle gap over 5 minutes",
      command: commandLine("bench/token-economy.ts"),
      machine: m,
      body: [
        `One hour of work at ${scale}× speed (the sandbox's 5-minute session lifetime and the client's idle timeout and renewal margin scaled alike; latency ${latency}, not scaled). ` +
          `Client: core's TaxcomClient with its default session settings (renews ${CLIENT_DEFAULTS.renewBefore / 1000} s before the 5 minutes). ` +
          "Minimum: one login to start plus one after each idle gap longer than 5 minutes.",
        "",
        table(head, rows)
      ].join("\n"),
      headline
    })
    console.log(`\nwrote ${path.relative(path.join(here, ".."), file)}`)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
