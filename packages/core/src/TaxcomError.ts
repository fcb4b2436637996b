/**
 * Every failure of a Taxcom call a caller can act on, as tagged errors.
 *
 * The vendor's error table (section 5 of the v2.8 document) has one error class per family — authentication,
 * request, registry, not found, conflict/refused, application, server — each carrying the API code, the HTTP status,
 * the method and the vendor's details. Failures that never reached the vendor's error handler get their own:
 * an HTTP status without a vendor body, a transport fault, a timeout, an answer that does not decode, an input that
 * does not encode, and a session that cannot be opened.
 *
 * The errors are `Schema.TaggedError`s so a job runner can persist them; none of them ever holds a password, a
 * token, a request body or a request object (platform errors are reduced to their description at the client's edge).
 */
import { Schema } from "effect"

/** Request parameters worth showing in an error: identifiers such as `fn`, `shift`, `fd`, `id` (never secrets). */
const Params = Schema.Record({ key: Schema.String, value: Schema.String })

const apiFields = {
  /** The vendor's `apiErrorCode`. */
  apiCode: Schema.Int,
  /** The HTTP status of the answer. */
  httpStatus: Schema.Int,
  /** The vendor method, as in {@link Methods}: `ShiftInfo`, `kktstat/shifts`. */
  method: Schema.String,
  /** The vendor's `commonDescription`. */
  description: Schema.NullOr(Schema.String),
  /** The vendor's `details` (for 3101–3105 the identifier that was not found). */
  details: Schema.NullOr(Schema.String),
  /** The identifiers the request carried (query parameters), for context. */
  params: Params
}

const renderParams = (p: Readonly<Record<string, string>>): string => {
  const entries = Object.entries(p)
  return entries.length === 0 ? "" : ` [${entries.map(([k, v]) => `${k}=${v}`).join(", ")}]`
}

const apiMessage = (
  e: { apiCode: number; httpStatus: number; method: string; description: string | null; details: string | null; params: Readonly<Record<string, string>> },
  what: string
): string =>
  `${e.method}: ${what} (Taxcom ${e.apiCode}, HTTP ${e.httpStatus}${e.description ? `: ${e.description}` : ""}${
    e.details ? ` — ${e.details}` : ""
  })${renderParams(e.params)}`

// --- the vendor's families ---------------------------------------------------------------------------------------

/**
 * Why authentication failed (2101–2112): a certificate problem (2101–2107), wrong login/password/agreement/integrator
 * (2108), an expired (2109) or missing (2110) session token, missing rights (2111), a wrong integration token (2112).
 */
export const AuthenticationReason = Schema.Literal(
  "certificate",
  "credentials",
  "tokenExpired",
  "tokenMissing",
  "forbidden",
  "integrationToken"
)
export type AuthenticationReason = typeof AuthenticationReason.Type

/** 2101–2112. The client re-logs in once by itself on `tokenExpired`/`tokenMissing`; the others need a person. */
export class AuthenticationError extends Schema.TaggedError<AuthenticationError>()("AuthenticationError", {
  ...apiFields,
  reason: AuthenticationReason
}) {
  override get message(): string {
    return apiMessage(this, `authentication failed (${this.reason})`)
  }
}

export const InvalidRequestReason = Schema.Literal("format", "contentType", "documentId")
export type InvalidRequestReason = typeof InvalidRequestReason.Type

/** 2201 malformed request (the details list the problems), 2202 wrong Content-Type, 2203 wrong document id. */
export class InvalidRequestError extends Schema.TaggedError<InvalidRequestError>()("InvalidRequestError", {
  ...apiFields,
  reason: InvalidRequestReason
}) {
  override get message(): string {
    return apiMessage(this, `the service rejected the request (${this.reason})`)
  }
}

export const RegistryEntity = Schema.Literal("kktModel", "fnModel", "regionCode")
export type RegistryEntity = typeof RegistryEntity.Type

/** 2301–2303: a KKT model, FN model or region code is not in the tax service's registry. */
export class RegistryError extends Schema.TaggedError<RegistryError>()("RegistryError", {
  ...apiFields,
  entity: RegistryEntity,
  /** The value the registry did not know, read from the details (`Модель ККТ: {0}`). */
  value: Schema.NullOr(Schema.String)
}) {
  override get message(): string {
    return apiMessage(this, `${this.entity} ${this.value === null ? "" : `${JSON.stringify(this.value)} `}is not in the registry`)
  }
}

