/**
 * The client's fast decoding path (internal/fastDecode.ts) against `Schema.decodeUnknown`: on every answer schema,
 * for the wire samples, the recordings, thousands of mutated answers and generated ones, the fast path never accepts
 * what Schema rejects, and whatever it accepts equals Schema's result. The valid samples must all take the fast path.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Either, FastCheck as fc, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as FastDecode from "../src/internal/fastDecode.js"
import * as Methods from "../src/Methods.js"
import * as VatRate from "../src/VatRate.js"
import { decodeVat, type VatFieldMap } from "../src/wire/Common.js"
import { DOCUMENT_VAT_FIELDS } from "../src/wire/Documents.js"
import { responses } from "./fixtures/wire-samples.js"

const OPTIONS = { errors: "all", onExcessProperty: "ignore" } as const

const RECORDED = path.resolve(__dirname, "../../../fixtures/taxcom-recorded")
const recorded: Record<string, unknown> = Object.fromEntries(
  fs.readdirSync(RECORDED).filter((f) => f.endsWith(".json")).map((f) => [
    Methods.byName(f.replace(/\.json$/, ""))!.name,
    JSON.parse(fs.readFileSync(path.join(RECORDED, f), "utf8"))
  ])
)

const jsonMethods = Methods.all.filter((m) => m.response !== "binary")

const samplesOf = (name: string): ReadonlyArray<unknown> =>
  Object.entries({ ...responses, ...recorded }).filter(([k]) => k.split("#")[0] === name).map(([, v]) => v)

/** Both decoders on one input: the fast path declines or equals Schema; it never accepts what Schema rejects. */
const agree = (schema: Schema.Schema<any, any>, fast: (u: unknown) => unknown, input: unknown): "accepted" | "declined" | "rejected" => {
  const expected = Schema.decodeUnknownEither(schema, OPTIONS)(structuredClone(input))
  const got = fast(input)
  if (Either.isLeft(expected)) {
    assert.strictEqual(got, FastDecode.NO, `fast path accepted what Schema rejects: ${JSON.stringify(input)?.slice(0, 300)}`)
    return "rejected"
  }
  if (got === FastDecode.NO) return "declined"
  assert.deepStrictEqual(got, expected.right)
  return "accepted"
}

/** A small seeded generator, so a failure is reproducible. */
const rng = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x80000000
}

const REPLACEMENTS: ReadonlyArray<unknown> = [
  null, undefined, "", "x", "12", "2026-13-45T99:00:00", "2026-01-05 10:20", 0, -1, 1.5, 2 ** 60, Number.NaN, true, false,
  [], [1], {}, { a: 1 }, "ABC", "7380440800123456", "Income", "ExpendituReReturn"
]

/** Every path to a value in a JSON tree. */
const pathsOf = (x: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []) => {
  out.push(at)
  if (Array.isArray(x)) x.forEach((v, i) => pathsOf(v, [...at, i], out))
  else if (x !== null && typeof x === "object") for (const [k, v] of Object.entries(x)) pathsOf(v, [...at, k], out)
  return out
}

/** A copy of `x` with one value replaced, deleted, or a property added. */
const mutate = (x: unknown, next: () => number): unknown => {
  const copy = structuredClone(x)
  const paths = pathsOf(copy)
  const p = paths[Math.floor(next() * paths.length)]!
  if (p.length === 0) return REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)]
  let parent: any = copy
  for (const k of p.slice(0, -1)) parent = parent[k]
  const key = p[p.length - 1]!
  const r = next()
  if (r < 0.2 && !Array.isArray(parent)) delete parent[key]
  else if (r < 0.25 && typeof parent[key] === "object" && parent[key] !== null && !Array.isArray(parent[key])) parent[key].extra = "x"
  else parent[key] = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)]
  return copy
}

