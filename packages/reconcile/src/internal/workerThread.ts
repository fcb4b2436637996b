/**
 * Worker-thread plumbing kept apart from what the worker does: where its code is, how it reads a file, and how a
 * read failure comes back as the platform's error. (A second worker reading the fiscal file as well was measured
 * and dropped: with both cores already busy it saved nothing; see bench/reconcile-speed.ts.)
 */
import { SystemError } from "@effect/platform/Error"
import * as fs from "node:fs"
import { fileURLToPath } from "node:url"

/**
 * The file a worker thread runs. The build (`npm run build`) bundles the worker into one self-contained file
 * (`dist/internal/<name>.bundle.js`, esbuild): a fresh thread then sends its first message after about 0.12 s (an
 * empty worker: 0.05 s), where loading the same code as ES modules (`effect` and `@taxcom-kit/core` are some three
 * hundred files) takes 0.7 s of CPU that the work itself would otherwise use. The core and reconcile packages declare
 * `"sideEffects": false` (true of them: their modules only define things), so the bundle leaves out the parts of
 * core's barrel the worker never reaches: 0.88 MB instead of 1.2 MB, 0.05 s less to start. Without the bundle (only `tsc -b` was run) the compiled module is used: the same
 * code, only slower to start. Run from the sources (vitest), the package's build is used: the root `npm test` builds
 * before it tests.
 */
export const entry = (name: "importWorker"): string => {
  const candidates = [`./${name}.bundle.js`, `../../dist/internal/${name}.bundle.js`, `./${name}.js`, `../../dist/internal/${name}.js`]
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!
}

/**
 * Worker options: no execArgv, since a worker would inherit the process's loaders (`--import tsx`) and pay their
 * start-up for a compiled file; a modest young generation, since a worker holds one batch at a time.
 */
export const options = { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 32 } }

/** Read size in a worker: the thread has nothing else to do, and a batch per MiB keeps the messages few. */
const CHUNK = 1024 * 1024

/** The file in 1 MiB pieces, read synchronously (in a worker thread, where nothing waits on this one). */
export const readChunks = function*(path: string): Generator<Uint8Array> {
  const fd = fs.openSync(path, "r")
  try {
    for (;;) {
      const b = new Uint8Array(CHUNK)
      const n = fs.readSync(fd, b, 0, CHUNK, null)
      if (n === 0) return
      yield b.subarray(0, n)
    }
  } finally {
    fs.closeSync(fd)
  }
}

/** How a worker reports a file it cannot read (ENOENT, EACCES). */
export interface ReadFailure {
  readonly code: string
  readonly message: string
}

/** A Node file error as a {@link ReadFailure}, or null when `e` is not one. */
export const readFailure = (e: unknown): ReadFailure | null =>
  typeof e === "object" && e !== null && "code" in e && "message" in e ? { code: String(e.code), message: String(e.message) } : null

/** A worker's {@link ReadFailure} as the platform's error, as `FileSystem` would have failed on this thread. */
export const readError = (path: string, e: ReadFailure): SystemError =>
  new SystemError({
    reason: e.code === "ENOENT" ? "NotFound" : e.code === "EACCES" || e.code === "EPERM" ? "PermissionDenied" : "Unknown",
    module: "FileSystem",
    method: "read",
    pathOrDescriptor: path,
    description: e.message
  })
