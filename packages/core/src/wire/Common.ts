/**
 * Building blocks of the wire schemas: the list envelope, optional integer fields, VAT field maps.
 *
 * Wire schemas decode what the service sends: unknown extra properties are ignored (Schema's default), a missing
 * required property or a wrong type fails with the JSON path.
 */
import { ParseResult, Schema } from "effect"
import { normalizeWire } from "../LocalDateTime.js"
import type { VatBreakdown } from "../VatBreakdown.js"
import * as VatRate from "../VatRate.js"
import type { VatRateId } from "../VatRate.js"

/** `counts` of every list response. `recordInResponceCount` is misspelled on the wire (CONFIRMED). */
export const Counts = Schema.Struct({
  recordCount: Schema.Int,
  recordFilteredCount: Schema.Int,
  recordInResponceCount: Schema.optional(Schema.Int)
})

/** A list response: `{reportDate, counts, records}` (CONFIRMED). */
export const listEnvelope = <R extends Schema.Schema.Any>(record: R) =>
  Schema.Struct({
    reportDate: Schema.String,
    counts: Counts,
    records: Schema.Array(record)
  })

/** One page of a list, in the domain. */
export const Page = <A, I, R>(record: Schema.Schema<A, I, R>) =>
  Schema.Struct({
    reportDate: Schema.String,
    /** All records the method has, before filters. */
    recordCount: Schema.Int,
    /** Records that match the filters: pages run to ceil(filteredCount / pageSize). */
    filteredCount: Schema.Int,
    records: Schema.Array(record)
  })

export interface Page<A> {
  readonly reportDate: string
  readonly recordCount: number
  readonly filteredCount: number
  readonly records: ReadonlyArray<A>
}

/** Maps a list envelope of wire records to a domain {@link Page}, given the record's wire ↔ domain schema. */
export const listPage = <A, I>(record: Schema.Schema<A, I>): Schema.Schema<Page<A>, {
  readonly reportDate: string
  readonly counts: { readonly recordCount: number; readonly recordFilteredCount: number; readonly recordInResponceCount?: number }
  readonly records: ReadonlyArray<I>
}> =>
  Schema.transform(listEnvelope(record), Page(Schema.typeSchema(record)), {
    strict: true,
    decode: (w) => ({
      reportDate: w.reportDate,
      recordCount: w.counts.recordCount,
      filteredCount: w.counts.recordFilteredCount,
      records: w.records
    }),
    encode: (p) => ({
      reportDate: p.reportDate,
      counts: { recordCount: p.recordCount, recordFilteredCount: p.filteredCount, recordInResponceCount: p.records.length },
      records: p.records
    })
  }) as never

/**
 * A list whose `counts` the evidence does not show (FnHistory, DraftList): read with or without them (then every
 * record is in this one page); written with them.
 */
export const listPageOptionalCounts = <A, I>(record: Schema.Schema<A, I>): Schema.Schema<Page<A>, {
  readonly reportDate: string
  readonly counts?: { readonly recordCount: number; readonly recordFilteredCount: number; readonly recordInResponceCount?: number }
  readonly records: ReadonlyArray<I>
}> =>
  Schema.transform(
    Schema.Struct({ reportDate: Schema.String, counts: Schema.optional(Counts), records: Schema.Array(record) }),
    Page(Schema.typeSchema(record)),
    {
      strict: true,
      decode: (w) => ({
        reportDate: w.reportDate,
        recordCount: w.counts?.recordCount ?? w.records.length,
        filteredCount: w.counts?.recordFilteredCount ?? w.records.length,
        records: w.records
      }),
      encode: (p) => ({
        reportDate: p.reportDate,
        counts: { recordCount: p.recordCount, recordFilteredCount: p.filteredCount, recordInResponceCount: p.records.length },
        records: p.records
      })
    }
  ) as never

/** An optional integer that may also be null. */
export const OptInt = Schema.optional(Schema.NullOr(Schema.Int))
export const OptString = Schema.optional(Schema.NullOr(Schema.String))
export const OptNumber = Schema.optional(Schema.NullOr(Schema.Number))

/** A struct of optional nullable integers, one per name. */
export const optionalInts = <const K extends ReadonlyArray<string>>(keys: K): { [P in K[number]]: typeof OptInt } =>
  Object.fromEntries(keys.map((k) => [k, OptInt])) as never

/** A boolean that a .NET service may also write as 0/1 ("bit" in the vendor document). */
export const LenientBoolean = Schema.transformOrFail(Schema.Union(Schema.Boolean, Schema.Literal(0, 1), Schema.Literal("true", "false", "True", "False")), Schema.Boolean, {
  strict: true,
  decode: (v) => ParseResult.succeed(v === true || v === 1 || v === "true" || v === "True"),
  encode: ParseResult.succeed
})

/** An integer the service writes as a string ("3", DocumentsCount); a JSON integer is accepted too. */
export const IntFromString = Schema.transformOrFail(Schema.Union(Schema.String, Schema.Number), Schema.Int, {
  strict: true,
  decode: (v, _, ast) => {
    const n = typeof v === "number" ? v : /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN
    return Number.isSafeInteger(n)
      ? ParseResult.succeed(n)
      : ParseResult.fail(new ParseResult.Type(ast, v, `expected an integer (as text), got ${JSON.stringify(v)}`))
  },
  encode: (n) => ParseResult.succeed(String(n))
})

