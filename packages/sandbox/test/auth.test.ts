import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"
import { apiCode, call, login } from "./helpers.js"

const options = { seed: 3, registers: 4, from: "2026-01-10", to: "2026-01-14" }
const server = (settings: SandboxServer.Options["settings"] = {}) => SandboxServer.make({ dataset: Dataset.generate(options), settings })
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`

describe("login", () => {
  it.scoped("needs the integrator id, a valid login and a known agreement (2108 otherwise)", () =>
    Effect.gen(function*() {
      const s = yield* server()
      const attempt = (body: object, integrator = "demo") => call(s, "Login", { body, headers: { "Integrator-ID": integrator } })
      const wrongIntegrator = yield* attempt({ login: "demo", password: "demo" }, "someone-else")
      assert.strictEqual(wrongIntegrator.status, 401)
      assert.deepStrictEqual(wrongIntegrator.json, {
        httpErrorCode: 401, apiErrorCode: 2108, commonDescription: "Ошибка авторизации", details: "Некорректное значение параметра Integrator-ID"
      })
      assert.strictEqual(apiCode(yield* call(s, "Login", { body: { login: "demo", password: "demo" } })), 2108)
      assert.strictEqual(apiCode(yield* attempt({ login: "demo", password: "nope" })), 2108)
      assert.strictEqual(apiCode(yield* attempt({ login: "demo", password: "demo", agreementNumber: "0000-000000" })), 2108)
      // Names bind case-insensitively, and the account's own agreement number is accepted.
      const ok = yield* attempt({ Login: "demo", Password: "demo", AgreementNumber: s.dataset.account.agreementNumber })
      assert.strictEqual(ok.status, 200)
      assert.match(ok.json.sessionToken, /^[0-9a-f]{32}$/)
      // A user without the API right may not log in.
      assert.strictEqual(apiCode(yield* attempt({ login: "cashier", password: "cashier" })), 2111)
      // A broken body is a bad request.
      assert.strictEqual(apiCode(yield* call(s, "Login", { body: "{not json", headers: { "Integrator-ID": "demo" } })), 2201)
    }))

  it.scoped("returns the same token while it is valid", () =>
    Effect.gen(function*() {
      const s = yield* server()
      const a = yield* login(s)
      const b = yield* login(s)
      assert.strictEqual(a, b)
      const other = yield* server({ reuseSessionOnLogin: false })
      assert.notStrictEqual(yield* login(other), yield* login(other))
    }))
})

describe("sessions", () => {
  it.scoped("expire 5 minutes after their last use (sliding), with 2109", () =>
    Effect.gen(function*() {
      const s = yield* server()
      const token = yield* login(s)
      const accounts = () => call(s, "AccountList", { token })
      yield* TestClock.adjust("4 minutes")
      assert.strictEqual((yield* accounts()).status, 200)
      // 8 minutes after login, 4 after the last use: still valid.
      yield* TestClock.adjust("4 minutes")
      assert.strictEqual((yield* accounts()).status, 200)
      yield* TestClock.adjust("5 minutes")
      assert.strictEqual((yield* accounts()).status, 200, "exactly 5 minutes is not yet expired")
      yield* TestClock.adjust("5 minutes")
      yield* TestClock.adjust("1 second")
      const expired = yield* accounts()
      assert.strictEqual(expired.status, 401)
      assert.strictEqual(apiCode(expired), 2109)
      // A new login gives a new token that works.
      const fresh = yield* login(s)
      assert.notStrictEqual(fresh, token)
      assert.strictEqual((yield* call(s, "AccountList", { token: fresh })).status, 200)
    }))

  it.scoped("answer 2110 without a token and 2109 for an unknown one", () =>
    Effect.gen(function*() {
      const s = yield* server()
      assert.strictEqual(apiCode(yield* call(s, "OutletList")), 2110)
      assert.strictEqual(apiCode(yield* call(s, "OutletList", { token: "0123456789abcdef0123456789abcdef" })), 2109)
    }))

  it.scoped("the sandbox's wall clock follows Effect's clock", () =>
    Effect.gen(function*() {
      const s = yield* server()
      assert.strictEqual(yield* s.now, "2026-01-14T23:59:59")
      yield* TestClock.adjust("2 hours")
      assert.strictEqual(yield* s.now, "2026-01-15T01:59:59")
      const r = yield* call(s, "OutletList", { token: yield* login(s) })
      assert.strictEqual(r.json.reportDate, "2026-01-15T01:59:59")
    }))
})

describe("access rights", () => {
  it.scoped("a user without \"Просмотр ФД\" gets 2111 on DocumentInfo", () =>
    Effect.gen(function*() {
      const s = yield* server()
      const token = yield* login(s, "monitor")
      const kkt = s.dataset.kkts[0]!
      const shift = s.dataset.shifts(kkt)[0]!
      const doc = s.dataset.documents(shift)[1]!
      const denied = yield* call(s, "DocumentInfo", { token, query: { fn: doc.fn, fd: doc.fd } })
      assert.strictEqual(denied.status, 401)
      assert.strictEqual(apiCode(denied), 2111)
      assert.strictEqual(apiCode(yield* call(s, "NewDocuments", { token })), 2111)
      // Monitoring opens the lists, and DocumentList (table 2.2), but not ShiftInfo (admin and analytics only).
      assert.strictEqual((yield* call(s, "OutletList", { token })).status, 200)
      assert.strictEqual((yield* call(s, "DocumentList", { token, query: { fn: doc.fn, shift: shift.number } })).status, 200)
      assert.strictEqual(apiCode(yield* call(s, "ShiftInfo", { token, query: { fn: doc.fn, shift: shift.number } })), 2111)
      // AccountList reports the rights.
      const accounts = yield* call(s, "AccountList", { token })
      assert.strictEqual(accounts.json.records[0].fiscalDocumentsAccess, false)
      assert.strictEqual(accounts.json.records[0].monitoringAccess, true)
      // The analyst may read documents.
      const analyst = yield* login(s, "analyst")
      assert.strictEqual((yield* call(s, "DocumentInfo", { token: analyst, query: { fn: doc.fn, fd: doc.fd } })).status, 200)
    }))
})

describe("integration token", () => {
  it.scoped("opens the registration methods with the Integrator-ID, and only those", () =>
    Effect.gen(function*() {
      const s = yield* server()
      const headers = { "Integration-Token": s.settings.integrationToken, "Integrator-ID": s.settings.integratorId }
      const fn = s.dataset.currentFn(s.dataset.kkts[0]!).number
      // Known drive without an application: 3301 — authenticated.
      assert.strictEqual(apiCode(yield* call(s, "KKTRegApp", { headers, query: { fn } })), 3301)
      assert.strictEqual(apiCode(yield* call(s, "KKTRegApp", { prefix: "/API/v2/fns/", headers, query: { fn } })), 3301)
      assert.strictEqual(apiCode(yield* call(s, "KKTRegApp", { headers: { ...headers, "Integrator-ID": "x" }, query: { fn } })), 2112)
      assert.strictEqual(apiCode(yield* call(s, "KKTRegApp", { headers: { ...headers, "Integration-Token": "x" }, query: { fn } })), 2112)
      assert.strictEqual(apiCode(yield* call(s, "OutletList", { headers })), 2110)
    }))
})

describe("OAuth", () => {
  it.scoped("exchanges an authorization code for a token at /core/connect/token", () =>
    Effect.gen(function*() {
      const s = yield* server()
      const redirect = "http://127.0.0.1:9/callback"
      const auth = yield* call(s, "core/connect/authorize", {
        prefix: "/", redirect: "manual", query: { client_id: "demo-client", response_type: "code", scope: "api", redirect_url: redirect }
      })
      assert.strictEqual(auth.status, 302)
      const code = new URL(auth.headers.get("location")!).searchParams.get("code")!
      const exchange = (c: string, authorization = basic("demo-client", "demo-secret")) =>
        call(s, "core/connect/token", {
          prefix: "/", body: `grant_type=authorization_code&code=${c}&redirect_uri=${encodeURIComponent(redirect)}`,
          headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: authorization }
        })
      assert.strictEqual((yield* exchange(code, basic("demo-client", "wrong"))).status, 401)
      const ok = yield* exchange(code)
      assert.strictEqual(ok.status, 200)
      assert.strictEqual(ok.json.token_type, "Bearer")
      assert.strictEqual(ok.json.expires_in, 3_600_000)
      // The code is single-use.
      assert.deepStrictEqual((yield* exchange(code)).json, { error: "invalid_grant" })
      // The access token is a session token, for an hour from issue (not sliding).
      const token = ok.json.access_token
      assert.strictEqual((yield* call(s, "AccountList", { token })).status, 200)
      yield* TestClock.adjust("59 minutes")
      assert.strictEqual((yield* call(s, "AccountList", { token })).status, 200)
      yield* TestClock.adjust("2 minutes")
      assert.strictEqual(apiCode(yield* call(s, "AccountList", { token })), 2109)
    }))
})

describe("certificate login", () => {
  it.scoped("returns the token 'encrypted' (base64 in the sandbox)", () =>
    Effect.gen(function*() {
      const s = yield* server()
      const r = yield* call(s, "CertificateLogin", { body: { certificate: s.settings.certificate }, headers: { "Integrator-ID": "demo" } })
      assert.strictEqual(r.status, 200)
      const token = Buffer.from(r.json.sessionToken, "base64").toString("utf8")
      assert.strictEqual((yield* call(s, "AccountList", { token })).status, 200)
      assert.strictEqual(apiCode(yield* call(s, "CertificateLogin", { body: { certificate: "" }, headers: { "Integrator-ID": "demo" } })), 2103)
      assert.strictEqual(apiCode(yield* call(s, "CertificateLogin", { body: { certificate: "b3RoZXI=" }, headers: { "Integrator-ID": "demo" } })), 2107)
    }))
})
