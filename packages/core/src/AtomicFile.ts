/**
 * Atomic output: render into a temporary file beside the target, flush it to disk, then rename it over the
 * target. A failed or interrupted render removes the temporary file and leaves the target as it was, so a killed
 * job never leaves half a report behind.
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Effect, Exit } from "effect"

/** A hidden, unique temporary name in the target's folder (same file system, so the rename is atomic). */
export const temporaryPathFor = (target: string): string =>
  path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`)

/**
 * Runs `render(temporaryPath, signal)` and publishes its file at `target` only when it succeeds; `onError` turns a
 * failure (of the render, the flush or the rename) into the caller's error.
 */
export const write = <A, E>(
  target: string,
  render: (temporaryPath: string, signal: AbortSignal) => Promise<A>,
  onError: (cause: unknown) => E
): Effect.Effect<A & { readonly path: string; readonly bytes: number }, E> =>
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
        catch: onError
      }),
    (tmp, exit) => (Exit.isSuccess(exit) ? Effect.void : Effect.promise(() => fs.rm(tmp, { force: true })))
  )

/** Writes a whole text file atomically. */
export const writeText = <E>(target: string, text: string, onError: (cause: unknown) => E) =>
  write(target, (tmp) => fs.writeFile(tmp, text, "utf8"), onError)
