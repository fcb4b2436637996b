/**
 * Streaming import of ERP sales exports (CSV): encoding, delimiter and header detection, column aliases or a
 * profile, receipt-level and line-level files. Every data row ends as an {@link ErpReceipt} (or part of one) or
 * a {@link RejectedRow}; the last element is an {@link ImportDone} with the file's {@link ImportReport}, in which
 * `rowsRead = rowsAccepted + rowsRejected`.
 */
import { FileSystem } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { Chunk, Data, Effect, Stream } from "effect"
import type { ErpReceipt, ImportItem, RejectedRow } from "./ErpReceipt.js"
import * as Batch from "./internal/batch.js"
import { Fatal, Importer } from "./internal/importer.js"
import type { FatalKind, ImportReport } from "./internal/importer.js"
import * as Profile from "./Profile.js"

export type { ErpReceipt, ImportItem, ImportReport, RejectedRow }

/** Where an ERP export comes from: a name for messages and a stream of its bytes. The port of the import. */
export interface ErpSource<E = never, R = never> {
  /** The file name as reports and rejected rows show it. */
  readonly name: string
  readonly bytes: Stream.Stream<Uint8Array, E, R>
  readonly profile?: Profile.Profile
  /** IANA time zone of the file's dates; default: the reconciliation's OFD zone. */
  readonly timeZone?: string
}

export interface SourceOptions {
  readonly profile?: Profile.Profile
  readonly timeZone?: string
  /** Name shown in reports (default: the path). */
  readonly name?: string
}

/** A file read through `@effect/platform`'s FileSystem (the runner provides the Node layer). */
export const fromFile = (
  path: string,
  options: SourceOptions & { readonly chunkSize?: number } = {}
): ErpSource<PlatformError, FileSystem.FileSystem> => ({
  name: options.name ?? path,
  bytes: Stream.unwrap(
    Effect.map(FileSystem.FileSystem, (fs) => fs.stream(path, { chunkSize: FileSystem.KiB(options.chunkSize ?? 256) }))
  ),
  ...(options.profile === undefined ? {} : { profile: options.profile }),
  ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone })
})

/** Bytes (or a string, encoded as UTF-8) held in memory: tests and uploads. `chunkSize` splits them to exercise streaming. */
export const fromBytes = (
  name: string,
  content: Uint8Array | string,
  options: Omit<SourceOptions, "name"> & { readonly chunkSize?: number } = {}
): ErpSource => {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content
  const size = options.chunkSize ?? 64 * 1024
  const chunks: Array<Uint8Array> = []
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, Math.min(bytes.length, i + size)))
  return {
    name,
    bytes: Stream.fromIterable(chunks),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone })
  }
}

/** Any byte stream (an upload, an S3 object) as a source. */
export const fromStream = <E, R>(
  name: string,
  bytes: Stream.Stream<Uint8Array, E, R>,
  options: Omit<SourceOptions, "name"> = {}
): ErpSource<E, R> => ({
  name,
  bytes,
  ...(options.profile === undefined ? {} : { profile: options.profile }),
  ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone })
})

/** An import that cannot go on: wrong encoding, an empty file, no recognisable header, a missing column. */
export class ImportError extends Data.TaggedError("ImportError")<{
  readonly file: string
  readonly kind: FatalKind
  /** The line the problem was seen on, when there is one. */
  readonly line: number | null
  readonly column: string | null
  readonly message: string
}> {}

/** The last element of an import: the file's report. */
export interface ImportDone {
  readonly _tag: "ImportDone"
  readonly report: ImportReport
}

export type ImportEvent = ImportItem | ImportDone

export interface ReadOptions {
  /** Zone of the OFD's wall clock; receipts are converted to it. Default `Europe/Moscow`. */
  readonly ofdTimeZone?: string
}

const toImportError = (file: string, e: unknown): ImportError | never => {
  if (e instanceof Fatal) return new ImportError({ file, kind: e.kind, line: e.line, column: e.column, message: e.message })
  if (e instanceof ImportError) return e
  throw e
}

/** A chunk of imported receipts in columns (see `internal/batch.ts`); `Reconcile` matches straight from it. */
export type ErpBatch = Batch.ErpBatch

/** The buffers of a batch, to post it to another thread without copying (`postMessage(batch, transferables(batch))`). */
export const transferables = (batch: ErpBatch): Array<ArrayBuffer> => Batch.transferList(batch)