describe("fast decoding path", () => {
  for (const m of jsonMethods) {
    const schema = m.response as Schema.Schema<any, any>
    const fast = FastDecode.make(schema, OPTIONS)

    it(`${m.name}: samples and recordings take the fast path, with Schema's result`, () => {
      const samples = samplesOf(m.name)
      assert.isAbove(samples.length, 0)
      for (const s of samples) assert.strictEqual(agree(schema, fast, s), "accepted")
    })

    it(`${m.name}: mutated answers — never accepts what Schema rejects`, () => {
      const next = rng(m.name.length * 7919 + 17)
      const tally = { accepted: 0, declined: 0, rejected: 0 }
      for (const s of samplesOf(m.name)) {
        for (let i = 0; i < 400; i++) {
          let x = mutate(s, next)
          if (next() < 0.3) x = mutate(x, next)
          tally[agree(schema, fast, x)]++
        }
      }
      // Every valid mutant (a removed optional field, an extra property, another valid value) takes the fast path;
      // and the mutations do break answers (the check above is not vacuous).
      assert.strictEqual(tally.declined, 0)
      assert.isAbove(tally.rejected, 0)
      if (process.env.FAST_DECODE_TALLY) console.log(m.name, tally)
    })

    it(`${m.name}: generated answers agree`, () => {
      let arbitrary: fc.Arbitrary<unknown>
      try {
        arbitrary = Arbitrary.make(Schema.encodedSchema(schema)) as fc.Arbitrary<unknown>
      } catch {
        return // a schema without a generator of its wire side
      }
      fc.assert(fc.property(arbitrary, (x) => void agree(schema, fast, x)), { numRuns: 200, seed: 42 })
    })
  }

  it("a DocumentList page of 100 records decodes to the same page both ways", () => {
    const one = (recorded.DocumentList as { records: ReadonlyArray<Record<string, unknown>> }).records[0]!
    const records = Array.from({ length: 100 }, (_, i) => ({ ...one, fdNumber: 1000 + i, numberInShift: i + 1, sum: 100 * i }))
    const page = { reportDate: "2026-02-01T09:00:00", counts: { recordCount: 100, recordFilteredCount: 100, recordInResponceCount: 100 }, records }
    const schema = Methods.DocumentList.response as Schema.Schema<any, any>
    assert.strictEqual(agree(schema, FastDecode.make(schema, OPTIONS), page), "accepted")
  })

  it("options it does not mirror leave every answer to Schema", () => {
    const schema = Methods.ShiftInfo.response as Schema.Schema<any, any>
    assert.strictEqual(FastDecode.make(schema, { onExcessProperty: "error" })(responses.ShiftInfo), FastDecode.NO)
    assert.strictEqual(FastDecode.make(schema, { exact: true })(responses.ShiftInfo), FastDecode.NO)
  })

  it("declarations, literal-keyed unions and Effect-valued transformations are Schema's", () => {
    const tagged = Schema.Union(
      Schema.Struct({ _tag: Schema.Literal("a"), n: Schema.NumberFromString }),
      Schema.Struct({ _tag: Schema.Literal("b"), s: Schema.String })
    )
    const withDate = Schema.Struct({ at: Schema.Date, list: Schema.Array(tagged), opt: Schema.OptionFromNullOr(Schema.Int) })
    const fast = FastDecode.make(withDate, OPTIONS)
    const input = { at: "2026-01-05T10:00:00Z", list: [{ _tag: "b", s: "x" }, { _tag: "a", n: "5" }], opt: null }
    assert.strictEqual(agree(withDate, fast, input), "accepted")
    assert.strictEqual(agree(withDate, fast, { ...input, at: "not a date" }), "rejected")
    assert.strictEqual(agree(withDate, fast, { ...input, list: [{ _tag: "c" }] }), "rejected")
    const effectful = Schema.transformOrFail(Schema.String, Schema.Number, {
      strict: true,
      decode: (s) => Effect.sync(() => Number(s)),
      encode: (n) => Effect.sync(() => String(n))
    })
    assert.strictEqual(agree(effectful, FastDecode.make(effectful, OPTIONS), "12"), "declined")
  })
})

describe("decodeVat", () => {
  /** The straightforward reading it replaced: a map of rates, then a sort into report order. */
  const reference = (o: Record<string, unknown>, map: VatFieldMap, toKopecks: (n: number) => number = (n) => n) => {
    const acc = new Map<VatRate.VatRateId, { gross: number | null; vat: number | null }>()
    for (const [field, rate, half] of map) {
      const v = o[field]
      if (typeof v !== "number") continue
      const e = acc.get(rate) ?? { gross: null, vat: null }
      e[half] = toKopecks(v)
      acc.set(rate, e)
    }
    return [...acc].map(([rate, e]) => ({ rate, gross: e.gross, vat: e.vat }))
      .sort((a, b) => VatRate.orderOf(a.rate) - VatRate.orderOf(b.rate))
  }

  it("equals a map-and-sort reading on random records, for a map with both halves of a rate", () => {
    const next = rng(7)
    // Both halves of some rates, out of report order, one field named twice.
    const map: VatFieldMap = [
      ["nondsSum", "none", "gross"], ["nds20", "vat20", "vat"], ["sum20", "vat20", "gross"], ["nds10", "vat10", "vat"],
      ["nds22", "vat22", "vat"], ["nds0Sum", "vat0", "gross"], ["nds20bis", "vat20", "vat"]
    ]
    const values: ReadonlyArray<unknown> = [undefined, null, 0, 12, 1.5, "7", -3]
    for (let i = 0; i < 2000; i++) {
      const o: Record<string, unknown> = {}
      for (const [field] of [...map, ...DOCUMENT_VAT_FIELDS]) {
        const v = values[Math.floor(next() * values.length)]
        if (v !== undefined) o[field] = v
      }
      assert.deepStrictEqual(decodeVat(o, map), reference(o, map))
      assert.deepStrictEqual(decodeVat(o, DOCUMENT_VAT_FIELDS), reference(o, DOCUMENT_VAT_FIELDS))
      assert.deepStrictEqual(decodeVat(o, map, (n) => n * 100), reference(o, map, (n) => n * 100))
    }
  })
})
