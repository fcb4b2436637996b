/**
 * Interning of cell text by its bytes: columns such as the FN, the register, the outlet or the operation repeat a
 * few hundred values over millions of rows. Looking the bytes up costs less than decoding them, and every row
 * then shares one string (cheap map keys, nothing retained per row).
 */
export class Interner<A> {
  private readonly buckets = new Map<number, Array<{ readonly bytes: Uint8Array; readonly value: A }>>()
  private size = 0
  private lastHash = 0

  constructor(private readonly cap = 8192) {}

  private last: { readonly bytes: Uint8Array; readonly value: A } | null = null

  /** The value stored for these bytes, or undefined (then {@link add} may store one). */
  get(b: Uint8Array, from: number, to: number): A | undefined {
    // Exports are often sorted by register or outlet: the previous row's value is the likeliest.
    const last = this.last
    if (last !== null && last.bytes.length === to - from) {
      let same = true
      for (let i = from, j = 0; i < to; i++, j++) {
        if (last.bytes[j] !== b[i]) {
          same = false
          break
        }
      }
      if (same) return last.value
    }
    let h = 0x811c9dc5 ^ (to - from)
    for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193)
    h &= 0x3fffffff // a small-integer key hashes fastest
    this.lastHash = h
    const bucket = this.buckets.get(h)
    if (bucket === undefined) return undefined
    const n = to - from
    outer: for (const e of bucket) {
      if (e.bytes.length !== n) continue
      for (let i = 0; i < n; i++) if (e.bytes[i] !== b[from + i]) continue outer
      this.last = e
      return e.value
    }
    return undefined
  }

  /** Stores a value for the bytes of the last {@link get} (call right after a miss). */
  add(b: Uint8Array, from: number, to: number, value: A): A {
    if (this.size >= this.cap) return value
    this.size++
    const e = { bytes: b.slice(from, to), value }
    this.last = e
    const bucket = this.buckets.get(this.lastHash)
    if (bucket === undefined) this.buckets.set(this.lastHash, [e])
    else bucket.push(e)
    return value
  }
}
