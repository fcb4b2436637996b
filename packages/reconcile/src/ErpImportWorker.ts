/**
 * An ERP export imported in a worker thread, for the fastest reconciliation of big files on two or more cores: the
 * worker parses the file while this thread builds the fiscal index, and its batches (typed arrays, transferred
 * without copying) wait in a queue until the matcher reads them.
 *
 * ```ts
 * Effect.scoped(Effect.gen(function*() {
 *   const erp = yield* ErpImportWorker.start("sales-2026-11.csv")   // the worker starts now
 *   return yield* Output.write(Reconcile.run({ erp, ofd: FiscalFile.fromFile("documents-2026-11.csv") }), { directory: "out" })
 * }))
 * ```
 *
 * The same import as {@link ErpImport.fromFile} (same rows, rejections, report and errors); the worker ends with the
 * scope. The OFD time zone is given here because the worker converts dates as it reads: it must be the
 * reconciliation's (`Settings.ofdTimeZone`, default `Europe/Moscow`).
 */
import type { PlatformError } from "@effect/platform/Error"
import { Effect, Option, Queue, type Scope, Stream } from "effect"
import { Worker } from "node:worker_threads"
import * as ErpImport from "./ErpImport.js"
import type { WorkerInput } from "./internal/importWorker.js"
import * as WorkerThread from "./internal/workerThread.js"

export interface WorkerOptions extends ErpImport.SourceOptions, ErpImport.ReadOptions {}

type Message =
  | { readonly batch: ErpImport.ErpBatch }
  | { readonly report: ErpImport.ImportDone["report"] }
  | { readonly importError: ConstructorParameters<typeof ErpImport.ImportError>[0] }
  | { readonly readError: WorkerThread.ReadFailure }
  | { readonly defect: string }

/** The file the worker thread runs: the build's self-contained bundle (it starts in about 0.12 s rather than 0.7 s). */
export const workerEntry = (): string => WorkerThread.entry("importWorker")

/** Starts importing `path` in a worker thread now; see the module comment. */
export const start = (
  path: string,
  options: WorkerOptions = {}
): Effect.Effect<ErpImport.ImportedSource<PlatformError>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const name = options.name ?? path
    const queue = yield* Queue.unbounded<Message>()
    const input: WorkerInput = {
      path,
      name,
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(options.ofdTimeZone === undefined ? {} : { ofdTimeZone: options.ofdTimeZone })
    }
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        const worker = new Worker(workerEntry(), { workerData: input, ...WorkerThread.options })
        worker.on("message", (m: Message) => Queue.unsafeOffer(queue, m))
        worker.on("error", (e) => Queue.unsafeOffer(queue, { defect: e.stack ?? e.message }))
        return worker
      }),
      (worker) => Effect.promise(() => worker.terminate())
    )
    const imported = Stream.repeatEffectOption(
      Effect.flatMap(Queue.take(queue), (m): Effect.Effect<ErpImport.ErpBatch | ErpImport.ImportDone, Option.Option<ErpImport.ImportError | PlatformError>> => {
        if ("batch" in m) return Effect.succeed(ErpImport.revive(m.batch))
        if ("report" in m) return Effect.succeed<ErpImport.ImportDone>({ _tag: "ImportDone", report: m.report })
        if ("importError" in m) return Effect.fail(Option.some(new ErpImport.ImportError(m.importError)))
        if ("readError" in m) return Effect.fail(Option.some(WorkerThread.readError(path, m.readError)))
        return Effect.dieMessage(`the ERP import worker for ${name} failed: ${m.defect}`)
      })
    ).pipe(
      // The report is the import's last message: the stream ends with it.
      Stream.takeUntil((e) => e._tag === "ImportDone")
    )
    return { name, imported }
  })
