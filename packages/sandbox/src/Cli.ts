/**
 * `taxcom-sandbox`: `serve` runs the server, `erp-export` writes an ERP export and its ground truth, `dataset`
 * writes a generated chain as a dataset file. `--help` on each documents every flag.
 */
import { Command, Options } from "@effect/cli"
import { Clock, Console, Data, Effect, Option } from "effect"
import * as fs from "node:fs"
import { LocalDateTime } from "@taxcom-kit/core"
import { DatasetError, generate, type Dataset } from "./Dataset.js"
import * as DatasetFile from "./DatasetFile.js"
import * as ErpExport from "./ErpExport.js"
import * as Faults from "./Faults.js"
import * as SandboxServer from "./SandboxServer.js"
import * as Settings from "./Settings.js"

/** A user error: a bad flag, an unreadable file. Printed without a stack; the exit code is 2. */
/** A flag the user gave that cannot be used. */
export class CliError extends Data.TaggedError("CliError")<{ readonly message: string }> {}

const cliError = (message: string) => new CliError({ message })

// --- dataset flags, shared ---------------------------------------------------------------------------------------

const datasetFlags = {
  seed: Options.integer("seed").pipe(Options.withDefault(1), Options.withDescription("Seed of the generated chain: the same seed and size give the same data.")),
  registers: Options.integer("registers").pipe(Options.withDefault(12), Options.withDescription("Number of cash registers (1 … 10000).")),
  from: Options.text("from").pipe(Options.optional, Options.withDescription("First day of the data, yyyy-MM-dd. Default: the 1st of the month two months before --to.")),
  to: Options.text("to").pipe(Options.optional, Options.withDescription("Last day of the data, yyyy-MM-dd. Default: today (in --time-zone).")),
  now: Options.text("now").pipe(Options.optional, Options.withDescription("The dataset's \"now\", yyyy-MM-ddTHH:mm:ss: shifts open at it stay open. Default: the current time, or the end of --to if that is earlier.")),
  receiptsPerShift: Options.text("receipts-per-shift").pipe(Options.withDefault("20-80"), Options.withDescription("Receipts in a full shift, min-max, before each register's traffic factor (0.5–1.6).")),
  timeZone: Options.text("time-zone").pipe(Options.withDefault("Europe/Moscow"), Options.withDescription("Time zone of the account's wall clock, for the defaults of --to and --now.")),
  datasetFile: Options.file("dataset").pipe(Options.optional, Options.withDescription("Load this dataset file (format taxcom-kit/sandbox-dataset@1, see README) instead of generating."))
}

type DatasetFlags = {
  readonly seed: number
  readonly registers: number
  readonly from: Option.Option<string>
  readonly to: Option.Option<string>
  readonly now: Option.Option<string>
  readonly receiptsPerShift: string
  readonly timeZone: string
  readonly datasetFile: Option.Option<string>
}

const firstOfMonth = (date: string, monthsBack: number): string => {
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1 - monthsBack, 1))
  return d.toISOString().slice(0, 10)
}

/** The dataset the flags describe (the demo chain of the last two calendar months without flags). */
const loadDataset = (f: DatasetFlags): Effect.Effect<Dataset, CliError> =>
  Effect.gen(function*() {
    if (Option.isSome(f.datasetFile)) {
      const path = f.datasetFile.value
      return yield* Effect.try({ try: () => DatasetFile.load(path), catch: (e) => cliError((e as Error).message) })
    }
    const clockMs = yield* Clock.currentTimeMillis
    const wallNow = yield* Effect.try({ try: () => LocalDateTime.fromInstant(clockMs, f.timeZone), catch: () => cliError(`--time-zone: unknown time zone ${f.timeZone}`) })
    const to = Option.getOrElse(f.to, () => Option.isSome(f.now) ? f.now.value.slice(0, 10) : wallNow.slice(0, 10))
    const endOfTo = `${to}T23:59:59`
    const now = Option.getOrElse(f.now, () => (wallNow < endOfTo ? wallNow : endOfTo))
    const from = Option.getOrElse(f.from, () => firstOfMonth(to, 2))
    const rps = /^(\d+)-(\d+)$/.exec(f.receiptsPerShift)
    if (rps === null) return yield* cliError(`--receipts-per-shift: expected min-max such as 20-80, got ${f.receiptsPerShift}`)
    return yield* Effect.try({
      try: () => generate({ seed: f.seed, registers: f.registers, from, to, now, receiptsPerShift: [Number(rps[1]), Number(rps[2])] }),
      catch: (e) => cliError(e instanceof DatasetError ? e.message : String(e))
    })
  })

