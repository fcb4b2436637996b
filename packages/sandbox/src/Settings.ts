/**
 * How the sandbox server behaves: who may log in, token lifetimes, page sizes, the NewDocuments limits,
 * registration timings, monitoring thresholds, faults. Every number the vendor document fixes is the default.
 */
import { defaultMonitoring, type MonitoringSettings } from "./Dataset.js"
import * as Faults from "./Faults.js"

/** Employee rights of the cabinet (vendor document, table 2.2). */
export type Right = "admin" | "api" | "monitoring" | "analytics" | "management" | "reports" | "viewDocuments"

export interface User {
  readonly login: string
  readonly password: string
  readonly rights: ReadonlyArray<Right>
}

export interface OAuthClient {
  readonly clientId: string
  readonly secret: string
  /** The user whose data the client's tokens see. */
  readonly login: string
}

export interface PageSize {
  /** Page size when `ps` is not given. */
  readonly defaultSize: number
  /** Largest `ps` accepted; larger answers 400 (2201). */
  readonly maxSize: number
}

export interface ServerSettings {
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  readonly host: string
  /** Port; 0 picks a free one. */
  readonly port: number
  /** The `Integrator-ID` Login requires; any other gets 2108. */
  readonly integratorId: string
  /** The `Integration-Token` the registration methods accept with the integrator id. */
  readonly integrationToken: string
  /** A certificate (base64) CertificateLogin accepts; its "encrypted" token is the token in base64. */
  readonly certificate: string
  readonly users: ReadonlyArray<User>
  readonly oauthClients: ReadonlyArray<OAuthClient>
  /** Session lifetime after last use (vendor: 5 minutes). */
  readonly sessionTtlMs: number
  /** Lifetime of OAuth access tokens (the document's example: 3600000). */
  readonly oauthTokenTtlMs: number
  /** Login returns the user's still-valid token instead of a new one (vendor document). */
  readonly reuseSessionOnLogin: boolean
  /** Page sizes of pn/ps lists, and per-method overrides (e.g. ShiftList, DocumentList up to 1000). */
  readonly paging: PageSize & { readonly overrides: Readonly<Record<string, PageSize>> }
  /** Rows per page of `kktstat/kktinfo` (vendor: 100). */
  readonly kktInfoPageSize: number
  /** Longest `kktstat/shifts` period (vendor: 31 days). */
  readonly maxReportDays: number
  readonly newDocuments: {
    /** Only documents accepted within this many days are served (vendor: 21). */
    readonly windowDays: number
    /** Documents per answer at most (vendor: 10,000). */
    readonly cap: number
    /** Once a caller has caught up, the next call must wait this long (vendor: once a minute). */
    readonly minIntervalMs: number
  }
  readonly registration: {
    /** After an application is created, the tax service assigns the registration number after this delay. */
    readonly rnmDelayMs: number
    /** ... and the registration card is available after this one. */
    readonly cardDelayMs: number
  }
  readonly monitoring: MonitoringSettings
  /** Encode answers with `Schema.encodeSync` (slow, checks every refinement) instead of the fast walk of the same schema. */
  readonly strictEncoding: boolean
  readonly faults: Faults.Faults
}

export const ALL_RIGHTS: ReadonlyArray<Right> = ["admin", "api", "monitoring", "analytics", "management", "reports", "viewDocuments"]

export const defaultUsers: ReadonlyArray<User> = [
  { login: "demo", password: "demo", rights: ALL_RIGHTS },
  /** API and monitoring, no "Просмотр ФД": DocumentInfo answers 2111. */
  { login: "monitor", password: "monitor", rights: ["api", "monitoring"] },
  { login: "analyst", password: "analyst", rights: ["api", "analytics", "viewDocuments"] },
  /** No API right: Login answers 2111. */
  { login: "cashier", password: "cashier", rights: ["monitoring"] }
]

export const defaults: ServerSettings = {
  host: "127.0.0.1",
  port: 0,
  integratorId: "demo",
  integrationToken: "demo-integration-token",
  certificate: "ZGVtby1jZXJ0aWZpY2F0ZQ==",
  users: defaultUsers,
  oauthClients: [{ clientId: "demo-client", secret: "demo-secret", login: "demo" }],
  sessionTtlMs: 5 * 60_000,
  oauthTokenTtlMs: 3_600_000,
  reuseSessionOnLogin: true,
  paging: { defaultSize: 100, maxSize: 100, overrides: {} },
  kktInfoPageSize: 100,
  maxReportDays: 31,
  newDocuments: { windowDays: 21, cap: 10_000, minIntervalMs: 60_000 },
  registration: { rnmDelayMs: 60_000, cardDelayMs: 120_000 },
  monitoring: defaultMonitoring,
  strictEncoding: false,
  faults: Faults.none
}

/** The newer help page's limits: ShiftList and DocumentList take `ps` up to 1000, default 1000. */
export const largePages: ServerSettings["paging"]["overrides"] = {
  ShiftList: { defaultSize: 1000, maxSize: 1000 },
  DocumentList: { defaultSize: 1000, maxSize: 1000 }
}

/** Settings from partial ones (nested objects replaced as a whole, except `faults`, merged onto none). */
export const make = (s: Partial<Omit<ServerSettings, "faults">> & { readonly faults?: Partial<Faults.Faults> } = {}): ServerSettings => ({
  ...defaults,
  ...s,
  faults: Faults.make(s.faults)
})
