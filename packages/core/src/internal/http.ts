/**
 * One attempt of one vendor call: build the request from the method table, send it within the concurrency bound and
 * the rate limit, with a timeout, and turn the answer into JSON, bytes or a {@link TaxcomError}. Retries and sessions
 * are layered on top (internal/pipeline.ts). Platform errors stop here: only their description goes on.
 */
import { Headers, HttpClient, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import { Clock, Duration, Effect, FiberRef, type RateLimiter, Redacted } from "effect"
import type { MethodSpec } from "../Methods.js"
import * as TaxcomError from "../TaxcomError.js"

export interface Paths {
  /** Prefix of the main group: `/API/v2/`. */
  readonly api: string
  /** Prefix of the registration group: `/API/v2/` (document) or `/API/v2/fns/` (some help pages). */
  readonly registration: string
  /** Prefix of the OAuth endpoints: `/`. */
  readonly oauth: string
}

export interface Settings {
  readonly baseUrl: string
  readonly paths: Paths
  readonly integratorId: Redacted.Redacted<string>
  readonly requestTimeout: Duration.Duration
}

/** The credentials a request carries. */
export type Auth =
  | { readonly _tag: "None" }
  /** `Integrator-ID` only (Login, CertificateLogin). */
  | { readonly _tag: "Integrator" }
  | { readonly _tag: "Session"; readonly token: Redacted.Redacted<string> }
  /** `Integration-Token` + `Integrator-ID` (registration methods). */
  | { readonly _tag: "Integration"; readonly token: Redacted.Redacted<string> }
  /** HTTP Basic client authentication (OAuth token endpoint). */
  | { readonly _tag: "Basic"; readonly user: string; readonly secret: Redacted.Redacted<string> }

export type QueryValue = string | number | ReadonlyArray<string | number> | undefined
export type Query = Readonly<Record<string, QueryValue>>

export type Body =
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Form"; readonly value: Readonly<Record<string, string>> }

export interface Call {
  readonly spec: MethodSpec
  readonly auth: Auth
  readonly query?: Query | undefined
  readonly body?: Body | undefined
  /** Absolute URL instead of base URL + group prefix + path (the OAuth token endpoint may live elsewhere). */
  readonly url?: string | undefined
}

export type Answer =
  | { readonly _tag: "Json"; readonly status: number; readonly value: unknown }
  | { readonly _tag: "Binary"; readonly status: number; readonly bytes: Uint8Array; readonly contentType: string }

/** Headers whose values never reach a span or a log (added to the platform's own list: authorization, cookies). */
export const SECRET_HEADERS: ReadonlyArray<string> = ["session-token", "integration-token", "integrator-id"]

const joinUrl = (base: string, prefix: string, path: string): string => {
  const b = base.endsWith("/") ? base.slice(0, -1) : base
  const p = (prefix.startsWith("/") ? prefix : "/" + prefix)
  return b + (p.endsWith("/") ? p : p + "/") + path
}

/** The URL of a method: base URL + its group's prefix + its path. */
export const urlOf = (settings: Settings, spec: MethodSpec): string =>
  joinUrl(settings.baseUrl, settings.paths[spec.group], spec.path)

/** Query parameters as strings, for error context. */
export const paramsOf = (query: Query | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  if (query === undefined) return out
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue
    out[k] = Array.isArray(v) ? v.join(",") : String(v)
  }
  return out
}

/** `Retry-After`: delta-seconds or an HTTP date. */
export const parseRetryAfter = (value: string | undefined, nowMillis: number): number | null => {
  if (value === undefined) return null
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const date = Date.parse(v)
  return Number.isNaN(date) ? null : Math.max(0, date - nowMillis)
}

const MAX_SNIPPET = 200

/** Replaces every occurrence of a secret in a text the service sent back (defence in depth: errors never echo them). */
export const scrub = (text: string, secrets: ReadonlyArray<string>): string => {
  let out = text
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join("<redacted>")
  return out
}

interface VendorBody {
  readonly apiErrorCode: number
  readonly httpErrorCode?: number
  readonly commonDescription?: string | null
  readonly details?: string | null
}

const asVendorBody = (u: unknown): VendorBody | undefined => {
  if (typeof u !== "object" || u === null) return undefined
  const o = u as Record<string, unknown>
  // The server binds names case-insensitively and a proxy might re-case them: accept either case.
  const code = o.apiErrorCode ?? o.ApiErrorCode
  if (typeof code !== "number" || !Number.isInteger(code)) return undefined
  const str = (v: unknown) => (typeof v === "string" ? v : null)
  return {
    apiErrorCode: code,
    commonDescription: str(o.commonDescription ?? o.CommonDescription),
    details: str(o.details ?? o.Details)
  }
}

