import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Layer, Redacted, Stream, TestClock } from "effect"
import * as Ids from "../src/Ids.js"
import * as Session from "../src/Session.js"
import * as TaxcomClient from "../src/TaxcomClient.js"
import { makeChain } from "./fake/chain.js"
import { clientLayer, options, setToday } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const client = TaxcomClient.TaxcomClient

describe("session: login / password", () => {
  it.effect("a 30-minute run of steady calls logs in exactly once", () => {
    const fake = Fake.make({ chain: makeChain() })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      // One call a minute for 30 minutes: every call keeps the token alive.
      for (let minute = 0; minute <= 30; minute++) {
        const page = yield* taxcom.outletListPage()
        assert.strictEqual(page.records.length, 3)
        yield* TestClock.adjust("1 minute")
      }
      assert.strictEqual(fake.count("Login"), 1)
      assert.strictEqual(fake.count("OutletList"), 31)
      assert.strictEqual(yield* taxcom.logins, 1)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("after 6 idle minutes the next call logs in first, and no call fails", () => {
    const fake = Fake.make({ chain: makeChain() })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      yield* taxcom.outletListPage()
      yield* TestClock.adjust("6 minutes")
      yield* taxcom.outletListPage()
      assert.deepStrictEqual(fake.requests.map((r) => r.path), ["Login", "OutletList", "Login", "OutletList"])
      // The second call used the new token, and the service never had to refuse one.
      assert.strictEqual(fake.requests[3]!.headers["session-token"], fake.tokens[1])
      assert.isTrue(fake.requests.every((r) => r.path === "Login" || r.headers["session-token"] !== undefined))
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("a token idle just under the renewal margin is kept; past it, renewed ahead of the service's 5 minutes", () => {
    const fake = Fake.make({ chain: makeChain() })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      yield* taxcom.outletListPage()
      yield* TestClock.adjust("4 minutes")
      yield* taxcom.outletListPage()
      assert.strictEqual(fake.count("Login"), 1)
      // 4 min 57 s idle: still the token (a pause just under 5 minutes costs no login)...
      yield* TestClock.adjust("297 seconds")
      yield* taxcom.outletListPage()
      assert.strictEqual(fake.count("Login"), 1)
      // ...4 min 59 s: inside the service's 5 minutes, but within the 2-second margin: renewed first.
      yield* TestClock.adjust("299 seconds")
      yield* taxcom.outletListPage()
      assert.strictEqual(fake.count("Login"), 2)
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("100 concurrent first calls cause one login", () => {
    const fake = Fake.make({ chain: makeChain(), latency: "50 millis" })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 100 }, () => taxcom.accountList), { concurrency: "unbounded" }))
      yield* TestClock.adjust("1 minute")
      const results = yield* Fiber.join(fiber)
      assert.strictEqual(results.length, 100)
      assert.strictEqual(fake.count("Login"), 1)
      assert.strictEqual(fake.count("AccountList"), 100)
    }).pipe(Effect.provide(clientLayer(fake, { concurrency: 8, rateLimit: { limit: 1000, interval: "1 second" } })))
  })

  it.effect("a 2109 in the middle of a paged stream causes one re-login and every record comes exactly once", () => {
    const chain = makeChain()
    const shift = chain.shifts.find((s) => s.totals.income.receiptCount! >= 10)!
    let served = 0
    const fake = Fake.make({
      chain,
      maxPageSize: 3,
      // After the third DocumentList page the service forgets every token issued so far.
      intercept: (req) => {
        if (req.path === "DocumentList" && ++served === 3) fake.expireTokens()
        return undefined
      }
    })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const docs = yield* Stream.runCollect(taxcom.documentList({ fn: shift.totals.fn, shift: shift.totals.number }))
      const fds = Chunk.toReadonlyArray(docs).map((d) => d.fd)
      const expected = 2 + (shift.totals.income.receiptCount ?? 0) + (shift.totals.incomeReturn.receiptCount ?? 0)
      assert.strictEqual(fds.length, expected)
      assert.strictEqual(new Set(fds).size, expected)
      assert.deepStrictEqual(fds, [...fds].sort((a, b) => a - b))
      assert.strictEqual(fake.count("Login"), 2)
      // Some pages were refused with 2109 and asked again with the new token.
      const refused = fake.requests.filter((r) => r.path === "DocumentList" && r.headers["session-token"] === fake.tokens[0] && r.n > 4)
      assert.isAbove(refused.length, 0)
    }).pipe(Effect.provide(clientLayer(fake, { pageSize: 3, concurrency: 3 })))
  })

  it.effect("a fresh token refused again gets another login; a service refusing every token fails after the retry budget", () => {
    const expired = { status: 401, body: { httpErrorCode: 401, apiErrorCode: 2109, commonDescription: "Истек срок действия маркера доступа" } }
    // The first two AccountList requests are refused (the token, then the fresh one); the third gets through.
    let refused = 0
    const flaky = Fake.make({ chain: makeChain(), intercept: (req) => (req.path === "AccountList" && refused++ < 2 ? expired : undefined) })
    const always = Fake.make({ chain: makeChain(), intercept: (req) => (req.path === "AccountList" ? expired : undefined) })
    return Effect.gen(function*() {
      yield* setToday
      const list = yield* Effect.provide(Effect.flatMap(client, (t) => t.accountList), clientLayer(flaky))
      assert.isAbove(list.accounts.length, 0)
      assert.strictEqual(flaky.count("Login"), 3)
      assert.strictEqual(flaky.count("AccountList"), 3)
      // Four retries by default: the first try and four re-logins, then the typed error.
      const error = yield* Effect.flip(Effect.provide(Effect.flatMap(client, (t) => t.accountList), clientLayer(always)))
      assert.strictEqual(error._tag, "AuthenticationError")
      assert.strictEqual(always.count("Login"), 5)
      assert.strictEqual(always.count("AccountList"), 5)
      // Without retries there is still the one re-login an expired token always had.
      const once = Fake.make({ chain: makeChain(), intercept: (req) => (req.path === "AccountList" ? expired : undefined) })
      yield* Effect.flip(Effect.provide(Effect.flatMap(client, (t) => t.accountList), clientLayer(once, { retry: { times: 0 } })))
      assert.strictEqual(once.count("AccountList"), 2)
    })
  })

  it.effect("a wrong password fails every waiting caller with one login attempt", () => {
    const fake = Fake.make({ chain: makeChain() })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const errors = yield* Effect.all(Array.from({ length: 5 }, () => Effect.flip(taxcom.accountList)), { concurrency: "unbounded" })
      for (const e of errors) {
        assert.strictEqual(e._tag, "AuthenticationError")
        if (e._tag === "AuthenticationError") assert.strictEqual(e.reason, "credentials")
      }
      assert.strictEqual(fake.count("Login"), 1)
      assert.strictEqual(fake.count("AccountList"), 0)
    }).pipe(
      Effect.provide(clientLayer(fake, { credentials: Session.password({ login: Fake.LOGIN, password: Redacted.make("wrong") }) }))
    )
  })
})

