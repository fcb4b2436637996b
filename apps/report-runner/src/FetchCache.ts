/**
 * What a completed earlier run already fetched, so a re-run resumes instead of fetching again.
 *
 * Only closed shifts are cached — their ShiftInfo and their documents cannot change any more. Each kind is an
 * append-only JSON Lines file under the output folder, keyed by the account, so two accounts never mix. A run
 * killed mid-write leaves at most a torn last line, which is skipped on the next read; every other line was
 * complete when written, so nothing cached is ever half a record.
 */
import { Schema, type SchemaAST } from "effect"
import * as crypto from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"

export interface Namespace<A> {
  /** What an earlier run cached under the key (values this run puts are written, not kept). */
  readonly get: (key: string) => A | undefined
  readonly put: (key: string, value: A) => void
  readonly size: number
}

export interface FetchCache {
  readonly dir: string
  readonly namespace: <A, I>(name: string, schema: Schema.Schema<A, I>) => Namespace<A>
  /** Records read back from earlier runs, and records skipped because they were torn or no longer decode. */
  readonly stats: () => { readonly reused: number; readonly written: number; readonly skipped: number }
  readonly close: () => void
}

/** Whether encoding with the schema can change a value (a transformation or a declaration anywhere in it). */
const hasTransformation = (ast: SchemaAST.AST): boolean => {
  switch (ast._tag) {
    case "Transformation":
    case "Declaration":
    case "Suspend":
      return true
    case "Refinement":
      return hasTransformation(ast.from)
    case "TypeLiteral":
      return ast.propertySignatures.some((p) => hasTransformation(p.type)) || ast.indexSignatures.some((i) => hasTransformation(i.type))
    case "TupleType":
      return ast.elements.some((e) => hasTransformation(e.type)) || ast.rest.some((r) => hasTransformation(r.type))
    case "Union":
      return ast.types.some(hasTransformation)
    default:
      return false
  }
}

/** A folder name for an account: a hash, so no login or URL appears in the path. */
export const accountKey = (parts: ReadonlyArray<string>): string =>
  crypto.createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16)

export const open = (dir: string): FetchCache => {
  fs.mkdirSync(dir, { recursive: true })
  const handles: Array<number> = []
  let reused = 0
  let written = 0
  let skipped = 0
  return {
    dir,
    namespace: <A, I>(name: string, schema: Schema.Schema<A, I>): Namespace<A> => {
      const file = path.join(dir, `${name}.jsonl`)
      const entries = new Map<string, A>()
      const decode = Schema.decodeUnknownOption(schema)
      // A schema without transformations encodes a value to itself (Schema.encode would only re-check every
      // refinement of values our own decoders produced): write it as is. Reading back still decodes and checks it.
      const encode: (a: A) => unknown = hasTransformation(schema.ast) ? Schema.encodeSync(schema) : (a) => a
      if (fs.existsSync(file)) {
        for (const line of fs.readFileSync(file, "utf8").split("\n")) {
          if (line.length === 0) continue
          try {
            const { k, v } = JSON.parse(line) as { k: string; v: unknown }
            const value = decode(v)
            if (value._tag === "Some") {
              entries.set(k, value.value)
              reused++
            } else skipped++
          } catch {
            skipped++ // a torn last line of a killed run
          }
        }
      }
      const fd = fs.openSync(file, "a")
      handles.push(fd)
      // Keys written by this run; their values are not kept (a month's documents would stay in memory to the end
      // of the job, and every major garbage collection would walk them): a run reads each shift once.
      const added = new Set<string>()
      return {
        get: (key) => entries.get(key),
        put: (key, value) => {
          if (entries.has(key) || added.has(key)) return
          added.add(key)
          // One write call per record: a line is either wholly in the file or (killed mid-call) torn at the end.
          fs.writeSync(fd, JSON.stringify({ k: key, v: encode(value) }) + "\n")
          written++
        },
        get size() {
          return entries.size + added.size
        }
      }
    },
    stats: () => ({ reused, written, skipped }),
    close: () => {
      for (const fd of handles.splice(0)) fs.closeSync(fd)
    }
  }
}
