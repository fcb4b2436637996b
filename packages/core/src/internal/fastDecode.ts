/**
 * A fast path for decoding answers: the schema's AST compiled once into plain functions that run the same checks
 * (every keyword, literal, refinement filter) and the same transformations as `ParseResult`'s decoder, but return
 * values instead of wrapping each node's result in an `Either` and collecting issues. Decoding a DocumentList page of
 * 100 records through `Schema.decodeUnknown` costs milliseconds, most of it in that machinery; this path is
 * several times faster (bench/api-efficiency.ts).
 *
 * It only ever answers "this value" or "not here": any input it rejects — and any schema feature it does not
 * mirror — goes to `Schema.decodeUnknown`, which then produces the result or the error with its JSON path exactly as
 * before. So the errors are Schema's own, and a success is a value Schema would have produced (a test decodes every
 * wire sample, recording and thousands of mutated and generated answers both ways and compares them).
 *
 * Mirrored from `effect/ParseResult` (3.22, decoding direction): keywords and literals; refinements (the `from`
 * side, then the filter); transformations (`from`, the decode function, then the `to` side; compose; property
 * renames and defaults); structs (own properties, optional ones skipped when absent, a required one absent decoded
 * from `undefined`, undeclared properties dropped, index signatures); arrays and fixed tuples; unions whose members
 * carry no literal-keyed properties (members tried in order, the first success wins); suspended schemas. Left to
 * `ParseResult` itself, node by node: declarations, template literals, unions with literal-keyed members (Schema
 * reorders their candidates), tuples with optional or trailing elements, nodes with parse-option or fallback
 * annotations, and any transformation that answers with an `Effect` rather than an `Either`.
 */
import { Either, Option, ParseResult, Predicate, Schema, SchemaAST as AST } from "effect"

/** A compiled node: the decoded value, or {@link NO}. */
type Dec = (u: unknown) => unknown

/** The fast path's "not here": the input is invalid, or the fast path cannot tell (Schema decides). */
export const NO: unique symbol = Symbol.for("@taxcom-kit/core/fastDecode/NO")

/** Thrown when a node cannot be decided synchronously here (an Effect-valued transformation): Schema decides. */
class Undecided {
  readonly _tag = "Undecided"
}
const undecided = new Undecided()

const unwrap = (r: unknown): unknown => {
  if (Either.isEither(r)) return Either.isRight(r) ? r.right : NO
  throw undecided
}

/** A node left to ParseResult: its own decoder, with the same options; a failure is a plain "no". */
const delegate = (ast: AST.AST, options: AST.ParseOptions): Dec => {
  const decode = ParseResult.decodeUnknownEither(Schema.make(ast), options)
  return (u) => {
    const r = decode(u)
    return Either.isRight(r) ? r.right : NO
  }
}

/** Whether a union member has literal-keyed properties, for which ParseResult narrows and reorders candidates. */
const hasLiteralKeys = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Declaration":
      return true
    case "TypeLiteral":
      return ast.propertySignatures.some((ps) => !ps.isOptional && AST.isLiteral(AST.encodedAST(ps.type)))
    case "TupleType":
      return ast.elements.some((e) => !e.isOptional && AST.isLiteral(AST.encodedAST(e.type)))
    case "Refinement":
      return hasLiteralKeys(ast.from)
    case "Suspend":
      return hasLiteralKeys(ast.f())
    case "Transformation":
      return hasLiteralKeys(ast.from)
    default:
      return false
  }
}

const hasOwn = Object.prototype.hasOwnProperty

/**
 * A struct of string-named properties, as straight-line code with each name written out: V8 then reads and writes
 * them through monomorphic property accesses, where one loop over the names goes megamorphic — most of the time a
 * generic struct decoder spends. The same steps as the generic loop in `compile` (and as ParseResult's).
 */
