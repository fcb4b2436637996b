/**
 * How many HTTP requests each way of reading a month of shifts costs, for a chain of 1,000 registers, against the
 * fewest the API allows for that chain and page size:
 *
 * - kktstat:    `shiftsReport` over `kktstat/shifts` (one call per 31 days);
 * - shifts:     `shiftsReportFromShifts` — the hierarchy (outlets and their departments, registers, FnHistory),
 *               ShiftList per fiscal drive, ShiftInfo per shift (for accounts where kktstat is refused);
 * - documents:  DocumentList for every shift of the month (the hierarchy walk down to documents).
 *
 * The service is an in-process fake (bench/lib/core-requests-fake.ts) serving a generated chain and counting
 * requests; the minimum is computed from the same chain and page size, not written down.
 *
 *   npx tsx bench/core-requests.ts [registers=1000] [pageSize=100] [paths=kktstat,shifts,documents]
 *
 * (tsx resolves @taxcom-kit/core to its build: run `npm run build` first.) The documents path decodes every document
 * of the month (2.5 million for 1,000 registers): several minutes on a 2-core machine, almost all of it in the
 * wire schemas' decoding.
 */
import { Duration, Effect, Layer, Redacted, Stream } from "effect"
import { LocalDateTime, Session, ShiftsReport, TaxcomClient } from "@taxcom-kit/core"
import { type Chain, makeChain, makeFake, overlaps } from "./lib/core-requests-fake.js"

const registers = Number(process.argv[2] ?? 1000)
const pageSize = Number(process.argv[3] ?? 100)
const selected = new Set((process.argv[4] ?? "kktstat,shifts,documents").split(","))
const chain = makeChain({ registers, registersPerOutlet: 4, departments: 10, driveChangeEvery: 20 })
const period = { from: LocalDateTime.unsafeFromString(chain.from), to: LocalDateTime.unsafeFromString(chain.to) }

const pages = (n: number) => Math.max(1, Math.ceil(n / pageSize))

/** The fewest requests each path can make for this chain (logins aside). */
const minimum = (c: Chain) => {
  const outletsPerDept = new Map<string, number>()
  for (const o of c.outlets) outletsPerDept.set(o.departmentId, (outletsPerDept.get(o.departmentId) ?? 0) + 1)
  const kktsPerOutlet = new Map<string, number>()
  for (const r of c.registers) kktsPerOutlet.set(r.outletId, (kktsPerOutlet.get(r.outletId) ?? 0) + 1)
  const drives = c.registers.flatMap((r) => r.drives)
  const shifts = drives.flatMap((d) => d.shifts.filter((s) => overlaps(s, c.from, c.to)))
  // To reach every register: all outlets, each outlet's registers, each register's drives (a replaced drive holds
  // shifts of the month too), each drive's shifts in the month.
  const walk = {
    OutletList: pages(c.outlets.length),
    KKTList: [...kktsPerOutlet.values()].reduce((n, k) => n + pages(k), 0),
    FnHistory: c.registers.length,
    ShiftList: drives.reduce((n, d) => n + pages(d.shifts.filter((s) => overlaps(s, c.from, c.to)).length), 0)
  }
  // OutletList records carry no department (as recorded), so names come from each department's OutletList.
  const departments = {
    DepartmentList: pages(c.departments.length),
    "OutletList (per department)": [...outletsPerDept.values()].reduce((n, k) => n + pages(k), 0)
  }
  return {
    kktstat: { "kktstat/shifts": ShiftsReport.splitPeriod(period).length },
    shifts: { ...walk, ...departments, ShiftInfo: shifts.length },
    documents: { ...walk, DocumentList: shifts.reduce((n, s) => n + pages(s.receipts + 2), 0) },
    shiftCount: shifts.length,
    documentCount: shifts.reduce((n, s) => n + s.receipts + 2, 0)
  }
}

const measure = <A>(name: string, use: (client: TaxcomClient.Service) => Effect.Effect<A, unknown>) =>
  Effect.gen(function*() {
    const fake = makeFake(chain, 1000)
    const layer = TaxcomClient.layer({
      baseUrl: "https://api-lk-ofd.taxcom.fake",
      integratorId: Redacted.make("bench"),
      credentials: Session.password({ login: "bench", password: Redacted.make("bench") }),
      pageSize,
      concurrency: 16,
      rateLimit: { limit: 100_000, interval: "1 second" }
    }).pipe(Layer.provide(fake.layer))
    const start = performance.now()
    const result = yield* Effect.flatMap(TaxcomClient.TaxcomClient, use).pipe(Effect.provide(layer))
    const ms = performance.now() - start
    const counts = Object.fromEntries([...fake.counts].sort(([a], [b]) => a.localeCompare(b)))
    return { name, result, ms, counts }
  })

const program = Effect.gen(function*() {
  const min = minimum(chain)
  console.log(
    `Chain: ${chain.registers.length} registers, ${chain.outlets.length} outlets, ${chain.departments.length} departments, ` +
      `${chain.registers.reduce((n, r) => n + r.drives.length, 0)} fiscal drives; ${period.from} – ${period.to}: ` +
      `${min.shiftCount} shifts, ${min.documentCount} documents. Page size ${pageSize}.\n`
  )
  const paths = {
    kktstat: (c: TaxcomClient.Service) => Effect.map(c.shiftsReport(period), (r) => `${r.rows.length} rows`),
    shifts: (c: TaxcomClient.Service) => Effect.map(c.shiftsReportFromShifts(period), (r) => `${r.rows.length} rows`),
    documents: (c: TaxcomClient.Service) => Effect.map(Stream.runCount(c.documents(period)), (n) => `${n} documents`)
  }
  const runs = []
  for (const [name, use] of Object.entries(paths)) if (selected.has(name)) runs.push(yield* measure(name, use))
  const line = (cells: ReadonlyArray<string>) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(12))).join(" "))
  line(["path", "requests", "minimum", "ratio", "logins", "seconds", "result"])
  for (const run of runs) {
    const expected = min[run.name as "kktstat" | "shifts" | "documents"] as Record<string, number>
    const made = Object.entries(run.counts).filter(([m]) => m !== "Login").reduce((n, [, k]) => n + k, 0)
    const least = Object.values(expected).reduce((n, k) => n + k, 0)
    line([run.name, String(made), String(least), (made / least).toFixed(3), String(run.counts.Login ?? 0), (run.ms / 1000).toFixed(1), String(run.result)])
  }
  console.log("\nBy method (made / minimum):")
  for (const run of runs) {
    const expected = min[run.name as "kktstat" | "shifts" | "documents"] as Record<string, number>
    const outletList = (expected.OutletList ?? 0) + (expected["OutletList (per department)"] ?? 0)
    const parts = Object.entries(run.counts)
      .filter(([m]) => m !== "Login")
      .map(([m, k]) => `${m} ${k}/${m === "OutletList" ? outletList : expected[m] ?? 0}`)
    console.log(`  ${run.name.padEnd(10)} ${parts.join(", ")}`)
  }
  console.log(`\n(${Duration.format(Duration.millis(Math.round(runs.reduce((n, r) => n + r.ms, 0))))} in all)`)
})

Effect.runPromise(program).catch((e) => {
  console.error(e)
  process.exit(1)
})
