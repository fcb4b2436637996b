/**
 * The `report-runner` commands. Flags name what a person types; connection settings and secrets come from the
 * environment (see README), never from flags, so they never show in a process list or a shell history.
 */
import { Command, Options } from "@effect/cli"
import { NodeFileSystem } from "@effect/platform-node"
import { type Hierarchy, type Ids, Money, TaxcomClient } from "@taxcom-kit/core"
import { Cli as SandboxCli } from "@taxcom-kit/sandbox"
import { Clock, Console, Data, Effect, Either, Option, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Connection from "./Connection.js"
import * as FetchCache from "./FetchCache.js"
import * as JobFile from "./JobFile.js"
import * as Jobs from "./Jobs.js"
import * as Outputs from "./Outputs.js"
import * as Period from "./Period.js"
import { Progress } from "./Progress.js"
import type * as ShiftData from "./ShiftData.js"
import * as Summary from "./Summary.js"

/** A flag or job-file value that cannot be used: exit code 2. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

const usage = (message: string) => new UsageError({ message })

// --- shared flags --------------------------------------------------------------------------------------------

const out = (fallback: string) =>
  Options.directory("out", { exists: "either" }).pipe(
    Options.withDefault(fallback),
    Options.withDescription(`Folder for the files (created if missing). Default ${fallback}.`)
  )
const language = Options.choice("language", ["ru", "en"]).pipe(
  Options.withDefault("ru" as const),
  Options.withDescription("Labels, number and date formats of the reports: ru (default) or en.")
)
const verbose = Options.boolean("verbose").pipe(Options.withDescription("Log every step (never a password or a token)."))
const from = Options.text("from").pipe(Options.optional, Options.withDescription("First day (2026-11-01 or 01.11.2026) or date-time."))
const to = Options.text("to").pipe(Options.optional, Options.withDescription("Last day, inclusive, or date-time."))
const month = Options.text("month").pipe(Options.optional, Options.withDescription("A calendar month, 2026-11. Default: the previous month."))
const groupBy = Options.choice("group-by", ["none", "outlet", "department"]).pipe(
  Options.withDefault("outlet" as const),
  Options.withDescription("none: a line per shift with subtotals; outlet or department: a line per group.")
)
const department = Options.text("department").pipe(Options.optional, Options.withDescription("Only this department (id) and its children."))
const outlet = Options.text("outlet").pipe(Options.optional, Options.withDescription("Only this outlet (id)."))
const kkt = Options.text("kkt").pipe(Options.optional, Options.withDescription("Only this register (registration number, РНМ)."))
const format = Options.text("format").pipe(
  Options.withDefault("xlsx,pdf"),
  Options.withDescription("Comma-separated: xlsx, pdf, csv, json. Default xlsx,pdf.")
)
const source = Options.choice("source", ["auto", "kktstat", "shiftinfo"]).pipe(
  Options.withDefault("auto" as const),
  Options.withDescription("auto: kktstat/shifts, falling back to ShiftList + ShiftInfo when the account is refused it.")
)
const includePeriod = Options.choice("include-period", ["opened", "closed", "all"]).pipe(
  Options.withDefault("opened" as const),
  Options.withDescription("Shifts opened in the period (default), closed in it, or all that overlap it.")
)

const parseFormats = (text: string): Either.Either<Array<JobFile.OutputFormat>, UsageError> => {
  const formats = text.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s !== "")
  const bad = formats.filter((f) => !["xlsx", "pdf", "csv", "json"].includes(f))
  if (bad.length > 0 || formats.length === 0) return Either.left(usage(`--format: expected some of xlsx, pdf, csv, json, got ${JSON.stringify(text)}`))
  return Either.right([...new Set(formats)] as Array<JobFile.OutputFormat>)
}

/** The period of a command: --month, or --from and --to, or the previous month. */
const resolvePeriod = (f: { from: Option.Option<string>; to: Option.Option<string>; month?: Option.Option<string> }, timeZone: string) =>
  Effect.gen(function*() {
    const m = f.month ?? Option.none()
    if (Option.isSome(m) && (Option.isSome(f.from) || Option.isSome(f.to))) return yield* usage("give either --month or --from/--to, not both")
    if (Option.isSome(f.from) !== Option.isSome(f.to)) return yield* usage("--from and --to go together")
    if (Option.isSome(f.from) && Option.isSome(f.to)) {
      return yield* Either.mapLeft(Period.make(f.from.value, f.to.value), usage)
    }
    const now = yield* Clock.currentTimeMillis
    const month = Option.getOrElse(m, () => Period.previousMonth(now, timeZone))
    return yield* Either.mapLeft(Period.ofMonth(month), (e) => usage(`--month: ${e}`))
  })

const filtersOf = (f: { department: Option.Option<string>; outlet: Option.Option<string>; kkt: Option.Option<string> }): Hierarchy.Filter => ({
  ...(Option.isSome(f.department) ? { departmentId: f.department.value } : {}),
  ...(Option.isSome(f.outlet) ? { outletId: f.outlet.value } : {}),
  ...(Option.isSome(f.kkt) ? { kktRegNumber: f.kkt.value } : {})
})

// --- running a job -------------------------------------------------------------------------------------------

interface JobSetup {
  readonly period: Period.Period
  readonly outDir: string
  readonly language: "ru" | "en"
  readonly pdfRowLimit?: number
  readonly organisation?: { readonly name: string; readonly inn: string | null } | null
  /** A connection from a job file's settings, when it overrides the environment's time zone. */
  readonly timeZone?: string
  readonly title: string
}

/**
 * Runs a job: the connection from the environment (or the embedded sandbox), the cache and progress display, the
 * job itself, then the summary. Everything the job opened closes when it ends, however it ends.
 */
const runJob = <E>(
  setup: (connection: Connection.Connection) => Effect.Effect<JobSetup, UsageError>,
  job: (env: Jobs.Env, setup: JobSetup) => Effect.Effect<Jobs.Produced, E, TaxcomClient.TaxcomClient | import("@effect/platform").FileSystem.FileSystem>
) =>
  Effect.gen(function*() {
    const started = yield* Clock.currentTimeMillis
    const connection0 = yield* Connection.fromEnvironment
    const s = yield* setup(connection0)
    const connection = s.timeZone === undefined ? connection0 : { ...connection0, timeZone: s.timeZone }
    if (connection._tag === "Sandbox") {
      yield* Console.error(
        "No Taxcom credentials (TAXCOM_LOGIN / TAXCOM_PASSWORD) are set: running on the embedded sandbox with DEMO DATA."
      )
    }
    yield* Effect.try({ try: () => fs.mkdirSync(s.outDir, { recursive: true }), catch: (e) => usage(`--out: cannot create ${s.outDir}: ${(e as Error).message}`) })
    const stale = Outputs.removeStaleTemporaries(s.outDir)
    if (stale.length > 0) yield* Console.error(`Removed ${stale.length} unfinished file(s) of an interrupted earlier run.`)
    const counter = new Connection.RequestCounter()
    const progress = new Progress(process.stderr, process.stderr.isTTY === true, () => counter.count)
    const account = connection._tag === "Account"
      ? [connection.baseUrl, connection.credentials.login, connection.credentials.agreementNumber ?? ""]
      : ["sandbox", String(connection.seed), String(connection.registers)]
    const cache = FetchCache.open(path.join(s.outDir, ".cache", FetchCache.accountKey(account)))
    const env: Jobs.Env = {
      connection,
      counter,
      progress,
      cache,
      outDir: s.outDir,
      language: s.language,
      pdfRowLimit: s.pdfRowLimit ?? 5000,
      organisation: s.organisation ?? null
    }
    const produced = yield* Effect.scoped(
      Effect.gen(function*() {
        yield* progress.run
        return yield* job(env, s)
      })
    ).pipe(
      Effect.provide(Connection.clientLayer(connection, counter, Period.days(s.period))),
      Effect.provide(NodeFileSystem.layer),
      Effect.ensuring(Effect.sync(() => cache.close()))
    )
    const finished = yield* Clock.currentTimeMillis
    yield* Console.log(Summary.render({
      title: s.title,
      demo: connection._tag === "Sandbox",
      produced,
      requests: counter.count,
      cache: cache.stats(),
      seconds: (finished - started) / 1000
    }))
    return produced
  })

// --- commands ------------------------------------------------------------------------------------------------

const reportCommand = (kind: "shifts" | "vat") =>
  Command.make(kind, {
    from, to, month, groupBy, department, outlet, kkt, format, source, includePeriod, language, verbose,
    out: out("./out"),
    detail: Options.choice("detail", ["group", "day", "shift"]).pipe(
      Options.withDefault("group" as const),
      Options.withDescription(kind === "vat" ? "VAT report rows per group (default), per day or per shift." : "(VAT report only.)")
    )
  }, (f) =>
    Effect.gen(function*() {
      const formats = yield* parseFormats(f.format)
      yield* runJob(
        (c) => Effect.map(resolvePeriod(f, c.timeZone), (period) => ({ period, outDir: f.out, language: f.language, title: `${kind} report` })),
        (env, s) =>
          Jobs.reports(env, { period: s.period, filters: filtersOf(f), includePeriod: f.includePeriod }, [
            { kind, groupBy: f.groupBy, formats, detail: f.detail }
          ], f.source)
      )
    })).pipe(Command.withDescription(
      kind === "shifts"
        ? "The shift report (отчёт по сменам) of a period: a line per shift or per outlet/department, with subtotals and totals."
        : "The VAT-rate report (отчёт по ставкам НДС) of a period: gross and VAT per rate, income, returns and net, with checks."
    ))

const parseDuration = (text: string): Either.Either<number, UsageError> => {
  const m = /^(\d+)\s*(s|m|h)?$/.exec(text.trim())
  if (m === null) return Either.left(usage(`--window: expected a duration such as 90s, 2m or 1h, got ${JSON.stringify(text)}`))
  return Either.right(Number(m[1]) * (m[2] === "h" ? 3600 : m[2] === "m" ? 60 : 1))
}

const parseTolerance = (text: string): Either.Either<number, UsageError> =>
  Either.match(Money.parseRubles(text), {
    onLeft: (e) => Either.left(usage(`--tolerance: ${e.message}`)),
    onRight: (k) => (k < 0 ? Either.left(usage("--tolerance must not be negative")) : Either.right(k as number))
  })

const reconcileCommand = Command.make("reconcile", {
  erp: Options.file("erp", { exists: "either" }).pipe(Options.repeated, Options.withDescription("An ERP sales export (CSV); repeat for several.")),
  profile: Options.text("profile").pipe(Options.optional, Options.withDescription("Import profile: auto (default), 1c, or a profile JSON file.")),
  from, to, month, department, outlet, kkt, language, verbose,
  window: Options.text("window").pipe(Options.withDefault("3m"), Options.withDescription("Time window of the register + time + amount tier. Default 3m.")),
  tolerance: Options.text("tolerance").pipe(Options.withDefault("0.01"), Options.withDescription("Amounts this close (rubles) are equal, reported apart as rounding. Default 0.01.")),
  businessDay: Options.choice("business-day", ["receipt", "open", "close"]).pipe(
    Options.withDefault("receipt" as const),
    Options.withDescription("Which day a shift across midnight belongs to. Default: each receipt's own date.")
  ),
  erpTimeZone: Options.text("erp-time-zone").pipe(Options.optional, Options.withDescription("IANA zone of the ERP's dates. Default: the account's.")),
  documents: Options.file("documents", { exists: "either" }).pipe(
    Options.optional,
    Options.withDescription("A fiscal file (as `document export` writes it) to reconcile against instead of the period's DocumentList.")
  ),
  failOnDifferences: Options.boolean("fail-on-differences").pipe(Options.withDescription("Exit with code 6 when differences are found.")),
  out: out("./out")
}, (f) =>
  Effect.gen(function*() {
    if (f.erp.length === 0) return yield* usage("--erp: give at least one ERP export file")
    if (Option.isSome(f.documents) && (Option.isSome(f.department) || Option.isSome(f.outlet) || Option.isSome(f.kkt))) {
      // the file's documents are the fiscal side as they are: a filter would leave the others unmatched
      return yield* usage("--documents: every document of the file is reconciled; --department, --outlet and --kkt do not apply (export only what you need)")
    }
    const windowSeconds = yield* parseDuration(f.window)
    const toleranceKopecks = yield* parseTolerance(f.tolerance)
    const produced = yield* runJob(
      (c) => Effect.map(resolvePeriod(f, c.timeZone), (period) => ({ period, outDir: f.out, language: f.language, title: "reconciliation" })),
      (env, s) =>
        Jobs.reconcile(env, { period: s.period, filters: filtersOf(f), includePeriod: "opened" }, {
          erp: f.erp,
          profile: Option.getOrNull(f.profile),
          windowSeconds,
          toleranceKopecks,
          businessDay: f.businessDay,
          timeZone: Option.getOrNull(f.erpTimeZone),
          documents: Option.getOrNull(f.documents)
        })
    )
    if (f.failOnDifferences && (produced.differences ?? 0) > 0) yield* new DifferencesFound({ count: produced.differences! })
  })).pipe(Command.withDescription(
    "Reconcile ERP sales exports (CSV, e.g. from 1C) with the fiscal documents: discrepancies.csv, summary.json, rejected.csv and the reconciliation report (xlsx, pdf)."
  ))

/** Reconciliation found differences and `--fail-on-differences` was given: exit code 6. */
export class DifferencesFound extends Data.TaggedError("DifferencesFound")<{ readonly count: number }> {
  override get message(): string {
    return `${this.count} difference(s) found`
  }
}

/** Replaces `{month}` and resolves a path against the job file's folder. */
const jobPath = (p: string, monthLabel: string, base: string) => path.resolve(base, p.replaceAll("{month}", monthLabel))

/** Everything a month-end needs, per the job file: both reports per grouping, reconciliation, an index. */
const monthlyJob = (job: JobFile.JobFile, jobDir: string, period: Period.Period, outDir: string, erpOverride: ReadonlyArray<string> | null) =>
  (env: Jobs.Env) =>
    Effect.gen(function*() {
      const label = Period.label(period)
      const sel: ShiftData.Selection = { period, filters: job.filters, includePeriod: job.includePeriod }
      const produced = yield* Jobs.reports(env, sel, job.reports, job.source)
      const erp = erpOverride ?? job.reconcile?.erp.map((p) => jobPath(p, label, jobDir)) ?? null
      if (erp !== null && erp.length > 0) {
        const r = job.reconcile
        const rec = yield* Jobs.reconcile(env, sel, {
          erp,
          profile: r?.profile === undefined ? null : BUILT_IN.has(r.profile.toLowerCase()) ? r.profile : jobPath(r.profile, label, jobDir),
          windowSeconds: Either.getOrThrow(parseDuration(r?.window ?? "3m")),
          toleranceKopecks: Either.getOrThrow(parseTolerance(r?.tolerance ?? "0.01")),
          businessDay: r?.businessDay ?? "receipt",
          timeZone: r?.timeZone ?? null,
          // a month-end fetches the month's documents; a fiscal file is for `reconcile --documents`
          documents: null
        })
        produced.files.push(...rec.files)
        produced.totals.push(...rec.totals)
        produced.notes.push(...rec.notes)
        produced.differences = rec.differences
      }
      const index = yield* Summary.writeIndex(outDir, { period, produced, demo: env.connection._tag === "Sandbox" })
      produced.files.push(...index)
      return produced
    })

const BUILT_IN = new Set(["auto", "1c"])

const loadJobFile = (file: Option.Option<string>) =>
  Effect.gen(function*() {
    if (Option.isNone(file)) return { job: Either.getOrThrow(JobFile.parse("(defaults)", "{}")), dir: process.cwd() }
    const text = yield* Effect.try({
      try: () => fs.readFileSync(file.value, "utf8"),
      catch: (e) => usage(`--config: cannot read ${file.value}: ${(e as Error).message}`)
    })
    const job = yield* Either.mapLeft(JobFile.parse(file.value, text), (e) => usage(e.message))
    return { job, dir: path.dirname(path.resolve(file.value)) }
  })

const monthlyCommand = Command.make("monthly", {
  month,
  config: Options.file("config", { exists: "yes" }).pipe(Options.optional, Options.withDescription("The job file (JSON): reports, groupings, ERP files. See docs/job-file.md.")),
  out: Options.directory("out", { exists: "either" }).pipe(Options.optional, Options.withDescription("Folder for the files. Default: the job file's output.dir (out/{month}).")),
  verbose
}, (f) =>
  Effect.gen(function*() {
    const { dir, job } = yield* loadJobFile(f.config)
    yield* runJob(
      (c) =>
        Effect.gen(function*() {
          const period = yield* resolvePeriod({ from: Option.none(), to: Option.none(), month: f.month }, job.timeZone ?? c.timeZone)
          const outDir = Option.getOrElse(f.out, () => jobPath(job.output.dir, Period.label(period), dir))
          return {
            period, outDir, language: job.output.language, pdfRowLimit: job.output.pdfRowLimit,
            organisation: job.organisation === undefined ? null : { name: job.organisation.name, inn: job.organisation.inn ?? null },
            timeZone: job.timeZone, title: `monthly job ${Period.label(period)}`
          }
        }),
      (env, s) => monthlyJob(job, dir, s.period, s.outDir, null)(env)
    )
  })).pipe(Command.withDescription(
    "Everything a month-end needs in one job: the shift and VAT-rate reports for every grouping of the job file, reconciliation of its ERP files, and an index of what was produced."
  ))

const demoCommand = Command.make("demo", {
  out: out("./out"),
  month,
  registers: Options.integer("registers").pipe(Options.withDefault(12), Options.withDescription("Registers in the generated demo chain. Default 12.")),
  language
}, (f) =>
  Effect.gen(function*() {
    if (f.registers < 1 || f.registers > 2000) return yield* usage("--registers: expected 1 to 2000")
    // The demo always runs on the sandbox, whatever the environment says.
    for (const name of ["TAXCOM_LOGIN", "TAXCOM_PASSWORD", "TAXCOM_PASSWORD_FILE"]) delete process.env[name]
    process.env.TAXCOM_SANDBOX_REGISTERS = String(f.registers)
    const job = Either.getOrThrow(JobFile.parse("(demo)", JSON.stringify({
      reports: [
        { kind: "shifts", groupBy: "outlet", formats: ["xlsx", "pdf"] },
        { kind: "shifts", groupBy: "none", formats: ["xlsx", "csv"] },
        { kind: "vat", groupBy: "outlet", formats: ["xlsx", "pdf"] },
        { kind: "vat", groupBy: "department", formats: ["xlsx"] }
      ],
      output: { language: f.language }
    })))
    yield* runJob(
      (c) =>
        Effect.map(resolvePeriod({ from: Option.none(), to: Option.none(), month: f.month }, c.timeZone), (period) => ({
          period, outDir: f.out, language: f.language, title: `demo: monthly job ${Period.label(period)} on the embedded sandbox`
        })),
      (env, s) =>
        Effect.gen(function*() {
          env.progress.setPhase("generating the demo ERP export")
          const erp = yield* Jobs.demoErpExport(s.outDir)
          return yield* monthlyJob(job, process.cwd(), s.period, s.outDir, [erp])(env)
        })
    )
  })).pipe(Command.withDescription(
    "The monthly job on the embedded sandbox with a generated chain and a generated ERP export: every report, the reconciliation, labelled as demo data."
  ))

// --- small read commands -------------------------------------------------------------------------------------

const readCommand = <const Config extends Command.Command.Config>(
  name: string,
  description: string,
  options: Config,
  body: (f: Command.Command.ParseConfig<Config>) => Effect.Effect<string, unknown, TaxcomClient.TaxcomClient>
) =>
  Command.make(name, options, (f) =>
    Effect.gen(function*() {
      const connection = yield* Connection.fromEnvironment
      if (connection._tag === "Sandbox") yield* Console.error("No Taxcom credentials are set: answering from the embedded sandbox (demo data).")
      const counter = new Connection.RequestCounter()
      const now = yield* Clock.currentTimeMillis
      const days = Period.days(Either.getOrThrow(Period.ofMonth(Period.previousMonth(now, connection.timeZone))))
      // Command.make hands the same parsed config, wrapped in one more Simplify the compiler cannot see through.
      const text = yield* body(f as Command.Command.ParseConfig<Config>).pipe(Effect.provide(Connection.clientLayer(connection, counter, days)))
      yield* Console.log(text)
    })).pipe(Command.withDescription(description))

const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)))
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n")
}

