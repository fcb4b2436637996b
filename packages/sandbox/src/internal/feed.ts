/**
 * The NewDocuments feed: every document in the order the OFD accepted it (document time plus the register's
 * transmission lag), merged across registers with a heap so a batch costs the documents it returns, not the
 * chain's size. The feed id of a document is `<register>-<drive>-<fd>` (GUESS: the real ids are not public).
 */
import type { Dataset } from "../Dataset.js"
import type { DocRec, KktRec, Millis, ShiftRec } from "./model.js"

export interface FeedEntry {
  readonly id: string
  readonly acceptedAt: Millis
  readonly doc: DocRec
}

export const feedId = (d: DocRec): string => `${d.kktIndex}-${d.fnOrdinal}-${d.fd}`

/** Reads a feed id back to its document; undefined when it names none. */
export const parseFeedId = (ds: Dataset, id: string): DocRec | undefined => {
  const m = /^(\d+)-(\d+)-(\d+)$/.exec(id)
  if (m === null) return undefined
  const kkt = ds.kkts[Number(m[1])]
  const fn = kkt?.fns[Number(m[2])]
  if (fn === undefined) return undefined
  return ds.document(fn.number, Number(m[3]))
}

const lagOf = (kkt: KktRec) => kkt.feedLagSeconds * 1000

/** Ordering key: acceptance time, then register, drive, FD. */
const before = (a: FeedEntry, b: FeedEntry): boolean =>
  a.acceptedAt !== b.acceptedAt
    ? a.acceptedAt < b.acceptedAt
    : a.doc.kktIndex !== b.doc.kktIndex
    ? a.doc.kktIndex < b.doc.kktIndex
    : a.doc.fnOrdinal !== b.doc.fnOrdinal
    ? a.doc.fnOrdinal < b.doc.fnOrdinal
    : a.doc.fd < b.doc.fd

class Cursor {
  private docs: ReadonlyArray<DocRec> = []
  private di = 0
  current: FeedEntry | undefined
  constructor(private readonly ds: Dataset, private readonly kkt: KktRec, private readonly shifts: ReadonlyArray<ShiftRec>, private si: number) {}

  /** Moves to the first entry after `after` (or at or after `from`). */
  advance(from: Millis, after: FeedEntry | null): void {
    for (;;) {
      while (this.di >= this.docs.length) {
        if (this.si >= this.shifts.length) {
          this.current = undefined
          return
        }
        this.docs = this.ds.documents(this.shifts[this.si++]!)
        this.di = 0
      }
      const doc = this.docs[this.di++]!
      const e: FeedEntry = { id: "", acceptedAt: doc.at + lagOf(this.kkt), doc }
      if (e.acceptedAt < from) continue
      if (after !== null && !before(after, e)) continue
      this.current = { ...e, id: feedId(doc) }
      return
    }
  }
}

/**
 * Up to `cap` documents accepted in (`windowStart`, `now`], after the document `after` (exclusive) or from the
 * window's start. `complete` says the answer reaches the last accepted document.
 */
export const batch = (ds: Dataset, options: { readonly now: Millis; readonly windowStart: Millis; readonly after: DocRec | null; readonly cap: number }): { readonly entries: ReadonlyArray<FeedEntry>; readonly complete: boolean } => {
  const { now, windowStart, cap } = options
  const afterEntry: FeedEntry | null = options.after === null
    ? null
    : { id: feedId(options.after), acceptedAt: options.after.at + lagOf(ds.kkts[options.after.kktIndex]!), doc: options.after }
  const from = Math.max(windowStart + 1, afterEntry?.acceptedAt ?? -Infinity)
  const heap: Array<Cursor> = []
  const less = (i: number, j: number) => before(heap[i]!.current!, heap[j]!.current!)
  const swap = (i: number, j: number) => {
    const t = heap[i]!
    heap[i] = heap[j]!
    heap[j] = t
  }
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!less(i, p)) return
      swap(i, p)
      i = p
    }
  }
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && less(l, m)) m = l
      if (r < heap.length && less(r, m)) m = r
      if (m === i) return
      swap(i, m)
      i = m
    }
  }
  for (const kkt of ds.kkts) {
    const shifts = ds.shifts(kkt)
    const lag = lagOf(kkt)
    // First shift that may hold a document accepted at or after `from`.
    let lo = 0
    let hi = shifts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const s = shifts[mid]!
      if ((s.closedAt ?? Infinity) + lag < from) lo = mid + 1
      else hi = mid
    }
    const c = new Cursor(ds, kkt, shifts, lo)
    c.advance(from, afterEntry)
    if (c.current !== undefined && c.current.acceptedAt <= now) {
      heap.push(c)
      up(heap.length - 1)
    }
  }
  const entries: Array<FeedEntry> = []
  while (heap.length > 0 && entries.length < cap) {
    const top = heap[0]!
    const e = top.current!
    entries.push(e)
    top.advance(from, e)
    if (top.current === undefined || top.current.acceptedAt > now) {
      const last = heap.pop()!
      if (heap.length > 0) {
        heap[0] = last
        down(0)
      }
    } else down(0)
  }
  return { entries, complete: heap.length === 0 }
}