/** `undefined` and `null` both mean "not given". */
export const orNull = <A>(a: A | null | undefined): A | null => (a === undefined ? null : a)

/** Drops properties whose value is null or undefined, for encoding optional wire fields. */
export const compact = <T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } => {
  const out: Record<string, unknown> = {}
  for (const k in o) if (o[k] !== null && o[k] !== undefined) out[k] = o[k]
  return out as never
}

/** Which wire field holds which half (gross or VAT) of which rate. */
export type VatFieldMap = ReadonlyArray<readonly [field: string, rate: VatRateId, half: "gross" | "vat"]>

type EncodedBreakdown = typeof VatBreakdown.Encoded
type EncodedAmount = EncodedBreakdown[number]

/**
 * A date-time on the wire. Kept a plain string in the wire schema (fractional seconds dropped on decode);
 * the domain schema it maps to checks it is a valid `yyyy-MM-ddTHH:mm:ss`.
 */
export const WireDateTime = Schema.transform(Schema.String, Schema.String, {
  strict: true,
  decode: normalizeWire,
  encode: (s) => s
})
export const OptDateTime = Schema.optional(Schema.NullOr(WireDateTime))

/** A field map grouped by rate, rates in report order (ties in the order the map first names them). */
type VatPlan = ReadonlyArray<{ readonly rate: VatRateId; readonly fields: ReadonlyArray<readonly [field: string, half: "gross" | "vat"]> }>

const vatPlans = new WeakMap<VatFieldMap, VatPlan>()

const vatPlan = (map: VatFieldMap): VatPlan => {
  let plan = vatPlans.get(map)
  if (plan === undefined) {
    const byRate = new Map<VatRateId, Array<readonly [string, "gross" | "vat"]>>()
    for (const [field, rate, half] of map) {
      const fields = byRate.get(rate)
      if (fields === undefined) byRate.set(rate, [[field, half]])
      else fields.push([field, half])
    }
    plan = [...byRate].map(([rate, fields]) => ({ rate, fields })).sort((a, b) => VatRate.orderOf(a.rate) - VatRate.orderOf(b.rate))
    vatPlans.set(map, plan)
  }
  return plan
}

/**
 * Reads the per-rate fields present on a wire object into a breakdown (report order): an entry for each rate with at
 * least one of its fields present as a number. Runs for every record of every page, so the map's grouping and order
 * are worked out once per map.
 */
export const decodeVat = (o: Record<string, unknown>, map: VatFieldMap, toKopecks: (n: number) => number = (n) => n): EncodedBreakdown => {
  const out: Array<EncodedAmount> = []
  for (const { fields, rate } of vatPlan(map)) {
    let found = false
    let gross: number | null = null
    let vat: number | null = null
    for (const [field, half] of fields) {
      const v = o[field]
      if (typeof v !== "number") continue
      found = true
      if (half === "gross") gross = toKopecks(v)
      else vat = toKopecks(v)
    }
    if (found) out.push({ rate, gross, vat })
  }
  return out
}

/** Writes a breakdown back into the wire fields that exist for it (halves without a field are dropped). */
export const encodeVat = <N>(b: EncodedBreakdown, map: VatFieldMap, fromKopecks: (k: number) => N): Record<string, N> => {
  const out: Record<string, N> = {}
  for (const [field, rate, half] of map) {
    const e = b.find((a) => a.rate === rate)
    const v = e?.[half]
    if (v !== undefined && v !== null) out[field] = fromKopecks(v)
  }
  return out
}

export const fieldsOf = (map: VatFieldMap): ReadonlyArray<string> => map.map(([f]) => f)

/**
 * Normalises the date-times of `kktstat/*`, whose format the document does not give ("string"): accepts
 * `yyyy-MM-ddTHH:mm:ss[.fff]`, `yyyy-MM-dd HH:mm[:ss]` and `dd.MM.yyyy HH:mm[:ss]`, returns the canonical form
 * (or the input unchanged, to fail validation with it).
 */
export const normalizeLooseDateTime = (s: string): string => {
  const t = s.trim()
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(t)
  if (m) return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}`
  m = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t)
  if (m) return `${m[3]}-${m[2]}-${m[1]}T${(m[4] ?? "00").padStart(2, "0")}:${m[5] ?? "00"}:${m[6] ?? "00"}`
  return s
}

export const LooseDateTime = Schema.transform(Schema.String, Schema.String, {
  strict: true,
  decode: normalizeLooseDateTime,
  encode: (s) => s
})

/**
 * Lists whose property name is not public (the `kktstat/*` rows): the list is read from `canonical` or, failing that,
 * from the only array-valued property; a bare array is read as the list. Encodes under `canonical`.
 */
export const rowListUnder = (canonical: string) =>
  Schema.transform(Schema.Unknown, Schema.Unknown, {
    strict: true,
    decode: (u) => {
      if (Array.isArray(u)) return { [canonical]: u }
      if (typeof u !== "object" || u === null) return u
      const o = u as Record<string, unknown>
      if (Array.isArray(o[canonical])) return o
      const arrays = Object.keys(o).filter((k) => Array.isArray(o[k]))
      if (arrays.length !== 1) return o
      const { [arrays[0]!]: list, ...rest } = o
      return { ...rest, [canonical]: list }
    },
    encode: (u) => u
  })
