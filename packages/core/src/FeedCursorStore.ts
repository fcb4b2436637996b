/**
 * Where the NewDocuments feed keeps its cursor between runs: a port with an in-memory adapter here and a file-backed
 * one in `FeedCursorStore/File.ts`. Applications with a database implement the two methods over a table.
 */
import { Context, Data, Effect, Layer, Option, Schema } from "effect"
import * as Ids from "./Ids.js"

/** The feed's position: the id of the last document received, and when the batch that held it was fetched. */
export const FeedCursor = Schema.Struct({
  id: Ids.FeedDocumentId,
  /** Epoch millis of the poll that returned `id` (or, when a poll brought nothing new, of that poll). */
  polledAt: Schema.Number,
  /** False when that poll returned a full batch: more documents were waiting. */
  caughtUp: Schema.Boolean
})
export type FeedCursor = typeof FeedCursor.Type

export class FeedCursorStoreError extends Data.TaggedError("FeedCursorStoreError")<{
  readonly operation: "load" | "save"
  readonly key: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot ${this.operation} the feed cursor ${JSON.stringify(this.key)}: ${this.reason}`
  }
}

export interface Service {
  readonly load: (key: string) => Effect.Effect<Option.Option<FeedCursor>, FeedCursorStoreError>
  readonly save: (key: string, cursor: FeedCursor) => Effect.Effect<void, FeedCursorStoreError>
}

export class FeedCursorStore extends Context.Tag("@taxcom-kit/core/FeedCursorStore")<FeedCursorStore, Service>() {}

/** A store that lives as long as the process (tests, one-off runs). */
export const makeMemory = (initial: Iterable<readonly [string, FeedCursor]> = []): Service => {
  const cursors = new Map(initial)
  return {
    load: (key) => Effect.sync(() => Option.fromNullable(cursors.get(key))),
    save: (key, cursor) =>
      Effect.sync(() => {
        cursors.set(key, cursor)
      })
  }
}

export const layerMemory: Layer.Layer<FeedCursorStore> = Layer.sync(FeedCursorStore, () => makeMemory())
