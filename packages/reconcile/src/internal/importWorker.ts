/**
 * The body of the worker thread that {@link ../ErpImportWorker.ts} starts: it runs the package's own importer
 * (`ErpImport.batchImporter`) over one file and posts each batch with its buffers transferred, not copied.
 *
 * Messages: `{ batch }` per read, then `{ report }`; or `{ importError }` (an import that cannot go on, with the fields
 * of `ImportError`), `{ readError }` (the file cannot be read) or `{ defect }` (anything else, as text).
 */
import { parentPort, workerData } from "node:worker_threads"
import * as ErpImport from "../ErpImport.js"
import type { Profile } from "../Profile.js"
import { readChunks, readFailure } from "./workerThread.js"

export interface WorkerInput {
  readonly path: string
  readonly name: string
  readonly profile?: Profile
  readonly timeZone?: string
  readonly ofdTimeZone?: string
}

const run = (input: WorkerInput) => {
  const port = parentPort!
  const post = (batch: ErpImport.ErpBatch) => port.postMessage({ batch }, ErpImport.transferables(batch))
  try {
    const importer = ErpImport.batchImporter(input.name, {
      ...(input.profile === undefined ? {} : { profile: input.profile }),
      ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
      ...(input.ofdTimeZone === undefined ? {} : { ofdTimeZone: input.ofdTimeZone })
    })
    for (const bytes of readChunks(input.path)) post(importer.push(bytes))
    const { batch, report } = importer.finish()
    post(batch)
    port.postMessage({ report })
  } catch (e) {
    const failure = readFailure(e)
    if (e instanceof ErpImport.ImportError) {
      port.postMessage({ importError: { file: e.file, kind: e.kind, line: e.line, column: e.column, message: e.message } })
    } else if (failure !== null) {
      // The file cannot be read (ENOENT, EACCES): an input problem the person can act on, named as such.
      port.postMessage({ readError: failure })
    } else {
      port.postMessage({ defect: e instanceof Error ? (e.stack ?? e.message) : String(e) })
    }
  }
}

run(workerData as WorkerInput)
