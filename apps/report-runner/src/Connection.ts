/**
 * Where the runner gets its data: a Taxcom account (credentials from the environment or files, never from flags
 * or logs), or — with no credentials configured — the embedded sandbox serving a generated demo chain.
 */
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Session, TaxcomClient } from "@taxcom-kit/core"
import { SandboxServer } from "@taxcom-kit/sandbox"
import { Config, ConfigError, Effect, Either, Layer, Option, Redacted } from "effect"
import * as fs from "node:fs"

/** Tuning shared by both modes. */
export interface Tuning {
  readonly timeZone: string
  readonly pageSize: number
  readonly concurrency: number
  /** Requests per second. */
  readonly rateLimit: number
}

export interface AccountConnection extends Tuning {
  readonly _tag: "Account"
  readonly baseUrl: string
  readonly integratorId: Redacted.Redacted<string>
  readonly credentials: Session.Password
  /** Path prefix of the registration methods (`/API/v2/fns/` on some installations). */
  readonly registrationPath: string
}

/** The embedded sandbox: a generated chain over the month asked for, served on a free loopback port. */
export interface SandboxConnection extends Tuning {
  readonly _tag: "Sandbox"
  readonly registers: number
  readonly seed: number
}

export type Connection = AccountConnection | SandboxConnection

/** A secret from `NAME` or from the file named by `NAME_FILE` (trailing newline dropped). */
const secret = (name: string): Config.Config<Option.Option<Redacted.Redacted<string>>> =>
  Config.all([Config.option(Config.redacted(name)), Config.option(Config.string(`${name}_FILE`))]).pipe(
    Config.mapOrFail(([value, file]) => {
      if (Option.isSome(value)) return Either.right(value)
      if (Option.isNone(file)) return Either.right(Option.none())
      try {
        return Either.right(Option.some(Redacted.make(fs.readFileSync(file.value, "utf8").replace(/\r?\n$/, ""))))
      } catch (e) {
        return Either.left(ConfigError.InvalidData([`${name}_FILE`], `cannot read ${file.value}: ${(e as Error).message}`))
      }
    })
  )

const positive = (name: string) =>
  Config.integer(name).pipe(Config.validate({ message: `${name} must be a positive integer`, validation: (n) => n > 0 }))

const positiveInt = (name: string, fallback: number) => positive(name).pipe(Config.withDefault(fallback))

const timeZone = Config.string("TAXCOM_TIMEZONE").pipe(
  Config.withDefault("Europe/Moscow"),
  Config.validate({
    message: "TAXCOM_TIMEZONE must be an IANA time zone such as Europe/Moscow",
    validation: (tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz })
        return true
      } catch {
        return false
      }
    }
  })
)

/**
 * Reads the connection from the environment: `TAXCOM_BASE_URL`, `TAXCOM_INTEGRATOR_ID[_FILE]`, `TAXCOM_LOGIN`,
 * `TAXCOM_PASSWORD[_FILE]`, `TAXCOM_AGREEMENT_NUMBER`, `TAXCOM_TIMEZONE`, `TAXCOM_PAGE_SIZE`, `TAXCOM_CONCURRENCY`,
 * `TAXCOM_RATE_LIMIT`, `TAXCOM_REGISTRATION_PATH`. Without login and password: the embedded sandbox
 * (`TAXCOM_SANDBOX_REGISTERS`, `TAXCOM_SANDBOX_SEED`).
 */
