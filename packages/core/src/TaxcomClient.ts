/**
 * The Taxcom-Kassa API client: every method of the v2.8 document (sections 3–4) with typed inputs and domain
 * outputs, lists as Streams, and the service's rules handled inside — the session's sliding 5-minute token, retries
 * of transient faults for calls that are safe to repeat, a concurrency bound, a rate limiter, per-request timeouts,
 * `kktstat/shifts`'s 31-day limit, and the fiscal-drive hierarchy under which shift and FD numbers restart.
 *
 * Paths and wire schemas come from {@link Methods}, the one table of the vendor's methods.
 *
 * ```ts
 * const TaxcomLive = TaxcomClient.layer({ baseUrl, integratorId, credentials }).pipe(Layer.provide(FetchHttpClient.layer))
 * ```
 */
import { HttpClient } from "@effect/platform"
import {
  Clock,
  Config,
  ConfigError,
  Context,
  Duration,
  Effect,
  Layer,
  Option,
  ParseResult,
  RateLimiter,
  Redacted,
  Schema,
  type Scope,
  Stream
} from "effect"
import type * as Account from "./Account.js"
import type * as Department from "./Department.js"
import type * as FeedDocument from "./FeedDocument.js"
import type * as FiscalDocument from "./FiscalDocument.js"
import type * as FiscalDrive from "./FiscalDrive.js"
import type * as Hierarchy from "./Hierarchy.js"
import type * as Ids from "./Ids.js"
import * as Http from "./internal/http.js"
import * as Paging from "./internal/paging.js"
import * as Pipeline from "./internal/pipeline.js"
import * as SessionManager from "./internal/session.js"
import type * as Kkt from "./Kkt.js"
import type * as KktMonitoring from "./KktMonitoring.js"
import * as LocalDateTime from "./LocalDateTime.js"
import * as Methods from "./Methods.js"
import type * as Outlet from "./Outlet.js"
import type * as ProblemIndicator from "./ProblemIndicator.js"
import type * as Registration from "./Registration.js"
import * as Session from "./Session.js"
import type * as Shift from "./Shift.js"
import * as ShiftsReport from "./ShiftsReport.js"
import type * as ShiftTotals from "./ShiftTotals.js"
import * as TaxcomError from "./TaxcomError.js"
import type { Page } from "./wire/Common.js"

export type { Page } from "./wire/Common.js"

// --- options -----------------------------------------------------------------------------------------------------

export interface RateLimit {
  /** Requests allowed per `interval` (token bucket: bursts up to `limit`, then `limit` per `interval`). */
  readonly limit: number
  readonly interval: Duration.DurationInput
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  readonly times?: number | undefined
  /** First backoff delay, doubled each retry and jittered. Default 500 ms. */
  readonly baseDelay?: Duration.DurationInput | undefined
  /** Cap of one backoff delay. Default 10 s. */
  readonly maxDelay?: Duration.DurationInput | undefined
  /** The longest `Retry-After` waited for; a longer one fails the call (the error carries it). Default 2 minutes. */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
}

export interface Options {
  /** `https://api-lk-ofd.taxcom.ru` (production), `https://api-tlk-ofd.taxcom.ru` (test), or the sandbox. */
  readonly baseUrl: string
  /** The integrator id Taxcom issues (`Integrator-ID`). */
  readonly integratorId: Redacted.Redacted<string>
  /** How to open a session; omit for registration-only use with `integrationToken`. */
  readonly credentials?: Session.Credentials | undefined
  /** Integration token for the registration methods (sent with `Integrator-ID` instead of a session). */
  readonly integrationToken?: Redacted.Redacted<string> | undefined
  /**
   * IANA time zone of the account's timestamps (`Europe/Moscow` by default). Timestamps stay wall-clock
   * `LocalDateTime`s; the zone is used only where "now" is needed (open shifts, the feed's 21-day window).
   */
  readonly timeZone?: string | undefined
  /** Records per page of `pn`/`ps` lists: 1–1000, default 100 (v2.8 allows 100; a newer help page 1000). */
  readonly pageSize?: number | undefined
  /** Requests in flight at most, and pages fetched ahead. Default 4. */
  readonly concurrency?: number | undefined
  /** Client-side rate limit. Default 10 per second. */
  readonly rateLimit?: RateLimit | undefined
  /** Time allowed for one request and its answer. Default 60 s. */
  readonly requestTimeout?: Duration.DurationInput | undefined
  readonly retry?: RetryOptions | undefined
  readonly session?: {
    /** The service's idle lifetime of a session token. Default 5 minutes. */
    readonly idleTimeout?: Duration.DurationInput | undefined
    /**
     * How long before the lapse the client treats a token as spent. Default 2 s: the client counts idleness from
     * when it sent its last request, never later than the service received it, so the margin only covers the
     * variation of one request's transit; a wider one costs a needless login after every pause just under 5 minutes
     * (bench/token-economy.ts). An OAuth token's fixed lifetime is counted from the login's start, as safely.
     */
    readonly renewBefore?: Duration.DurationInput | undefined
  } | undefined
  /** Path prefixes per method group; `registration` may be `/API/v2/fns/` on some installations. */
  readonly paths?: Partial<Http.Paths> | undefined
  /** Longest period of one `kktstat/shifts` call, in days. Default 31. */
  readonly maxPeriodDays?: number | undefined
  /** A hook to adjust the HTTP client (proxy headers, tracing). */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/** The options as the client applies them. */
export interface Settings {
  readonly baseUrl: string
  readonly timeZone: string
  readonly pageSize: number
  readonly concurrency: number
  readonly rateLimit: { readonly limit: number; readonly interval: Duration.Duration }
  readonly requestTimeout: Duration.Duration
  readonly retry: Pipeline.RetrySettings
  readonly sessionIdleTimeout: Duration.Duration
  readonly sessionRenewBefore: Duration.Duration
  readonly paths: Http.Paths
  readonly maxPeriodDays: number
}

const invalid = (path: string, message: string) => ConfigError.InvalidData([path], message)

const resolveSettings = (o: Options): Effect.Effect<Settings, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const pageSize = o.pageSize ?? 100
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      return yield* Effect.fail(invalid("pageSize", `expected an integer 1–1000, got ${pageSize}`))
    }
    const concurrency = o.concurrency ?? 4
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      return yield* Effect.fail(invalid("concurrency", `expected a positive integer, got ${concurrency}`))
    }
    const limit = o.rateLimit?.limit ?? 10
    if (!Number.isInteger(limit) || limit < 1) {
      return yield* Effect.fail(invalid("rateLimit.limit", `expected a positive integer, got ${limit}`))
    }
    const maxPeriodDays = o.maxPeriodDays ?? 31
    if (!Number.isInteger(maxPeriodDays) || maxPeriodDays < 1) {
      return yield* Effect.fail(invalid("maxPeriodDays", `expected a positive integer, got ${maxPeriodDays}`))
    }
    const timeZone = o.timeZone ?? "Europe/Moscow"
    try {
      new Intl.DateTimeFormat("en-US", { timeZone })
    } catch {
      return yield* Effect.fail(invalid("timeZone", `not an IANA time zone: ${timeZone}`))
    }
    if (!URL.canParse(o.baseUrl)) return yield* Effect.fail(invalid("baseUrl", `not a URL: ${o.baseUrl}`))
    return {
      baseUrl: o.baseUrl,
      timeZone,
      pageSize,
      concurrency,
      rateLimit: { limit, interval: Duration.decode(o.rateLimit?.interval ?? "1 second") },
      requestTimeout: Duration.decode(o.requestTimeout ?? "60 seconds"),
      retry: {
        times: o.retry?.times ?? 4,
        baseDelay: Duration.decode(o.retry?.baseDelay ?? "500 millis"),
        maxDelay: Duration.decode(o.retry?.maxDelay ?? "10 seconds"),
        maxRetryAfter: Duration.decode(o.retry?.maxRetryAfter ?? "2 minutes")
      },
      sessionIdleTimeout: Duration.decode(o.session?.idleTimeout ?? "5 minutes"),
      sessionRenewBefore: Duration.decode(o.session?.renewBefore ?? "2 seconds"),
      paths: { api: "/API/v2/", registration: "/API/v2/", oauth: "/", ...o.paths },
      maxPeriodDays
    }
  })

