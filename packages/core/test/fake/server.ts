/**
 * An in-process fake of the Taxcom-Kassa API behind an `HttpClient`, for the client's unit tests: it serves a
 * {@link Chain} with the vendor's wire schemas, enforces the session (5-minute sliding token, 2109/2110), the page
 * size limit and the 31-day period of `kktstat/shifts`, and records every request. Time is the fiber's Clock, so
 * `TestClock` drives it. Faults are injected per test with `intercept`.
 */
import { HttpClient, HttpClientError, HttpClientResponse, type HttpClientRequest } from "@effect/platform"
import { Clock, type Duration, Effect, Layer, Schema } from "effect"
import type * as FeedDocument from "../../src/FeedDocument.js"
import * as LocalDateTime from "../../src/LocalDateTime.js"
import * as ShiftsReport from "../../src/ShiftsReport.js"
import * as Wire from "../../src/wire/index.js"
import { ancestorsOrSelf, type Chain, departmentOf, documentsOf, registerOfShift, rowOf } from "./chain.js"

export const PASSWORD = "S3cr3t-P@ss-4711"
export const LOGIN = "accountant@example.ru"
export const INTEGRATOR_ID = "integrator-7c1e"
export const TIME_ZONE = "Europe/Moscow"

export interface FakeRequest {
  /** Sequence number from 1. */
  readonly n: number
  readonly method: string
  /** Path after the group prefix: `Login`, `ShiftList`, `kktstat/shifts`, `core/connect/token`. */
  readonly path: string
  readonly pathname: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** Clock millis when the request arrived. */
  readonly at: number
}

export interface Reply {
  /** -1: the connection is reset before an answer. */
  readonly status: number
  readonly body?: unknown
  readonly text?: string
  readonly headers?: Record<string, string>
}

export interface FeedEntry {
  readonly receivedAt: number
  readonly document: FeedDocument.FeedDocument
}

export interface FakeOptions {
  readonly chain?: Chain
  readonly maxPageSize?: number
  /** Serve at most this many records a page whatever `ps` asks (instead of refusing a larger `ps`). */
  readonly capPageSize?: number
  /** Answer `kktstat/shifts` with HTTP 400 and an empty message (as reported for some accounts). */
  readonly kktstatRefused?: boolean
  /** Documents of the NewDocuments feed, in order of receipt. */
  readonly feed?: ReadonlyArray<FeedEntry>
  readonly feedBatchLimit?: number
  /** Returns a reply to answer instead of the fake, or undefined to let the fake answer. */
  readonly intercept?: (req: FakeRequest) => Reply | undefined
  /** OAuth `expires_in` sent with access tokens. */
  readonly oauthExpiresIn?: number
  /** Time each answer takes (on the fiber's Clock), or a function of the request. */
  readonly latency?: Duration.DurationInput | ((req: FakeRequest) => Duration.DurationInput | undefined)
  /** Prefix under which the registration group is served (`/API/v2/` or `/API/v2/fns/`). */
  readonly registrationPrefix?: string
}

export interface Fake {
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  readonly requests: Array<FakeRequest>
  /** Requests to a path (`Login`, `ShiftList`, ...). */
  readonly count: (path: string) => number
  /** Tokens issued, in order. */
  readonly tokens: Array<string>
  /** Makes every issued token invalid now (as after a server-side expiry). */
  readonly expireTokens: () => void
  /** Requests in flight now and the most seen at once. */
  readonly inFlight: { current: number; max: number }
}

const vendor = (httpErrorCode: number, apiErrorCode: number, commonDescription: string, details?: string): Reply => ({
  status: httpErrorCode,
  body: { httpErrorCode, apiErrorCode, commonDescription, ...(details === undefined ? {} : { details }) }
})

const REGISTRATION = new Set(["CreateKKTRegApp", "KKTRegApp", "CreateKKTRe-RegApp", "KKTRegCard", "CreateKKTRemovalApp"])

const page = <A>(all: ReadonlyArray<A>, query: URLSearchParams, max: number, cap?: number): { records: ReadonlyArray<A>; error?: Reply } => {
  const pn = Number(query.get("pn") ?? "1")
  const ps = Math.min(Number(query.get("ps") ?? "100"), cap ?? Infinity)
  if (!Number.isInteger(ps) || ps < 1 || ps > max) {
    return { records: [], error: vendor(400, 2201, "Некорректный формат запроса", `ps: 1–${max}`) }
  }
  return { records: all.slice((pn - 1) * ps, pn * ps) }
}

