/**
 * Secrets never reach a log line, an error, a span or an error message: a series of calls — successful, refused,
 * retried, failing to decode, timing out, OAuth and integration-token ones — runs under a logger and a tracer that
 * record everything, with a fake service that even echoes secrets back; then every record and every error, rendered
 * every way a program might render it, is searched for the password, the tokens, the client secret and the codes.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Fiber, Inspectable, Logger, LogLevel, Option, Redacted, TestClock, Tracer } from "effect"
import * as Session from "../src/Session.js"
import * as TaxcomClient from "../src/TaxcomClient.js"
import { makeChain } from "./fake/chain.js"
import { clientLayer, setToday } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const client = TaxcomClient.TaxcomClient

/** Everything the program told the outside world. */
const records: Array<string> = []

const render = (u: unknown): string => {
  const out = [String(u), Inspectable.format(u)]
  try {
    out.push(JSON.stringify(u))
  } catch {
    // cyclic: the other renderings stand
  }
  if (u instanceof Error) out.push(u.message, u.stack ?? "")
  if (Cause.isCause(u)) out.push(Cause.pretty(u))
  return out.join("\n")
}

const recordingLogger = Logger.make((o) => {
  records.push(render(o.message), render(Cause.pretty(o.cause)))
  for (const [k, v] of o.annotations) records.push(`${k}=${render(v)}`)
  for (const span of o.spans) records.push(span.label)
})

class RecordingSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId = Math.random().toString(16).slice(2)
  readonly traceId: string
  readonly sampled = true
  status: Tracer.SpanStatus
  readonly attributes = new Map<string, unknown>()
  readonly links: Array<Tracer.SpanLink>
  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: import("effect").Context.Context<never>,
    links: Iterable<Tracer.SpanLink>,
    readonly startTime: bigint,
    readonly kind: Tracer.SpanKind
  ) {
    this.status = { _tag: "Started", startTime }
    this.traceId = Option.match(parent, { onNone: () => "trace", onSome: (p) => p.traceId })
    this.links = [...links]
  }
  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", startTime: this.startTime, endTime, exit }
    records.push(`span ${this.name}`)
    for (const [k, v] of this.attributes) records.push(`${this.name} ${k}=${render(v)}`)
    if (Exit.isFailure(exit)) records.push(Cause.pretty(exit.cause))
  }
  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
  }
  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    records.push(`event ${name} ${render(attributes)}`)
  }
  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    this.links.push(...links)
  }
}

const recordingTracer = Tracer.make({
  span: (name, parent, context, links, startTime, kind) => new RecordingSpan(name, parent, context, links, startTime, kind),
  context: (f) => f()
})

const observed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.withTracer(recordingTracer),
    Effect.provide(Logger.replace(Logger.defaultLogger, recordingLogger)),
    Logger.withMinimumLogLevel(LogLevel.All)
  )

/** Runs `effect`, keeping its outcome (value or error) as a record too. */
const run = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.exit(effect).pipe(
    Effect.tap((exit) =>
      Effect.sync(() => {
        if (Exit.isFailure(exit)) {
          records.push(Cause.pretty(exit.cause))
          for (const e of Cause.failures(exit.cause)) records.push(render(e))
        }
      })
    )
  )

const SECRETS = [
  Fake.PASSWORD,
  Fake.INTEGRATOR_ID,
  "integ-T0ken-8899",
  "oauth-Secret-XYZ",
  Buffer.from("client-42:oauth-Secret-XYZ").toString("base64"),
  "code-1",
  "code-2"
]

