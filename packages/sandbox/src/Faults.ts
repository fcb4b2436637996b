/**
 * Fault injection: what the sandbox does wrong on purpose, so clients prove their retries, timeouts and
 * re-logins. Faults never change data — a request either fails before it is handled or is answered slowly —
 * so a client that retries gets the same totals. Decisions come from a seeded stream, not `Math.random`.
 */

export type Latency =
  | { readonly _tag: "None" }
  | { readonly _tag: "Fixed"; readonly ms: number }
  | { readonly _tag: "Uniform"; readonly minMs: number; readonly maxMs: number }
  | { readonly _tag: "Exponential"; readonly meanMs: number }

export interface Faults {
  /** Seed of the fault decisions. */
  readonly seed: number
  /** Share (0–1) of requests answered with a 5xx before they are handled. */
  readonly errorRate: number
  /** Statuses the 5xx answers are drawn from: 500 carries the vendor body (5101); 502–504 a proxy's HTML page. */
  readonly errorStatuses: ReadonlyArray<500 | 502 | 503 | 504>
  /** Added to every request. */
  readonly latency: Latency
  /** Share (0–1) of requests whose connection is destroyed without an answer. */
  readonly dropRate: number
  /** Share (0–1) of session requests that find their token expired (401, 2109) although it was not. */
  readonly tokenExpiryRate: number
  /** Session lifetime after last use, replacing the 5 minutes (tokens that expire early); null keeps 5 minutes. */
  readonly sessionTtlMs: number | null
  /** `kktstat/shifts` answers HTTP 400 with an empty body, as one integrator reports for their account. */
  readonly kktstatShiftsRefused: boolean
  /** Every `every`-th request of a paged list method (ShiftList, DocumentList, ...) is delayed by `delayMs`. */
  readonly slowPage: { readonly every: number; readonly delayMs: number } | null
  /** Method names the faults apply to (e.g. `["ShiftInfo", "DocumentList"]`); empty means every method. */
  readonly methods: ReadonlyArray<string>
}

export const none: Faults = {
  seed: 1,
  errorRate: 0,
  errorStatuses: [500, 502, 503],
  latency: { _tag: "None" },
  dropRate: 0,
  tokenExpiryRate: 0,
  sessionTtlMs: null,
  kktstatShiftsRefused: false,
  slowPage: null,
  methods: []
}

/** Builds faults from a partial description (the rest from {@link none}). */
export const make = (faults: Partial<Faults> = {}): Faults => ({ ...none, ...faults })

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/

/** Reads a duration: `250`, `250ms`, `1.5s`, `2m` (milliseconds when no unit). */
export const parseDuration = (text: string): number | undefined => {
  const m = DURATION.exec(text.trim())
  if (m === null) return undefined
  const n = Number(m[1])
  return Math.round(m[2] === "s" ? n * 1000 : m[2] === "m" ? n * 60_000 : n)
}

/**
 * Reads a latency: `none`, `100ms` (fixed), `20-200ms` or `20ms-200ms` (uniform), `exp:100ms` (exponential with
 * that mean). Undefined when it is none of these.
 */
export const parseLatency = (text: string): Latency | undefined => {
  const t = text.trim().toLowerCase()
  if (t === "" || t === "none" || t === "0") return { _tag: "None" }
  if (t.startsWith("exp:")) {
    const mean = parseDuration(t.slice(4))
    return mean === undefined ? undefined : { _tag: "Exponential", meanMs: mean }
  }
  const range = /^(\d+(?:\.\d+)?(?:ms|s|m)?)-(\d+(?:\.\d+)?(?:ms|s|m)?)$/.exec(t)
  if (range !== null) {
    const unit = /(ms|s|m)$/.exec(range[2]!)?.[1] ?? "ms"
    const lo = parseDuration(/(ms|s|m)$/.test(range[1]!) ? range[1]! : range[1]! + unit)
    const hi = parseDuration(range[2]!)
    return lo === undefined || hi === undefined || hi < lo ? undefined : { _tag: "Uniform", minMs: lo, maxMs: hi }
  }
  const fixed = parseDuration(t)
  return fixed === undefined ? undefined : fixed === 0 ? { _tag: "None" } : { _tag: "Fixed", ms: fixed }
}

/** Text form of a latency, for banners. */
export const formatLatency = (l: Latency): string =>
  l._tag === "None" ? "none" : l._tag === "Fixed" ? `${l.ms}ms` : l._tag === "Uniform" ? `${l.minMs}-${l.maxMs}ms` : `exp:${l.meanMs}ms`

/** Whether any fault is switched on. */
export const isActive = (f: Faults): boolean =>
  f.errorRate > 0 || f.latency._tag !== "None" || f.dropRate > 0 || f.tokenExpiryRate > 0 || f.sessionTtlMs !== null ||
  f.kktstatShiftsRefused || f.slowPage !== null