/** A batch received from another thread, made fast to read again (call on each batch a worker posts). */
export const revive = (batch: ErpBatch): ErpBatch => Batch.revive(batch)

/** Rows of a batch as `ErpReceipt`s and `RejectedRow`s, in file order. */
export const batchItems = (batch: ErpBatch): Array<ImportItem> => Batch.toItems(batch)

/**
 * The import as a plain synchronous object, for running it where Effect does not (a worker thread): feed it byte
 * chunks, take a batch after each, finish for the last batch and the report. Throws {@link ImportError}.
 */
export interface BatchImporter {
  push(bytes: Uint8Array): ErpBatch
  finish(): { readonly batch: ErpBatch; readonly report: ImportReport }
}

export const batchImporter = (
  name: string,
  options: { readonly profile?: Profile.Profile; readonly timeZone?: string; readonly ofdTimeZone?: string } = {}
): BatchImporter => {
  const ofdTimeZone = options.ofdTimeZone ?? "Europe/Moscow"
  const importer = new Importer({
    file: name,
    profile: Profile.resolve(options.profile ?? Profile.empty),
    ofdTimeZone,
    timeZone: options.timeZone ?? ofdTimeZone
  })
  const builder = new Batch.BatchBuilder(name)
  const guard = <A>(f: () => A): A => {
    try {
      return f()
    } catch (e) {
      throw toImportError(name, e)
    }
  }
  return {
    push: (bytes) =>
      guard(() => {
        importer.push(bytes, builder)
        return builder.take(importer.encoding)
      }),
    finish: () =>
      guard(() => {
        importer.finish(builder)
        return { batch: builder.take(importer.encoding), report: importer.report() }
      })
  }
}

/** A source imported elsewhere (e.g. in a worker thread): its batches, then an {@link ImportDone}. */
export interface ImportedSource<E = never, R = never> {
  readonly name: string
  readonly imported: Stream.Stream<ErpBatch | ImportDone, ImportError | E, R>
}

/** Runs the import of a source on this fiber: batches, then {@link ImportDone}. */
export const batches = <E, R>(source: ErpSource<E, R>, options: ReadOptions = {}): Stream.Stream<ErpBatch | ImportDone, ImportError | E, R> =>
  Stream.suspend(() => {
    const importer = batchImporter(source.name, {
      ...(source.profile === undefined ? {} : { profile: source.profile }),
      ...(source.timeZone === undefined ? {} : { timeZone: source.timeZone }),
      ...(options.ofdTimeZone === undefined ? {} : { ofdTimeZone: options.ofdTimeZone })
    })
    const step = (bytes: Uint8Array) =>
      Effect.try({ try: () => importer.push(bytes), catch: (e) => e as ImportError })
    const end = Effect.try({
      try: () => {
        const { batch, report } = importer.finish()
        return Chunk.unsafeFromArray<ErpBatch | ImportDone>([batch, { _tag: "ImportDone", report }])
      },
      catch: (e) => e as ImportError
    })
    return source.bytes.pipe(
      Stream.mapEffect(step),
      Stream.concat(Stream.flattenChunks(Stream.fromEffect(end)))
    ) as Stream.Stream<ErpBatch | ImportDone, ImportError | E, R>
  })

/** Reads one source: receipts and rejected rows in file order, then {@link ImportDone}. */
export const read = <E, R>(source: ErpSource<E, R>, options: ReadOptions = {}): Stream.Stream<ImportEvent, ImportError | E, R> =>
  batches(source, options).pipe(
    Stream.mapConcat((e): ReadonlyArray<ImportEvent> => (e._tag === "ImportDone" ? [e] : Batch.toItems(e)))
  )

/** Reads a whole source into memory: receipts, rejected rows and the report (tests, small files). */
export const readAll = <E, R>(
  source: ErpSource<E, R>,
  options: ReadOptions = {}
): Effect.Effect<{ receipts: Array<ErpReceipt>; rejected: Array<RejectedRow>; report: ImportReport }, ImportError | E, R> =>
  Stream.runFold(
    read(source, options),
    { receipts: [] as Array<ErpReceipt>, rejected: [] as Array<RejectedRow>, report: null as ImportReport | null },
    (acc, e) => {
      if (e._tag === "ErpReceipt") acc.receipts.push(e)
      else if (e._tag === "RejectedRow") acc.rejected.push(e)
      else acc.report = e.report
      return acc
    }
  ).pipe(Effect.map((acc) => ({ receipts: acc.receipts, rejected: acc.rejected, report: acc.report! })))
