/**
 * The jobs: shift and VAT reports, reconciliation, and the monthly job that does everything a month-end needs.
 * Each returns what it produced, for the summary and the index; none leaves a half-written file.
 */
import type { FileSystem } from "@effect/platform"
import { type Hierarchy, type Ids, Money, TaxcomClient, type TaxcomError } from "@taxcom-kit/core"
import { ErpImport, FiscalFile, Output, Profile, Reconcile, Register, type Summary } from "@taxcom-kit/reconcile"
import { ReconciliationReport, ReportHeader, ShiftReport, VatReport } from "@taxcom-kit/reports"
import { ErpExport, SandboxServer } from "@taxcom-kit/sandbox"
import { Chunk, Data, Effect, Either, Option, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { Connection, RequestCounter } from "./Connection.js"
import type { FetchCache } from "./FetchCache.js"
import type { OutputFormat, ReportGrouping } from "./JobFile.js"
import * as Outputs from "./Outputs.js"
import * as PeriodModule from "./Period.js"
import type { Progress } from "./Progress.js"
import * as ShiftData from "./ShiftData.js"

/** What every job needs, built once by the command. */
export interface Env {
  readonly connection: Connection
  readonly counter: RequestCounter
  readonly progress: Progress
  readonly cache: FetchCache
  readonly outDir: string
  readonly language: "ru" | "en"
  readonly pdfRowLimit: number
  /** From the job file; otherwise the cabinet's own (AccountList). */
  readonly organisation: { readonly name: string; readonly inn: string | null } | null
}

export interface ReportSpec {
  readonly kind: "shifts" | "vat"
  readonly groupBy: ReportGrouping
  readonly formats: ReadonlyArray<OutputFormat>
  readonly detail: "group" | "day" | "shift"
}

/** What a job produced, for the summary at the end and the index of the monthly job. */
export interface Produced {
  readonly files: Array<Outputs.Written>
  readonly totals: Array<readonly [string, string]>
  /** Differences of severity `error` a reconciliation found; null when nothing was reconciled. */
  differences: number | null
  readonly notes: Array<string>
}

export const emptyProduced = (): Produced => ({ files: [], totals: [], differences: null, notes: [] })

/** An ERP file or an import profile that cannot be read. */
export class InputFileError extends Data.TaggedError("InputFileError")<{ readonly file: string; readonly reason: string }> {
  override get message(): string {
    return `${this.file}: ${this.reason}`
  }
}

const isDemo = (env: Env) => env.connection._tag === "Sandbox"

/** The organisation for report headers: the job file's, else the cabinet's current account. */
const organisationOf = (env: Env) =>
  Effect.gen(function*() {
    if (env.organisation !== null) return env.organisation
    const taxcom = yield* TaxcomClient.TaxcomClient
    const list = yield* taxcom.accountList.pipe(Effect.option)
    const account = Option.flatMap(list, (l) =>
      Option.fromNullable(l.accounts.find((a) => a.agreementNumber === l.current) ?? l.accounts[0]))
    return Option.match(account, {
      onNone: () => ({ name: "—", inn: null }),
      onSome: (a) => ({ name: a.companyName, inn: a.inn })
    })
  })

const headerFor = (env: Env, period: PeriodModule.Period, source: ReportHeader.ReportSource, details: Array<readonly [string, string]> = []) =>
  Effect.gen(function*() {
    const org = yield* organisationOf(env)
    const demo = isDemo(env)
    return yield* ReportHeader.make({
      organisation: demo ? `${env.language === "ru" ? "ДЕМО" : "DEMO"}: ${org.name}` : org.name,
      inn: org.inn,
      period,
      timeZone: env.connection.timeZone,
      source,
      details: [
        ...(demo
          ? [[env.language === "ru" ? "Данные" : "Data", env.language === "ru" ? "демонстрационные, встроенная песочница" : "demo data from the embedded sandbox"] as const]
          : []),
        ...details
      ]
    })
  })

const groupName = (g: ReportGrouping) => (g === "department" ? "by-department" : g === "outlet" ? "by-outlet" : "by-shift")

const shiftGroupBy = (g: ReportGrouping) => (g === "department" ? "dep" as const : g)

/** Builds and writes the reports of a period from one gathering of shift data. */
export const reports = (env: Env, sel: ShiftData.Selection, specs: ReadonlyArray<ReportSpec>, source: ShiftData.Source) =>
  Effect.gen(function*() {
    const produced = emptyProduced()
    if (specs.length === 0) return produced
    const needTotals = specs.some((s) => s.kind === "vat") || source === "shiftinfo"
    const data = yield* ShiftData.gather(sel, { source, needTotals }, env)
    if (data.kktstatRefused) produced.notes.push("kktstat/shifts was refused for this account: figures come from ShiftList + ShiftInfo")
    const header = yield* headerFor(env, sel.period, data.source)
    const label = PeriodModule.label(sel.period)
    env.progress.setPhase("writing reports")
    for (const spec of specs) {
      const report = spec.kind === "shifts"
        ? ShiftReport.make(header, data.inputs, { groupBy: shiftGroupBy(spec.groupBy) })
        : VatReport.make(header, data.inputs, {
          by: spec.groupBy === "department" ? "department" : "outlet",
          detail: spec.groupBy === "none" ? "shift" : spec.detail === "group" ? "none" : spec.detail
        })
      const name = `${spec.kind}-${groupName(spec.groupBy)}-${label}`
      const what = spec.kind === "shifts"
        ? (env.language === "ru" ? "отчёт по сменам" : "shift report")
        : (env.language === "ru" ? "отчёт по ставкам НДС" : "VAT-rate report")
      const files = yield* Outputs.writeReport(report, env.outDir, name, spec.formats, {
        language: env.language,
        pdfRowLimit: env.pdfRowLimit,
        what: `${what}, ${spec.groupBy}`
      })
      env.progress.counts.rowsWritten += report.lines.length
      produced.files.push(...files)
      if (report._tag === "ShiftReport" && produced.totals.length === 0) {
        const a = report.total.amounts
        produced.totals.push(
          ["shifts", String(report.total.counts?.shifts ?? data.inputs.length)],
          ["income", Money.format(a.income.total, { currency: true })],
          ["income returns", Money.format(a.incomeReturn.total, { currency: true })],
          ["net revenue", Money.format(a.netRevenue, { currency: true })]
        )
      }
      if (report._tag === "VatReport" && report.mismatchedRows > 0) {
        produced.notes.push(`VAT report ${name}: ${report.mismatchedRows} row(s) whose rates do not add up to the receipts' total`)
      }
    }
    return produced
  })

export interface ReconcileSpec {
  readonly erp: ReadonlyArray<string>
  /** A built-in profile name or a JSON file. */
  readonly profile: string | null
  readonly windowSeconds: number
  readonly toleranceKopecks: number
  readonly businessDay: "open" | "close" | "receipt"
  readonly timeZone: string | null
  /**
   * A fiscal file (`FiscalFile`, as `document export` writes it) to reconcile against instead of the period's
   * DocumentList: its documents are the fiscal side as they are (the period only names the report).
   */
  readonly documents: string | null
}

/** Why a reconciliation stopped. */
export type ReconcileFailure =
  | TaxcomError.TaxcomError
  | InputFileError
  | ErpImport.ImportError
  | FiscalFile.FiscalFileError
  | Outputs.OutputError
  | import("@effect/platform/Error").PlatformError
  | import("@taxcom-kit/reports").ReportError.RenderError
  | import("@taxcom-kit/reports").ReportError.MissingSummary

/** Built-in import profiles; `auto` detects everything. */
const BUILT_IN_PROFILES: Readonly<Record<string, Profile.Profile>> = {
  auto: {},
  "1c": { name: "1C:Розница / 1C:УТ export", delimiter: ";", dateOrder: "dmy" }
}

export const loadProfile = (spec: string | null): Effect.Effect<Profile.Profile, InputFileError> => {
  if (spec === null) return Effect.succeed(Profile.empty)
  const builtIn = BUILT_IN_PROFILES[spec.toLowerCase()]
  if (builtIn !== undefined) return Effect.succeed(builtIn)
  return Effect.try({
    try: () => fs.readFileSync(spec, "utf8"),
    catch: (e) =>
      new InputFileError({
        file: spec,
        reason: `not a built-in profile (${Object.keys(BUILT_IN_PROFILES).join(", ")}) and not a readable file: ${(e as Error).message}`
      })
  }).pipe(
    Effect.flatMap((text) =>
      Either.match(Profile.parse(text, spec), {
        onLeft: (e) => Effect.fail(new InputFileError({ file: spec, reason: e.message })),
        onRight: Effect.succeed
      })
    )
  )
}

/** The fiscal side from the API: every document of the selected shifts, read into memory first (reconcile indexes it); registers come with each document. */
const fiscalSideOfApi = (env: Env, sel: ShiftData.Selection) =>
  Effect.gen(function*() {
    env.progress.setPhase("documents (DocumentList)")
    const registers = new Map<string, Register.RegisterInfo>()
    const docs = yield* ShiftData.documents(sel, env)
    const ofd = yield* docs.pipe(
      Stream.map((ref) => {
        if (!registers.has(ref.shift.fn)) registers.set(ref.shift.fn, registerInfo(ref.shift.fn, ref))
        return ref.document
      }),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
    return { ofd: Stream.fromIterable(ofd), registers: [...registers.values()] }
  })

/**
 * The fiscal side from a fiscal file, read in columns as the reconciliation goes; the registers (names, outlets: what
 * the time-window tier matches ERP rows by) from the cabinet's drives, a walk of a few requests per outlet.
 */
const fiscalSideOfFile = (sel: ShiftData.Selection, file: string) =>
  Effect.gen(function*() {
    const taxcom = yield* TaxcomClient.TaxcomClient
    const drives = yield* Stream.runCollect(taxcom.fiscalDrives(sel.filters))
    return {
      ofd: FiscalFile.fromFile(file, { name: path.basename(file) }),
      registers: Chunk.toReadonlyArray(drives).map((d) => registerInfo(d.fn, d))
    }
  })

const registerInfo = (fn: Ids.FnNumber, ref: Hierarchy.RegisterRef): Register.RegisterInfo =>
  ({ fn, kktRegNumber: ref.kkt.regNumber, name: ref.kkt.name, outlet: ref.outlet.name })

/**
 * Writes the fiscal documents of the selected shifts (DocumentList) as a fiscal file, `documents-<period>.csv`, for
 * `reconcile --documents`: fetched once, reconciled as often as the ERP side changes, without the API.
 */
export const exportDocuments = (
  env: Env,
  sel: ShiftData.Selection
): Effect.Effect<Produced, TaxcomError.TaxcomError | import("@effect/platform/Error").PlatformError, TaxcomClient.TaxcomClient | FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const produced = emptyProduced()
    env.progress.setPhase("documents (DocumentList)")
    const docs = yield* ShiftData.documents(sel, env)
    const target = path.join(env.outDir, `documents-${PeriodModule.label(sel.period)}.csv`)
    const { documents } = yield* FiscalFile.write(Stream.map(docs, (ref) => ref.document), target)
    produced.files.push({ path: target, bytes: fs.statSync(target).size, format: "csv", what: env.language === "ru" ? "фискальные документы" : "fiscal documents" })
    produced.totals.push(["documents", String(documents)])
    return produced
  })

