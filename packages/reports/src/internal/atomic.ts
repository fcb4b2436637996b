/**
 * Atomic output: render into a temporary file beside the target, flush it to disk, then rename it over the
 * target. A failed or interrupted render removes the temporary file and leaves the target as it was.
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Effect, Exit } from "effect"
import { RenderError } from "../ReportError.js"

export const temporaryPathFor = (target: string): string =>
  path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`)

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** Runs `render(temporaryPath, signal)` and publishes its file at `target` only when it succeeds. */
export const writeAtomically = <A>(
  format: "xlsx" | "pdf",
  target: string,
  render: (temporaryPath: string, signal: AbortSignal) => Promise<A>
): Effect.Effect<A & { readonly path: string; readonly bytes: number }, RenderError> =>
  Effect.acquireUseRelease(
    Effect.sync(() => temporaryPathFor(target)),
    (tmp) =>
      Effect.tryPromise({
        try: async (signal) => {
          const result = await render(tmp, signal)
          const handle = await fs.open(tmp, "r+")
          try {
            await handle.sync()
          } finally {
            await handle.close()
          }
          const { size } = await fs.stat(tmp)
          await fs.rename(tmp, target)
          return { ...result, path: target, bytes: size }
        },
        catch: (cause) => new RenderError({ format, path: target, reason: describe(cause), cause })
      }),
    (tmp, exit) => (Exit.isSuccess(exit) ? Effect.void : Effect.promise(() => fs.rm(tmp, { force: true })))
  )
