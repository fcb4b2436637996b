/** Reading a job's output folder for comparison: the figures, without what legitimately differs between runs. */
import * as fs from "node:fs"
import * as path from "node:path"

/** A report's JSON without its generation time (and, for the summary, the import's timing). */
export const readJson = (dir: string, file: string): unknown => {
  const value = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>
  return strip(value)
}

const VOLATILE = new Set(["generatedAt", "durationMillis", "elapsedMillis", "seconds", "startedAt", "finishedAt"])

const strip = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(strip)
  if (typeof v !== "object" || v === null) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) if (!VOLATILE.has(k)) out[k] = strip(x)
  return out
}

export const readText = (dir: string, file: string): string => fs.readFileSync(path.join(dir, file), "utf8")

/** The row of a report CSV whose first cell is `total`. */
export const csvTotalLine = (dir: string, file: string): string => {
  const line = readText(dir, file).split("\r\n").find((l) => l.startsWith("total,"))
  if (line === undefined) throw new Error(`${file} has no total line`)
  return line
}
