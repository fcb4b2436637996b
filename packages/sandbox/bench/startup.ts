/**
 * Startup time and memory of a large sandbox: 2,000 registers × 31 days (override with REGISTERS, DAYS).
 * Prints figures; asserts nothing. Run: `node --expose-gc --import tsx bench/startup.ts`.
 */
import { Effect } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"

const registers = Number(process.env.REGISTERS ?? 2000)
const days = Number(process.env.DAYS ?? 31)
const to = new Date(Date.UTC(2026, 0, days)).toISOString().slice(0, 10)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const mb = () => {
  gc()
  const m = process.memoryUsage()
  return `heap ${(m.heapUsed / 1e6).toFixed(0)} MB, rss ${(m.rss / 1e6).toFixed(0)} MB`
}
const timed = async <A>(label: string, f: () => Promise<A> | A): Promise<A> => {
  const t = performance.now()
  const a = await f()
  console.log(`${label.padEnd(52)} ${((performance.now() - t) / 1000).toFixed(2).padStart(7)} s   ${mb()}`)
  return a
}

const main = Effect.gen(function*() {
  console.log(`${registers} registers × ${days} days, Node ${process.version}; before: ${mb()}`)
  const dataset = yield* Effect.promise(() => timed("generate chain (lazy)", () => Dataset.generate({ seed: 1, registers, from: "2026-01-01", to })))
  const server = yield* Effect.promise(() => Promise.resolve(0)).pipe(Effect.zipRight(SandboxServer.make({ dataset })))
  console.log(`server listening at ${server.baseUrl}`)
  const login = (yield* Effect.promise(() => fetch(`${server.baseUrl}Login`, { method: "POST", headers: { "Integrator-ID": "demo", "Content-Type": "application/json" }, body: JSON.stringify({ login: "demo", password: "demo" }) }).then((r) => r.json()))) as { sessionToken: string }
  const headers = { "Session-Token": login.sessionToken, "Content-Type": "application/json" }
  yield* Effect.promise(() => timed("OutletList (first: every register's shifts planned)", () => fetch(`${server.baseUrl}OutletList`, { headers }).then((r) => r.text())))
  let shifts = 0
  for (const k of dataset.kkts) shifts += dataset.shifts(k).length
  console.log(`  ${shifts} shifts`)
  const body = JSON.stringify({ From: "2026-01-01T00:00:00", To: `${to}T23:59:59`, GroupBy: "outlet" })
  yield* Effect.promise(() => timed("kktstat/shifts, whole chain, 1st (builds every doc)", () => fetch(`${server.baseUrl}kktstat/shifts`, { method: "POST", headers, body }).then((r) => r.text())))
  console.log(`  ${dataset.generatedDocumentCount} documents generated`)
  yield* Effect.promise(() => timed("kktstat/shifts, whole chain, 2nd (cached sums)", () => fetch(`${server.baseUrl}kktstat/shifts`, { method: "POST", headers, body }).then((r) => r.text())))
  const ungrouped = JSON.stringify({ From: "2026-01-01T00:00:00", To: `${to}T23:59:59` })
  const size = yield* Effect.promise(() => timed("kktstat/shifts, whole chain, one row per shift", () => fetch(`${server.baseUrl}kktstat/shifts`, { method: "POST", headers, body: ungrouped }).then((r) => r.text()).then((t) => t.length)))
  console.log(`  ${(size / 1e6).toFixed(1)} MB of JSON`)
  const nd = yield* Effect.promise(() => timed("NewDocuments, first batch", () => fetch(`${server.baseUrl}NewDocuments`, { headers }).then((r) => r.text()).then((t) => t.length)))
  console.log(`  ${(nd / 1e6).toFixed(1)} MB of JSON`)
})

Effect.runPromise(Effect.scoped(main)).then(() => process.exit(0))