const envelope = (reportDate: string, total: number, filtered: number, records: ReadonlyArray<unknown>) => ({
  reportDate,
  counts: { recordCount: total, recordFilteredCount: filtered, recordInResponceCount: records.length },
  records
})

export const make = (options: FakeOptions = {}): Fake => {
  const chain = options.chain
  const maxPageSize = options.maxPageSize ?? 100
  const requests: Array<FakeRequest> = []
  const tokens: Array<string> = []
  const lastUse = new Map<string, number>()
  /** OAuth access tokens live `expires_in` from issue, not 5 minutes from last use. */
  const expiresAt = new Map<string, number>()
  const inFlight = { current: 0, max: 0 }
  let revokedBefore = 0

  const handle = (req: FakeRequest, now: number): Reply => {
    const intercepted = options.intercept?.(req)
    if (intercepted !== undefined) return intercepted
    const nowLocal = LocalDateTime.fromInstant(now, TIME_ZONE)
    const reportDate = nowLocal
    const q = req.query

    if (req.path === "Login") {
      if (req.headers["integrator-id"] !== INTEGRATOR_ID) return vendor(401, 2108, "Ошибка авторизации", "Некорректное значение параметра Integrator-ID")
      const body = JSON.parse(req.body) as { login?: string; password?: string }
      if (body.login !== LOGIN || body.password !== PASSWORD) return vendor(401, 2108, "Ошибка авторизации", "Некорректная пара логин/пароль")
      const token = `tok-${tokens.length + 1}-a1b2c3d4e5`
      tokens.push(token)
      lastUse.set(token, now)
      return { status: 200, body: { sessionToken: token } }
    }
    if (req.path === "CertificateLogin") {
      const token = `tok-${tokens.length + 1}-cert9f8e7d`
      tokens.push(token)
      lastUse.set(token, now)
      return { status: 200, body: { sessionToken: `ENC[${token}]` } }
    }
    if (req.path === "core/connect/token") {
      const expected = "Basic " + Buffer.from("client-42:oauth-Secret-XYZ").toString("base64")
      if (req.headers["authorization"] !== expected) return { status: 401, body: { error: "invalid_client" } }
      const form = new URLSearchParams(req.body)
      if (form.get("grant_type") !== "authorization_code" || !form.get("code")?.startsWith("code-")) {
        return { status: 400, body: { error: "invalid_grant" } }
      }
      const token = `tok-${tokens.length + 1}-oauth5566`
      tokens.push(token)
      lastUse.set(token, now)
      expiresAt.set(token, now + (options.oauthExpiresIn ?? 3_600_000))
      return { status: 200, body: { access_token: token, expires_in: options.oauthExpiresIn ?? 3_600_000, token_type: "Bearer" } }
    }

    // Everything else needs a session, or an integration token for the registration group.
    const integration = req.headers["integration-token"]
    if (integration !== undefined && REGISTRATION.has(req.path)) {
      if (integration !== "integ-T0ken-8899" || req.headers["integrator-id"] !== INTEGRATOR_ID) {
        return vendor(401, 2112, "Некорректная пара Integrator-ID/Integration-Token")
      }
    } else {
      const token = req.headers["session-token"]
      if (token === undefined) return vendor(401, 2110, "Не указан маркер временного доступа")
      const used = lastUse.get(token)
      const index = tokens.indexOf(token)
      const expiry = expiresAt.get(token)
      const expired = expiry !== undefined ? now >= expiry : used === undefined || now - used > 5 * 60_000
      if (used === undefined || expired || index < revokedBefore) {
        return vendor(401, 2109, "Истек срок действия маркера доступа", "Требуется повторная авторизация")
      }
      lastUse.set(token, now)
    }

    switch (req.path) {
      case "AccountList":
        return {
          status: 200,
          body: { reportDate, counts: { recordCount: 1, recordFilteredCount: 1 }, records: [{ agreementNumber: "A-1", companyName: "ООО Ромашка", inn: "7700000000" }] }
        }
      case "DepartmentList": {
        const all = (chain?.departments ?? []).map((d) => Schema.encodeSync(Wire.Departments.DepartmentFromWire)(d))
        const p = page(all, q, maxPageSize, options.capPageSize)
        return p.error ?? { status: 200, body: envelope(reportDate, all.length, all.length, p.records) }
      }
      case "OutletList": {
        const id = q.get("id")
        const outlets = (chain?.outlets ?? []).filter((o) => id === null || ancestorsOrSelf(chain!, o.departmentId).includes(id))
        if (id !== null && !chain?.departments.some((d) => d.id === id)) return vendor(404, 3104, "Подразделение не найдено", `ИД подразделения: ${id}`)
        const all = outlets.map((o) => Schema.encodeSync(Wire.Outlets.OutletFromWire)(o.outlet))
        const p = page(all, q, maxPageSize, options.capPageSize)
        return p.error ?? { status: 200, body: envelope(reportDate, chain?.outlets.length ?? 0, all.length, p.records) }
      }
      case "KKTList": {
        const id = q.get("id")
        const o = chain?.outlets.find((x) => x.outlet.id === id)
        if (o === undefined) return vendor(404, 3102, "Торговая точка не найдена", `ИД торговой точки: ${id}`)
        const all = chain!.registers.filter((r) => r.outletId === id).map((r) => Schema.encodeSync(Wire.Kkt.KktFromWire)(r.kkt))
        const p = page(all, q, maxPageSize, options.capPageSize)
        return p.error ?? {
          status: 200,
          body: {
            ...envelope(reportDate, all.length, all.length, p.records),
            outlet: { id: o.outlet.id, name: o.outlet.name, code: o.outlet.code, address: o.outlet.address }
          }
        }
      }
      case "FnHistory": {
        const r = chain?.registers.find((x) => x.kkt.regNumber === q.get("kktRegNumber"))
        if (r === undefined) return vendor(404, 3103, "ККТ не найдена", `ККТ с номером ФН: ${q.get("kktRegNumber")}`)
        const records = r.drives.map((d, i) => ({ fn: d.fn, status: i === r.drives.length - 1 ? "Active" : "Notactive" }))
        return { status: 200, body: envelope(reportDate, records.length, records.length, records) }
      }
      case "ShiftList": {
        const fn = q.get("fn")
        if (!chain?.registers.some((r) => r.drives.some((d) => d.fn === fn))) return vendor(404, 3103, "ККТ не найдена", `ККТ с номером ФН: ${fn}`)
        const begin = q.get("begin") as LocalDateTime.LocalDateTime
        const end = q.get("end") as LocalDateTime.LocalDateTime
        const all = chain.shifts
          .filter((s) => s.totals.fn === fn && ShiftsReport.selects("all", s.totals, begin, end, nowLocal))
          .map((s) => ({
            fnFactoryNumber: s.totals.fn,
            shiftNumber: s.totals.number,
            openDateTime: s.totals.openedAt,
            closeDateTime: s.totals.closedAt,
            receiptCount: s.totals.income.receiptCount
          }))
        const p = page(all, q, maxPageSize, options.capPageSize)
        return p.error ?? { status: 200, body: envelope(reportDate, all.length, all.length, p.records) }
      }
      case "ShiftInfo": {
        const s = chain?.shifts.find((x) => x.totals.fn === q.get("fn") && String(x.totals.number) === q.get("shift"))
        if (s === undefined) return vendor(404, 3105, "Смена не найдена", `Номер смены: ${q.get("shift")}`)
        return { status: 200, body: Schema.encodeSync(Wire.Shifts.ShiftInfo)({ ...s.totals, reportDate }) }
      }
      case "DocumentList": {
        const s = chain?.shifts.find((x) => x.totals.fn === q.get("fn") && String(x.totals.number) === q.get("shift"))
        if (s === undefined) return vendor(404, 3105, "Смена не найдена", `Номер смены: ${q.get("shift")}`)
        const types = q.getAll("type").map(Number)
        const docs = documentsOf(s).filter((d) => types.length === 0 || types.includes(d.type))
        const all = docs.map((d) => Schema.encodeSync(Wire.Documents.DocumentSummaryFromWire)(d))
        const p = page(all, q, maxPageSize, options.capPageSize)
        return p.error ?? { status: 200, body: envelope(reportDate, all.length, all.length, p.records) }
      }
      case "kktstat/shifts": {
        if (options.kktstatRefused) return { status: 400, text: "" }
        const query = Schema.decodeUnknownSync(Wire.KktStat.ShiftsRequest)(JSON.parse(req.body))
        const span = LocalDateTime.toWallMillis(query.to) - LocalDateTime.toWallMillis(query.from)
        if (span >= 31 * 86_400_000) return vendor(400, 2201, "Некорректный формат запроса", "Максимальный период – 31 день")
        const include = query.includePeriod ?? "all"
        const rows = (chain?.shifts ?? [])
          .filter((s) => ShiftsReport.selects(include, s.totals, query.from, query.to, nowLocal))
          .filter((s) => {
            const r = registerOfShift(chain!, s)
            if (query.kktRegNumber !== undefined && r.kkt.regNumber !== query.kktRegNumber) return false
            if (query.outletId !== undefined && r.outletId !== query.outletId) return false
            if (query.departmentId !== undefined) {
              const d = departmentOf(chain!, r.outletId)
              if (!ancestorsOrSelf(chain!, d?.id ?? null).includes(query.departmentId)) return false
            }
            return true
          })
          .map((s) => rowOf(chain!, s))
        const groupBy = query.groupBy ?? "none"
        return {
          status: 200,
          body: Schema.encodeSync(Wire.KktStat.ShiftsResponse)({ groupBy, created: reportDate, rows: ShiftsReport.aggregate(rows, groupBy) })
        }
      }
      case "NewDocuments": {
        const feed = options.feed ?? []
        const id = q.get("id")
        let start = 0
        if (id !== null) {
          const i = feed.findIndex((e) => e.document.id === id)
          if (i < 0 || feed[i]!.receivedAt < now - 21 * 86_400_000) return vendor(400, 2203, "Некорректный ID документа")
          start = i + 1
        }
        const limit = options.feedBatchLimit ?? 10_000
        const batch = feed
          .slice(start)
          .filter((e) => e.receivedAt <= now && e.receivedAt >= now - 21 * 86_400_000)
          .slice(0, limit)
          .map((e) => e.document)
        return { status: 200, body: Schema.encodeSync(Wire.NewDocuments.NewDocuments)({ reportDate, documents: batch }) }
      }
      case "KKTRegCard":
      case "PrintDocument/pdf":
        return { status: 200, text: "%PDF-1.4 fake", headers: { "content-type": "application/pdf" } }
      case "PrintDocument/html":
        return { status: 200, text: "<html>чек</html>", headers: { "content-type": "text/html; charset=utf-8" } }
      case "CreateKKTRegApp":
      case "CreateKKTRe-RegApp":
      case "CreateKKTRemovalApp":
        return { status: 200, body: { applicationNumber: "APP-1", applicationDate: reportDate } }
      default:
        return { status: 404, body: { Message: `No HTTP resource was found that matches the request URI '${req.pathname}'.` } }
    }
  }

  const regPrefix = options.registrationPrefix ?? "/API/v2/"
  const pathOf = (pathname: string): string => {
    if (pathname.startsWith(regPrefix) && REGISTRATION.has(pathname.slice(regPrefix.length))) return pathname.slice(regPrefix.length)
    if (pathname.startsWith("/API/v2/")) return pathname.slice("/API/v2/".length)
    return pathname.replace(/^\//, "")
  }

  const client = HttpClient.make((request: HttpClientRequest.HttpClientRequest, url: URL) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      const req: FakeRequest = {
        n: requests.length + 1,
        method: request.method,
        path: pathOf(url.pathname),
        pathname: url.pathname,
        query: url.searchParams,
        headers: { ...request.headers },
        body,
        at: now
      }
      requests.push(req)
      inFlight.current++
      inFlight.max = Math.max(inFlight.max, inFlight.current)
      // Yield (or wait) so concurrent requests overlap, as they would on a network.
      const latency = typeof options.latency === "function" ? options.latency(req) : options.latency
      if (latency !== undefined) yield* Effect.sleep(latency)
      else yield* Effect.yieldNow()
      const reply = handle(req, now)
      inFlight.current--
      if (reply.status === -1) {
        return yield* Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", description: "socket hang up (ECONNRESET)" })
        )
      }
      const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body))
      const headers = reply.headers ?? (reply.body === undefined ? {} : { "content-type": "application/json; charset=utf-8" })
      return HttpClientResponse.fromWeb(request, new Response(text === "" ? null : text, { status: reply.status, headers }))
    })
  )

  return {
    layer: Layer.succeed(HttpClient.HttpClient, client),
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    tokens,
    expireTokens: () => {
      revokedBefore = tokens.length
    },
    inFlight
  }
}
