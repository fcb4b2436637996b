/**
 * What a job says when it ends — files written, totals, differences, requests, time — and the index of a monthly
 * job's folder, for the person who opens it next month.
 */
import { Effect } from "effect"
import * as path from "node:path"
import type * as Jobs from "./Jobs.js"
import * as Outputs from "./Outputs.js"
import type * as Period from "./Period.js"

const size = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`

export interface Facts {
  readonly title: string
  readonly demo: boolean
  readonly produced: Jobs.Produced
  readonly requests: number
  readonly cache: { readonly reused: number; readonly written: number; readonly skipped: number }
  readonly seconds: number
}

/** The end-of-job summary (stdout). */
export const render = (f: Facts): string => {
  const lines: Array<string> = []
  lines.push(`report-runner: ${f.title} — done in ${f.seconds.toFixed(1)} s${f.demo ? " (DEMO DATA from the embedded sandbox)" : ""}`)
  lines.push(`Files written (${f.produced.files.length}):`)
  const width = Math.max(0, ...f.produced.files.map((w) => w.path.length))
  for (const w of f.produced.files) lines.push(`  ${w.path.padEnd(width)}  ${size(w.bytes).padStart(9)}  ${w.what}`)
  if (f.produced.totals.length > 0) {
    lines.push("Totals:")
    const tw = Math.max(...f.produced.totals.map(([k]) => k.length))
    for (const [k, v] of f.produced.totals) lines.push(`  ${k.padEnd(tw)}  ${v}`)
  }
  if (f.produced.differences !== null) {
    lines.push(`Differences found: ${f.produced.differences}${f.produced.differences > 0 ? " (see discrepancies.csv)" : ""}`)
  }
  lines.push(
    `API requests: ${f.requests}` +
      (f.cache.reused > 0 ? `; ${f.cache.reused} closed-shift records reused from an earlier run` : "") +
      (f.cache.skipped > 0 ? `; ${f.cache.skipped} unusable cache records skipped` : "")
  )
  for (const n of f.produced.notes) lines.push(`Note: ${n}`)
  return lines.join("\n")
}

/** Writes `index.md` (for people) and `index.json` (for scripts) listing what the job produced. */
export const writeIndex = (
  dir: string,
  f: { readonly period: Period.Period; readonly produced: Jobs.Produced; readonly demo: boolean }
): Effect.Effect<Array<Outputs.Written>, Outputs.OutputError> =>
  Effect.gen(function*() {
    const rel = (p: string) => path.relative(dir, p) || p
    const md = [
      `# ${f.demo ? "DEMO DATA — " : ""}Month-end ${f.period.from.slice(0, 10)} … ${f.period.to.slice(0, 10)}`,
      "",
      "| file | what | size |",
      "|---|---|---|",
      ...f.produced.files.map((w) => `| [${rel(w.path)}](${encodeURI(rel(w.path))}) | ${w.what} | ${size(w.bytes)} |`),
      "",
      ...(f.produced.totals.length > 0 ? ["## Totals", "", ...f.produced.totals.map(([k, v]) => `- ${k}: ${v}`), ""] : []),
      ...(f.produced.notes.length > 0 ? ["## Notes", "", ...f.produced.notes.map((n) => `- ${n}`), ""] : [])
    ].join("\n")
    const json = JSON.stringify(
      {
        format: "taxcom-kit/monthly-index@1",
        demo: f.demo,
        period: f.period,
        files: f.produced.files.map((w) => ({ file: rel(w.path), format: w.format, what: w.what, bytes: w.bytes })),
        totals: Object.fromEntries(f.produced.totals),
        differences: f.produced.differences,
        notes: f.produced.notes
      },
      null,
      2
    ) + "\n"
    const a = yield* Outputs.writeText(path.join(dir, "index.md"), md)
    const b = yield* Outputs.writeText(path.join(dir, "index.json"), json)
    return [
      { ...a, format: "json" as const, what: "index (for people)" },
      { ...b, format: "json" as const, what: "index (for scripts)" }
    ]
  })