/**
 * Reconciles ERP exports with the fiscal documents of the period: writes `discrepancies.csv`, `summary.json`,
 * `rejected.csv` and the reconciliation report (xlsx, pdf).
 */
export const reconcile = (
  env: Env,
  sel: ShiftData.Selection,
  spec: ReconcileSpec
): Effect.Effect<Produced, ReconcileFailure, TaxcomClient.TaxcomClient | FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const produced = emptyProduced()
    const taxcom = yield* TaxcomClient.TaxcomClient
    const profile = yield* loadProfile(spec.profile)
    for (const file of [...spec.erp, ...(spec.documents === null ? [] : [spec.documents])]) {
      if (!fs.existsSync(file)) return yield* new InputFileError({ file, reason: "no such file" })
    }
    const { ofd, registers } = spec.documents === null ? yield* fiscalSideOfApi(env, sel) : yield* fiscalSideOfFile(sel, spec.documents)
    env.progress.setPhase("reconciling")
    const dir = env.outDir
    const items = Reconcile.run({
      erp: spec.erp.map((file) =>
        ErpImport.fromFile(file, {
          profile,
          name: path.basename(file),
          ...(spec.timeZone === null ? {} : { timeZone: spec.timeZone })
        })
      ),
      ofd,
      registers,
      // the files and the report show differences and totals; the summary counts the matches
      matches: false,
      settings: {
        ofdTimeZone: taxcom.settings.timeZone,
        timeWindowSeconds: spec.windowSeconds,
        amountToleranceKopecks: spec.toleranceKopecks,
        businessDay: spec.businessDay
      }
    })
    // Everything the reconciliation emits goes both to the CSV/JSON writer and to the report model.
    const collected: Array<Reconcile.ReconcileItem> = []
    const summary: Summary.Summary = yield* Output.write(
      Stream.tap(items, (item) => Effect.sync(() => void collected.push(item))),
      { directory: dir }
    )
    const header = yield* headerFor(env, sel.period, "reconciliation", [
      ...spec.erp.map((f) => ["ERP", path.basename(f)] as const),
      ...(spec.documents === null ? [] : [[env.language === "ru" ? "Фискальные документы" : "Fiscal documents", path.basename(spec.documents)] as const])
    ])
    const report = yield* ReconciliationReport.fromStream(header, Stream.fromIterable(collected))
    const label = PeriodModule.label(sel.period)
    const files = yield* Outputs.writeReport(report, dir, `reconciliation-${label}`, ["xlsx", "pdf"], {
      language: env.language,
      pdfRowLimit: env.pdfRowLimit,
      what: env.language === "ru" ? "сверка с ERP" : "reconciliation with the ERP"
    })
    for (const name of ["discrepancies.csv", "summary.json", "rejected.csv"]) {
      const p = path.join(dir, name)
      if (fs.existsSync(p)) produced.files.push({ path: p, bytes: fs.statSync(p).size, format: name.endsWith(".json") ? "json" : "csv", what: name })
    }
    produced.files.push(...files)
    const differences = summary.errors
    produced.differences = differences
    produced.totals.push(
      ["ERP rows read", `${summary.rows.read} (accepted ${summary.rows.accepted}, rejected ${summary.rows.rejected})`],
      ["differences", String(differences)]
    )
    return produced
  })

/** The sandbox's ERP export for the demo: written beside the outputs, with its ground truth. */
export const demoErpExport = (dir: string) =>
  Effect.gen(function*() {
    const server = yield* Effect.serviceOption(SandboxServer.SandboxServer)
    if (Option.isNone(server)) return yield* Effect.dieMessage("the demo needs the embedded sandbox")
    const file = path.join(dir, "demo-erp-export.csv")
    yield* ErpExport.writeFiles(server.value.dataset, { out: file, encoding: "windows-1251", level: "receipt", fiscalColumns: true }).pipe(
      Effect.mapError((e) => new Outputs.OutputError({ path: file, reason: e.message }))
    )
    return file
  })

