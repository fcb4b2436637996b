/**
 * Paged lists as Streams (or, read whole, as arrays). The first page tells how many there are; the rest are fetched
 * ahead, several at a time (each request still passes the client's concurrency bound and rate limiter), in page order.
 */
import { Effect, Stream } from "effect"
import * as TaxcomError from "../TaxcomError.js"
import type { Page } from "../wire/Common.js"

/** A list whose paging does not add up: an answer that decoded but cannot be what the service means. */
const pagingError = (method: string, path: string, message: string) =>
  new TaxcomError.DecodeError({ method, httpStatus: 200, path, issues: [{ path, message }] })

/** How a `pn`/`ps` list continues after its first page. */
type Plan<A> =
  | { readonly _tag: "Invalid"; readonly error: TaxcomError.DecodeError }
  | { readonly _tag: "Pages"; readonly first: ReadonlyArray<A>; readonly size: number; readonly pages: number; readonly capped: boolean }

/**
 * A `pn`/`ps` list's pages from its first page: `ceil(recordFilteredCount / ps)` of them. When the first page holds
 * fewer records than asked although more exist, the service capped the page size: the rest is read at the size it
 * allowed.
 */
const plan = <A>(method: string, pageSize: number, first: Page<A>): Plan<A> => {
  const got = first.records.length
  const expected = Math.min(pageSize, first.filteredCount)
  if (got === 0 && first.filteredCount > 0) {
    return { _tag: "Invalid", error: pagingError(method, "$.records", `page 1 is empty but recordFilteredCount is ${first.filteredCount}`) }
  }
  if (got > pageSize) {
    // A page bigger than asked for is not the service's paging: following its count could mean endless pages.
    return { _tag: "Invalid", error: pagingError(method, "$.records", `page 1 holds ${got} records, more than the ${pageSize} asked for`) }
  }
  const size = got < expected ? got : pageSize
  return { _tag: "Pages", first: first.records, size, pages: size === 0 ? 1 : Math.ceil(first.filteredCount / size), capped: got < expected }
}

/**
 * Page `n` of a plan, checked: an empty page before the last means the count was false (a page claiming a billion
 * records), so the list stops there rather than asking for every page it claims. The last page may come back empty
 * (a record gone meanwhile).
 */
const checkPage = <A>(method: string, filteredCount: number, p: { readonly size: number; readonly pages: number }) =>
(n: number, page: Page<A>): Effect.Effect<Page<A>, TaxcomError.DecodeError> =>
  page.records.length > p.size || (page.records.length === 0 && n < p.pages)
    ? Effect.fail(
      pagingError(
        method,
        "$.counts.recordFilteredCount",
        `recordFilteredCount ${filteredCount} means ${p.pages} pages of ${p.size}, but page ${n} holds ${page.records.length} records`
      )
    )
    : Effect.succeed(page)

const cappedWarning = (method: string, pageSize: number, size: number) =>
  Effect.logWarning(`Taxcom ${method}: the service returned ${size} records per page instead of ${pageSize}`)

export interface PnPsOptions<A, E> {
  readonly method: string
  readonly pageSize: number
  readonly concurrency: number
  readonly fetch: (page: number, pageSize: number) => Effect.Effect<Page<A>, E>
}

/** A `pn`/`ps` list as a Stream (see {@link plan}); pages after the first are fetched ahead, emitted in order. */
export const pnPs = <A, E>(options: PnPsOptions<A, E>): Stream.Stream<A, E | TaxcomError.DecodeError> =>
  Stream.unwrap(
    Effect.map(options.fetch(1, options.pageSize), (first): Stream.Stream<A, E | TaxcomError.DecodeError> => {
      const p = plan(options.method, options.pageSize, first)
      if (p._tag === "Invalid") return Stream.fail(p.error)
      const head = Stream.fromIterable(p.first)
      if (p.pages <= 1) return head
      const check = checkPage<A>(options.method, first.filteredCount, p)
      const rest = Stream.range(2, p.pages).pipe(
        Stream.mapEffect((n) => Effect.flatMap(options.fetch(n, p.size), (page) => check(n, page)), { concurrency: options.concurrency }),
        Stream.mapConcat((page) => page.records)
      )
      const capped = p.capped ? Stream.fromEffect(cappedWarning(options.method, options.pageSize, p.size)).pipe(Stream.drain) : Stream.empty
      return Stream.concat(Stream.concat(capped, head), rest)
    })
  )

