/**
 * Import profiles: a JSON file a user writes once for their ERP's export (see docs/reconciliation.md).
 *
 * Everything is optional: with an empty profile the import detects the encoding, the delimiter, the header line
 * and the columns (built-in alias table) by itself. A profile pins what detection gets wrong.
 *
 * ```json
 * {
 *   "name": "1С:Розница — Чеки ККМ",
 *   "encoding": "windows-1251",
 *   "delimiter": ";",
 *   "timeZone": "Asia/Yekaterinburg",
 *   "columns": { "documentNumber": "Чек ККМ", "total": ["Сумма документа", "Итого"], "fn": { "index": 7 } },
 *   "operations": { "Реализация в кредит": "Income" },
 *   "vatRates": { "НДС20": "vat20" }
 * }
 * ```
 */
import { Data, Either, ParseResult, Schema } from "effect"
import { Operation, VatRate } from "@taxcom-kit/core"
import * as Columns from "./Columns.js"
import * as Encoding from "./Encoding.js"
import type { DateOrder } from "./internal/values.js"

const ColumnSpec = Schema.Union(
  Schema.String,
  Schema.Array(Schema.String),
  Schema.Struct({ index: Schema.Int.pipe(Schema.nonNegative()) })
)

const RoleKey = Schema.String.pipe(
  Schema.filter((s) => Columns.isRole(s) || `unknown column role ${JSON.stringify(s)}; roles are: ${Columns.plainRoles.join(", ")}, vat:<rate>, gross:<rate> (rates: ${VatRate.all.map((r) => r.id).join(", ")})`)
)

const EncodingField = Schema.String.pipe(
  Schema.filter((s) => Encoding.normalizeName(s) !== undefined || `unknown encoding ${JSON.stringify(s)}; use auto, utf-8, windows-1251 or cp866`)
)

const TimeZone = Schema.String.pipe(
  Schema.filter((s) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: s })
      return true
    } catch {
      return `unknown time zone ${JSON.stringify(s)}; use an IANA name such as Europe/Moscow`
    }
  })
)

/** The profile file's schema. Unknown keys are refused, so a typo does not pass silently. */
export const ProfileSchema = Schema.Struct({
  /** A name for reports and messages. */
  name: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  /** `auto` (default), `utf-8`, `windows-1251` (`cp1251`), `cp866` (`ibm866`, `dos`). */
  encoding: Schema.optional(EncodingField),
  /** `auto` (default), `;`, `,`, `\t` (or `tab`), `|`. */
  delimiter: Schema.optional(Schema.Literal("auto", ";", ",", "\t", "tab", "|")),
  /** `auto` (default: line-level when there is an item, quantity, price or VAT-rate column), `receipt`, `line`. */
  level: Schema.optional(Schema.Literal("auto", "receipt", "line")),
  /** 1-based line of the header; default: the first line among the first 30 that names enough known columns. */
  headerLine: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** IANA zone of the ERP's dates; default: the reconciliation's OFD time zone. */
  timeZone: Schema.optional(TimeZone),
  /** Order of day and month in dates with `.`, `/` or `-`; `dmy` (default) or `mdy`. ISO dates are always read as ISO. */
  dateOrder: Schema.optional(Schema.Literal("dmy", "mdy")),
  /** Role → header (or alternatives, or `{ "index": n }`). These win over the built-in aliases. */
  columns: Schema.optional(Schema.Record({ key: RoleKey, value: ColumnSpec })),
  /** Also use the built-in alias table for roles the profile does not name (default true). */
  builtInAliases: Schema.optional(Schema.Boolean),
  /** Extra operation names: cell text → `Income`, `IncomeReturn`, `Expenditure`, `ExpenditureReturn`. */
  operations: Schema.optional(Schema.Record({ key: Schema.String, value: Operation.Operation })),
  /** Extra VAT rate names: cell text → rate id (`vat20`, `vat10_110`, `none`, ...). */
  vatRates: Schema.optional(Schema.Record({ key: Schema.String, value: VatRate.VatRateId })),
  /** Rows whose first non-empty cell starts with one of these are totals, not receipts (default `Итого`, `Всего`, `Total`). */
  totalsRowMarkers: Schema.optional(Schema.Array(Schema.String)),
  /**
   * Line-level files: how the cash and cashless columns are written. `receipt`: the receipt's split repeated on each
   * line; `line`: each line's share, summed; `auto` (default): repeated values are the split, otherwise summed.
   */
  linePayments: Schema.optional(Schema.Literal("auto", "receipt", "line"))
})

export type Profile = typeof ProfileSchema.Type

/** A profile with nothing set: detect everything. */
export const empty: Profile = {}

