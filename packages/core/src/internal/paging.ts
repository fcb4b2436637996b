/**
 * Paged lists as Streams. The first page tells how many there are; the rest are fetched ahead, several at a time
 * (each request still passes the client's concurrency bound and rate limiter), and emitted in page order.
 */
import { Effect, Stream } from "effect"
import * as TaxcomError from "../TaxcomError.js"
import type { Page } from "../wire/Common.js"

/**
 * A `pn`/`ps` list (pages from 1, `ceil(recordFilteredCount / ps)` of them). When the first page holds fewer records
 * than asked although more exist, the service capped the page size: the rest is read at the size it allowed.
 */
export const pnPs = <A, E>(options: {
  readonly method: string
  readonly pageSize: number
  readonly concurrency: number
  readonly fetch: (page: number, pageSize: number) => Effect.Effect<Page<A>, E>
}): Stream.Stream<A, E | TaxcomError.DecodeError> =>
  Stream.unwrap(
    Effect.map(options.fetch(1, options.pageSize), (first): Stream.Stream<A, E | TaxcomError.DecodeError> => {
      const got = first.records.length
      const expected = Math.min(options.pageSize, first.filteredCount)
      if (got === 0 && first.filteredCount > 0) {
        return Stream.fail(
          new TaxcomError.DecodeError({
            method: options.method,
            httpStatus: 200,
            path: "$.records",
            issues: [{ path: "$.records", message: `page 1 is empty but recordFilteredCount is ${first.filteredCount}` }]
          })
        )
      }
      const size = got < expected ? got : options.pageSize
      const pages = size === 0 ? 1 : Math.ceil(first.filteredCount / size)
      const head = Stream.fromIterable(first.records)
      if (pages <= 1) return head
      const rest = Stream.range(2, pages).pipe(
        Stream.mapEffect((n) => options.fetch(n, size), { concurrency: options.concurrency }),
        Stream.mapConcat((p) => p.records)
      )
      const capped = got < expected
        ? Stream.fromEffect(
          Effect.logWarning(`Taxcom ${options.method}: the service returned ${got} records per page instead of ${options.pageSize}`)
        ).pipe(Stream.drain)
        : Stream.empty
      return Stream.concat(Stream.concat(capped, head), rest)
    })
  )

/** A list paged by `PageNumber` whose answer says `PageCount` (kktstat/kktinfo). */
export const pageNumber = <A, E>(options: {
  readonly concurrency: number
  readonly fetch: (page: number) => Effect.Effect<{ readonly pageCount: number; readonly rows: ReadonlyArray<A> }, E>
}): Stream.Stream<A, E> =>
  Stream.unwrap(
    Effect.map(options.fetch(1), (first) => {
      const head = Stream.fromIterable(first.rows)
      if (first.pageCount <= 1) return head
      return Stream.concat(
        head,
        Stream.range(2, first.pageCount).pipe(
          Stream.mapEffect(options.fetch, { concurrency: options.concurrency }),
          Stream.mapConcat((p) => p.rows)
        )
      )
    })
  )

/**
 * `flatMap` that runs up to `concurrency` inner streams at once and still emits in the order of the outer stream
 * (each inner stream is collected first: the hierarchy's inner lists are small — a register's drives, a drive's
 * shifts in a period, a shift's documents).
 */
export const flatMapOrdered = <A, B, E, E2>(
  self: Stream.Stream<A, E>,
  f: (a: A) => Stream.Stream<B, E2>,
  concurrency: number
): Stream.Stream<B, E | E2> =>
  self.pipe(
    Stream.mapEffect((a) => Stream.runCollect(f(a)), { concurrency }),
    Stream.flattenChunks
  )