describe("session: OAuth", () => {
  it("authorizeUrl builds the authorize link", () => {
    const url = new URL(
      Session.authorizeUrl({ authBaseUrl: "https://auth-lk-ofd.taxcom.ru", clientId: "client-42", redirectUri: "https://app/cb", state: "xyz" })
    )
    assert.strictEqual(url.origin + url.pathname, "https://auth-lk-ofd.taxcom.ru/core/connect/authorize")
    assert.deepStrictEqual(Object.fromEntries(url.searchParams), {
      client_id: "client-42",
      response_type: "code",
      scope: "api",
      redirect_uri: "https://app/cb",
      state: "xyz"
    })
  })

  it.effect("exchanges the code with Basic client auth, uses the access token, renews it per expires_in", () => {
    const fake = Fake.make({ chain: makeChain(), oauthExpiresIn: 3_600_000 })
    let codes = 0
    const credentials = Session.oauth({
      clientId: "client-42",
      clientSecret: Redacted.make("oauth-Secret-XYZ"),
      redirectUri: "https://app/cb",
      authorizationCode: Effect.sync(() => Redacted.make(`code-${++codes}`))
    })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      yield* taxcom.accountList
      const exchange = fake.requests[0]!
      assert.strictEqual(exchange.pathname, "/core/connect/token")
      assert.strictEqual(exchange.headers["content-type"], "application/x-www-form-urlencoded")
      assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(exchange.body)), {
        grant_type: "authorization_code",
        code: "code-1",
        redirect_uri: "https://app/cb"
      })
      assert.strictEqual(fake.requests[1]!.headers["session-token"], fake.tokens[0])
      // The OAuth token is not a sliding session token: 10 idle minutes do not renew it...
      yield* TestClock.adjust("10 minutes")
      yield* taxcom.accountList
      assert.strictEqual(fake.count("core/connect/token"), 1)
      // ...but its hour does (2 s ahead), with a fresh code.
      yield* TestClock.adjust("50 minutes")
      yield* taxcom.accountList
      assert.strictEqual(fake.count("core/connect/token"), 2)
      assert.strictEqual(new URLSearchParams(fake.requests.filter((r) => r.path === "core/connect/token")[1]!.body).get("code"), "code-2")
    }).pipe(Effect.provide(clientLayer(fake, { credentials })))
  })
})

