/**
 * Every method of the Taxcom-Kassa API v2.8 (sections 3.1–3.11 and 4.1) as data: verb, path, how it
 * authenticates, its documented query parameters, the schemas of its body and answer, whether it is safe to repeat,
 * and how sure we are of its wire shape. The client, the sandbox and the conformance check all read this table, so a
 * path or a schema is written once.
 */
import type { Schema } from "effect"
import * as Auth from "./wire/Auth.js"
import * as Accounts from "./wire/Accounts.js"
import * as Departments from "./wire/Departments.js"
import * as Documents from "./wire/Documents.js"
import * as Kkt from "./wire/Kkt.js"
import * as KktStat from "./wire/KktStat.js"
import * as NewDocuments from "./wire/NewDocuments.js"
import * as Outlets from "./wire/Outlets.js"
import * as Registration from "./wire/Registration.js"
import * as Shifts from "./wire/Shifts.js"

export type Confidence = "CONFIRMED" | "LIKELY" | "GUESS"

/**
 * How a method authenticates: `integrator` sends `Integrator-ID` (login methods), `session` sends `Session-Token`,
 * `session-or-integration` also accepts `Integration-Token` + `Integrator-ID` (registration group), `oauth-client`
 * sends HTTP Basic client credentials (OAuth token exchange).
 */
export type AuthKind = "integrator" | "session" | "session-or-integration" | "oauth-client"

/** Path groups: `registration` may live under `/API/v2/fns/` (configurable); `oauth` is at the host root. */
export type PathGroup = "api" | "registration" | "oauth"

export interface MethodSpec {
  readonly name: string
  readonly http: "GET" | "POST"
  /** Path under the group's prefix (`/API/v2/` for `api`). */
  readonly path: string
  readonly group: PathGroup
  readonly auth: AuthKind
  /** Documented query parameters (GET) or body fields (POST). */
  readonly params: ReadonlyArray<string>
  readonly request?: Schema.Schema<any, any>
  /** JSON answer schema, or `binary` for PDF/HTML bodies. */
  readonly response: Schema.Schema<any, any> | "binary"
  /** Safe to send again after a transient fault: every GET and the read-only POSTs of `kktstat/*`. */
  readonly idempotent: boolean
  /** Paging style, for lists. */
  readonly paging?: "pn/ps" | "PageNumber"
  readonly confidence: Confidence
  /** Section of the vendor document. */
  readonly section: string
}

const m = <S extends MethodSpec>(spec: S): S => spec

