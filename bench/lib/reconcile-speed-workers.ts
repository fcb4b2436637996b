/**
 * The speed bench's file readers in worker threads: the ERP export through the reconcile package's own importer
 * (`ErpImport.batchImporter`, batches of typed arrays handed over without copying) and the DocumentList dump. Each
 * worker starts when created, so both files are parsed while the main thread indexes the fiscal side; the main
 * thread receives an `ErpImport.ImportedSource` and a `Stream<FiscalDocument.DocumentSummary>`.
 */
import { Worker } from "node:worker_threads"
import { Chunk, Effect, Stream } from "effect"
import { LocalDateTime, type FiscalDocument, type Ids, type Money, type Operation } from "@taxcom-kit/core"
import { ErpImport } from "@taxcom-kit/reconcile"

type Doc = FiscalDocument.DocumentSummary

/** Starts a worker now and returns its messages as a stream (those that arrived before the stream runs are kept). */
const workerMessages = <A>(workerData: unknown, onMessage: (m: any) => { items?: ReadonlyArray<A>; end?: boolean; error?: unknown }) => {
  const queue: Array<{ items?: ReadonlyArray<A>; end?: boolean; error?: unknown }> = []
  let listener: ((x: { items?: ReadonlyArray<A>; end?: boolean; error?: unknown }) => void) | null = null
  // A modest young generation for the workers: they hold little (the main thread sets a bigger one).
  const worker = new Worker(new URL("./reconcile-parse-worker.mjs", import.meta.url), { workerData, resourceLimits: { maxYoungGenerationSizeMb: 32 } })
  const deliver = (x: { items?: ReadonlyArray<A>; end?: boolean; error?: unknown }) => (listener === null ? queue.push(x) : listener(x))
  worker.on("message", (m) => deliver(onMessage(m)))
  worker.on("error", (error) => deliver({ error }))
  return Stream.async<A, unknown>((emit) => {
    const handle = (x: { items?: ReadonlyArray<A>; end?: boolean; error?: unknown }) => {
      if (x.items !== undefined && x.items.length > 0) void emit.chunk(Chunk.unsafeFromArray(x.items as Array<A>))
      if (x.error !== undefined) void emit.fail(x.error)
      else if (x.end) void emit.end()
    }
    for (const x of queue.splice(0)) handle(x)
    listener = handle
    return Effect.promise(() => worker.terminate())
  }, "unbounded")
}

/** The ERP export, imported in a worker thread. */
export const importErpInWorker = (path: string, name: string): ErpImport.ImportedSource<unknown> => ({
  name,
  imported: workerMessages<ErpImport.ErpBatch | ErpImport.ImportDone>({ kind: "erp", path, name }, (m) =>
    m.batch !== undefined
      ? { items: [ErpImport.revive(m.batch as ErpImport.ErpBatch)] }
      : m.report !== undefined
      ? { items: [{ _tag: "ImportDone", report: m.report }], end: true }
      : { error: new ErpImport.ImportError(m.error) }
  ) as Stream.Stream<ErpImport.ErpBatch | ErpImport.ImportDone, ErpImport.ImportError>
})

const OPS: ReadonlyArray<Operation.Operation> = ["Income", "IncomeReturn", "Expenditure", "ExpenditureReturn"]
const local = LocalDateTime.fromWallMillis

/** The DocumentList dump, parsed in a worker thread; documents are built here from its columns. */
export const readOfdInWorker = (path: string): Stream.Stream<Doc, unknown> => {
  const fns: Array<Ids.FnNumber> = []
  return workerMessages<Doc>({ kind: "ofd", path }, (m) => {
    if (m.done) return { end: true }
    const c = m.docs
    for (const f of c.newFns as Array<string>) fns.push(f as Ids.FnNumber)
    // A structured-clone copy is a slow dictionary-mode object: read each column once.
    const n: number = c.n
    const fn: Int32Array = c.fn, shift: Int32Array = c.shift, type: Int32Array = c.type, ms: Float64Array = c.ms
    const fd: Float64Array = c.fd, nis: Float64Array = c.nis, sign: Float64Array = c.sign, op: Int8Array = c.op
    const total: Float64Array = c.total, cash: Float64Array = c.cash, electronic: Float64Array = c.electronic
    const vat22: Float64Array = c.vat22, vat10: Float64Array = c.vat10, none: Float64Array = c.none
    const docs: Array<Doc> = new Array(n)
    for (let k = 0; k < n; k++) {
      const vat: Array<{ rate: "vat22" | "vat10" | "none"; gross: Money.Kopecks | null; vat: Money.Kopecks | null }> = []
      if (vat22[k] !== 0) vat.push({ rate: "vat22", gross: null, vat: vat22[k] as Money.Kopecks })
      if (vat10[k] !== 0) vat.push({ rate: "vat10", gross: null, vat: vat10[k] as Money.Kopecks })
      if (none[k] !== 0) vat.push({ rate: "none", gross: none[k] as Money.Kopecks, vat: null })
      docs[k] = {
        fn: fns[fn[k]!]!,
        shift: shift[k] as Ids.ShiftNumber,
        type: type[k]!,
        dateTime: local(ms[k]!),
        fd: fd[k] as Ids.FdNumber,
        numberInShift: nis[k]!,
        fiscalSign: String(sign[k]) as Doc["fiscalSign"],
        cashier: null,
        taxation: null,
        operation: op[k]! < 0 ? null : OPS[op[k]!]!,
        total: total[k] as Money.Kopecks,
        cash: cash[k] as Money.Kopecks,
        electronic: electronic[k] as Money.Kopecks,
        vat
      }
    }
    return { items: docs }
  })
}