/**
 * What was not found (3101–3107): a document by FD number (3101), an outlet (3102), a register by its FN (3103),
 * a department (3104), a shift (3105), any register the user may see (3106: no rights or the method is not enabled
 * for the contract), a registration report (3107).
 */
export const NotFoundEntity = Schema.Literal("document", "outlet", "kkt", "department", "shift", "anyKkt", "registrationReport")
export type NotFoundEntity = typeof NotFoundEntity.Type

const entityLabel: Record<NotFoundEntity, string> = {
  document: "document",
  outlet: "outlet",
  kkt: "register (by FN)",
  department: "department",
  shift: "shift",
  anyKkt: "any register this user may see",
  registrationReport: "registration report"
}

/** 3101–3107. */
export class NotFoundError extends Schema.TaggedError<NotFoundError>()("NotFoundError", {
  ...apiFields,
  entity: NotFoundEntity,
  /** The identifier that was not found: from the details (`Номер смены: {0}`) or, failing that, the request. */
  key: Schema.NullOr(Schema.String)
}) {
  override get message(): string {
    return apiMessage(this, `${entityLabel[this.entity]}${this.key === null ? "" : ` ${this.key}`} not found`)
  }
}

export const ConflictReason = Schema.Literal(
  "fnAlreadyRegistered",
  "regNumberAlreadyRegistered",
  "kktModelMissing",
  "invalidActivationCode",
  "partnerNotFound"
)
export type ConflictReason = typeof ConflictReason.Type

/** 3201–3205: the register already exists (by FN or registration number), or a registration report was refused. */
export class ConflictError extends Schema.TaggedError<ConflictError>()("ConflictError", {
  ...apiFields,
  reason: ConflictReason
}) {
  override get message(): string {
    return apiMessage(this, `refused (${this.reason})`)
  }
}

/** 3301: no (re-)registration application, no registration number or no registration card yet for this FN. */
export class ApplicationNotFoundError extends Schema.TaggedError<ApplicationNotFoundError>()("ApplicationNotFoundError", {
  ...apiFields
}) {
  override get message(): string {
    return apiMessage(this, "no registration application found")
  }
}

/** 5101 internal error, 5102 unhandled exception: transient, retried for calls that are safe to repeat. */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", {
  ...apiFields,
  /** `Retry-After` of the answer, when it had one. */
  retryAfterMillis: Schema.NullOr(Schema.Number)
}) {
  override get message(): string {
    return apiMessage(this, "server error")
  }
}

/** A vendor error body with a code outside the v2.8 table (a newer service version). */
export class UnknownApiError extends Schema.TaggedError<UnknownApiError>()("UnknownApiError", {
  ...apiFields
}) {
  override get message(): string {
    return apiMessage(this, "error")
  }
}

// --- failures outside the vendor's table -------------------------------------------------------------------------

/**
 * An HTTP error status without a vendor error body: a gateway's 502–504, 408, 429, an ASP.NET 405, or `kktstat/*`
 * answering 400 with an empty message (reported for some accounts).
 */
export class HttpStatusError extends Schema.TaggedError<HttpStatusError>()("HttpStatusError", {
  method: Schema.String,
  httpStatus: Schema.Int,
  /** The start of the body (ASP.NET's `Message` when there is one), at most 200 characters. */
  body: Schema.String,
  /** `Retry-After` of the answer in milliseconds, when it had one. */
  retryAfterMillis: Schema.NullOr(Schema.Number),
  params: Params
}) {
  override get message(): string {
    return `${this.method}: HTTP ${this.httpStatus}${this.body === "" ? "" : `: ${this.body}`}${
      this.retryAfterMillis === null ? "" : ` (retry after ${this.retryAfterMillis} ms)`
    }${renderParams(this.params)}`
  }
}