const describe = (ds: Dataset): string => {
  const i = ds.info
  return `${i.kind === "generated" ? `seed ${i.seed}, ` : "loaded, "}${i.registers} registers in ${i.outlets} outlets, ${i.from} … ${i.to}, now ${i.now}`
}

// --- serve -------------------------------------------------------------------------------------------------------

const duration = (name: string, text: string): Effect.Effect<number, CliError> => {
  const ms = Faults.parseDuration(text)
  return ms === undefined ? Effect.fail(cliError(`--${name}: expected a duration such as 500ms, 30s or 5m, got ${text}`)) : Effect.succeed(ms)
}

const share = (name: string, x: number): Effect.Effect<number, CliError> =>
  x >= 0 && x <= 1 ? Effect.succeed(x) : Effect.fail(cliError(`--${name}: expected a share between 0 and 1, got ${x}`))

/** The flags of `serve`, shared with `report-runner sandbox`. */
export const serveFlags = {
  ...datasetFlags,
  port: Options.integer("port").pipe(Options.withDefault(8080), Options.withDescription("Port to listen on (0 picks a free one).")),
  host: Options.text("host").pipe(Options.withDefault("127.0.0.1"), Options.withDescription("Interface to listen on. Default loopback only.")),
  integratorId: Options.text("integrator-id").pipe(Options.withDefault("demo"), Options.withDescription("The Integrator-ID that Login accepts; any other gets 2108.")),
  pageSize: Options.integer("page-size").pipe(Options.withDefault(100), Options.withDescription("Largest and default `ps` of the pn/ps lists (vendor document v2.8: 1–100, default 100).")),
  largePages: Options.boolean("large-pages").pipe(Options.withDescription("ShiftList and DocumentList take ps up to 1000, default 1000 (the newer help page).")),
  sessionTtl: Options.text("session-ttl").pipe(Options.withDefault("5m"), Options.withDescription("Session lifetime after last use.")),
  rnmDelay: Options.text("rnm-delay").pipe(Options.withDefault("60s"), Options.withDescription("After CreateKKTRegApp, the registration number is assigned after this delay (KKTRegApp answers 3301 before).")),
  cardDelay: Options.text("card-delay").pipe(Options.withDefault("120s"), Options.withDescription("... and the registration card (KKTRegCard) is available after this one.")),
  faultErrorRate: Options.float("fault-error-rate").pipe(Options.withDefault(0), Options.withDescription("Share (0–1) of requests answered 5xx before they are handled.")),
  faultErrorStatuses: Options.text("fault-error-statuses").pipe(Options.withDefault("500,502,503"), Options.withDescription("Statuses of those answers: 500 (vendor body 5101), 502, 503, 504 (an nginx page).")),
  faultLatency: Options.text("fault-latency").pipe(Options.withDefault("none"), Options.withDescription("Added latency: none, 100ms (fixed), 20-200ms (uniform) or exp:100ms (exponential with that mean).")),
  faultDropRate: Options.float("fault-drop-rate").pipe(Options.withDefault(0), Options.withDescription("Share (0–1) of requests whose connection is destroyed without an answer.")),
  faultTokenExpiryRate: Options.float("fault-token-expiry-rate").pipe(Options.withDefault(0), Options.withDescription("Share (0–1) of session requests that find their token expired (401, 2109).")),
  faultTokenTtl: Options.text("fault-token-ttl").pipe(Options.optional, Options.withDescription("Tokens expire this long after last use instead of 5 minutes (e.g. 20s).")),
  faultKktstatRefused: Options.boolean("fault-kktstat-refused").pipe(Options.withDescription("kktstat/shifts answers HTTP 400 with an empty body.")),
  faultSlowPageEvery: Options.integer("fault-slow-page-every").pipe(Options.withDefault(0), Options.withDescription("Every Nth request of a paged list method is slow (0: never).")),
  faultSlowPageDelay: Options.text("fault-slow-page-delay").pipe(Options.withDefault("5s"), Options.withDescription("How slow that page is.")),
  faultMethods: Options.text("fault-methods").pipe(Options.withDefault(""), Options.withDescription("Comma-separated method names the faults apply to (default: all).")),
  faultSeed: Options.integer("fault-seed").pipe(Options.withDefault(1), Options.withDescription("Seed of the fault decisions."))
}

