/**
 * A fast encoder over a schema's AST: it runs the same transformations `Schema.encode` runs — so the wire is
 * still defined once, by core's schemas — but skips the refinement checks (brands, filters) that `Schema.encode`
 * re-runs on every value. Those checks dominate: a ShiftInfo answer takes ~470 µs with `Schema.encodeSync`, ~25 µs
 * here (a DocumentInfo ~400 µs against ~160 µs, most of it core's own transforms). The server's values are built by
 * the sandbox, so the checks prove nothing per request; the test
 * suite proves this encoder's output equals `Schema.encodeSync`'s on every kind of answer, and the server has a
 * `strictEncoding` setting that uses `Schema.encodeSync` itself.
 */
import { Effect, Either, Option, ParseResult, Schema, SchemaAST as AST } from "effect"

type Enc = (u: unknown) => unknown

type Kind = "null" | "undefined" | "string" | "number" | "boolean" | "array" | "object" | "any"

/** What runtime values a type-side AST admits, coarsely, to pick a union member without validating. */
const kindOf = (ast: AST.AST): Kind | { literal: AST.LiteralValue } => {
  switch (ast._tag) {
    case "Literal":
      return { literal: ast.literal }
    case "StringKeyword":
    case "TemplateLiteral":
      return "string"
    case "NumberKeyword":
      return "number"
    case "BooleanKeyword":
      return "boolean"
    case "UndefinedKeyword":
    case "VoidKeyword":
      return "undefined"
    case "TupleType":
      return "array"
    case "TypeLiteral":
      return "object"
    case "Refinement":
      return kindOf(ast.from)
    case "Transformation":
      return kindOf(ast.to)
    case "Suspend":
      return kindOf(ast.f())
    default:
      return "any"
  }
}

const runtimeKind = (u: unknown): Kind =>
  u === null ? "null" : u === undefined ? "undefined" : Array.isArray(u) ? "array" : typeof u === "object" ? "object" : (typeof u as Kind)

const unwrap = (r: unknown): unknown => {
  if (Either.isEither(r)) {
    if (Either.isLeft(r)) throw new Error(`encoding failed: ${String(r.left)}`)
    return r.right
  }
  return Effect.runSync(r as Effect.Effect<unknown, unknown>)
}

/** Types whose encoding is the value itself: no call needed. */
const isIdentity = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
    case "Literal":
    case "UnknownKeyword":
    case "AnyKeyword":
      return true
    case "Refinement":
      return isIdentity(ast.from)
    case "Union":
      return ast.types.every(isIdentity)
    default:
      return false
  }
}

const cache = new WeakMap<AST.AST, Enc>()

const go = (ast: AST.AST): Enc => {
  const hit = cache.get(ast)
  if (hit !== undefined) return hit
  // Placeholder for recursive schemas: resolved on first call.
  let built: Enc | undefined
  const lazy: Enc = (u) => built!(u)
  cache.set(ast, lazy)
  built = build(ast)
  cache.set(ast, built)
  return built
}

const pure = new WeakMap<AST.AST, boolean>()

/**
 * Whether an AST has no transformation anywhere inside: then encoding changes nothing but dropping undeclared
 * properties, and the values here are built with exactly the declared ones — the value is passed through as is.
 */
const isPure = (ast: AST.AST, seen: Set<AST.AST> = new Set()): boolean => {
  const hit = pure.get(ast)
  if (hit !== undefined) return hit
  if (seen.has(ast)) return true
  seen.add(ast)
  let result: boolean
  switch (ast._tag) {
    case "Transformation":
    case "Declaration":
    case "Suspend":
      result = false
      break
    case "Refinement":
      result = isPure(ast.from, seen)
      break
    case "TypeLiteral":
      result = ast.propertySignatures.every((p) => isPure(p.type, seen)) && ast.indexSignatures.every((i) => isPure(i.type, seen))
      break
    case "TupleType":
      result = ast.elements.every((e) => isPure(e.type, seen)) && ast.rest.every((r) => isPure(r.type, seen))
      break
    case "Union":
      result = ast.types.every((t) => isPure(t, seen))
      break
    default:
      result = true
  }
  pure.set(ast, result)
  return result
}

const build = (ast: AST.AST): Enc => {
  if (isPure(ast)) return (u) => u
  switch (ast._tag) {
    case "Refinement":
      return go(ast.from)
    case "Suspend":
      return (u) => go(ast.f())(u)
    case "Transformation": {
      const toSide = go(ast.to)
      const fromSide = go(ast.from)
      const t = ast.transformation
      switch (t._tag) {
        case "FinalTransformation":
          return (u) => fromSide(unwrap(t.encode(toSide(u), AST.defaultParseOption, ast, u)))
        case "ComposeTransformation":
          return (u) => fromSide(toSide(u))
        case "TypeLiteralTransformation":
          return (u) => {
            const o = { ...(toSide(u) as Record<string, unknown>) }
            for (const pst of t.propertySignatureTransformations) {
              const to = pst.to as string
              const r = pst.encode(Object.prototype.hasOwnProperty.call(o, to) ? Option.some(o[to]) : Option.none())
              delete o[to]
              if (Option.isSome(r)) o[pst.from as string] = r.value
            }
            return fromSide(o)
          }
      }
      break
    }
    case "TypeLiteral": {
      const names = ast.propertySignatures.map((ps) => ps.name as string)
      const encs = ast.propertySignatures.map((ps) => (isIdentity(ps.type) ? null : go(ps.type)))
      const declared = new Set(names)
      const index = ast.indexSignatures.length === 0 ? null : go(ast.indexSignatures[0]!.type)
      const n = names.length
      const hasOwn = Object.prototype.hasOwnProperty
      return (u) => {
        if (typeof u !== "object" || u === null) return u
        const input = u as Record<string, unknown>
        const out: Record<string, unknown> = {}
        for (let i = 0; i < n; i++) {
          const name = names[i]!
          if (hasOwn.call(input, name)) {
            const enc = encs[i]!
            out[name] = enc === null ? input[name] : enc(input[name])
          }
        }
        if (index !== null) for (const k in input) if (!declared.has(k) && hasOwn.call(input, k)) out[k] = index(input[k])
        return out
      }
    }
    case "TupleType": {
      const elements = ast.elements.map((e) => go(e.type))
      const rest = ast.rest.map((r) => go(r.type))
      return (u) => {
        if (!Array.isArray(u)) return u
        return u.map((x, i) => (i < elements.length ? elements[i]! : rest[0] ?? ((y: unknown) => y))(x))
      }
    }
    case "Union": {
      const members = ast.types.map((m) => ({ kind: kindOf(AST.typeAST(m)), enc: go(m), is: ParseResult.is(Schema.make(AST.typeAST(m))) }))
      return (u) => {
        const k = runtimeKind(u)
        const candidates = members.filter((m) => (typeof m.kind === "object" ? m.kind.literal === u : m.kind === k || m.kind === "any"))
        if (candidates.length === 1) return candidates[0]!.enc(u)
        const m = candidates.find((c) => c.is(u)) ?? members.find((c) => c.is(u))
        return m === undefined ? u : m.enc(u)
      }
    }
    case "Declaration": {
      const strict = ParseResult.encodeUnknownSync(Schema.make(ast))
      return (u) => strict(u)
    }
  }
  return (u) => u
}

/** A fast encoding function for a schema (see the module comment). */
export const fastEncoder = <A, I, R>(schema: Schema.Schema<A, I, R>): ((a: A) => I) => go(schema.ast) as (a: A) => I