/** The request did not get an answer: connection refused or reset, DNS, TLS (`Transport`), or it could not be built. */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  method: Schema.String,
  reason: Schema.Literal("Transport", "Encode", "InvalidUrl", "Body"),
  description: Schema.String
}) {
  override get message(): string {
    return this.reason === "Transport"
      ? `${this.method}: cannot reach the service at ${this.description}`
      : `${this.method}: ${this.reason} failure: ${this.description}`
  }
}

/** No complete answer within the per-request timeout. */
export class TimeoutError extends Schema.TaggedError<TimeoutError>()("TimeoutError", {
  method: Schema.String,
  timeoutMillis: Schema.Number
}) {
  override get message(): string {
    return `${this.method}: no answer within ${this.timeoutMillis} ms`
  }
}

export const Issue = Schema.Struct({ path: Schema.String, message: Schema.String })
export type Issue = typeof Issue.Type

/** The answer is not what the wire schema of the method expects. `path` is a JSON path: `$.records[3].fnFactoryNumber`. */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  method: Schema.String,
  httpStatus: Schema.Int,
  /** Path of the first problem. */
  path: Schema.String,
  /** Every problem found (at most 20). */
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    const first = this.issues[0]
    const more = this.issues.length > 1 ? ` (+${this.issues.length - 1} more)` : ""
    return `${this.method}: cannot read the answer at ${this.path}: ${first?.message ?? "invalid"}${more}`
  }
}

/** A value passed to the client does not encode to the method's wire form. */
export class InvalidInputError extends Schema.TaggedError<InvalidInputError>()("InvalidInputError", {
  method: Schema.String,
  path: Schema.String,
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    return `${this.method}: invalid input at ${this.path}: ${this.issues[0]?.message ?? "invalid"}`
  }
}

/**
 * A session could not be opened on the client's side: no credentials configured for a method that needs a session,
 * no {@link TokenDecryptor} for certificate login, the decryptor failed, no OAuth authorization code.
 */
export class SessionError extends Schema.TaggedError<SessionError>()("SessionError", {
  method: Schema.String,
  reason: Schema.Literal("noCredentials", "noDecryptor", "decryptionFailed", "noAuthorizationCode"),
  description: Schema.String
}) {
  override get message(): string {
    return `${this.method}: cannot open a session (${this.reason}): ${this.description}`
  }
}

/** Errors of the vendor's table. */
export type ApiError =
  | AuthenticationError
  | InvalidRequestError
  | RegistryError
  | NotFoundError
  | ConflictError
  | ApplicationNotFoundError
  | ServerError
  | UnknownApiError

/** Every error a {@link TaxcomClient} call can fail with. */
export type TaxcomError =
  | ApiError
  | HttpStatusError
  | TransportError
  | TimeoutError
  | DecodeError
  | InvalidInputError
  | SessionError

const API_TAGS: ReadonlySet<string> = new Set([
  "AuthenticationError",
  "InvalidRequestError",
  "RegistryError",
  "NotFoundError",
  "ConflictError",
  "ApplicationNotFoundError",
  "ServerError",
  "UnknownApiError"
])

/** Whether the error came from the vendor's error table (it has an `apiCode`). */
export const isApiError = (e: TaxcomError): e is ApiError => API_TAGS.has(e._tag)

/** HTTP statuses retried without a vendor body: request timeout, too many requests, gateway faults. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504])

/**
 * Whether a fault is transient — worth sending the same request again: 5101/5102, HTTP 408, 429, 502–504,
 * a transport fault (connection reset, refused) or a timeout. Only calls that are safe to repeat are ever retried.
 */
export const isTransient = (e: TaxcomError): boolean => {
  switch (e._tag) {
    case "ServerError":
      return true
    case "HttpStatusError":
      return TRANSIENT_STATUSES.has(e.httpStatus)
    case "TransportError":
      return e.reason === "Transport" || e.reason === "Body"
    case "TimeoutError":
      return true
    default:
      return false
  }
}

/** The wait the service asked for (`Retry-After`), if any. */
export const retryAfterMillis = (e: TaxcomError): number | null =>
  e._tag === "HttpStatusError" || e._tag === "ServerError" ? e.retryAfterMillis : null