/** Serves until interrupted; `serve` and `report-runner sandbox` both run this. */
export const serveWith = (f: Command.Command.ParseConfig<typeof serveFlags>) =>
  Effect.gen(function*() {
    const latency = Faults.parseLatency(f.faultLatency)
    if (latency === undefined) return yield* cliError(`--fault-latency: expected none, 100ms, 20-200ms or exp:100ms, got ${f.faultLatency}`)
    const statuses = f.faultErrorStatuses.split(",").map((s) => Number(s.trim()))
    if (statuses.some((s) => ![500, 502, 503, 504].includes(s))) return yield* cliError(`--fault-error-statuses: expected some of 500,502,503,504, got ${f.faultErrorStatuses}`)
    if (f.pageSize < 1) return yield* cliError(`--page-size: expected 1 or more, got ${f.pageSize}`)
    const faults: Faults.Faults = {
      seed: f.faultSeed,
      errorRate: yield* share("fault-error-rate", f.faultErrorRate),
      errorStatuses: statuses as Array<500 | 502 | 503 | 504>,
      latency,
      dropRate: yield* share("fault-drop-rate", f.faultDropRate),
      tokenExpiryRate: yield* share("fault-token-expiry-rate", f.faultTokenExpiryRate),
      sessionTtlMs: Option.isSome(f.faultTokenTtl) ? yield* duration("fault-token-ttl", f.faultTokenTtl.value) : null,
      kktstatShiftsRefused: f.faultKktstatRefused,
      slowPage: f.faultSlowPageEvery > 0 ? { every: f.faultSlowPageEvery, delayMs: yield* duration("fault-slow-page-delay", f.faultSlowPageDelay) } : null,
      methods: f.faultMethods.split(",").map((s) => s.trim()).filter((s) => s !== "")
    }
    const dataset = yield* loadDataset(f)
    const server = yield* SandboxServer.make({
      dataset,
      settings: {
        port: f.port,
        host: f.host,
        integratorId: f.integratorId,
        sessionTtlMs: yield* duration("session-ttl", f.sessionTtl),
        paging: { defaultSize: f.pageSize, maxSize: f.pageSize, overrides: f.largePages ? Settings.largePages : {} },
        registration: { rnmDelayMs: yield* duration("rnm-delay", f.rnmDelay), cardDelayMs: yield* duration("card-delay", f.cardDelay) },
        faults
      }
    }).pipe(Effect.mapError((e) => cliError(`cannot listen on ${f.host}:${f.port}: ${String((e as { cause?: unknown }).cause ?? e)}`)))
    const s = server.settings
    yield* Console.log([
      "Taxcom-Kassa API sandbox",
      `  Base URL:           ${server.baseUrl}`,
      `  Server root:        ${server.url}   (core's TaxcomClient takes this as baseUrl; it adds /API/v2/)`,
      `  Integrator-ID:      ${s.integratorId}`,
      `  Login / password:   demo / demo   (monitor / monitor: no "Просмотр ФД"; analyst / analyst)`,
      `  Agreement:          ${dataset.account.agreementNumber} (${dataset.account.companyName})`,
      `  Integration-Token:  ${s.integrationToken}`,
      `  OAuth:              client ${s.oauthClients[0]!.clientId} / ${s.oauthClients[0]!.secret}; ${server.url}/core/connect/authorize, ${server.url}/core/connect/token`,
      `  Dataset:            ${describe(dataset)}`,
      `  Paging:             ps 1–${f.pageSize}${f.largePages ? " (ShiftList, DocumentList 1–1000)" : ""}; sessions expire ${f.sessionTtl} after last use`,
      `  Faults:             ${Faults.isActive(faults) ? describeFaults(faults) : "none"}`,
      "Press Ctrl+C to stop."
    ].join("\n"))
    return yield* Effect.never
  }).pipe(Effect.scoped)