/**
 * What an HTML page says, in one line: a proxy or gateway in front of the service (nginx's 502, a captive portal)
 * answers with a page, and its `<title>` (or first heading) is what a person needs, not the markup. Null when the
 * text is not HTML.
 */
export const htmlSummary = (text: string, contentType: string | undefined): string | null => {
  const t = text.trimStart()
  const html = /^text\/html\b/i.test(contentType ?? "") || /^<(!doctype\s+html|html|head|body)\b/i.test(t)
  if (!html) return null
  const pick = (re: RegExp) => re.exec(t)?.[1]?.replace(/<[^>]*>/g, " ")
  const title = pick(/<title[^>]*>([\s\S]*?)<\/title>/i) ?? pick(/<h1[^>]*>([\s\S]*?)<\/h1>/i) ??
    t.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")
  const line = title.replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/\s+/g, " ").trim()
  return `${line === "" ? "an empty page" : line.slice(0, 120)} (an HTML page, not the service's JSON: a proxy or gateway answered)`
}

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export interface Transport {
  /** Sends one request and reads its answer; never retries. */
  readonly send: (call: Call) => Effect.Effect<Answer, TaxcomError.TaxcomError>
}

export const make = (options: {
  readonly settings: Settings
  readonly client: HttpClient.HttpClient
  readonly permits: Effect.Semaphore
  readonly limiter: RateLimiter.RateLimiter
  /** The secret values in use now, to scrub from anything the service echoes. */
  readonly secrets: () => ReadonlyArray<string>
}): Transport => {
  const { client, limiter, permits, secrets, settings } = options
  const timeoutMillis = Duration.toMillis(settings.requestTimeout)

  const build = (call: Call): HttpClientRequest.HttpClientRequest => {
    const url = call.url ?? urlOf(settings, call.spec)
    let req = call.spec.http === "GET" ? HttpClientRequest.get(url) : HttpClientRequest.post(url)
    if (call.query !== undefined) {
      for (const [k, v] of Object.entries(call.query)) {
        if (v === undefined) continue
        if (Array.isArray(v)) for (const item of v) req = HttpClientRequest.appendUrlParam(req, k, String(item))
        else req = HttpClientRequest.setUrlParam(req, k, String(v))
      }
    }
    req = call.spec.response === "binary" ? HttpClientRequest.accept(req, "*/*") : HttpClientRequest.acceptJson(req)
    switch (call.auth._tag) {
      case "Integrator":
        req = HttpClientRequest.setHeader(req, "Integrator-ID", Redacted.value(settings.integratorId))
        break
      case "Session":
        req = HttpClientRequest.setHeader(req, "Session-Token", Redacted.value(call.auth.token))
        break
      case "Integration":
        req = HttpClientRequest.setHeaders(req, {
          "Integration-Token": Redacted.value(call.auth.token),
          "Integrator-ID": Redacted.value(settings.integratorId)
        })
        break
      case "Basic":
        req = HttpClientRequest.basicAuth(req, call.auth.user, Redacted.value(call.auth.secret))
        break
      case "None":
        break
    }
    if (call.body !== undefined) {
      req = call.body._tag === "Json"
        ? HttpClientRequest.bodyUnsafeJson(req, call.body.value)
        : HttpClientRequest.bodyUrlParams(req, call.body.value)
    }
    return req
  }

  const method = (call: Call) => call.spec.name

  /**
   * What to scrub from an answer to `call`: the secrets in use now, and the one the request carried — after a
   * re-login elsewhere the token it sent is no longer the current one, and a service may quote it back.
   */
  const secretsOf = (call: Call): ReadonlyArray<string> => {
    const auth = call.auth
    const carried = auth._tag === "Session" || auth._tag === "Integration"
      ? Redacted.value(auth.token)
      : auth._tag === "Basic"
      ? Redacted.value(auth.secret)
      : undefined
    return carried === undefined ? secrets() : [...secrets(), carried]
  }

  const readError = (
    call: Call,
    response: HttpClientResponse.HttpClientResponse
  ): Effect.Effect<never, TaxcomError.TaxcomError> =>
    Effect.gen(function*() {
      const text = yield* response.text.pipe(Effect.orElseSucceed(() => ""))
      const now = yield* Clock.currentTimeMillis
      const retryAfter = parseRetryAfter(response.headers["retry-after"], now)
      const clean = scrub(text, secretsOf(call))
      const params = paramsOf(call.query)
      const parsed = tryJson(clean)
      const vendor = asVendorBody(parsed)
      if (vendor !== undefined) {
        return yield* Effect.fail(
          TaxcomError.fromErrorBody(vendor, { method: method(call), httpStatus: response.status, params, retryAfterMillis: retryAfter })
        )
      }
      const aspNet = typeof parsed === "object" && parsed !== null && typeof (parsed as { Message?: unknown }).Message === "string"
        ? (parsed as { Message: string }).Message
        : htmlSummary(clean, response.headers["content-type"]) ?? clean.replace(/\s+/g, " ")
      return yield* Effect.fail(
        new TaxcomError.HttpStatusError({
          method: method(call),
          httpStatus: response.status,
          body: aspNet.trim().slice(0, MAX_SNIPPET),
          retryAfterMillis: retryAfter,
          params
        })
      )
    })

  const readAnswer = (call: Call, response: HttpClientResponse.HttpClientResponse): Effect.Effect<Answer, TaxcomError.TaxcomError> => {
    if (response.status < 200 || response.status >= 300) return readError(call, response)
    const bodyError = (e: { readonly message: string }) =>
      new TaxcomError.TransportError({ method: method(call), reason: "Body", description: scrub(e.message, secretsOf(call)) })
    if (call.spec.response === "binary") {
      return response.arrayBuffer.pipe(
        Effect.mapError(bodyError),
        Effect.map((buf): Answer => ({
          _tag: "Binary",
          status: response.status,
          bytes: new Uint8Array(buf),
          contentType: response.headers["content-type"] ?? "application/octet-stream"
        }))
      )
    }
    return response.text.pipe(
      Effect.mapError(bodyError),
      Effect.flatMap((text) => {
        if (text.trim() === "") return Effect.succeed<Answer>({ _tag: "Json", status: response.status, value: null })
        const value = tryJson(text)
        if (value !== undefined) return Effect.succeed<Answer>({ _tag: "Json", status: response.status, value })
        // Say what came instead (scrubbed, one short line): a proxy's page, a truncated body, plain text. A login's
        // answer may carry a token no scrub list knows yet: only its type is shown.
        const clean = scrub(text, secretsOf(call))
        const type = response.headers["content-type"] ?? "no Content-Type"
        const login = call.spec.auth === "integrator" || call.spec.auth === "oauth-client"
        const seen = htmlSummary(clean, response.headers["content-type"]) ??
          (login ? type : `${type}, starting ${JSON.stringify(clean.trim().replace(/\s+/g, " ").slice(0, 60))}`)
        return Effect.fail(
          new TaxcomError.DecodeError({
            method: method(call),
            httpStatus: response.status,
            path: "$",
            issues: [{ path: "$", message: `the body is not JSON: ${seen}` }]
          })
        )
      })
    )
  }

  /**
   * What the platform says went wrong, down the cause chain: undici's `fetch failed` wraps the socket error
   * (`connect ECONNREFUSED 127.0.0.1:9`, `getaddrinfo ENOTFOUND host`) that a person can act on.
   */
  const causeText = (e: { readonly description?: string | undefined; readonly reason: string; readonly cause?: unknown }): string => {
    const parts: Array<string> = []
    if (e.description !== undefined) parts.push(e.description)
    let c: unknown = e.cause
    for (let depth = 0; depth < 4 && typeof c === "object" && c !== null; depth++) {
      const { cause, code, message } = c as { message?: unknown; code?: unknown; cause?: unknown }
      if (typeof message === "string" && message !== "" && !parts.some((p) => p.includes(message))) {
        parts.push(typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message)
      }
      c = cause
    }
    return parts.length > 0 ? parts.join(": ") : e.reason
  }

  const send = (call: Call): Effect.Effect<Answer, TaxcomError.TaxcomError> => {
    const request = build(call)
    const exchange = client.execute(request).pipe(
      Effect.catchAll((e) =>
        Effect.fail(
          new TaxcomError.TransportError({
            method: method(call),
            reason: e._tag === "RequestError" ? e.reason : "Body",
            // The platform error holds the request (headers, body): only its description goes on, scrubbed.
            description: `${new URL(settings.baseUrl).origin}: ${scrub(causeText(e), secretsOf(call))}`
          })
        )
      ),
      Effect.flatMap((response) => readAnswer(call, response)),
      Effect.timeoutFail({
        duration: settings.requestTimeout,
        onTimeout: () => new TaxcomError.TimeoutError({ method: method(call), timeoutMillis })
      })
    )
    return FiberRef.get(Headers.currentRedactedNames).pipe(
      Effect.flatMap((names) =>
        permits.withPermits(1)(limiter(exchange)).pipe(
          Effect.locally(Headers.currentRedactedNames, [...names, ...SECRET_HEADERS])
        )
      )
    )
  }

  return { send }
}

/** The client as given, for `transformClient` hooks. */
export type Client = HttpClient.HttpClient