const accountsCommand = readCommand("accounts", "The cabinets (личные кабинеты) the user may work in: checks that the connection and login work.", {}, () =>
  Effect.gen(function*() {
    const taxcom = yield* TaxcomClient.TaxcomClient
    const list = yield* taxcom.accountList
    return table([["agreement", "company", "INN", "current"], ...list.accounts.map((a) => [a.agreementNumber, a.companyName, a.inn ?? "", a.agreementNumber === list.current ? "*" : ""])])
  }))

const kktListCommand = readCommand("list", "Every register with its outlet, drive and state.", { outlet }, (f) =>
  Effect.gen(function*() {
    const taxcom = yield* TaxcomClient.TaxcomClient
    const rows = yield* Stream.runCollect(taxcom.registers(Option.isSome(f.outlet) ? { outletId: f.outlet.value } : {}))
    return table([["RNM", "name", "FN", "state", "outlet"], ...[...rows].map((r) => [r.kkt.regNumber, r.kkt.name, r.kkt.fn, r.kkt.state, r.outlet.name])])
  }))

const fnOption = Options.text("fn").pipe(Options.withDescription("The fiscal drive's number (16 digits)."))
const parseFn = (text: string) =>
  /^\d{16}$/.test(text) ? Effect.succeed(text as Ids.FnNumber) : Effect.fail(usage(`--fn: expected 16 digits, got ${JSON.stringify(text)}`))