export const serveDescription = "Serve the Taxcom-Kassa API over a generated (or loaded) chain on loopback. Without flags: a 12-register demo chain of the last two calendar months on 127.0.0.1:8080."

const serve = Command.make("serve", serveFlags, serveWith).pipe(Command.withDescription(serveDescription))


const describeFaults = (f: Faults.Faults): string =>
  [
    f.errorRate > 0 ? `5xx ${f.errorRate} (${f.errorStatuses.join("/")})` : null,
    f.latency._tag !== "None" ? `latency ${Faults.formatLatency(f.latency)}` : null,
    f.dropRate > 0 ? `drop ${f.dropRate}` : null,
    f.tokenExpiryRate > 0 ? `token expiry ${f.tokenExpiryRate}` : null,
    f.sessionTtlMs !== null ? `token ttl ${f.sessionTtlMs}ms` : null,
    f.kktstatShiftsRefused ? "kktstat/shifts refused" : null,
    f.slowPage !== null ? `every ${f.slowPage.every}th page +${f.slowPage.delayMs}ms` : null,
    f.methods.length > 0 ? `only ${f.methods.join(",")}` : null
  ].filter((x) => x !== null).join("; ")

// --- erp-export --------------------------------------------------------------------------------------------------

const erpExport = Command.make("erp-export", {
  ...datasetFlags,
  out: Options.text("out").pipe(Options.withDescription("Path of the CSV to write.")),
  truth: Options.text("truth").pipe(Options.optional, Options.withDescription("Path of the ground truth (default <out>.truth.json).")),
  level: Options.choice("level", ["receipt", "line"]).pipe(Options.withDefault("receipt" as const), Options.withDescription("One row per receipt, or one per line item.")),
  encoding: Options.choice("encoding", ["windows-1251", "utf-8-bom"]).pipe(Options.withDefault("windows-1251" as const), Options.withDescription("Windows-1251 (no BOM) or UTF-8 with BOM.")),
  noFiscalColumns: Options.boolean("no-fiscal-columns").pipe(Options.withDescription("Leave out ФН, Номер ФД, ФПД, Номер смены, Номер чека в смене.")),
  exportFrom: Options.text("export-from").pipe(Options.optional, Options.withDescription("First day exported (default the dataset's first day).")),
  exportTo: Options.text("export-to").pipe(Options.optional, Options.withDescription("Last day exported (default the dataset's last day).")),
  exportSeed: Options.integer("export-seed").pipe(Options.optional, Options.withDescription("Seed of the injected differences (default --seed).")),
  differenceRate: Options.float("difference-rate").pipe(Options.optional, Options.withDescription(`Per-receipt rate of every difference kind at once (defaults: ${Object.entries(ErpExport.defaultRates).map(([k, v]) => `${k} ${v}`).join(", ")}).`)),
  rates: Options.text("rates").pipe(Options.withDefault(""), Options.withDescription(`Per-kind rates, e.g. amount_mismatch=0.01,duplicate=0.005. Kinds: ${ErpExport.DIFFERENCE_KINDS.join(", ")}.`))
}, (f) =>
  Effect.gen(function*() {
    const rates: Partial<Record<ErpExport.DifferenceKind, number>> = {}
    if (Option.isSome(f.differenceRate)) for (const k of ErpExport.DIFFERENCE_KINDS) rates[k] = yield* share("difference-rate", f.differenceRate.value)
    for (const part of f.rates.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
      const [k, v] = part.split("=")
      if (!ErpExport.DIFFERENCE_KINDS.includes(k as ErpExport.DifferenceKind)) return yield* cliError(`--rates: unknown kind ${k}`)
      rates[k as ErpExport.DifferenceKind] = yield* share("rates", Number(v))
    }
    const dataset = yield* loadDataset(f)
    const t0 = yield* Clock.currentTimeMillis
    const truth = yield* ErpExport.writeFiles(dataset, {
      out: f.out,
      ...(Option.isSome(f.truth) ? { truthOut: f.truth.value } : {}),
      level: f.level,
      encoding: f.encoding,
      fiscalColumns: !f.noFiscalColumns,
      ...(Option.isSome(f.exportFrom) ? { from: f.exportFrom.value } : {}),
      ...(Option.isSome(f.exportTo) ? { to: f.exportTo.value } : {}),
      ...(Option.isSome(f.exportSeed) ? { seed: f.exportSeed.value } : { seed: f.seed }),
      rates
    }).pipe(Effect.mapError((e) => cliError(e.message)))
    const t1 = yield* Clock.currentTimeMillis
    const counts = ErpExport.countByKind(truth)
    yield* Console.log([
      `Wrote ${f.out}: ${truth.rows} rows (${truth.level} level, ${truth.encoding}${truth.fiscalColumns ? ", fiscal columns" : ""}) in ${((t1 - t0) / 1000).toFixed(1)} s`,
      `Wrote ${Option.getOrElse(f.truth, () => `${f.out}.truth.json`)}: ${truth.differences.length} differences`,
      ...Object.entries(counts).map(([k, n]) => `  ${k.padEnd(22)} ${n}`),
      `Dataset: ${describe(dataset)}`
    ].join("\n"))
  })).pipe(Command.withDescription("Write a sales export as a 1C-style ERP would (CSV) with injected differences, and its ground truth (JSON). See docs/erp-export-format.md."))

