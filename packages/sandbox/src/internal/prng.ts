/**
 * Deterministic randomness for the generators: a 32-bit hash to derive independent streams from a seed and
 * identifiers (so any register or shift can be generated alone, in any order), sfc32 as the stream, and a
 * keyed Feistel permutation for values that must be unique and invertible (fiscal signs).
 * Nothing here touches `Math.random`.
 */

/** Final mix of MurmurHash3: a good 32-bit avalanche. */
export const mix32 = (x: number): number => {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Hashes a list of numbers (integers; values beyond 32 bits contribute their high part too). */
export const hash = (...parts: ReadonlyArray<number>): number => {
  let h = 0x9e3779b9
  for (const p of parts) {
    const lo = p >>> 0
    const hi = Math.floor(Math.abs(p) / 4294967296) >>> 0
    h = mix32(h ^ lo) + 0x7f4a7c15
    h = mix32(h ^ hi ^ (p < 0 ? 0xdeadbeef : 0))
  }
  return h >>> 0
}

/** FNV-1a of a string, mixed. */
export const hashString = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return mix32(h)
}

/** sfc32: small, fast, passes PractRand to 2^40; plenty for test data. */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    // splitmix32 expands the seed into the four words of state
    let s = seed >>> 0
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return (z ^ (z >>> 15)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 8; i++) this.next()
  }

  /** A uniform unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  chance(p: number): boolean {
    return p > 0 && this.float() < p
  }

  pick<A>(xs: ReadonlyArray<A>): A {
    return xs[Math.floor(this.float() * xs.length)]!
  }

  /** Index chosen with the given (non-negative) weights. */
  weighted(weights: ReadonlyArray<number>): number {
    let total = 0
    for (const w of weights) total += w
    let r = this.float() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!
      if (r < 0) return i
    }
    return weights.length - 1
  }
}

/** A stream derived from a seed and identifiers: `rng(seed, KIND, kktIndex, shiftNumber)`. */
export const rng = (...parts: ReadonlyArray<number>): Rng => new Rng(hash(...parts))

const round16 = (x: number, key: number, round: number): number => (mix32(x ^ hash(key, round)) & 0xffff)

/** A keyed bijection of [0, 2^32): four Feistel rounds on 16-bit halves. */
export const permute32 = (key: number, x: number): number => {
  let l = (x >>> 16) & 0xffff
  let r = x & 0xffff
  for (let i = 0; i < 4; i++) {
    const nl = r
    r = l ^ round16(r, key, i)
    l = nl
  }
  return ((l << 16) | r) >>> 0
}

/** Inverse of {@link permute32}. */
export const unpermute32 = (key: number, y: number): number => {
  let l = (y >>> 16) & 0xffff
  let r = y & 0xffff
  for (let i = 3; i >= 0; i--) {
    const pr = l
    l = r ^ round16(l, key, i)
    r = pr
  }
  return ((l << 16) | r) >>> 0
}

/** A GUID-looking id (8-4-4-4-12 hex) derived from identifiers. */
export const guid = (...parts: ReadonlyArray<number>): string => {
  const h = [hash(...parts, 1), hash(...parts, 2), hash(...parts, 3), hash(...parts, 4)].map((n) => n.toString(16).padStart(8, "0")).join("")
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16]!, 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
