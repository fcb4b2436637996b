/**
 * `bench/results.md`: one section per bench script, between `<!-- <name>:begin -->` and `<!-- <name>:end -->`.
 * A script rewrites only its own section (the file is re-read right before the write and replaced atomically), so
 * benches run at different times keep each other's latest figures. Each section says when and on what machine its
 * figures were measured, and the command that produced them.
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
    `<!-- ${s.name}:end -->`
  ].join("\n")

/** Replaces (or appends) the section in bench/results.md. Returns the file's path. */
export const writeSection = (s: Section, file: string = RESULTS_FILE): string => {
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : HEADER
  const begin = `<!-- ${s.name}:begin -->`
  const end = `<!-- ${s.name}:end -->`
  const i = current.indexOf(begin)
  const j = current.indexOf(end)
  const text = i >= 0 && j > i
    ? current.slice(0, i) + render(s) + current.slice(j + end.length)
    : current.trimEnd() + "\n\n" + render(s) + "\n"
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, text)
  fs.renameSync(tmp, file)
  return file
}

/** Whether this run should update bench/results.md (`--no-results` leaves it alone). */
export const shouldWrite = (): boolean => !process.argv.includes("--no-results")
