/**
 * `bench/results.md`: one section per bench script, between `<!-- <name>:begin -->` and `<!-- <name>:end -->`.
 * A script rewrites only its own section (the file is re-read right before the write and replaced atomically), so
 * benches run at different times keep each other's latest figures. Each section says when and on what machine its
 * figures were measured, and the command that produced them.
 *
 * Above the sections, one table collects every bench's headline figures against their baseline and target. It is
 * rebuilt from the sections on every write (each section keeps its headline rows as a JSON comment), so it always
 * shows the latest figure of each.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
export const RESULTS_FILE = path.join(here, "..", "results.md")

const HEADER = `# Benchmark results

Latest figures of each \`bench/\` script, written by the script itself at the end of a run (each rewrites only its
own section). Each section names the command that produced it and the machine it ran on; the load average is the
one at the start of the run (the machines are shared: figures move ±10–15% with other work). See
[README.md](README.md) for what each bench measures and how long it takes.
`

/** The machine a run is on, taken when the bench starts (the load average is the one before the bench's own load). */
export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly node: string
  readonly loadAverage: readonly [number, number, number]
  readonly startedAt: Date
}

export const machine = (): Machine => {
  const cpus = os.cpus()
  const [a, b, c] = os.loadavg()
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    node: process.version,
    loadAverage: [a!, b!, c!],
    startedAt: new Date()
  }
}

export const describeMachine = (m: Machine): string =>
  `${m.cpu}, ${m.cores} cores, Node ${m.node}, load average at start ${m.loadAverage.map((x) => x.toFixed(2)).join(" / ")}`

/** A markdown table. */
export const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`)
  ].join("\n")

export interface Section {
  /** Marker name, e.g. `api-efficiency`. */
  readonly name: string
  readonly title: string
  /** The command that produced the figures, as typed from the repository root. */
  readonly command: string
  readonly machine: Machine
  /** Markdown below the run line: tables, notes. */
  readonly body: string
  /** Its rows in the summary table at the top of the file. */
  readonly headline: ReadonlyArray<Headline>
}

/** One figure of a bench beside its baseline (measured in the same run, or the API's minimum) and its target. */
export interface Headline {
  readonly measure: string
  readonly figure: string
  readonly baseline: string
  /** Figure against baseline, e.g. `1.18×` or `+0.00%`. */
  readonly ratio: string
  /** The target, or `—` where none is set. */
  readonly target: string
  readonly met: "yes" | "no" | "—"
}

/** The command line of this process, as typed from the repository root (`npx tsx bench/x.ts args`). */
export const commandLine = (script: string): string => {
  const args = process.argv.slice(2).filter((a) => a !== "--no-results")
  return ["npx tsx", script, ...args.map((a) => (/^[\w./:=,-]+$/.test(a) ? a : JSON.stringify(a)))].join(" ")
}

const render = (s: Section): string =>
  [
    `<!-- ${s.name}:begin -->`,
    `## ${s.title}`,
    "",
    `Run ${s.machine.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC on ${describeMachine(s.machine)}.`,
    `Command: \`${s.command}\``,
    "",
    s.body.trim(),
    `<!-- headline ${JSON.stringify({ bench: s.name, run: s.machine.startedAt.toISOString().slice(0, 10), rows: s.headline })} -->`,
    `<!-- ${s.name}:end -->`
  ].join("\n")

/** Replaces `<!-- name:begin -->…<!-- name:end -->` in `text` with `block`, or appends it. */
const replaceBlock = (text: string, name: string, block: string): string => {
  const begin = `<!-- ${name}:begin -->`
  const end = `<!-- ${name}:end -->`
  const i = text.indexOf(begin)
  const j = text.indexOf(end)
  return i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : text.trimEnd() + "\n\n" + block + "\n"
}

/** The summary table, from the headline comments of every section in `text`. */
const summary = (text: string): string => {
  const rows: Array<Array<string>> = []
  for (const m of text.matchAll(/<!-- headline (\{.*\}) -->/g)) {
    const h = JSON.parse(m[1]!) as { bench: string; run: string; rows: ReadonlyArray<Headline> }
    for (const r of h.rows) rows.push([h.bench, r.measure, r.figure, r.baseline, r.ratio, r.target, r.met, h.run])
  }
  return [
    "<!-- summary:begin -->",
    "## Summary",
    "",
    table(["bench", "measure", "figure", "baseline (same run) or minimum", "ratio", "target", "met", "run"], rows),
    "<!-- summary:end -->"
  ].join("\n")
}

/** Replaces (or appends) the section in bench/results.md and rebuilds the summary table. Returns the file's path. */
export const writeSection = (s: Section, file: string = RESULTS_FILE): string => {
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : HEADER
  const withSection = replaceBlock(current, s.name, render(s))
  // The summary goes right under the file's header, above the sections.
  const text = withSection.includes("<!-- summary:begin -->")
    ? replaceBlock(withSection, "summary", summary(withSection))
    : withSection.replace(/\n<!-- /, "\n" + summary(withSection) + "\n\n<!-- ")
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, text)
  fs.renameSync(tmp, file)
  return file
}

/** Whether this run should update bench/results.md (`--no-results` leaves it alone). */
export const shouldWrite = (): boolean => !process.argv.includes("--no-results")