const structDecoder = (props: ReadonlyArray<{ readonly name: PropertyKey; readonly optional: boolean; readonly dec: Dec }>): Dec => {
  const lines = ["if (typeof u !== 'object' || u === null || Array.isArray(u)) return NO", "const out = {}", "let v"]
  props.forEach((p, i) => {
    const key = JSON.stringify(p.name)
    const decode = [`v = d[${i}](u[${key}])`, "if (v === NO) return NO", `out[${key}] = v`]
    lines.push(p.optional ? `if (hasOwn.call(u, ${key})) { ${decode.join("; ")} }` : decode.join("; "))
  })
  lines.push("return out")
  const make = new Function("NO", "hasOwn", "d", `return function structDecoder(u) {\n${lines.join("\n")}\n}`) as (
    no: typeof NO,
    has: typeof hasOwn,
    d: ReadonlyArray<Dec>
  ) => Dec
  return make(NO, hasOwn, props.map((p) => p.dec))
}

const compile = (root: AST.AST, options: AST.ParseOptions): Dec => {
  const memo = new Map<AST.AST, Dec>()

  const go = (ast: AST.AST): Dec => {
    const hit = memo.get(ast)
    if (hit !== undefined) return hit
    let built: Dec | undefined
    // Placeholder for recursive schemas (through Suspend): resolved once the node is built.
    memo.set(ast, (u) => built!(u))
    built = Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))
      ? delegate(ast, options)
      : build(ast)
    memo.set(ast, built)
    return built
  }

  const is = (test: (u: unknown) => boolean): Dec => (u) => (test(u) ? u : NO)

  const build = (ast: AST.AST): Dec => {
    switch (ast._tag) {
      case "Literal": {
        const literal = ast.literal
        return (u) => (u === literal ? u : NO)
      }
      case "UniqueSymbol": {
        const symbol = ast.symbol
        return (u) => (u === symbol ? u : NO)
      }
      case "UndefinedKeyword":
        return is(Predicate.isUndefined)
      case "NeverKeyword":
        return () => NO
      case "UnknownKeyword":
      case "AnyKeyword":
      case "VoidKeyword":
        return (u) => u
      case "StringKeyword":
        return is(Predicate.isString)
      case "NumberKeyword":
        return is(Predicate.isNumber)
      case "BooleanKeyword":
        return is(Predicate.isBoolean)
      case "BigIntKeyword":
        return is(Predicate.isBigInt)
      case "SymbolKeyword":
        return is(Predicate.isSymbol)
      case "ObjectKeyword":
        return is(Predicate.isObject)
      case "Enums": {
        const values = ast.enums.map(([, v]) => v)
        return (u) => (values.some((v) => v === u) ? u : NO)
      }
      case "Refinement": {
        const from = go(ast.from)
        const filter = ast.filter
        return (u) => {
          const a = from(u)
          return a === NO || Option.isSome(filter(a, options, ast)) ? NO : a
        }
      }
      case "Transformation": {
        const from = go(ast.from)
        const to = go(ast.to)
        const t = ast.transformation
        switch (t._tag) {
          case "FinalTransformation": {
            const decode = t.decode
            return (u) => {
              const a = from(u)
              if (a === NO) return NO
              const b = unwrap(decode(a, options, ast, u))
              return b === NO ? NO : to(b)
            }
          }
          case "ComposeTransformation":
            return (u) => {
              const a = from(u)
              return a === NO ? NO : to(a)
            }
          case "TypeLiteralTransformation": {
            const psts = t.propertySignatureTransformations
            return (u) => {
              const a = from(u)
              if (a === NO) return NO
              // ParseResult rewrites the decoded object in place; a copy keeps the input of a later fallback intact.
              const o: Record<PropertyKey, unknown> = { ...(a as Record<PropertyKey, unknown>) }
              for (const pst of psts) {
                const r = pst.decode(hasOwn.call(o, pst.from) ? Option.some(o[pst.from]) : Option.none())
                delete o[pst.from]
                if (Option.isSome(r)) o[pst.to] = r.value
              }
              return to(o)
            }
          }
        }
        break
      }
      case "TypeLiteral": {
        if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) return is(Predicate.isNotNullable)
        const props = ast.propertySignatures.map((ps) => ({ name: ps.name, optional: ps.isOptional, dec: go(ps.type) }))
        const declared: Record<PropertyKey, null> = {}
        for (const p of props) declared[p.name] = null
        const indexes = ast.indexSignatures.map((s) => {
          const parameter = s.parameter
          return {
            keys: (o: Record<PropertyKey, unknown>): ReadonlyArray<PropertyKey> =>
              parameter._tag === "SymbolKeyword" ||
                (parameter._tag === "Refinement" && AST.encodedAST(parameter)._tag === "SymbolKeyword")
                ? Object.getOwnPropertySymbols(o)
                : Object.keys(o),
            key: go(parameter),
            value: go(s.type)
          }
        })
        if (indexes.length === 0 && props.every((p) => typeof p.name === "string")) return structDecoder(props)
        const n = props.length
        return (u) => {
          if (!Predicate.isRecord(u)) return NO
          const out: Record<PropertyKey, unknown> = {}
          for (let i = 0; i < n; i++) {
            const p = props[i]!
            if (!hasOwn.call(u, p.name) && p.optional) continue
            const v = p.dec(u[p.name])
            if (v === NO) return NO
            out[p.name] = v
          }
          for (const index of indexes) {
            for (const k of index.keys(u)) {
              if (index.key(k) === NO) continue
              const v = index.value(u[k])
              if (v === NO) return NO
              if (!hasOwn.call(declared, k)) out[k] = v
            }
          }
          return out
        }
      }
      case "TupleType": {
        if (ast.elements.length === 0 && ast.rest.length === 1) {
          const item = go(ast.rest[0]!.type)
          return (u) => {
            if (!Array.isArray(u)) return NO
            const out = new Array(u.length)
            for (let i = 0; i < u.length; i++) {
              const v = item(u[i])
              if (v === NO) return NO
              out[i] = v
            }
            return out
          }
        }
        if (ast.rest.length === 0 && ast.elements.every((e) => !e.isOptional)) {
          const elements = ast.elements.map((e) => go(e.type))
          return (u) => {
            if (!Array.isArray(u) || u.length !== elements.length) return NO
            const out = new Array(u.length)
            for (let i = 0; i < u.length; i++) {
              const v = elements[i]!(u[i])
              if (v === NO) return NO
              out[i] = v
            }
            return out
          }
        }
        return delegate(ast, options)
      }
      case "Union": {
        if (ast.types.some(hasLiteralKeys)) return delegate(ast, options)
        const members = ast.types.map(go)
        return (u) => {
          for (const m of members) {
            const v = m(u)
            if (v !== NO) return v
          }
          return NO
        }
      }
      case "Suspend": {
        let inner: Dec | undefined
        return (u) => (inner ??= go(ast.f()))(u)
      }
      case "Declaration":
      case "TemplateLiteral":
        return delegate(ast, options)
    }
    return delegate(ast, options)
  }

  return go(root)
}

/**
 * The fast decoder of a schema: the decoded value, or {@link NO} when the fast path declines (an invalid input, a
 * transformation that throws or answers asynchronously) — then decode with `Schema.decodeUnknown(schema, options)`.
 */
export const make = <A, I>(schema: Schema.Schema<A, I, never>, options: AST.ParseOptions = {}): ((u: unknown) => A | typeof NO) => {
  // Only the default struct semantics are mirrored: other options leave everything to Schema.
  const mirrored = (options.onExcessProperty ?? "ignore") === "ignore" && options.exact !== true && options.propertyOrder !== "original"
  if (!mirrored) return () => NO
  const dec = compile(schema.ast, options)
  return (u) => {
    try {
      return dec(u) as A | typeof NO
    } catch {
      return NO
    }
  }
}