export const fromEnvironment: Config.Config<Connection> = Config.all({
  baseUrl: Config.string("TAXCOM_BASE_URL").pipe(Config.withDefault("https://api-lk-ofd.taxcom.ru")),
  integratorId: secret("TAXCOM_INTEGRATOR_ID"),
  login: Config.option(Config.string("TAXCOM_LOGIN")),
  password: secret("TAXCOM_PASSWORD"),
  agreementNumber: Config.option(Config.string("TAXCOM_AGREEMENT_NUMBER")),
  timeZone,
  pageSize: positiveInt("TAXCOM_PAGE_SIZE", 100),
  concurrency: Config.option(positive("TAXCOM_CONCURRENCY")),
  rateLimit: Config.option(positive("TAXCOM_RATE_LIMIT")),
  registrationPath: Config.string("TAXCOM_REGISTRATION_PATH").pipe(Config.withDefault("/API/v2/")),
  registers: positiveInt("TAXCOM_SANDBOX_REGISTERS", 12),
  seed: positiveInt("TAXCOM_SANDBOX_SEED", 2026)
}).pipe(
  Config.mapOrFail((c): Either.Either<Connection, ConfigError.ConfigError> => {
    // The real service gets the client's polite defaults; the local sandbox need not be spared.
    const tuning = (concurrency: number, rateLimit: number) => ({
      timeZone: c.timeZone,
      pageSize: c.pageSize,
      concurrency: Option.getOrElse(c.concurrency, () => concurrency),
      rateLimit: Option.getOrElse(c.rateLimit, () => rateLimit)
    })
    if (Option.isNone(c.login) && Option.isNone(c.password)) {
      return Either.right({ _tag: "Sandbox", ...tuning(8, 1000), registers: c.registers, seed: c.seed })
    }
    if (Option.isNone(c.login)) return Either.left(ConfigError.MissingData(["TAXCOM_LOGIN"], "TAXCOM_PASSWORD is set but TAXCOM_LOGIN is not"))
    if (Option.isNone(c.password)) {
      return Either.left(ConfigError.MissingData(["TAXCOM_PASSWORD"], "TAXCOM_LOGIN is set but neither TAXCOM_PASSWORD nor TAXCOM_PASSWORD_FILE is"))
    }
    if (Option.isNone(c.integratorId)) {
      return Either.left(ConfigError.MissingData(["TAXCOM_INTEGRATOR_ID"], "a Taxcom account needs TAXCOM_INTEGRATOR_ID (or TAXCOM_INTEGRATOR_ID_FILE): the id Taxcom issued to your integration"))
    }
    if (!URL.canParse(c.baseUrl)) return Either.left(ConfigError.InvalidData(["TAXCOM_BASE_URL"], `not a URL: ${c.baseUrl}`))
    return Either.right({
      _tag: "Account",
      ...tuning(4, 10),
      baseUrl: c.baseUrl,
      integratorId: c.integratorId.value,
      credentials: Session.password({
        login: c.login.value,
        password: c.password.value,
        agreementNumber: Option.getOrUndefined(c.agreementNumber)
      }),
      registrationPath: c.registrationPath
    })
  })
)

/** Counts the HTTP requests the client sends (for the end-of-job summary). */
export class RequestCounter {
  count = 0
  readonly transform = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
    HttpClient.tapRequest(client, () => Effect.sync(() => void this.count++))
}

/** The demo login the sandbox accepts. */
const DEMO = { integratorId: "demo", login: "demo", password: "demo" }

/** A month, for the sandbox to generate: first and last day (`yyyy-MM-dd`). */
export interface MonthSpan {
  readonly first: string
  readonly last: string
}

/**
 * The client for a connection. For the sandbox, the server starts first (on a free port, stopped with the scope)
 * over a chain generated for `month`, and stays in the context (`Effect.serviceOption(SandboxServer)` finds it);
 * the client then logs in to it like to any account.
 */
export const clientLayer = (
  connection: Connection,
  counter: RequestCounter,
  month: MonthSpan
): Layer.Layer<TaxcomClient.TaxcomClient, ConfigError.ConfigError | Error> => {
  const tuning = {
    timeZone: connection.timeZone,
    pageSize: connection.pageSize,
    concurrency: connection.concurrency,
    rateLimit: { limit: connection.rateLimit, interval: "1 second" as const },
    transformClient: counter.transform
  }
  if (connection._tag === "Account") {
    return TaxcomClient.layer({
      ...tuning,
      baseUrl: connection.baseUrl,
      integratorId: connection.integratorId,
      credentials: connection.credentials,
      paths: { registration: connection.registrationPath }
    }).pipe(Layer.provide(NodeHttpClient.layerUndici))
  }
  const server = SandboxServer.layer({
    dataset: { seed: connection.seed, registers: connection.registers, from: month.first, to: month.last },
    settings: { port: 0, host: "127.0.0.1" }
  })
  const client = Layer.unwrapEffect(
    Effect.map(SandboxServer.SandboxServer, (s) =>
      TaxcomClient.layer({
        ...tuning,
        baseUrl: s.url,
        integratorId: Redacted.make(DEMO.integratorId),
        credentials: Session.password({ login: DEMO.login, password: Redacted.make(DEMO.password) })
      }))
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))
  return Layer.provideMerge(client, server)
}