// --- inputs and outputs ------------------------------------------------------------------------------------------

/** A PDF or HTML answer (PrintDocument, KKTRegCard). */
export interface BinaryDocument {
  readonly bytes: Uint8Array
  /** As the service labelled it: `application/pdf`, `text/html; charset=utf-8`. */
  readonly contentType: string
}

/** One page of a list: `page` from 1; `pageSize` defaults to the client's setting. */
export interface PageRequest {
  readonly page?: number | undefined
  readonly pageSize?: number | undefined
}

/** A period of wall-clock time in the account's zone, both ends included. */
export interface Period {
  readonly from: LocalDateTime.LocalDateTime
  readonly to: LocalDateTime.LocalDateTime
}

export interface DepartmentListRequest {
  readonly problem?: ProblemIndicator.ProblemIndicator | undefined
}

export interface OutletListRequest {
  /** The department (and its children) to list; all outlets when omitted. */
  readonly departmentId?: Ids.DepartmentId | string | undefined
  readonly problem?: ProblemIndicator.ProblemIndicator | undefined
}

export interface KktListRequest {
  readonly outletId: Ids.OutletId | string
  readonly problem?: ProblemIndicator.ProblemIndicator | undefined
}

/** A KKTList page: the registers and the outlet the service says they stand in. */
export interface KktPage extends Page<Kkt.Kkt> {
  readonly outlet: Outlet.OutletRef | null
}

export interface ShiftListRequest extends Period {
  readonly fn: Ids.FnNumber
}

export interface ShiftRequest {
  readonly fn: Ids.FnNumber
  readonly shift: Ids.ShiftNumber | number
}

export interface DocumentListRequest extends ShiftRequest {
  /** Document types to list (2, 21, 3, 31, 4, 41, 5); all when omitted. */
  readonly types?: ReadonlyArray<number> | undefined
}

export interface DocumentRequest {
  readonly fn: Ids.FnNumber
  readonly fd: Ids.FdNumber | number
}

export interface PrintRequest {
  /** The register's factory number (`kktId`). */
  readonly kktFactoryNumber: Ids.KktFactoryNumber | string
  /** The document's fiscal sign (`fp`). */
  readonly fiscalSign: string
}

export interface NewDocumentsRequest {
  /** The cabinet's contract number (`an`); every cabinet the user may see when omitted. */
  readonly agreementNumber?: string | undefined
  /** The feed id of the last document received (`id`); the earliest available when omitted. */
  readonly after?: Ids.FeedDocumentId | string | undefined
}

/** Filters of the shifts report; `includePeriod` as `kktstat/shifts` defines it (see {@link ShiftsReport.selects}). */
export interface ReportFilters extends Hierarchy.Filter {
  readonly includePeriod?: ShiftsReport.IncludePeriod | undefined
}

export interface DocumentsRequest extends Period, Hierarchy.Filter {
  readonly types?: ReadonlyArray<number> | undefined
}

type E = TaxcomError.TaxcomError

/** The client. Every method's failures are {@link TaxcomError.TaxcomError}s. */
export interface Service {
  readonly settings: Settings

