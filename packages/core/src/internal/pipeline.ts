/**
 * A vendor call from start to end: the credentials its method needs, a silent re-login when the service says the
 * session token expired, retries of transient faults for methods that are safe to repeat, and decoding of the answer
 * with the method's wire schema (a compiled fast path first, `Schema.decodeUnknown` for anything it declines).
 */
import { Clock, Duration, Effect, ParseResult, type Redacted, Schedule, Schema, type SchemaAST as AST } from "effect"
import type { MethodSpec } from "../Methods.js"
import * as TaxcomError from "../TaxcomError.js"
import * as FastDecode from "./fastDecode.js"
import type { Answer, Auth, Body, Query, Transport } from "./http.js"
import type { SessionManager, Token } from "./session.js"

export interface RetrySettings {
  /** Retries after the first attempt. */
  readonly times: number
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
  /** A `Retry-After` longer than this is not waited for: the call fails with the error, which carries the wait. */
  readonly maxRetryAfter: Duration.Duration
}

export interface Parts {
  readonly query?: Query | undefined
  readonly body?: Body | undefined
  readonly url?: string | undefined
  /** Credentials for methods that authenticate with HTTP Basic (OAuth). */
  readonly basic?: { readonly user: string; readonly secret: Redacted.Redacted<string> } | undefined
}

/**
 * Methods repeated after a transient fault even though the table marks them not idempotent: a login only creates a
 * token, so sending it twice is harmless (the OAuth code exchange is not: its code is single-use).
 */
const SAFE_TO_REPEAT: ReadonlySet<string> = new Set(["Login", "CertificateLogin"])

export const retryable = (spec: MethodSpec): boolean => spec.idempotent || SAFE_TO_REPEAT.has(spec.name)

export interface Pipeline {
  readonly run: (spec: MethodSpec, parts: Parts) => Effect.Effect<Answer, TaxcomError.TaxcomError>
  readonly json: <A, I>(spec: MethodSpec, schema: Schema.Schema<A, I>, parts: Parts) => Effect.Effect<A, TaxcomError.TaxcomError>
  readonly binary: (spec: MethodSpec, parts: Parts) => Effect.Effect<{ readonly bytes: Uint8Array; readonly contentType: string }, TaxcomError.TaxcomError>
}

