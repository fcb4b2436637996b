/**
 * The default cursor store: one JSON file of `{ [key]: cursor }`, replaced atomically on every save (written to a
 * temporary file beside it, then renamed over it), so a crash leaves the previous cursor, never half a file.
 * Needs a `FileSystem` (e.g. `NodeFileSystem.layer` from `@effect/platform-node`).
 */
import { FileSystem } from "@effect/platform"
import { Effect, Layer, Option, Schema } from "effect"
import { FeedCursor, FeedCursorStore, FeedCursorStoreError, type Service } from "../FeedCursorStore.js"

const FileContents = Schema.parseJson(Schema.Record({ key: Schema.String, value: FeedCursor }))

export const make = (path: string): Effect.Effect<Service, never, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const lock = yield* Effect.makeSemaphore(1)
    const decode = Schema.decodeUnknown(FileContents)
    const encode = Schema.encode(FileContents)

    const readAll = (key: string, operation: "load" | "save") =>
      fs.exists(path).pipe(
        Effect.flatMap((exists) => (exists ? fs.readFileString(path) : Effect.succeed("{}"))),
        Effect.flatMap((text) => decode(text.trim() === "" ? "{}" : text)),
        Effect.mapError((e) => new FeedCursorStoreError({ operation, key, reason: e.message }))
      )

    return {
      load: (key) => readAll(key, "load").pipe(Effect.map((all) => Option.fromNullable(all[key]))),
      save: (key, cursor) =>
        lock.withPermits(1)(
          Effect.gen(function*() {
            const all = yield* readAll(key, "save")
            const text = yield* encode({ ...all, [key]: cursor })
            const tmp = `${path}.tmp`
            yield* fs.writeFileString(tmp, text)
            yield* fs.rename(tmp, path)
          }).pipe(
            Effect.mapError((e) =>
              e instanceof FeedCursorStoreError ? e : new FeedCursorStoreError({ operation: "save", key, reason: e.message })
            )
          )
        )
    }
  })

/** A file-backed {@link FeedCursorStore} at `path`. */
export const layer = (path: string): Layer.Layer<FeedCursorStore, never, FileSystem.FileSystem> =>
  Layer.effect(FeedCursorStore, make(path))