  /** The account's wall-clock time now, in its time zone. */
  readonly now: Effect.Effect<LocalDateTime.LocalDateTime>
  /** Opens a session now (or confirms the current one): a cheap check that the credentials work. */
  readonly authenticate: Effect.Effect<void, E>
  /** Logins performed so far (for diagnostics). */
  readonly logins: Effect.Effect<number>

  // 3.2
  readonly accountList: Effect.Effect<Account.AccountList, E>
  // 3.3
  readonly departmentListPage: (request?: DepartmentListRequest & PageRequest) => Effect.Effect<Page<Department.Department>, E>
  readonly departmentList: (request?: DepartmentListRequest) => Stream.Stream<Department.Department, E>
  readonly departmentInfo: (id: Ids.DepartmentId | string) => Effect.Effect<Department.DepartmentSummary, E>
  // 3.4
  readonly outletListPage: (request?: OutletListRequest & PageRequest) => Effect.Effect<Page<Outlet.Outlet>, E>
  readonly outletList: (request?: OutletListRequest) => Stream.Stream<Outlet.Outlet, E>
  readonly outletInfo: (id: Ids.OutletId | string) => Effect.Effect<Outlet.OutletSummary, E>
  // 3.5
  readonly kktListPage: (request: KktListRequest & PageRequest) => Effect.Effect<KktPage, E>
  readonly kktList: (request: KktListRequest) => Stream.Stream<Kkt.Kkt, E>
  readonly fnHistory: (request: {
    readonly kktRegNumber: Ids.KktRegNumber | string
    readonly status?: FiscalDrive.FiscalDriveFilter | undefined
  }) => Effect.Effect<ReadonlyArray<FiscalDrive.FiscalDrive>, E>
  readonly kktInfo: (fn: Ids.FnNumber) => Effect.Effect<Kkt.KktDetail, E>
  // 3.6
  readonly shiftListPage: (request: ShiftListRequest & PageRequest) => Effect.Effect<Page<Shift.Shift>, E>
  readonly shiftList: (request: ShiftListRequest) => Stream.Stream<Shift.Shift, E>
  readonly shiftInfo: (request: ShiftRequest) => Effect.Effect<ShiftTotals.ShiftTotals, E>
  // 3.7
  readonly documentListPage: (request: DocumentListRequest & PageRequest) => Effect.Effect<Page<FiscalDocument.DocumentSummary>, E>
  readonly documentList: (request: DocumentListRequest) => Stream.Stream<FiscalDocument.DocumentSummary, E>
  /**
   * Every document of one shift in one array: the same requests as {@link Service.documentList}, for callers that
   * read shifts one by one (a Stream per shift costs more CPU than its pages).
   */
  readonly documentListAll: (request: DocumentListRequest) => Effect.Effect<ReadonlyArray<FiscalDocument.DocumentSummary>, E>
  readonly documentInfo: (request: DocumentRequest) => Effect.Effect<FiscalDocument.FiscalDocumentDetail, E>
  readonly documentUrl: (request: DocumentRequest) => Effect.Effect<string, E>
  readonly printDocumentHtml: (request: PrintRequest) => Effect.Effect<BinaryDocument, E>
  readonly printDocumentPdf: (request: PrintRequest) => Effect.Effect<BinaryDocument, E>
  // 3.8, 3.9 — the create methods are never retried: a repeated application would be a second application.
  readonly createKktRegApp: (request: Registration.RegistrationRequest) => Effect.Effect<Registration.ApplicationReceipt, E>
  readonly kktRegApp: (fn: Ids.FnNumber) => Effect.Effect<Registration.RegistrationResult, E>
  readonly createKktReRegApp: (request: Registration.ReRegistrationRequest) => Effect.Effect<Registration.ApplicationReceipt, E>
  readonly kktRegCard: (fn: Ids.FnNumber) => Effect.Effect<BinaryDocument, E>
  readonly createKktRemovalApp: (request: Registration.RemovalRequest) => Effect.Effect<Registration.ApplicationReceipt, E>
  // 3.10
  readonly draftList: Effect.Effect<ReadonlyArray<Registration.Draft>, E>
  readonly draftAccept: (
    acceptances: ReadonlyArray<Registration.DraftAcceptance>
  ) => Effect.Effect<ReadonlyArray<Registration.DraftAcceptResult>, E>
  // 3.11
  /** One `kktstat/shifts` call, as is (at most 31 days: see {@link Service.shiftsReport} for longer periods). */
  readonly kktStatShifts: (query: ShiftsReport.ShiftsReportQuery) => Effect.Effect<ShiftsReport.ShiftsReport, E>
  readonly kktStatKktInfoPage: (
    filter?: KktMonitoring.KktMonitoringFilter,
    page?: number
  ) => Effect.Effect<KktMonitoring.KktMonitoringPage, E>
  readonly kktStatKktInfo: (filter?: KktMonitoring.KktMonitoringFilter) => Stream.Stream<KktMonitoring.KktMonitoringRow, E>
  readonly kktStatDashboard: (thresholds?: KktMonitoring.DashboardThresholds) => Effect.Effect<KktMonitoring.Dashboard, E>
  // 4.1 — see NewDocumentsFeed for the polling Stream with a persisted cursor.
  readonly newDocuments: (request?: NewDocumentsRequest) => Effect.Effect<FeedDocument.FeedBatch, E>