export const Login = m({
  name: "Login", http: "POST", path: "Login", group: "api", auth: "integrator", params: ["login", "password", "agreementNumber"],
  request: Auth.LoginRequest, response: Auth.LoginResponse, idempotent: false, confidence: "CONFIRMED", section: "3.1.2"
})
export const CertificateLogin = m({
  name: "CertificateLogin", http: "POST", path: "CertificateLogin", group: "api", auth: "integrator", params: ["certificate"],
  request: Auth.CertificateLoginRequest, response: Auth.CertificateLoginResponse, idempotent: false, confidence: "GUESS", section: "3.1.1"
})
export const OAuthToken = m({
  name: "OAuthToken", http: "POST", path: "core/connect/token", group: "oauth", auth: "oauth-client",
  params: ["grant_type", "code", "redirect_uri"], response: Auth.OAuthTokenResponse, idempotent: false, confidence: "LIKELY", section: "3.1.3"
})
export const AccountList = m({
  name: "AccountList", http: "GET", path: "AccountList", group: "api", auth: "session", params: [],
  response: Accounts.AccountList, idempotent: true, confidence: "LIKELY", section: "3.2"
})
export const DepartmentList = m({
  name: "DepartmentList", http: "GET", path: "DepartmentList", group: "api", auth: "session", params: ["np", "pn", "ps"],
  response: Departments.DepartmentList, idempotent: true, paging: "pn/ps", confidence: "LIKELY", section: "3.3.1"
})
export const DepartmentInfo = m({
  name: "DepartmentInfo", http: "GET", path: "DepartmentInfo", group: "api", auth: "session", params: ["id"],
  response: Departments.DepartmentInfo, idempotent: true, confidence: "GUESS", section: "3.3.2"
})
export const OutletList = m({
  name: "OutletList", http: "GET", path: "OutletList", group: "api", auth: "session", params: ["id", "np", "pn", "ps"],
  response: Outlets.OutletList, idempotent: true, paging: "pn/ps", confidence: "CONFIRMED", section: "3.4.1"
})
export const OutletInfo = m({
  name: "OutletInfo", http: "GET", path: "OutletInfo", group: "api", auth: "session", params: ["id"],
  response: Outlets.OutletInfo, idempotent: true, confidence: "LIKELY", section: "3.4.2"
})
export const KKTList = m({
  name: "KKTList", http: "GET", path: "KKTList", group: "api", auth: "session", params: ["id", "np", "pn", "ps"],
  response: Kkt.KktList, idempotent: true, paging: "pn/ps", confidence: "CONFIRMED", section: "3.5.1"
})
export const FnHistory = m({
  name: "FnHistory", http: "GET", path: "FnHistory", group: "api", auth: "session", params: ["kktRegNumber", "np"],
  response: Kkt.FnHistory, idempotent: true, confidence: "LIKELY", section: "3.5.2"
})
export const KKTInfo = m({
  name: "KKTInfo", http: "GET", path: "KKTInfo", group: "api", auth: "session", params: ["fn"],
  response: Kkt.KktInfo, idempotent: true, confidence: "LIKELY", section: "3.5.3"
})
export const ShiftList = m({
  name: "ShiftList", http: "GET", path: "ShiftList", group: "api", auth: "session", params: ["fn", "begin", "end", "pn", "ps"],
  response: Shifts.ShiftList, idempotent: true, paging: "pn/ps", confidence: "CONFIRMED", section: "3.6.1"
})
export const ShiftInfo = m({
  name: "ShiftInfo", http: "GET", path: "ShiftInfo", group: "api", auth: "session", params: ["fn", "shift"],
  response: Shifts.ShiftInfo, idempotent: true, confidence: "LIKELY", section: "3.6.2"
})
export const DocumentList = m({
  name: "DocumentList", http: "GET", path: "DocumentList", group: "api", auth: "session", params: ["fn", "shift", "type", "pn", "ps"],
  response: Documents.DocumentList, idempotent: true, paging: "pn/ps", confidence: "CONFIRMED", section: "3.7.1"
})
export const DocumentInfo = m({
  name: "DocumentInfo", http: "GET", path: "DocumentInfo", group: "api", auth: "session", params: ["fn", "fd"],
  response: Documents.DocumentInfo, idempotent: true, confidence: "CONFIRMED", section: "3.7.2"
})
export const DocumentURL = m({
  name: "DocumentURL", http: "GET", path: "DocumentURL", group: "api", auth: "session", params: ["fn", "fd"],
  response: Documents.DocumentUrl, idempotent: true, confidence: "CONFIRMED", section: "3.7.3"
})
export const PrintDocumentHtml = m({
  name: "PrintDocumentHtml", http: "GET", path: "PrintDocument/html", group: "api", auth: "session", params: ["kktId", "fp"],
  response: "binary", idempotent: true, confidence: "LIKELY", section: "3.7.4.1"
})
export const PrintDocumentPdf = m({
  name: "PrintDocumentPdf", http: "GET", path: "PrintDocument/pdf", group: "api", auth: "session", params: ["kktId", "fp"],
  response: "binary", idempotent: true, confidence: "LIKELY", section: "3.7.4.2"
})
export const CreateKKTRegApp = m({
  name: "CreateKKTRegApp", http: "POST", path: "CreateKKTRegApp", group: "registration", auth: "session-or-integration", params: [],
  request: Registration.RegistrationRequest, response: Registration.ApplicationReceipt, idempotent: false, confidence: "GUESS", section: "3.8.1"
})
/** 3.8.2 and 3.8.4 share this path; a re-registration result also carries the reasons. */
export const KKTRegApp = m({
  name: "KKTRegApp", http: "GET", path: "KKTRegApp", group: "registration", auth: "session-or-integration", params: ["fn"],
  response: Registration.RegistrationResult, idempotent: true, confidence: "GUESS", section: "3.8.2, 3.8.4"
})
export const CreateKKTReRegApp = m({
  name: "CreateKKTRe-RegApp", http: "POST", path: "CreateKKTRe-RegApp", group: "registration", auth: "session-or-integration", params: [],
  request: Registration.ReRegistrationRequest, response: Registration.ApplicationReceipt, idempotent: false, confidence: "GUESS", section: "3.8.3"
})
export const KKTRegCard = m({
  name: "KKTRegCard", http: "GET", path: "KKTRegCard", group: "registration", auth: "session-or-integration", params: ["fn"],
  response: "binary", idempotent: true, confidence: "LIKELY", section: "3.8.5"
})
export const CreateKKTRemovalApp = m({
  name: "CreateKKTRemovalApp", http: "POST", path: "CreateKKTRemovalApp", group: "registration", auth: "session-or-integration", params: [],
  request: Registration.RemovalRequest, response: Registration.ApplicationReceipt, idempotent: false, confidence: "GUESS", section: "3.9.1"
})
export const DraftList = m({
  name: "DraftList", http: "GET", path: "DraftList", group: "api", auth: "session", params: [],
  response: Registration.DraftList, idempotent: true, confidence: "GUESS", section: "3.10.1"
})
export const DraftAccept = m({
  name: "DraftAccept", http: "POST", path: "DraftAccept", group: "api", auth: "session", params: [],
  request: Registration.DraftAcceptRequest, response: Registration.DraftAcceptResponse, idempotent: false, confidence: "GUESS", section: "3.10.2"
})
export const KktStatShifts = m({
  name: "kktstat/shifts", http: "POST", path: "kktstat/shifts", group: "api", auth: "session",
  params: ["From", "To", "DepartmentId", "OutletId", "KktRegNumber", "IncludePeriod", "GroupBy"],
  request: KktStat.ShiftsRequest, response: KktStat.ShiftsResponse, idempotent: true, confidence: "GUESS", section: "3.11.1"
})
export const KktStatKktInfo = m({
  name: "kktstat/kktinfo", http: "POST", path: "kktstat/kktinfo", group: "api", auth: "session",
  params: ["PageNumber", "DepartmentId", "OutletId", "ShiftOpen", "ShiftClose", "ShiftInvalid", "FnExpires", "FnExpired", "FnActive",
    "KktConnected", "KktExpires", "KktNotPayed", "More7Days", "More14Days", "Less7Days", "RegFnsNotRegistered", "RegFnsNotCompleted",
    "RegFnsRegistered", "IsSelfService"],
  request: KktStat.KktInfoRequest, response: KktStat.KktInfoResponse, idempotent: true, paging: "PageNumber", confidence: "GUESS", section: "3.11.2"
})
export const KktStatDashboard = m({
  name: "kktstat/dashboard", http: "POST", path: "kktstat/dashboard", group: "api", auth: "session",
  params: ["LastDocDaysCountWarning", "LastDocDaysCountError", "KktExpirationDaysCountWarning", "KktExpirationDaysCountError",
    "FnExpirationDaysCountWarning", "FnExpirationDaysCountError"],
  request: KktStat.DashboardRequest, response: KktStat.DashboardResponse, idempotent: true, confidence: "GUESS", section: "3.11.3"
})
export const NewDocumentsMethod = m({
  name: "NewDocuments", http: "GET", path: "NewDocuments", group: "api", auth: "session", params: ["an", "id"],
  response: NewDocuments.NewDocuments, idempotent: true, confidence: "GUESS", section: "4.1"
})

/** Every method, in the order of the vendor document. */
export const all: ReadonlyArray<MethodSpec> = [
  CertificateLogin, Login, OAuthToken, AccountList, DepartmentList, DepartmentInfo, OutletList, OutletInfo, KKTList, FnHistory,
  KKTInfo, ShiftList, ShiftInfo, DocumentList, DocumentInfo, DocumentURL, PrintDocumentHtml, PrintDocumentPdf, CreateKKTRegApp,
  KKTRegApp, CreateKKTReRegApp, KKTRegCard, CreateKKTRemovalApp, DraftList, DraftAccept, KktStatShifts, KktStatKktInfo,
  KktStatDashboard, NewDocumentsMethod
]

/** Names recordings are filed under that differ from the method name. */
const ALIASES: Record<string, string> = { CashDeskList: "KKTList" }

/** Finds a method by its name (`OutletList`, `kktstat/shifts`, `kktstat_shifts`) or a recording's alias. */
export const byName = (name: string): MethodSpec | undefined => {
  const n = ALIASES[name] ?? name
  return all.find((s) => s.name === n || s.name.replace("/", "_") === n || s.name.replace("/", "-") === n)
}
