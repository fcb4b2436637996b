/**
 * The bench/results.md sections of the reconciliation-speed and report-rendering benches, kept here so each of those
 * scripts only adds one call at its end (their authors own the scripts; this file owns the table layout).
 */
import { commandLine, type Headline, type Machine, shouldWrite, table, writeSection } from "./results.js"

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/** One engine's run in bench/reconcile-speed.ts (its ChildResult). */
export interface ReconcileRun {
  readonly engine: string
  readonly wallMs: number
  /** User + system CPU of the child, from start of the work (the machine is shared: CPU time is steadier). */
  readonly cpuMs: number
  readonly peakRssBytes: number
  readonly erpRows: number
  readonly ofdRows: number
  readonly matched: number
  readonly amountMismatch: number
  readonly missingInErp: number
  readonly missingInOfd: number
}

/** Rewrites the `reconcile-speed` section: rows/s, wall and peak RSS of each engine, and the ratios to DuckDB. */
/** How the median figures of bench/reconcile-speed.ts were taken. */
export interface ReconcileRounds {
  readonly rounds: number
  /** Ours (the faster engine) against the same round's DuckDB. */
  readonly perRound: ReadonlyArray<number>
  readonly oursEngine: string
  /** Highest peak RSS of ours over the rounds. */
  readonly peakRssBytes: number
}

export const reconcileSpeed = (
  machine: Machine,
  receipts: number,
  duck: ReconcileRun,
  runs: ReadonlyArray<ReconcileRun>,
  rounds: ReconcileRounds
): void => {
  if (!shouldWrite()) return
  const row = (r: ReconcileRun) => [
    r.engine,
    sec(r.wallMs),
    Math.round((r.erpRows + r.ofdRows) / (r.wallMs / 1000)).toLocaleString("en"),
    sec(r.cpuMs),
    mb(r.peakRssBytes),
    r === duck ? "1.00×" : `${(r.wallMs / duck.wallMs).toFixed(2)}×`,
    `${r.matched} / ${r.amountMismatch} / ${r.missingInErp} / ${r.missingInOfd}`
  ]
  const fastest = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a))
  const ratio = fastest.wallMs / duck.wallMs
  const headline: Array<Headline> = [
    { measure: `reconciliation wall, ${fastest.engine}, median of ${rounds.rounds} rounds`, figure: sec(fastest.wallMs), baseline: `${sec(duck.wallMs)} (DuckDB)`, ratio: `${ratio.toFixed(2)}×`, target: "≤ 2×", met: ratio <= 2 ? "yes" : "no" },
    { measure: `reconciliation peak RSS, ${fastest.engine} (highest round)`, figure: mb(rounds.peakRssBytes), baseline: `${mb(duck.peakRssBytes)} (DuckDB)`, ratio: `${(rounds.peakRssBytes / duck.peakRssBytes).toFixed(2)}×`, target: "< 1 GB", met: rounds.peakRssBytes < 1024 ** 3 ? "yes" : "no" }
  ]
  writeSection({
    name: "reconcile-speed",
    headline,
    title: "Reconciliation speed: rows/s and peak RSS vs DuckDB",
    command: commandLine("bench/reconcile-speed.ts"),
    machine,
    body: [
      `${receipts.toLocaleString("en")} ERP receipts against as many fiscal documents, both from files; each engine in its own process. Targets (issue 5): ≤ 2× DuckDB's wall time, < 1 GB peak RSS.`,
      "",
      `${rounds.rounds} round(s) of the ${runs.length + 1} runs (DuckDB and ${runs.length} of ours), the order rotated each round; each row is that engine's median round. ` +
        `${rounds.oursEngine} against the same round's DuckDB: ${rounds.perRound.map((x) => `${x.toFixed(2)}×`).join(", ")}.`,
      "",
      table(
        ["engine", "wall", "rows/s (ERP + OFD)", "CPU", "peak RSS", "wall / DuckDB", "matched / amount≠ / missing in ERP / missing in OFD"],
        [duck, ...runs].map(row)
      )
    ].join("\n")
  })
}

/** One case of bench/reports.ts. */
export interface RenderCase {
  readonly case: string
  readonly rows: number
  readonly ms: number
  /** Building the report model (part of `ms`). */
  readonly modelMs: number | null
  readonly peakRssMb: number
  readonly fileMb: number
  readonly pages: number | null
  /** Longest the main thread's event loop was blocked. */
  readonly maxLoopDelayMs: number
}

/** Rewrites the `reports` section: time, peak RSS and file size of each rendering, and the ratios to the raw libraries. */
export const reportRendering = (machine: Machine, cases: ReadonlyArray<RenderCase>): void => {
  if (!shouldWrite()) return
  const byCase = new Map(cases.map((c) => [c.case, c]))
  const ratio = (c: RenderCase) => {
    const base = byCase.get(`${c.case}-baseline`)
    return base === undefined ? "—" : `${(c.ms / base.ms).toFixed(2)}× time, ${(c.peakRssMb / base.peakRssMb).toFixed(2)}× RSS`
  }
  const headline = cases.flatMap((c): Array<Headline> => {
    const base = byCase.get(`${c.case}-baseline`)
    return base === undefined ? [] : [{
      measure: `${c.case} of ${c.rows.toLocaleString("en")} shifts: time, peak RSS`,
      figure: `${sec(c.ms)}, ${c.peakRssMb.toFixed(0)} MB`,
      baseline: `${sec(base.ms)}, ${base.peakRssMb.toFixed(0)} MB (raw library)`,
      ratio: `${(c.ms / base.ms).toFixed(2)}× time, ${(c.peakRssMb / base.peakRssMb).toFixed(2)}× RSS`,
      target: "—",
      met: "—"
    }]
  })
  writeSection({
    name: "reports",
    headline,
    title: "Report rendering: xlsx and PDF vs the raw libraries",
    command: commandLine("bench/reports.ts"),
    machine,
    body: [
      "A shift report rendered by @taxcom-kit/reports beside the raw library writing the same rows (`-baseline`: exceljs' streaming writer, pdfmake's plain table); `data` is the input rows alone. Each case in its own process.",
      "",
      table(
        ["case", "rows", "time", "model", "peak RSS", "file", "pages", "main loop blocked", "vs baseline"],
        cases.map((c) => [
          c.case,
          c.rows.toLocaleString("en"),
          sec(c.ms),
          c.modelMs === null ? "—" : sec(c.modelMs),
          `${c.peakRssMb.toFixed(0)} MB`,
          `${c.fileMb.toFixed(1)} MB`,
          c.pages === null ? "—" : String(c.pages),
          `${c.maxLoopDelayMs.toFixed(0)} ms`,
          ratio(c)
        ])
      )
    ].join("\n")
  })
}