  // --- composite ---------------------------------------------------------------------------------------------
  /**
   * The shifts report over `kktstat/shifts` for any period: periods longer than `maxPeriodDays` are split, each part
   * asked for shift-level rows, shifts that two parts share (a shift spanning a boundary, with `all`) kept once, and
   * the rows grouped on the client. Rows come sorted ({@link ShiftsReport.sortRows}), VAT in canonical form.
   */
  readonly shiftsReport: (
    period: Period,
    filters?: ReportFilters,
    groupBy?: ShiftsReport.GroupBy
  ) => Effect.Effect<ShiftsReport.ShiftsReport, E>
  /**
   * The same report built from ShiftList + ShiftInfo, for accounts where `kktstat/shifts` is refused: the same rows
   * and figures (department and outlet names from the hierarchy), at the cost of a ShiftInfo call per shift.
   */
  readonly shiftsReportFromShifts: (
    period: Period,
    filters?: ReportFilters,
    groupBy?: ShiftsReport.GroupBy
  ) => Effect.Effect<ShiftsReport.ShiftsReport, E>
  /** Every register with its outlet. */
  readonly registers: (filter?: Hierarchy.Filter) => Stream.Stream<Hierarchy.RegisterRef, E>
  /** Every fiscal drive of every register (FnHistory), the current one included. */
  readonly fiscalDrives: (filter?: Hierarchy.Filter) => Stream.Stream<Hierarchy.DriveRef, E>
  /** Every shift of every drive that overlaps the period (ShiftList). */
  readonly shifts: (request: Period & Hierarchy.Filter) => Stream.Stream<Hierarchy.ShiftRef, E>
  /** Every document of every such shift (DocumentList). */
  readonly documents: (request: DocumentsRequest) => Stream.Stream<Hierarchy.DocumentRef, E>
  /** Outlets with their departments (the deepest department that lists each outlet). */
  readonly outletPlaces: Effect.Effect<ReadonlyMap<string, Hierarchy.OutletPlace>, E>
}

/** The Taxcom-Kassa API client service. */
export class TaxcomClient extends Context.Tag("@taxcom-kit/core/TaxcomClient")<TaxcomClient, Service>() {}

// --- construction ------------------------------------------------------------------------------------------------

const toInvalidInput = (method: string) => (pe: ParseResult.ParseError) => {
  const issues = Pipeline.issuesOf(pe, false)
  return new TaxcomError.InvalidInputError({ method, path: issues[0]?.path ?? "$", issues })
}

const encodeBody = <A, I>(spec: Methods.MethodSpec, schema: Schema.Schema<A, I>, value: A): Effect.Effect<Http.Body, E> =>
  Schema.encode(schema)(value).pipe(
    Effect.mapError(toInvalidInput(spec.name)),
    Effect.map((encoded): Http.Body => ({ _tag: "Json", value: encoded }))
  )