describe("session: certificate and integration token", () => {
  it.effect("certificate login hands the encrypted token to the TokenDecryptor", () => {
    const fake = Fake.make({ chain: makeChain() })
    const decryptor = Layer.succeed(Session.TokenDecryptor, {
      decrypt: (encrypted) => Effect.succeed(Redacted.make(encrypted.replace(/^ENC\[(.*)\]$/, "$1")))
    })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      yield* taxcom.accountList
      assert.strictEqual(fake.requests[0]!.path, "CertificateLogin")
      assert.strictEqual(JSON.parse(fake.requests[0]!.body).certificate, "MIIBase64Cert==")
      assert.strictEqual(fake.requests[1]!.headers["session-token"], fake.tokens[0])
    }).pipe(
      Effect.provide(
        TaxcomClient.layer({ ...options(), credentials: Session.certificate({ certificate: "MIIBase64Cert==" }) }).pipe(
          Layer.provide(Layer.merge(fake.layer, decryptor)),
          Layer.orDie
        )
      )
    )
  })

  it.effect("certificate login without a TokenDecryptor fails with SessionError", () => {
    const fake = Fake.make({ chain: makeChain() })
    const credentials: Session.Credentials = Session.certificate({ certificate: "MIIBase64Cert==" })
    return Effect.gen(function*() {
      const taxcom = yield* client
      const e = yield* Effect.flip(taxcom.accountList)
      assert.strictEqual(e._tag, "SessionError")
      if (e._tag === "SessionError") assert.strictEqual(e.reason, "noDecryptor")
    }).pipe(Effect.provide(clientLayer(fake, { credentials })))
  })

  it.effect("registration methods use Integration-Token + Integrator-ID under the configured prefix, no session", () => {
    const fake = Fake.make({ chain: makeChain(), registrationPrefix: "/API/v2/fns/" })
    return Effect.gen(function*() {
      const taxcom = yield* client
      const card = yield* taxcom.kktRegCard("9999078900000001" as Ids.FnNumber)
      assert.strictEqual(card.contentType, "application/pdf")
      assert.strictEqual(new TextDecoder().decode(card.bytes), "%PDF-1.4 fake")
      assert.strictEqual(fake.requests.length, 1)
      assert.strictEqual(fake.requests[0]!.pathname, "/API/v2/fns/KKTRegCard")
      assert.strictEqual(fake.requests[0]!.headers["integration-token"], "integ-T0ken-8899")
      assert.strictEqual(fake.requests[0]!.headers["integrator-id"], Fake.INTEGRATOR_ID)
      assert.isUndefined(fake.requests[0]!.headers["session-token"])
    }).pipe(
      Effect.provide(
        clientLayer(fake, {
          credentials: undefined,
          integrationToken: Redacted.make("integ-T0ken-8899"),
          paths: { registration: "/API/v2/fns/" }
        })
      )
    )
  })

  it.effect("a session method without credentials fails with SessionError, no request sent", () => {
    const fake = Fake.make({ chain: makeChain() })
    return Effect.gen(function*() {
      const taxcom = yield* client
      const e = yield* Effect.flip(taxcom.accountList)
      assert.strictEqual(e._tag, "SessionError")
      assert.strictEqual(fake.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(fake, { credentials: undefined })))
  })
})