const shiftInfoCommand = readCommand("info", "One shift's totals (ShiftInfo).", { fn: fnOption, shift: Options.integer("shift") }, (f) =>
  Effect.gen(function*() {
    const taxcom = yield* TaxcomClient.TaxcomClient
    const t = yield* taxcom.shiftInfo({ fn: yield* parseFn(f.fn), shift: f.shift })
    const m = (k: Money.Kopecks) => Money.format(k, { currency: true })
    return table([
      ["FN / shift", `${t.fn} / ${t.number}`],
      ["opened", t.openedAt],
      ["closed", t.closedAt ?? "(open)"],
      ["cashier", t.cashier ?? ""],
      ["income", `${m(t.income.total)} (cash ${m(t.income.cash)}, electronic ${m(t.income.electronic)}), ${t.income.receiptCount ?? "?"} receipts`],
      ["income returns", m(t.incomeReturn.total)],
      ["expenditure", m(t.expenditure.total)],
      ["net revenue", m(Money.subtract(t.income.total, t.incomeReturn.total))]
    ])
  }))

const documentInfoCommand = readCommand("info", "One fiscal document in full (DocumentInfo).", { fn: fnOption, fd: Options.integer("fd") }, (f) =>
  Effect.gen(function*() {
    const taxcom = yield* TaxcomClient.TaxcomClient
    const d = yield* taxcom.documentInfo({ fn: yield* parseFn(f.fn), fd: f.fd })
    return JSON.stringify(d, null, 2)
  }))