// --- dataset -----------------------------------------------------------------------------------------------------

const datasetCommand = Command.make("dataset", {
  ...datasetFlags,
  out: Options.text("out").pipe(Options.withDescription("Path of the dataset file to write (JSON)."))
}, (f) =>
  Effect.gen(function*() {
    const dataset = yield* loadDataset(f)
    yield* Effect.try({
      try: () => fs.writeFileSync(f.out, JSON.stringify(DatasetFile.toJson(dataset), null, 1) + "\n", "utf8"),
      catch: (e) => cliError(`cannot write ${f.out}: ${(e as Error).message}`)
    })
    yield* Console.log(`Wrote ${f.out}: ${describe(dataset)}`)
  })).pipe(Command.withDescription("Write a generated chain as a dataset file (format taxcom-kit/sandbox-dataset@1), to edit and load with --dataset. Meant for small chains."))

export const command = Command.make("taxcom-sandbox").pipe(
  Command.withDescription("A Taxcom-Kassa API sandbox: a faithful server on loopback, generated chains, ERP exports with ground truth."),
  Command.withSubcommands([serve, erpExport, datasetCommand])
)

/** Runs the CLI on `process.argv`; a user error prints its message and exits with code 2. */
export const run = (argv: ReadonlyArray<string>) =>
  Command.run(command, { name: "taxcom-sandbox", version: "0.1.0" })(argv).pipe(
    Effect.catchTag("CliError", (e) =>
      Console.error(`taxcom-sandbox: ${e.message}`).pipe(Effect.zipRight(Effect.sync(() => {
        process.exitCode = 2
      }))))
  )
