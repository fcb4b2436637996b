/**
 * The job file (`--config job.json`) of the monthly job, validated with a schema: an error names the field path.
 * Every field has a default, so `{}` is a valid job (both reports by outlet, xlsx and pdf, no reconciliation).
 */
import { Either, ParseResult, Schema } from "effect"
import { Ids, ShiftsReport } from "@taxcom-kit/core"

export const ReportGrouping = Schema.Literal("none", "outlet", "department")
export type ReportGrouping = typeof ReportGrouping.Type

export const OutputFormat = Schema.Literal("xlsx", "pdf", "csv", "json")
export type OutputFormat = typeof OutputFormat.Type

export const ReportJob = Schema.Struct({
  kind: Schema.Literal("shifts", "vat"),
  groupBy: Schema.optionalWith(ReportGrouping, { default: () => "outlet" as const }),
  formats: Schema.optionalWith(Schema.NonEmptyArray(OutputFormat), { default: () => ["xlsx", "pdf"] as const }),
  /** VAT report only: one row per day (or per shift) within each group. */
  detail: Schema.optionalWith(Schema.Literal("group", "day", "shift"), { default: () => "group" as const })
})
export type ReportJob = typeof ReportJob.Type

export const ReconcileJob = Schema.Struct({
  /** ERP export files; `{month}` is replaced by `2026-11`. Relative paths are relative to the job file. */
  erp: Schema.NonEmptyArray(Schema.String),
  /** A built-in profile name or a profile JSON file. */
  profile: Schema.optional(Schema.String),
  /** Time window of the register+time+amount tier, e.g. "2m", "90s". */
  window: Schema.optionalWith(Schema.String.pipe(Schema.pattern(/^\d+(s|m|h)$/)), { default: () => "2m" }),
  /** Amount tolerance in rubles, e.g. "0.01". */
  tolerance: Schema.optionalWith(Schema.String.pipe(Schema.pattern(/^\d+([.,]\d{1,2})?$/)), { default: () => "0.01" }),
  /** Which day a shift across midnight belongs to. */
  businessDay: Schema.optionalWith(Schema.Literal("open", "close", "receipt"), { default: () => "receipt" as const }),
  /** IANA zone of the ERP's timestamps; defaults to the account's. */
  timeZone: Schema.optional(Schema.String)
})
export type ReconcileJob = typeof ReconcileJob.Type

export const JobFile = Schema.Struct({
  /** Organisation shown in report headers; defaults to the cabinet's (AccountList). */
  organisation: Schema.optional(Schema.Struct({ name: Schema.String, inn: Schema.optional(Ids.Inn) })),
  /** IANA time zone of the account's timestamps. */
  timeZone: Schema.optionalWith(Schema.String, { default: () => "Europe/Moscow" }),
  /** Where shift rows come from: kktstat/shifts, ShiftList + ShiftInfo, or kktstat falling back to ShiftInfo. */
  source: Schema.optionalWith(Schema.Literal("auto", "kktstat", "shiftinfo"), { default: () => "auto" as const }),
  filters: Schema.optionalWith(
    Schema.Struct({
      departmentId: Schema.optional(Ids.DepartmentId),
      outletId: Schema.optional(Ids.OutletId),
      kktRegNumber: Schema.optional(Ids.KktRegNumber)
    }),
    { default: () => ({}) }
  ),
  /** Which shifts belong to the month (kktstat's IncludePeriod). */
  includePeriod: Schema.optionalWith(ShiftsReport.IncludePeriod, { default: () => "opened" as const }),
  reports: Schema.optionalWith(Schema.Array(ReportJob), {
    default: () => [
      { kind: "shifts" as const, groupBy: "outlet" as const, formats: ["xlsx", "pdf"] as const, detail: "group" as const },
      { kind: "vat" as const, groupBy: "outlet" as const, formats: ["xlsx", "pdf"] as const, detail: "group" as const }
    ]
  }),
  reconcile: Schema.optional(ReconcileJob),
  output: Schema.optionalWith(
    Schema.Struct({
      /** `{month}` is replaced by `2026-11`. */
      dir: Schema.optionalWith(Schema.String, { default: () => "out/{month}" }),
      language: Schema.optionalWith(Schema.Literal("ru", "en"), { default: () => "ru" as const }),
      /** Above this many rows a PDF lists a summary and points to the Excel file. */
      pdfRowLimit: Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => 5000 })
    }),
    { default: () => ({ dir: "out/{month}", language: "ru" as const, pdfRowLimit: 5000 }) }
  )
})
export type JobFile = typeof JobFile.Type

/** Why a job file was refused: the file, and each problem with its field path. */
export class JobFileError {
  readonly _tag = "JobFileError"
  constructor(readonly file: string, readonly problems: ReadonlyArray<string>) {}
  get message(): string {
    return `job file ${this.file} is not valid:\n${this.problems.map((p) => `  - ${p}`).join("\n")}`
  }
}

/** Reads a job file's text; problems name the JSON path (`reports[1].formats[0]`) and the value found. */
export const parse = (file: string, text: string): Either.Either<JobFile, JobFileError> => {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""))
  } catch (e) {
    return Either.left(new JobFileError(file, [`not JSON: ${(e as Error).message}`]))
  }
  return Schema.decodeUnknownEither(JobFile, { onExcessProperty: "error", errors: "all" })(json).pipe(
    Either.mapLeft((e) =>
      new JobFileError(
        file,
        ParseResult.ArrayFormatter.formatErrorSync(e).map((i) => `${formatPath(i.path)}: ${i.message}`)
      )
    )
  )
}

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0
    ? "(top level)"
    : path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("")