/** Renders a Schema path as a JSON path: `$.records[3].fnFactoryNumber`. */
export const jsonPath = (path: ReadonlyArray<PropertyKey>): string =>
  "$" +
  path
    .map((k) =>
      typeof k === "number" ? `[${k}]` : typeof k === "string" && /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(String(k))}]`
    )
    .join("")

const MAX_ISSUES = 20

/** Issue messages of auth methods say only what kind of problem it was: their values may be secrets. */
const blindMessage = (tag: string): string =>
  tag === "Missing" ? "is missing" : tag === "Unexpected" ? "is unexpected" : `is invalid (${tag})`

export const issuesOf = (error: ParseResult.ParseError, blind: boolean): Array<TaxcomError.Issue> =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .slice(0, MAX_ISSUES)
    .map((i) => ({ path: jsonPath(i.path), message: blind ? blindMessage(i._tag) : i.message }))

const PARSE_OPTIONS = { errors: "all", onExcessProperty: "ignore" } as const

/** One compiled fast decoder per answer schema (the schemas are module constants of Methods). */
const fastDecoders = new WeakMap<AST.AST, (u: unknown) => unknown>()

const fastDecoderOf = <A, I>(schema: Schema.Schema<A, I>): ((u: unknown) => A | typeof FastDecode.NO) => {
  let f = fastDecoders.get(schema.ast)
  if (f === undefined) {
    f = FastDecode.make(schema, PARSE_OPTIONS)
    fastDecoders.set(schema.ast, f)
  }
  return f as (u: unknown) => A | typeof FastDecode.NO
}

const isAuthMethod = (spec: MethodSpec) => spec.auth === "integrator" || spec.auth === "oauth-client"

export const make = (options: {
  readonly transport: Transport
  /** Undefined when no credentials were configured: session methods then fail with a {@link TaxcomError.SessionError}. */
  readonly session: SessionManager | undefined
  readonly integrationToken: Redacted.Redacted<string> | undefined
  readonly retry: RetrySettings
}): Pipeline => {
  const { retry, session, transport } = options
  const maxRetryAfterMillis = Duration.toMillis(retry.maxRetryAfter)

  const policy = (spec: MethodSpec) =>
    Schedule.exponential(retry.baseDelay, 2).pipe(
      Schedule.jittered,
      Schedule.zipRight(Schedule.identity<TaxcomError.TaxcomError>()),
      Schedule.modifyDelay((e, d) => {
        const after = TaxcomError.retryAfterMillis(e)
        return after !== null ? Duration.millis(after) : Duration.min(d, retry.maxDelay)
      }),
      Schedule.intersect(Schedule.recurs(retry.times)),
      Schedule.whileInput((e: TaxcomError.TaxcomError) =>
        TaxcomError.isTransient(e) && (TaxcomError.retryAfterMillis(e) ?? 0) <= maxRetryAfterMillis
      ),
      Schedule.tapInput((e: TaxcomError.TaxcomError) =>
        TaxcomError.isTransient(e)
          ? Effect.logWarning(`Taxcom ${spec.name}: transient failure, retrying: ${e.message}`)
          : Effect.void
      )
    )

  const noSession = (spec: MethodSpec) =>
    new TaxcomError.SessionError({
      method: spec.name,
      reason: "noCredentials",
      description: "this method needs a session and the client has no credentials"
    })

  /** Transient faults of one request are retried here, for methods safe to repeat; a failed login is not. */
  const retried = (spec: MethodSpec, effect: Effect.Effect<Answer, TaxcomError.TaxcomError>) =>
    retryable(spec) ? Effect.retry(effect, policy(spec)) : effect

  const withSession = (spec: MethodSpec, send: (auth: Auth) => Effect.Effect<Answer, TaxcomError.TaxcomError>) => {
    if (session === undefined) return Effect.fail(noSession(spec))
    const sendWith = (token: Token) =>
      Effect.gen(function*() {
        const sentAt = yield* Clock.currentTimeMillis
        return yield* send({ _tag: "Session", token: token.value }).pipe(
          Effect.tap(() => session.touch(token.generation, sentAt)),
          Effect.tapError((e) =>
            TaxcomError.isSessionExpired(e)
              ? session.invalidate(token.generation)
              // Any other answer of the service means it accepted the token (and restarted its 5 minutes).
              : TaxcomError.isApiError(e)
              ? session.touch(token.generation, sentAt)
              : Effect.void
          )
        )
      })
    // The login (shared, with its own retries) comes first; only the request itself is retried after a fault, so a
    // failing login is not multiplied by the request's retries.
    const once = Effect.flatMap(session.current, (token) => retried(spec, sendWith(token)))
    // Repeating after 2109/2110 is safe even for the create methods: the service refused the request unread. A
    // fresh token can be refused too (a service dropping sessions): each refusal gets a new login, as many times as
    // the retry budget allows (at least once), so one more refusal does not fail a month-end job.
    const relogins = Math.max(1, retry.times)
    const attempt = (n: number): Effect.Effect<Answer, TaxcomError.TaxcomError> =>
      once.pipe(
        Effect.catchIf(
          (e): e is TaxcomError.AuthenticationError => n < relogins && TaxcomError.isSessionExpired(e),
          (e) =>
            Effect.logInfo(`Taxcom ${spec.name}: session token refused (${e.apiCode}), logging in again`).pipe(
              Effect.zipRight(attempt(n + 1))
            )
        )
      )
    return attempt(0)
  }

  const run = (spec: MethodSpec, parts: Parts): Effect.Effect<Answer, TaxcomError.TaxcomError> => {
    const send = (auth: Auth) => transport.send({ spec, auth, query: parts.query, body: parts.body, url: parts.url })
    switch (spec.auth) {
      case "integrator":
        return retried(spec, send({ _tag: "Integrator" }))
      case "oauth-client":
        return parts.basic === undefined
          ? Effect.fail(noSession(spec))
          : retried(spec, send({ _tag: "Basic", user: parts.basic.user, secret: parts.basic.secret }))
      case "session-or-integration":
        return options.integrationToken !== undefined
          ? retried(spec, send({ _tag: "Integration", token: options.integrationToken }))
          : withSession(spec, send)
      case "session":
        return withSession(spec, send)
    }
  }

  const json = <A, I>(spec: MethodSpec, schema: Schema.Schema<A, I>, parts: Parts) => {
    const fast = fastDecoderOf(schema)
    return run(spec, parts).pipe(
      Effect.flatMap((answer) => {
        if (answer._tag !== "Json") {
          return Effect.fail(
            new TaxcomError.DecodeError({
              method: spec.name,
              httpStatus: answer.status,
              path: "$",
              issues: [{ path: "$", message: "expected JSON" }]
            })
          )
        }
        // The fast path answers most pages; anything it declines (every invalid answer) is Schema's to decide.
        const value = fast(answer.value)
        if (value !== FastDecode.NO) return Effect.succeed(value)
        return Schema.decodeUnknown(schema, PARSE_OPTIONS)(answer.value).pipe(
          Effect.mapError((pe) => {
            const issues = issuesOf(pe, isAuthMethod(spec))
            return new TaxcomError.DecodeError({ method: spec.name, httpStatus: answer.status, path: issues[0]?.path ?? "$", issues })
          })
        )
      })
    )
  }

  const binary = (spec: MethodSpec, parts: Parts) =>
    run(spec, parts).pipe(
      Effect.flatMap((answer) =>
        answer._tag === "Binary"
          ? Effect.succeed({ bytes: answer.bytes, contentType: answer.contentType })
          : Effect.fail(
            new TaxcomError.DecodeError({
              method: spec.name,
              httpStatus: answer.status,
              path: "$",
              issues: [{ path: "$", message: "expected a document body" }]
            })
          )
      )
    )

  return { run, json, binary }
}