/** Builds the client; requires an `HttpClient` (and a {@link Session.TokenDecryptor} for certificate login). */
export const make = (options: Options): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const settings = yield* resolveSettings(options)
    const baseClient = yield* HttpClient.HttpClient
    const client = options.transformClient ? options.transformClient(baseClient) : baseClient
    const decryptor = yield* Effect.serviceOption(Session.TokenDecryptor)
    const permits = yield* Effect.makeSemaphore(settings.concurrency)
    const limiter = yield* RateLimiter.make({ limit: settings.rateLimit.limit, interval: settings.rateLimit.interval })
    const credentials = options.credentials

    // Secret values in use, to scrub from anything the service might echo into an error.
    let session: SessionManager.SessionManager | undefined
    const secrets = (): ReadonlyArray<string> => {
      const out = [Redacted.value(options.integratorId)]
      if (options.integrationToken !== undefined) out.push(Redacted.value(options.integrationToken))
      if (credentials?._tag === "Password") out.push(Redacted.value(credentials.password))
      if (credentials?._tag === "OAuth") out.push(Redacted.value(credentials.clientSecret))
      const token = session?.secret()
      if (token !== undefined) out.push(token)
      return out
    }

    const transport = Http.make({
      settings: {
        baseUrl: settings.baseUrl,
        paths: settings.paths,
        integratorId: options.integratorId,
        requestTimeout: settings.requestTimeout
      },
      client,
      permits,
      limiter,
      secrets
    })

    // The login pipeline has no session of its own; the main pipeline gets the session below.
    const authPipeline = Pipeline.make({ transport, session: undefined, integrationToken: undefined, retry: settings.retry })

    const login = (c: Session.Credentials): Effect.Effect<SessionManager.Issued, E> => {
      switch (c._tag) {
        case "Password":
          return authPipeline.json(Methods.Login, Methods.Login.response, {
            body: {
              _tag: "Json",
              value: {
                login: c.login,
                password: Redacted.value(c.password),
                ...(c.agreementNumber === undefined ? {} : { agreementNumber: c.agreementNumber })
              }
            }
          }).pipe(Effect.map((r) => ({ token: Redacted.make(r.sessionToken), lifetimeMillis: null })))
        case "Certificate":
          return Option.match(decryptor, {
            onNone: () =>
              Effect.fail(
                new TaxcomError.SessionError({
                  method: Methods.CertificateLogin.name,
                  reason: "noDecryptor",
                  description: "certificate login needs a Session.TokenDecryptor in the client's layer"
                })
              ),
            onSome: (d) =>
              authPipeline.json(Methods.CertificateLogin, Methods.CertificateLogin.response, {
                body: { _tag: "Json", value: { certificate: c.certificate } }
              }).pipe(
                Effect.flatMap((r) =>
                  d.decrypt(r.sessionToken).pipe(
                    Effect.mapError((e) =>
                      new TaxcomError.SessionError({
                        method: Methods.CertificateLogin.name,
                        reason: "decryptionFailed",
                        description: Http.scrub(e.reason, [r.sessionToken, ...secrets()])
                      })
                    )
                  )
                ),
                Effect.map((token) => ({ token, lifetimeMillis: null }))
              )
          })
        case "OAuth": {
          const unit = c.expiresInUnit === "seconds" ? 1000 : 1
          return c.authorizationCode.pipe(
            Effect.mapError((e) =>
              new TaxcomError.SessionError({
                method: Methods.OAuthToken.name,
                reason: "noAuthorizationCode",
                description: Http.scrub(e.reason, secrets())
              })
            ),
            Effect.flatMap((code) =>
              authPipeline.json(Methods.OAuthToken, Methods.OAuthToken.response, {
                url: c.tokenUrl,
                basic: { user: c.clientId, secret: c.clientSecret },
                body: {
                  _tag: "Form",
                  value: { grant_type: "authorization_code", code: Redacted.value(code), redirect_uri: c.redirectUri }
                }
              })
            ),
            Effect.map((r) => ({
              token: Redacted.make(r.access_token),
              lifetimeMillis: r.expires_in === undefined ? null : r.expires_in * unit
            }))
          )
        }
      }
    }

    session = credentials === undefined ? undefined : SessionManager.make({
      login: login(credentials).pipe(Effect.withSpan("TaxcomClient.login")),
      idleMillis: Duration.toMillis(settings.sessionIdleTimeout),
      renewBeforeMillis: Duration.toMillis(settings.sessionRenewBefore),
      reveal: Redacted.value
    })
    const pipeline = Pipeline.make({ transport, session, integrationToken: options.integrationToken, retry: settings.retry })
    const concurrency = settings.concurrency

    const now = Effect.map(Clock.currentTimeMillis, (ms) => LocalDateTime.fromInstant(ms, settings.timeZone))

    const paging = (request: PageRequest | undefined) => ({
      pn: request?.page ?? 1,
      ps: request?.pageSize ?? settings.pageSize
    })

    /** How a `pn`/`ps` list of a method is paged from one request's filters (for {@link Paging.pnPs} and pnPsAll). */
    const pagedBy = <R extends object, A>(method: string, page: (request: R & PageRequest) => Effect.Effect<Page<A>, E>) =>
    (request: R | undefined): Paging.PnPsOptions<A, E> => ({
      method,
      pageSize: settings.pageSize,
      concurrency,
      fetch: (pn, ps) => page({ ...request, page: pn, pageSize: ps } as R & PageRequest)
    })

    // --- plain methods ----------------------------------------------------------------------------------------

    const accountList = pipeline.json(Methods.AccountList, Methods.AccountList.response, {}).pipe(
      Effect.withSpan("TaxcomClient.accountList")
    )

    const departmentListPage = Effect.fn("TaxcomClient.departmentListPage")(function*(request?: DepartmentListRequest & PageRequest) {
      return yield* pipeline.json(Methods.DepartmentList, Methods.DepartmentList.response, {
        query: { np: request?.problem, ...paging(request) }
      })
    })

    const departmentListPaging = pagedBy(Methods.DepartmentList.name, departmentListPage)

    const departmentList = (request?: DepartmentListRequest) =>
      Paging.pnPs(departmentListPaging(request)).pipe(Stream.withSpan("TaxcomClient.departmentList"))

    const departmentInfo = Effect.fn("TaxcomClient.departmentInfo")(function*(id: Ids.DepartmentId | string) {
      return yield* pipeline.json(Methods.DepartmentInfo, Methods.DepartmentInfo.response, { query: { id } })
    })

    const outletListPage = Effect.fn("TaxcomClient.outletListPage")(function*(request?: OutletListRequest & PageRequest) {
      return yield* pipeline.json(Methods.OutletList, Methods.OutletList.response, {
        query: { id: request?.departmentId, np: request?.problem, ...paging(request) }
      })
    })

    const outletListPaging = pagedBy(Methods.OutletList.name, outletListPage)

    const outletList = (request?: OutletListRequest) => Paging.pnPs(outletListPaging(request)).pipe(Stream.withSpan("TaxcomClient.outletList"))

    const outletInfo = Effect.fn("TaxcomClient.outletInfo")(function*(id: Ids.OutletId | string) {
      return yield* pipeline.json(Methods.OutletInfo, Methods.OutletInfo.response, { query: { id } })
    })

    const kktListPage = Effect.fn("TaxcomClient.kktListPage")(function*(request: KktListRequest & PageRequest) {
      return yield* pipeline.json(Methods.KKTList, Methods.KKTList.response, {
        query: { id: request.outletId, np: request.problem, ...paging(request) }
      })
    })

    const kktListPaging = pagedBy(Methods.KKTList.name, kktListPage)

    const kktList = (request: KktListRequest) => Paging.pnPs(kktListPaging(request)).pipe(Stream.withSpan("TaxcomClient.kktList"))

    const kktListAll = (request: KktListRequest) => Paging.pnPsAll(kktListPaging(request))

    const fnHistory = Effect.fn("TaxcomClient.fnHistory")(function*(request: {
      readonly kktRegNumber: Ids.KktRegNumber | string
      readonly status?: FiscalDrive.FiscalDriveFilter | undefined
    }) {
      const page = yield* pipeline.json(Methods.FnHistory, Methods.FnHistory.response, {
        query: { kktRegNumber: request.kktRegNumber, np: request.status }
      })
      return page.records
    })

    const kktInfo = Effect.fn("TaxcomClient.kktInfo")(function*(fn: Ids.FnNumber) {
      return yield* pipeline.json(Methods.KKTInfo, Methods.KKTInfo.response, { query: { fn } })
    })

    const shiftListPage = Effect.fn("TaxcomClient.shiftListPage")(function*(request: ShiftListRequest & PageRequest) {
      return yield* pipeline.json(Methods.ShiftList, Methods.ShiftList.response, {
        query: { fn: request.fn, begin: request.from, end: request.to, ...paging(request) }
      })
    })

    const shiftListPaging = pagedBy(Methods.ShiftList.name, shiftListPage)

    const shiftList = (request: ShiftListRequest) => Paging.pnPs(shiftListPaging(request)).pipe(Stream.withSpan("TaxcomClient.shiftList"))

    const shiftListAll = (request: ShiftListRequest) => Paging.pnPsAll(shiftListPaging(request))

    const shiftInfo = Effect.fn("TaxcomClient.shiftInfo")(function*(request: ShiftRequest) {
      return yield* pipeline.json(Methods.ShiftInfo, Methods.ShiftInfo.response, {
        query: { fn: request.fn, shift: request.shift }
      })
    })

    const documentListPage = Effect.fn("TaxcomClient.documentListPage")(function*(request: DocumentListRequest & PageRequest) {
      return yield* pipeline.json(Methods.DocumentList, Methods.DocumentList.response, {
        query: { fn: request.fn, shift: request.shift, type: request.types, ...paging(request) }
      })
    })

    const documentListPaging = pagedBy(Methods.DocumentList.name, documentListPage)

    const documentList = (request: DocumentListRequest) =>
      Paging.pnPs(documentListPaging(request)).pipe(Stream.withSpan("TaxcomClient.documentList"))

    const documentListAll = (request: DocumentListRequest) =>
      Paging.pnPsAll(documentListPaging(request)).pipe(Effect.withSpan("TaxcomClient.documentListAll"))

    const documentInfo = Effect.fn("TaxcomClient.documentInfo")(function*(request: DocumentRequest) {
      const info = yield* pipeline.json(Methods.DocumentInfo, Methods.DocumentInfo.response, {
        query: { fn: request.fn, fd: request.fd }
      })
      return info.document
    })

    const documentUrl = Effect.fn("TaxcomClient.documentUrl")(function*(request: DocumentRequest) {
      return yield* pipeline.json(Methods.DocumentURL, Methods.DocumentURL.response, { query: { fn: request.fn, fd: request.fd } })
    })

    const printDocumentHtml = Effect.fn("TaxcomClient.printDocumentHtml")(function*(request: PrintRequest) {
      return yield* pipeline.binary(Methods.PrintDocumentHtml, { query: { kktId: request.kktFactoryNumber, fp: request.fiscalSign } })
    })

    const printDocumentPdf = Effect.fn("TaxcomClient.printDocumentPdf")(function*(request: PrintRequest) {
      return yield* pipeline.binary(Methods.PrintDocumentPdf, { query: { kktId: request.kktFactoryNumber, fp: request.fiscalSign } })
    })

    const createKktRegApp = Effect.fn("TaxcomClient.createKktRegApp")(function*(request: Registration.RegistrationRequest) {
      const body = yield* encodeBody(Methods.CreateKKTRegApp, Methods.CreateKKTRegApp.request, request)
      return yield* pipeline.json(Methods.CreateKKTRegApp, Methods.CreateKKTRegApp.response, { body })
    })

    const kktRegApp = Effect.fn("TaxcomClient.kktRegApp")(function*(fn: Ids.FnNumber) {
      return yield* pipeline.json(Methods.KKTRegApp, Methods.KKTRegApp.response, { query: { fn } })
    })

    const createKktReRegApp = Effect.fn("TaxcomClient.createKktReRegApp")(function*(request: Registration.ReRegistrationRequest) {
      const body = yield* encodeBody(Methods.CreateKKTReRegApp, Methods.CreateKKTReRegApp.request, request)
      return yield* pipeline.json(Methods.CreateKKTReRegApp, Methods.CreateKKTReRegApp.response, { body })
    })

    const kktRegCard = Effect.fn("TaxcomClient.kktRegCard")(function*(fn: Ids.FnNumber) {
      return yield* pipeline.binary(Methods.KKTRegCard, { query: { fn } })
    })

    const createKktRemovalApp = Effect.fn("TaxcomClient.createKktRemovalApp")(function*(request: Registration.RemovalRequest) {
      const body = yield* encodeBody(Methods.CreateKKTRemovalApp, Methods.CreateKKTRemovalApp.request, request)
      return yield* pipeline.json(Methods.CreateKKTRemovalApp, Methods.CreateKKTRemovalApp.response, { body })
    })

    const draftList = pipeline.json(Methods.DraftList, Methods.DraftList.response, {}).pipe(
      Effect.map((page) => page.records),
      Effect.withSpan("TaxcomClient.draftList")
    )

    const draftAccept = Effect.fn("TaxcomClient.draftAccept")(function*(acceptances: ReadonlyArray<Registration.DraftAcceptance>) {
      const body = yield* encodeBody(Methods.DraftAccept, Methods.DraftAccept.request, acceptances)
      return yield* pipeline.json(Methods.DraftAccept, Methods.DraftAccept.response, { body })
    })

    const kktStatShifts = Effect.fn("TaxcomClient.kktStatShifts")(function*(query: ShiftsReport.ShiftsReportQuery) {
      const body = yield* encodeBody(Methods.KktStatShifts, Methods.KktStatShifts.request, query)
      return yield* pipeline.json(Methods.KktStatShifts, Methods.KktStatShifts.response, { body })
    })

    const kktStatKktInfoPage = Effect.fn("TaxcomClient.kktStatKktInfoPage")(function*(
      filter: KktMonitoring.KktMonitoringFilter = {},
      page = 1
    ) {
      const body = yield* encodeBody(Methods.KktStatKktInfo, Methods.KktStatKktInfo.request, { pageNumber: page, filter })
      return yield* pipeline.json(Methods.KktStatKktInfo, Methods.KktStatKktInfo.response, { body })
    })

    const kktStatKktInfo = (filter: KktMonitoring.KktMonitoringFilter = {}) =>
      Paging.pageNumber({ method: Methods.KktStatKktInfo.name, concurrency, fetch: (page) => kktStatKktInfoPage(filter, page) }).pipe(
        Stream.withSpan("TaxcomClient.kktStatKktInfo")
      )

    const kktStatDashboard = Effect.fn("TaxcomClient.kktStatDashboard")(function*(thresholds: KktMonitoring.DashboardThresholds = {}) {
      const body = yield* encodeBody(Methods.KktStatDashboard, Methods.KktStatDashboard.request, thresholds)
      return yield* pipeline.json(Methods.KktStatDashboard, Methods.KktStatDashboard.response, { body })
    })

    const newDocuments = Effect.fn("TaxcomClient.newDocuments")(function*(request: NewDocumentsRequest = {}) {
      return yield* pipeline.json(Methods.NewDocumentsMethod, Methods.NewDocumentsMethod.response, {
        query: { an: request.agreementNumber, id: request.after }
      })
    })

    // --- the hierarchy ----------------------------------------------------------------------------------------

    const registersOf = (outlets: Stream.Stream<Outlet.Outlet, E>, kktRegNumber: string | undefined) =>
      Paging.flatMapOrdered(
        outlets,
        (outlet) =>
          kktListAll({ outletId: outlet.id }).pipe(
            Effect.map((kkts) =>
              kkts
                .filter((kkt) => kktRegNumber === undefined || kkt.regNumber === kktRegNumber)
                .map((kkt): Hierarchy.RegisterRef => ({ outlet, kkt }))
            )
          ),
        concurrency
      )

    const outletsOf = (filter: Hierarchy.Filter) =>
      outletList({ departmentId: filter.departmentId }).pipe(
        Stream.filter((o) => filter.outletId === undefined || o.id === filter.outletId)
      )

    const registers = (filter: Hierarchy.Filter = {}) =>
      registersOf(outletsOf(filter), filter.kktRegNumber).pipe(Stream.withSpan("TaxcomClient.registers"))

    const drivesOf = (r: Hierarchy.RegisterRef) =>
      fnHistory({ kktRegNumber: r.kkt.regNumber }).pipe(
        Effect.map((drives): Array<Hierarchy.DriveRef> => {
          const out = drives.map((d) => ({ ...r, fn: d.fn, active: d.active }))
          // The drive in use is always visited, whether or not FnHistory lists it.
          if (!out.some((d) => d.fn === r.kkt.fn)) out.push({ ...r, fn: r.kkt.fn, active: true })
          return out
        })
      )

    const drivesFrom = (regs: Stream.Stream<Hierarchy.RegisterRef, E>) =>
      Paging.flatMapOrdered(regs, drivesOf, concurrency)

    const fiscalDrives = (filter: Hierarchy.Filter = {}) =>
      drivesFrom(registersOf(outletsOf(filter), filter.kktRegNumber)).pipe(Stream.withSpan("TaxcomClient.fiscalDrives"))

    const shiftsFrom = (drives: Stream.Stream<Hierarchy.DriveRef, E>, period: Period) =>
      Paging.flatMapOrdered(
        drives,
        (d) =>
          shiftListAll({ fn: d.fn, from: period.from, to: period.to }).pipe(
            Effect.map((shifts) => shifts.map((shift): Hierarchy.ShiftRef => ({ outlet: d.outlet, kkt: d.kkt, shift })))
          ),
        concurrency
      )

    const shifts = (request: Period & Hierarchy.Filter) =>
      shiftsFrom(drivesFrom(registersOf(outletsOf(request), request.kktRegNumber)), request).pipe(
        Stream.withSpan("TaxcomClient.shifts")
      )

    const documents = (request: DocumentsRequest) =>
      Paging.flatMapOrdered(
        shiftsFrom(drivesFrom(registersOf(outletsOf(request), request.kktRegNumber)), request),
        (s) =>
          documentListAll({ fn: s.shift.fn, shift: s.shift.number, types: request.types }).pipe(
            Effect.map((documents) => documents.map((document): Hierarchy.DocumentRef => ({ ...s, document })))
          ),
        concurrency
      ).pipe(Stream.withSpan("TaxcomClient.documents"))

    /**
     * Outlet → department. OutletList records carry their department where the service fills it (recordings show
     * null); otherwise each department's OutletList (which includes its children's outlets) is read and an outlet
     * is placed in the deepest department that lists it.
     */
    const outletPlaces: Effect.Effect<ReadonlyMap<string, Hierarchy.OutletPlace>, E> = Effect.gen(function*() {
      const outlets = yield* Stream.runCollect(outletList())
      const places = new Map<string, Hierarchy.OutletPlace>()
      for (const outlet of outlets) places.set(outlet.id, { outlet, department: outlet.department })
      if ([...places.values()].every((p) => p.department !== null)) return places
      const departments = [...yield* Stream.runCollect(departmentList())]
      if (departments.length === 0) return places
      const byId = new Map(departments.map((d) => [d.id as string, d]))
      const depthOf = (d: Department.Department): number => {
        let depth = 0
        let p = d.parent
        while (p !== null && depth < departments.length) {
          depth++
          p = byId.get(p.id)?.parent ?? null
        }
        return depth
      }
      const members = yield* Effect.forEach(
        departments,
        (d) => Stream.runCollect(outletList({ departmentId: d.id })).pipe(Effect.map((os) => [d, os] as const)),
        { concurrency }
      )
      const depthOfOutlet = new Map<string, number>()
      for (const [d, os] of members) {
        const depth = depthOf(d)
        for (const o of os) {
          const place = places.get(o.id)
          if (place === undefined || place.outlet.department !== null) continue
          if ((depthOfOutlet.get(o.id) ?? -1) < depth) {
            depthOfOutlet.set(o.id, depth)
            places.set(o.id, { outlet: place.outlet, department: { id: d.id, name: d.name, code: d.code } })
          }
        }
      }
      return places
    }).pipe(Effect.withSpan("TaxcomClient.outletPlaces"))

    // --- reports ----------------------------------------------------------------------------------------------

    const shiftsReport = Effect.fn("TaxcomClient.shiftsReport")(function*(
      period: Period,
      filters: ReportFilters = {},
      groupBy: ShiftsReport.GroupBy = "none"
    ) {
      const parts = ShiftsReport.splitPeriod(period, settings.maxPeriodDays)
      const query = (p: Period, g: ShiftsReport.GroupBy): ShiftsReport.ShiftsReportQuery => ({
        from: p.from,
        to: p.to,
        ...(filters.departmentId === undefined ? {} : { departmentId: filters.departmentId as Ids.DepartmentId }),
        ...(filters.outletId === undefined ? {} : { outletId: filters.outletId as Ids.OutletId }),
        ...(filters.kktRegNumber === undefined ? {} : { kktRegNumber: filters.kktRegNumber as Ids.KktRegNumber }),
        ...(filters.includePeriod === undefined ? {} : { includePeriod: filters.includePeriod }),
        groupBy: g
      })
      if (parts.length === 0) return { groupBy, created: null, rows: [] }
      if (parts.length === 1) {
        const r = yield* kktStatShifts(query(parts[0]!, groupBy))
        return { groupBy, created: r.created, rows: ShiftsReport.sortRows(r.rows.map(ShiftsReport.canonicalRow)) }
      }
      // Split: shift-level rows from every part, shared shifts once, grouped here.
      const reports = yield* Effect.forEach(parts, (p) => kktStatShifts(query(p, "none")), { concurrency })
      const rows = ShiftsReport.mergeShiftRows(reports.map((r) => r.rows.map(ShiftsReport.canonicalRow)))
      return {
        groupBy,
        created: reports[reports.length - 1]!.created,
        rows: ShiftsReport.sortRows(ShiftsReport.aggregate(rows, groupBy))
      }
    })

    const shiftsReportFromShifts = Effect.fn("TaxcomClient.shiftsReportFromShifts")(function*(
      period: Period,
      filters: ReportFilters = {},
      groupBy: ShiftsReport.GroupBy = "none"
    ) {
      const at = yield* now
      const include = filters.includePeriod ?? "all"
      const places = yield* outletPlaces
      const outlets = filters.departmentId === undefined
        ? Stream.fromIterable([...places.values()].map((p) => p.outlet))
        : outletList({ departmentId: filters.departmentId })
      const visited = outlets.pipe(Stream.filter((o) => filters.outletId === undefined || o.id === filters.outletId))
      const rows = yield* shiftsFrom(drivesFrom(registersOf(visited, filters.kktRegNumber)), period).pipe(
        Stream.filter((s) => ShiftsReport.selects(include, s.shift, period.from, period.to, at)),
        Stream.mapEffect(
          (s) =>
            shiftInfo({ fn: s.shift.fn, shift: s.shift.number }).pipe(
              Effect.map((totals) => {
                const department = places.get(s.outlet.id)?.department ?? s.outlet.department
                return ShiftsReport.fromShiftTotals(totals, {
                  kktName: s.kkt.name,
                  kktFactoryNumber: s.kkt.factoryNumber,
                  kktRegNumber: s.kkt.regNumber,
                  department: { name: department?.name ?? null, code: department?.code ?? null },
                  outlet: { name: s.outlet.name, code: s.outlet.code }
                })
              })
            ),
          { concurrency }
        ),
        Stream.runCollect
      )
      return {
        groupBy,
        created: null,
        rows: ShiftsReport.sortRows(ShiftsReport.aggregate([...rows], groupBy))
      }
    })

    const authenticate = session === undefined
      ? Effect.fail(
        new TaxcomError.SessionError({ method: "Login", reason: "noCredentials", description: "the client has no credentials" })
      )
      : Effect.asVoid(session.current)

    return {
      settings,
      now,
      authenticate,
      logins: session === undefined ? Effect.succeed(0) : session.logins,
      accountList,
      departmentListPage,
      departmentList,
      departmentInfo,
      outletListPage,
      outletList,
      outletInfo,
      kktListPage,
      kktList,
      fnHistory,
      kktInfo,
      shiftListPage,
      shiftList,
      shiftInfo,
      documentListPage,
      documentList,
      documentListAll,
      documentInfo,
      documentUrl,
      printDocumentHtml,
      printDocumentPdf,
      createKktRegApp,
      kktRegApp,
      createKktReRegApp,
      kktRegCard,
      createKktRemovalApp,
      draftList,
      draftAccept,
      kktStatShifts,
      kktStatKktInfoPage,
      kktStatKktInfo,
      kktStatDashboard,
      newDocuments,
      shiftsReport,
      shiftsReportFromShifts,
      registers,
      fiscalDrives,
      shifts,
      documents,
      outletPlaces
    } satisfies Service
  })

/**
 * The client as a layer. Needs an `HttpClient` (e.g. `FetchHttpClient.layer`) and, with certificate credentials,
 * a {@link Session.TokenDecryptor}. Fails with a `ConfigError` on invalid options.
 */
export const layer = <const O extends Options>(
  options: O
): Layer.Layer<TaxcomClient, ConfigError.ConfigError, HttpClient.HttpClient | Session.Requirements<O["credentials"]>> =>
  Layer.scoped(TaxcomClient, make(options))

/**
 * The client from configuration. Pass a `Config` for each option, e.g.
 * `{ baseUrl: Config.string("TAXCOM_BASE_URL"), integratorId: Config.redacted("TAXCOM_INTEGRATOR_ID"),
 * credentials: Session.passwordConfig() }`. A certificate from configuration uses the {@link Session.TokenDecryptor}
 * found in the context, if any.
 */
export const layerConfig = (
  options: Config.Config.Wrap<Options>
): Layer.Layer<TaxcomClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(TaxcomClient, Effect.flatMap(Config.unwrap(options), make))
