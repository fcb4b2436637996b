/**
 * Reports built from rows in any order: a builder takes the rows one by one, then builds the report. The shift and
 * VAT reports read their rows from an array or from a stream (the client's), the same way.
 */
import { Effect, Stream } from "effect"

export interface RowBuilder<A, T> {
  add(row: A): unknown
  build(): T
}

/** The report of `rows`. */
export const fromRows = <A, T>(builder: RowBuilder<A, T>, rows: Iterable<A>): T => {
  for (const r of rows) builder.add(r)
  return builder.build()
}

/** The report of a stream of rows, read chunk by chunk; a fresh builder for each run of the effect. */
export const fromRowStream = <A, T, E, R>(builder: () => RowBuilder<A, T>, rows: Stream.Stream<A, E, R>): Effect.Effect<T, E, R> =>
  Effect.suspend(() => {
    const b = builder()
    return Stream.runForEachChunk(rows, (chunk) =>
      Effect.sync(() => {
        for (const r of chunk) b.add(r)
      })).pipe(Effect.map(() => b.build()))
  })