/** Whether the session token was refused as expired (2109) or missing (2110): one silent re-login is due. */
export const isSessionExpired = (e: TaxcomError): e is AuthenticationError =>
  e._tag === "AuthenticationError" && (e.reason === "tokenExpired" || e.reason === "tokenMissing")

/**
 * Whether `kktstat/*` is unavailable to this account — HTTP 400 without a vendor body (reported by an integrator),
 * or no rights (2111) — so the report should be built from ShiftList + ShiftInfo instead.
 */
export const isKktStatRefused = (e: TaxcomError): boolean =>
  e.method.startsWith("kktstat/") &&
  ((e._tag === "HttpStatusError" && e.httpStatus === 400) || (e._tag === "AuthenticationError" && e.reason === "forbidden"))

/** The identifier in the details of a 23xx/31xx error: the text after the last colon (`Номер смены: 42` → `42`). */
const valueOfDetails = (details: string | null): string | null => {
  if (details === null) return null
  const i = details.lastIndexOf(":")
  const v = (i >= 0 ? details.slice(i + 1) : "").trim()
  return v === "" ? null : v
}

/** Which request parameter names the entity a not-found error is about. */
const NOT_FOUND_PARAM: Record<NotFoundEntity, ReadonlyArray<string>> = {
  document: ["fd", "id"],
  outlet: ["id"],
  kkt: ["fn", "kktRegNumber"],
  department: ["id"],
  shift: ["shift"],
  anyKkt: [],
  registrationReport: ["id"]
}

export interface ErrorContext {
  readonly method: string
  readonly httpStatus: number
  readonly params: Readonly<Record<string, string>>
  readonly retryAfterMillis?: number | null
}

/** A vendor error body: `{httpErrorCode, apiErrorCode, commonDescription, details}`. */
export interface VendorErrorBody {
  readonly apiErrorCode: number
  readonly httpErrorCode?: number
  readonly commonDescription?: string | null | undefined
  readonly details?: string | null | undefined
}

/** Maps a vendor error body to the tagged error of its family. */
export const fromErrorBody = (body: VendorErrorBody, ctx: ErrorContext): ApiError => {
  const code = body.apiErrorCode
  const base = {
    apiCode: code,
    httpStatus: ctx.httpStatus,
    method: ctx.method,
    description: body.commonDescription ?? null,
    details: body.details ?? null,
    params: { ...ctx.params }
  }
  if (code >= 2101 && code <= 2112) {
    const reason: AuthenticationReason = code <= 2107
      ? "certificate"
      : code === 2108
      ? "credentials"
      : code === 2109
      ? "tokenExpired"
      : code === 2110
      ? "tokenMissing"
      : code === 2111
      ? "forbidden"
      : "integrationToken"
    return new AuthenticationError({ ...base, reason })
  }
  if (code >= 2201 && code <= 2203) {
    return new InvalidRequestError({ ...base, reason: code === 2201 ? "format" : code === 2202 ? "contentType" : "documentId" })
  }
  if (code >= 2301 && code <= 2303) {
    return new RegistryError({
      ...base,
      entity: code === 2301 ? "kktModel" : code === 2302 ? "fnModel" : "regionCode",
      value: valueOfDetails(base.details)
    })
  }
  if (code >= 3101 && code <= 3107) {
    const entity: NotFoundEntity = (["document", "outlet", "kkt", "department", "shift", "anyKkt", "registrationReport"] as const)[code - 3101]!
    const fromParams = NOT_FOUND_PARAM[entity].map((p) => ctx.params[p]).find((v) => v !== undefined) ?? null
    const key = entity === "anyKkt" ? null : valueOfDetails(base.details) ?? fromParams
    return new NotFoundError({ ...base, entity, key })
  }
  if (code >= 3201 && code <= 3205) {
    const reason = (["fnAlreadyRegistered", "regNumberAlreadyRegistered", "kktModelMissing", "invalidActivationCode", "partnerNotFound"] as const)[
      code - 3201
    ]!
    return new ConflictError({ ...base, reason })
  }
  if (code === 3301) return new ApplicationNotFoundError(base)
  if (code === 5101 || code === 5102) return new ServerError({ ...base, retryAfterMillis: ctx.retryAfterMillis ?? null })
  return new UnknownApiError(base)
}