const documentExportCommand = Command.make("export", {
  from, to, month, department, outlet, kkt, includePeriod, language, verbose,
  out: out("./out")
}, (f) =>
  Effect.gen(function*() {
    yield* runJob(
      (c) => Effect.map(resolvePeriod(f, c.timeZone), (period) => ({ period, outDir: f.out, language: f.language, title: "document export" })),
      (env, s) => Jobs.exportDocuments(env, { period: s.period, filters: filtersOf(f), includePeriod: f.includePeriod })
    )
  })).pipe(Command.withDescription(
    "Every fiscal document of the period's shifts (DocumentList) as one file, documents-<period>.csv, to reconcile against with `reconcile --documents` without fetching them again."
  ))

/** `taxcom-sandbox serve`, in the foreground: the same flags and behaviour, from the sandbox package. */
const sandboxCommand = Command.make("sandbox", SandboxCli.serveFlags, SandboxCli.serveWith).pipe(
  Command.withDescription(`Start the sandbox server in the foreground. ${SandboxCli.serveDescription}`)
)

export const command = Command.make("report-runner").pipe(
  Command.withDescription("Monthly Taxcom-Kassa report jobs and ERP reconciliation. With no credentials set, runs on the embedded sandbox."),
  Command.withSubcommands([
    reportCommand("shifts"),
    reportCommand("vat"),
    reconcileCommand,
    monthlyCommand,
    demoCommand,
    sandboxCommand,
    accountsCommand,
    Command.make("kkt").pipe(Command.withDescription("Registers."), Command.withSubcommands([kktListCommand])),
    Command.make("shift").pipe(Command.withDescription("Shifts."), Command.withSubcommands([shiftInfoCommand])),
    Command.make("document").pipe(Command.withDescription("Fiscal documents."), Command.withSubcommands([documentInfoCommand, documentExportCommand]))
  ])
)

export const run = Command.run(command, { name: "report-runner", version: "0.1.0" })