/** A profile file that cannot be used, with the reason. */
export class ProfileError extends Data.TaggedError("ProfileError")<{ readonly message: string }> {}

/** Reads a profile from its JSON text; the error names the field at fault. */
export const parse = (json: string, source = "profile"): Either.Either<Profile, ProfileError> => {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch (e) {
    return Either.left(new ProfileError({ message: `${source} is not valid JSON: ${(e as Error).message}` }))
  }
  return decode(raw, source)
}

/** Validates a profile given as a value; the message lists each problem as `path: what is wrong`. */
export const decode = (raw: unknown, source = "profile"): Either.Either<Profile, ProfileError> => {
  const problems: Array<string> = []
  // Column roles first, in words: the schema would only say the key "is unexpected".
  if (typeof raw === "object" && raw !== null && "columns" in raw && typeof raw.columns === "object" && raw.columns !== null) {
    for (const key of Object.keys(raw.columns)) {
      if (!Columns.isRole(key)) {
        problems.push(`columns.${key}: unknown column role ${JSON.stringify(key)}; roles are: ${Columns.plainRoles.join(", ")}, vat:<rate>, gross:<rate>`)
      }
    }
  }
  const decoded = Schema.decodeUnknownEither(ProfileSchema, { onExcessProperty: "error", errors: "all" })(raw)
  if (Either.isLeft(decoded)) {
    // One line per path; the alternatives of a literal union become "expected one of".
    const byPath = new Map<string, Array<string>>()
    for (const issue of ParseResult.ArrayFormatter.formatErrorSync(decoded.left)) {
      if (issue.message.startsWith("Expected undefined")) continue
      const path = issue.path.map(String).join(".") || "(profile)"
      if (path.startsWith("columns.") && problems.some((p) => p.startsWith(path + ":"))) continue
      byPath.set(path, [...(byPath.get(path) ?? []), issue.message])
    }
    for (const [path, messages] of byPath) {
      const literals = messages.map((m) => /^Expected ("[^"]*"), actual (.*)$/.exec(m))
      if (messages.length > 1 && literals.every((m) => m !== null)) {
        problems.push(`${path}: expected one of ${literals.map((m) => m![1]).join(", ")}; got ${literals[0]![2]}`)
      } else problems.push(...messages.map((m) => `${path}: ${m}`))
    }
  }
  if (problems.length > 0 || Either.isLeft(decoded)) {
    return Either.left(new ProfileError({ message: `${source} is not a valid import profile:\n  ${problems.join("\n  ")}` }))
  }
  return Either.right(decoded.right)
}

/** The settings a profile resolves to, with defaults filled in. */
export interface ResolvedProfile {
  readonly name: string | null
  readonly encoding: Encoding.EncodingSetting
  readonly delimiter: "auto" | ";" | "," | "\t" | "|"
  readonly level: "auto" | "receipt" | "line"
  readonly headerLine: number | null
  readonly timeZone: string | null
  readonly dateOrder: DateOrder
  readonly columns: Readonly<Partial<Record<Columns.Role, Columns.ColumnSpec>>>
  readonly builtInAliases: boolean
  readonly operations: ReadonlyMap<string, Operation.Operation>
  readonly vatRates: ReadonlyMap<string, VatRate.VatRateId>
  readonly totalsRowMarkers: ReadonlyArray<string>
  readonly linePayments: "auto" | "receipt" | "line"
}

const key = (s: string) => s.trim().toLowerCase().replaceAll("ё", "е").replace(/[\s\u00a0_]+/g, " ")

export const resolve = (p: Profile): ResolvedProfile => ({
  name: p.name ?? null,
  encoding: p.encoding === undefined ? "auto" : Encoding.normalizeName(p.encoding)!,
  delimiter: p.delimiter === undefined ? "auto" : p.delimiter === "tab" ? "\t" : p.delimiter,
  level: p.level ?? "auto",
  headerLine: p.headerLine ?? null,
  timeZone: p.timeZone ?? null,
  dateOrder: p.dateOrder ?? "dmy",
  columns: (p.columns ?? {}) as Partial<Record<Columns.Role, Columns.ColumnSpec>>,
  builtInAliases: p.builtInAliases ?? true,
  operations: new Map(Object.entries(p.operations ?? {}).map(([k, v]) => [key(k), v])),
  vatRates: new Map(Object.entries(p.vatRates ?? {}).map(([k, v]) => [key(k), v])),
  totalsRowMarkers: (p.totalsRowMarkers ?? ["Итого", "Всего", "Total", "Grand total"]).map(key),
  linePayments: p.linePayments ?? "auto"
})
