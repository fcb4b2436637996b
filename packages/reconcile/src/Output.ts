/**
 * Output files of a reconciliation: `discrepancies.csv` (one row per difference), `summary.json`, and
 * `rejected.csv` (rows the import refused). CSV cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`)
 * are prefixed with `'`; amounts are integer kopecks, written as numbers.
 */
import { FileSystem } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { AtomicFile } from "@taxcom-kit/core"
import { Chunk, Effect, Stream } from "effect"
import * as Csv from "./Csv.js"
import type { Difference } from "./Difference.js"
import type { RejectedRow } from "./ErpReceipt.js"
import type { ReconcileItem } from "./Reconcile.js"
import type { Summary } from "./Summary.js"

/** Columns of `discrepancies.csv`, in order. */
export const discrepancyColumns = [
  "kind",
  "tier",
  "fn",
  "fd",
  "shift",
  "erp_file",
  "erp_line",
  "ofd_value_kopecks",
  "erp_value_kopecks",
  "difference_kopecks",
  "vat_rate",
  "reason"
] as const

/** The CSV line (no line end) of a difference. `erp_line` lists every line of a line-level receipt, `;`-separated. */
export const discrepancyRow = (d: Difference): string =>
  Csv.formatRow([
    d.kind,
    d.tier,
    d.fn,
    d.fd,
    d.shift,
    d.erp?.file ?? null,
    d.erp === null ? null : d.erp.lines.length === 1 ? d.erp.line : d.erp.lines.join(";"),
    d.ofdValue,
    d.erpValue,
    d.difference,
    d.vatRate,
    d.reason
  ])

export const rejectedColumns = ["file", "line", "column", "raw", "reason"] as const

export const rejectedRow = (r: RejectedRow): string => Csv.formatRow([r.file, r.line, r.column, r.raw, r.reason])

/** `summary.json`'s text. */
export const summaryJson = (s: Summary): string => JSON.stringify(s, null, 2) + "\n"

/** The CSV text of some differences (header included). */
export const discrepanciesCsv = (differences: Iterable<Difference>): string => {
  let out = discrepancyColumns.join(",") + "\r\n"
  for (const d of differences) out += discrepancyRow(d) + "\r\n"
  return out
}

export interface WritePaths {
  /** Directory for the three files under their default names; or give the paths one by one. */
  readonly directory?: string
  readonly discrepancies?: string
  readonly summary?: string
  /** `null` to skip the rejected rows file. */
  readonly rejected?: string | null
}

const join = (dir: string, name: string) => (dir.endsWith("/") ? dir + name : `${dir}/${name}`)

/**
 * Consumes a reconciliation, writing the files as it goes and returns the summary. Each file is written under a
 * hidden temporary name beside its target and renamed only when the whole reconciliation succeeded; a failure or an
 * interruption removes the temporary files, so no half-written output is ever left (and the targets of an earlier
 * run stay as they were).
 */
export const write = <E, R>(
  items: Stream.Stream<ReconcileItem, E, R>,
  paths: WritePaths
): Effect.Effect<Summary, E | PlatformError, R | FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = paths.directory ?? "."
    const discrepanciesPath = paths.discrepancies ?? join(dir, "discrepancies.csv")
    const summaryPath = paths.summary ?? join(dir, "summary.json")
    const rejectedPath = paths.rejected === null ? null : paths.rejected ?? join(dir, "rejected.csv")
    if (paths.directory !== undefined) yield* fs.makeDirectory(paths.directory, { recursive: true })
    const targets = [discrepanciesPath, summaryPath, ...(rejectedPath === null ? [] : [rejectedPath])]
    const temporary = new Map(targets.map((t) => [t, AtomicFile.temporaryPathFor(t)] as const))
    const tmp = (target: string) => temporary.get(target)!
    const encoder = new TextEncoder()
    let summary: Summary | null = null
    const rejected: Array<string> = []
    const written = Effect.gen(function*() {
      if (rejectedPath !== null) yield* fs.writeFileString(tmp(rejectedPath), rejectedColumns.join(",") + "\r\n")
      const bytes = items.pipe(
        Stream.mapChunksEffect((chunk) =>
          Effect.gen(function*() {
            let text = ""
            rejected.length = 0
            for (const item of Chunk.toReadonlyArray(chunk)) {
              if (item._tag === "Difference") text += discrepancyRow(item) + "\r\n"
              else if (item._tag === "RejectedRow") rejected.push(rejectedRow(item) + "\r\n")
              else if (item._tag === "Summary") summary = item
            }
            if (rejectedPath !== null && rejected.length > 0) {
              yield* fs.writeFileString(tmp(rejectedPath), rejected.join(""), { flag: "a" })
            }
            return text === "" ? Chunk.empty<Uint8Array>() : Chunk.of(encoder.encode(text))
          })
        )
      )
      yield* Stream.run(
        Stream.concat(Stream.make(encoder.encode(discrepancyColumns.join(",") + "\r\n")), bytes),
        fs.sink(tmp(discrepanciesPath))
      )
      const s = summary as Summary | null
      if (s === null) return yield* Effect.dieMessage("the reconciliation stream ended without a summary")
      yield* fs.writeFileString(tmp(summaryPath), summaryJson(s))
      // Every file is complete: publish them together.
      for (const target of targets) yield* fs.rename(tmp(target), target)
      return s
    })
    return yield* written.pipe(
      Effect.onExit((exit) =>
        exit._tag === "Success"
          ? Effect.void
          : Effect.forEach(temporary.values(), (t) => fs.remove(t).pipe(Effect.ignore), { discard: true })
      )
    )
  })
