/**
 * The NewDocuments feed (section 4.1) as an endless Stream of documents, resumable across restarts.
 *
 * The method returns, in order of receipt by Taxcom, at most 10,000 documents received after the `id` it is given —
 * and only documents of the last 21 days. The Stream follows the document's procedure: from the stored cursor (or,
 * without one, the start of the 21-day window) it asks again at once while batches come back full, and once caught up
 * polls no more than once a minute.
 *
 * The cursor is saved in a {@link FeedCursorStore} when the next batch is asked for, that is after the consumer has
 * pulled the previous batch's documents: delivery is at least once (after a crash the last batch may come again; a
 * document's `(fn, fd)` identifies it). A stored cursor older than the window cannot be continued without loss: the
 * Stream then emits a {@link Gap} first, saying which span of receipts may be missing (to backfill with DocumentList),
 * and carries on. A cursor the service rejects (2203) otherwise fails the Stream with {@link FeedCursorRejectedError}.
 */
import { Chunk, Clock, Duration, Effect, Option, Schema, Stream } from "effect"
import type * as FeedDocument from "./FeedDocument.js"
import { FeedCursorStore, type FeedCursor, type FeedCursorStoreError } from "./FeedCursorStore.js"
import type * as Ids from "./Ids.js"
import * as LocalDateTime from "./LocalDateTime.js"
import { TaxcomClient } from "./TaxcomClient.js"
import type * as TaxcomError from "./TaxcomError.js"

export interface Options {
  /** The cabinet's contract number; every cabinet the user may see when omitted. */
  readonly agreementNumber?: string | undefined
  /** The cursor's name in the store. Default `NewDocuments:<agreementNumber or *>`. */
  readonly key?: string | undefined
  /** Pause between polls once caught up; at least (and by default) 1 minute. */
  readonly pollInterval?: Duration.DurationInput | undefined
  /** The service's cap per call: a batch this large means more are waiting. Default 10,000. */
  readonly batchLimit?: number | undefined
  /** How far back the service keeps documents. Default 21 days. */
  readonly window?: Duration.DurationInput | undefined
  /** A cursor this close to the window's edge is already reported as a possible gap. Default 1 hour. */
  readonly gapMargin?: Duration.DurationInput | undefined
}

/** A document of the feed. */
export interface Received {
  readonly _tag: "Received"
  readonly document: FeedDocument.FeedDocument
}

/**
 * The stored cursor is older than the service's window: documents Taxcom received between `lastPolledAt` (or, when
 * the last poll was not caught up, somewhat before it) and `windowStart` may never be delivered by the feed.
 */
export interface Gap {
  readonly _tag: "Gap"
  readonly lastCursor: Ids.FeedDocumentId
  /** Wall-clock time, in the account's zone, of the last successful poll. */
  readonly lastPolledAt: LocalDateTime.LocalDateTime
  /** Whether that poll had caught up with the feed. */
  readonly caughtUp: boolean
  /** The oldest receipt time the service still serves (account's zone). */
  readonly windowStart: LocalDateTime.LocalDateTime
}

export type Event = Received | Gap

/** The service rejected the stored cursor (2203, "Некорректный ID документа"). */
export class FeedCursorRejectedError extends Schema.TaggedError<FeedCursorRejectedError>()("FeedCursorRejectedError", {
  key: Schema.String,
  cursor: Schema.String,
  apiCode: Schema.Int,
  details: Schema.NullOr(Schema.String)
}) {
  override get message(): string {
    return `NewDocuments rejected the stored cursor ${this.cursor} of ${JSON.stringify(this.key)} (${this.apiCode}${
      this.details ? `: ${this.details}` : ""
    }); reset the cursor to restart from the 21-day window`
  }
}

export type FeedError = TaxcomError.TaxcomError | FeedCursorRejectedError | FeedCursorStoreError

interface State {
  readonly cursor: Ids.FeedDocumentId | undefined
  /** Saved when the next batch is asked for. */
  readonly toSave: FeedCursor | undefined
  readonly lastPollAt: number | undefined
  readonly full: boolean
  /** The first poll after a gap may find its old cursor expired: then it starts from the window instead. */
  readonly afterGap: boolean
}