/**
 * The same list in one array, for callers that want all of it (a shift's documents, a drive's shifts): the same
 * requests as {@link pnPs}, without running a Stream per list — which costs more CPU than decoding a page.
 */
export const pnPsAll = <A, E>(options: PnPsOptions<A, E>): Effect.Effect<ReadonlyArray<A>, E | TaxcomError.DecodeError> =>
  Effect.flatMap(options.fetch(1, options.pageSize), (first): Effect.Effect<ReadonlyArray<A>, E | TaxcomError.DecodeError> => {
    const p = plan(options.method, options.pageSize, first)
    if (p._tag === "Invalid") return Effect.fail(p.error)
    if (p.pages <= 1) return Effect.succeed(p.first)
    // Workers take the next page number as they finish, so nothing is sized by the claimed page count (a page
    // claiming a billion records must not allocate a billion of anything); the first false page stops them all.
    const check = checkPage<A>(options.method, first.filteredCount, p)
    const got = new Map<number, ReadonlyArray<A>>()
    let next = 2
    const worker: Effect.Effect<void, E | TaxcomError.DecodeError> = Effect.suspend(() => {
      const n = next++
      if (n > p.pages) return Effect.void
      return options.fetch(n, p.size).pipe(
        Effect.flatMap((page) => check(n, page)),
        Effect.flatMap((page) => {
          got.set(n, page.records)
          return worker
        })
      )
    })
    const workers = Math.min(options.concurrency, p.pages - 1)
    const rest = Effect.all(Array.from({ length: workers }, () => worker), { concurrency: "unbounded", discard: true }).pipe(
      Effect.map(() => {
        const out = p.first.slice()
        for (let n = 2; n <= p.pages; n++) for (const r of got.get(n)!) out.push(r)
        return out
      })
    )
    return p.capped ? Effect.zipRight(cappedWarning(options.method, options.pageSize, p.size), rest) : rest
  })

/** A list paged by `PageNumber` whose answer says `PageCount` (kktstat/kktinfo). */
export const pageNumber = <A, E>(options: {
  readonly method: string
  readonly concurrency: number
  readonly fetch: (page: number) => Effect.Effect<{ readonly pageCount: number; readonly rows: ReadonlyArray<A> }, E>
}): Stream.Stream<A, E | TaxcomError.DecodeError> =>
  Stream.unwrap(
    Effect.map(options.fetch(1), (first): Stream.Stream<A, E | TaxcomError.DecodeError> => {
      const head = Stream.fromIterable(first.rows)
      if (first.pageCount <= 1) return head
      // As for pn/ps lists: an empty page before the last means PageCount was false.
      const checked = (n: number, p: { readonly pageCount: number; readonly rows: ReadonlyArray<A> }) =>
        p.rows.length === 0 && n < first.pageCount
          ? Effect.fail(
            pagingError(options.method, "$.PageCount", `PageCount is ${first.pageCount}, but page ${n} is empty`)
          )
          : Effect.succeed(p)
      return Stream.concat(
        head,
        Stream.range(2, first.pageCount).pipe(
          Stream.mapEffect((n) => Effect.flatMap(options.fetch(n), (p) => checked(n, p)), { concurrency: options.concurrency }),
          Stream.mapConcat((p) => p.rows)
        )
      )
    })
  )

/**
 * Each element of a stream mapped to a list by an effect (up to `concurrency` at once), the lists flattened in the
 * order of the stream: the hierarchy's inner lists (an outlet's registers, a register's drives, a drive's shifts, a
 * shift's documents) are small and read whole, as arrays rather than a Stream each.
 */
export const flatMapOrdered = <A, B, E, E2>(
  self: Stream.Stream<A, E>,
  f: (a: A) => Effect.Effect<ReadonlyArray<B>, E2>,
  concurrency: number
): Stream.Stream<B, E | E2> => self.pipe(Stream.mapEffect(f, { concurrency }), Stream.flattenIterables)