describe("secrets never reach a log, an error, a span or an error message", () => {
  it.effect("password, session tokens, integration token, OAuth secret and codes", () => {
    let loginAnswers = 0
    const fake = Fake.make({
      chain: makeChain(),
      intercept: (req) => {
        // The first login answer is malformed with the token inside an array: a decode error must not show it.
        if (req.path === "Login" && ++loginAnswers === 1) return { status: 200, body: { sessionToken: ["tok-0-leaked"] } }
        // A service that echoes what it got: the password in a 2108's details...
        if (req.path === "Login" && loginAnswers === 3) {
          return { status: 401, body: { httpErrorCode: 401, apiErrorCode: 2108, commonDescription: "Ошибка авторизации", details: `login ${Fake.LOGIN} / ${Fake.PASSWORD}` } }
        }
        // ...and the session token in a gateway page.
        if (req.path === "OutletInfo") return { status: 503, text: `upstream failed for token ${req.headers["session-token"]}` }
        if (req.path === "KKTRegCard") return { status: 401, body: { httpErrorCode: 401, apiErrorCode: 2112, commonDescription: "Некорректная пара", details: `token ${req.headers["integration-token"]}` } }
        return undefined
      }
    })
    const oauthFake = Fake.make({ chain: makeChain() })
    let codes = 0
    const oauth = Session.oauth({
      clientId: "client-42",
      clientSecret: Redacted.make("oauth-Secret-XYZ"),
      redirectUri: "https://app/cb",
      authorizationCode: Effect.sync(() => Redacted.make(`code-${++codes}`))
    })
    return observed(
      Effect.gen(function*() {
        yield* setToday
        const taxcom = yield* client
        yield* run(taxcom.accountList) // decode error of the login answer
        yield* run(taxcom.accountList) // logs in, succeeds
        fake.expireTokens()
        yield* run(taxcom.accountList) // 2109, re-login refused with the echoed password
        yield* run(taxcom.accountList) // logs in again, succeeds
        const retried = yield* Effect.fork(run(taxcom.outletInfo("o-a"))) // 503s echoing the token, retried, logged
        yield* TestClock.adjust("1 minute")
        yield* Fiber.join(retried)
        yield* run(taxcom.kktRegCard("9999078900000001" as never)) // 2112 echoing the integration token
        records.push(render(taxcom.settings))

        yield* Effect.gen(function*() {
          const viaOAuth = yield* client
          yield* run(viaOAuth.accountList)
          yield* TestClock.adjust("2 hours")
          yield* run(viaOAuth.accountList)
        }).pipe(Effect.provide(clientLayer(oauthFake, { credentials: oauth })))

        const secrets = [...SECRETS, ...fake.tokens, ...oauthFake.tokens, "tok-0-leaked"]
        assert.isAtLeast(fake.tokens.length, 2)
        assert.strictEqual(oauthFake.tokens.length, 2)
        assert.isAbove(records.length, 50)
        const all = records.join("\n")
        // The checks see the traffic: method names, errors and retries were recorded.
        assert.include(all, "TaxcomClient.accountList")
        assert.include(all, "AuthenticationError")
        assert.include(all, "DecodeError")
        assert.include(all, "retrying")
        assert.include(all, "<redacted>")
        for (const secret of secrets) assert.notInclude(all, secret, `a record contains ${secret.slice(0, 5)}…`)
      }).pipe(
        Effect.provide(
          clientLayer(fake, { integrationToken: Redacted.make("integ-T0ken-8899") })
        )
      )
    )
  })

  it.effect("a token replaced by a re-login while its request was in flight, quoted back in the answer", () => {
    const fake = Fake.make({
      chain: makeChain(),
      latency: (req) => (req.path === "OutletInfo" ? "1 second" : undefined),
      intercept: (req) => (req.path === "OutletInfo" ? { status: 503, text: `upstream failed for token ${req.headers["session-token"]}` } : undefined)
    })
    return observed(
      Effect.gen(function*() {
        yield* setToday
        const taxcom = yield* client
        yield* taxcom.authenticate
        // The request goes out with the first token; before its answer comes, the token expires and another call
        // logs in again, so the token the answer quotes is no longer the client's current one.
        const slow = yield* Effect.fork(run(taxcom.outletInfo("o-a")))
        fake.expireTokens()
        yield* run(taxcom.accountList)
        yield* TestClock.adjust("1 minute")
        yield* Fiber.join(slow)
        assert.strictEqual(fake.tokens.length, 2)
        const all = records.join("\n")
        assert.include(all, "upstream failed for token <redacted>")
        for (const token of fake.tokens) assert.notInclude(all, token)
      }).pipe(Effect.provide(clientLayer(fake, { retry: { times: 1 } })))
    )
  })
})