const MIN_INTERVAL = Duration.minutes(1)

/** The feed. Needs the {@link TaxcomClient} and a {@link FeedCursorStore}. */
export const stream = (options: Options = {}): Stream.Stream<Event, FeedError, TaxcomClient | FeedCursorStore> =>
  Stream.unwrap(
    Effect.gen(function*() {
      const client = yield* TaxcomClient
      const store = yield* FeedCursorStore
      const key = options.key ?? `NewDocuments:${options.agreementNumber ?? "*"}`
      const intervalMillis = Duration.toMillis(Duration.max(Duration.decode(options.pollInterval ?? MIN_INTERVAL), MIN_INTERVAL))
      const batchLimit = options.batchLimit ?? 10_000
      const windowMillis = Duration.toMillis(options.window ?? "21 days")
      const marginMillis = Duration.toMillis(options.gapMargin ?? "1 hour")
      const zone = client.settings.timeZone

      const saved = yield* store.load(key)
      const startedAt = yield* Clock.currentTimeMillis
      const gap: Option.Option<Gap> = Option.flatMap(saved, (c) =>
        startedAt - c.polledAt >= windowMillis - marginMillis
          ? Option.some<Gap>({
            _tag: "Gap",
            lastCursor: c.id,
            lastPolledAt: LocalDateTime.fromInstant(c.polledAt, zone),
            caughtUp: c.caughtUp,
            windowStart: LocalDateTime.fromInstant(startedAt - windowMillis, zone)
          })
          : Option.none())
      if (Option.isSome(gap)) {
        yield* Effect.logWarning(
          `NewDocuments feed ${key}: the cursor is older than the service's window; receipts from ${gap.value.lastPolledAt} to ${gap.value.windowStart} may be missing`
        )
      }

      const fetch = (state: State): Effect.Effect<FeedDocument.FeedBatch, FeedError> => {
        const ask = (after: Ids.FeedDocumentId | undefined) => client.newDocuments({ agreementNumber: options.agreementNumber, after })
        return ask(state.cursor).pipe(
          Effect.catchIf(
            (e): e is TaxcomError.InvalidRequestError => e._tag === "InvalidRequestError" && e.reason === "documentId",
            (e): Effect.Effect<FeedDocument.FeedBatch, FeedError> =>
              state.afterGap && state.cursor !== undefined
                ? ask(undefined)
                : Effect.fail(
                  new FeedCursorRejectedError({ key, cursor: state.cursor ?? "", apiCode: e.apiCode, details: e.details })
                )
          )
        )
      }

      const step = (state: State) =>
        Effect.gen(function*() {
          if (state.toSave !== undefined) yield* store.save(key, state.toSave)
          if (state.lastPollAt !== undefined && !state.full) {
            const now = yield* Clock.currentTimeMillis
            const wait = state.lastPollAt + intervalMillis - now
            if (wait > 0) yield* Effect.sleep(Duration.millis(wait))
          }
          const pollAt = yield* Clock.currentTimeMillis
          const batch = yield* fetch(state)
          const docs = batch.documents
          const cursor = docs.length > 0 ? docs[docs.length - 1]!.id : state.cursor
          const full = docs.length >= batchLimit
          const next: State = {
            cursor,
            toSave: cursor === undefined ? undefined : { id: cursor, polledAt: pollAt, caughtUp: !full },
            lastPollAt: pollAt,
            full,
            afterGap: false
          }
          const events = Chunk.fromIterable(docs.map((document): Event => ({ _tag: "Received", document })))
          return [events, Option.some(next)] as const
        })

      const initial: State = {
        cursor: Option.getOrUndefined(Option.map(saved, (c) => c.id)),
        toSave: undefined,
        lastPollAt: undefined,
        full: false,
        afterGap: Option.isSome(gap)
      }
      return Stream.concat(
        Stream.fromIterable(Option.toArray(gap)),
        Stream.paginateChunkEffect(initial, step)
      )
    })
  ).pipe(Stream.withSpan("NewDocumentsFeed.stream"))
