/** Test helpers: HTTP calls to the sandbox over loopback, as Effects. */
import { Effect } from "effect"
import type { Dataset } from "../src/Dataset.js"
import type { SandboxServerService } from "../src/SandboxServer.js"

export interface Reply {
  readonly status: number
  readonly text: string
  readonly contentType: string
  readonly bytes: Uint8Array
  readonly headers: Headers
  /** Parsed JSON (undefined when the body is not JSON). */
  readonly json: any
}

export interface CallOptions {
  readonly method?: "GET" | "POST" | "PUT"
  readonly query?: Record<string, string | number | ReadonlyArray<string | number>>
  readonly body?: unknown
  readonly token?: string
  readonly headers?: Record<string, string>
  /** Path prefix instead of `/API/v2/` (e.g. `/API/v2/fns/`, or `/` for OAuth). */
  readonly prefix?: string
  readonly redirect?: "manual" | "follow"
}

export const call = (server: SandboxServerService, path: string, o: CallOptions = {}): Effect.Effect<Reply> =>
  Effect.promise(async () => {
    const url = new URL((o.prefix ?? "/API/v2/") + path, server.url)
    for (const [k, v] of Object.entries(o.query ?? {})) {
      for (const x of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(x))
    }
    const headers: Record<string, string> = { ...o.headers }
    if (o.token !== undefined) headers["Session-Token"] = o.token
    let body: string | undefined
    if (o.body !== undefined) {
      body = typeof o.body === "string" ? o.body : JSON.stringify(o.body)
      headers["Content-Type"] ??= "application/json"
    }
    const res = await fetch(url, { method: o.method ?? (o.body !== undefined ? "POST" : "GET"), headers, ...(body === undefined ? {} : { body }), redirect: o.redirect ?? "follow" })
    const buf = new Uint8Array(await res.arrayBuffer())
    const text = new TextDecoder().decode(buf)
    let json: unknown
    try {
      json = text === "" ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: res.status, text, bytes: buf, headers: res.headers, contentType: res.headers.get("content-type") ?? "", json }
  })

/** Logs in (demo/demo by default) and returns the session token. */
export const login = (server: SandboxServerService, loginName = "demo", password = loginName): Effect.Effect<string> =>
  Effect.flatMap(
    call(server, "Login", { body: { login: loginName, password }, headers: { "Integrator-ID": server.settings.integratorId } }),
    (r) => (r.status === 200 ? Effect.succeed(r.json.sessionToken as string) : Effect.die(new Error(`login failed: ${r.status} ${r.text}`)))
  )

/** The vendor error code of an answer, or null. */
export const apiCode = (r: Reply): number | null => (r.json !== undefined && typeof r.json.apiErrorCode === "number" ? r.json.apiErrorCode : null)

/** One valid request per method of core's method table, over a dataset's first register. */
export const requestsForEveryMethod = (server: SandboxServerService, token: string, dataset: Dataset): Record<string, () => Effect.Effect<Reply>> => {
  const kkt = dataset.kkts[0]!
  const fn = dataset.currentFn(kkt).number
  const shift = dataset.shifts(kkt)[4]!
  const receipt = dataset.documents(shift)[3]!
  const department = dataset.departments[0]!
  const regBody = {
    kktFactoryNumber: "00106123450001", kktModelName: "АТОЛ 30Ф", fnFactoryNumber: "9999440500000001", fnModelName: "ФН-1.1М исполнение 36",
    regionCode: "77", city: "Москва", street: "ул. Тверская", house: "1", installationPlace: "Торговый зал",
    isLottery: false, isGambling: false, isBankPaymentAgent: false, isPaymentAgent: false, isAutomatic: false, isInternet: false, isDelivery: false, isBso: false, isExcise: false
  }
  const proof = { fiscalSignDateTime: "2025-11-20T10:00:00", fdNumber: 10, fiscalSign: "1234567890" }
  return {
    CertificateLogin: () => call(server, "CertificateLogin", { body: { certificate: server.settings.certificate }, headers: { "Integrator-ID": "demo" } }),
    Login: () => call(server, "Login", { body: { login: "demo", password: "demo" }, headers: { "Integrator-ID": "demo" } }),
    OAuthToken: () =>
      Effect.flatMap(server.issueOAuthCode({ redirectUri: "http://localhost/cb" }), (code) =>
        call(server, "core/connect/token", {
          prefix: "/", body: `grant_type=authorization_code&code=${code}&redirect_uri=${encodeURIComponent("http://localhost/cb")}`,
          headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${Buffer.from("demo-client:demo-secret").toString("base64")}` }
        })),
    AccountList: () => call(server, "AccountList", { token }),
    DepartmentList: () => call(server, "DepartmentList", { token }),
    DepartmentInfo: () => call(server, "DepartmentInfo", { token, query: { id: department.id } }),
    OutletList: () => call(server, "OutletList", { token }),
    OutletInfo: () => call(server, "OutletInfo", { token, query: { id: kkt.outletId } }),
    KKTList: () => call(server, "KKTList", { token, query: { id: kkt.outletId } }),
    FnHistory: () => call(server, "FnHistory", { token, query: { kktRegNumber: kkt.regNumber } }),
    KKTInfo: () => call(server, "KKTInfo", { token, query: { fn } }),
    ShiftList: () => call(server, "ShiftList", { token, query: { fn: shift.fn, begin: "2025-11-01T00:00:00", end: "2025-11-30T23:59:59" } }),
    ShiftInfo: () => call(server, "ShiftInfo", { token, query: { fn: shift.fn, shift: shift.number } }),
    DocumentList: () => call(server, "DocumentList", { token, query: { fn: shift.fn, shift: shift.number, type: [2, 3, 31, 5] } }),
    DocumentInfo: () => call(server, "DocumentInfo", { token, query: { fn: receipt.fn, fd: receipt.fd } }),
    DocumentURL: () => call(server, "DocumentURL", { token, query: { fn: receipt.fn, fd: receipt.fd } }),
    PrintDocumentHtml: () => call(server, "PrintDocument/html", { token, query: { kktId: kkt.factoryNumber, fp: receipt.fiscalSign } }),
    PrintDocumentPdf: () => call(server, "PrintDocument/pdf", { token, query: { kktId: kkt.factoryNumber, fp: receipt.fiscalSign } }),
    CreateKKTRegApp: () => call(server, "CreateKKTRegApp", { token, body: regBody }),
    KKTRegApp: () => call(server, "KKTRegApp", { token, query: { fn: regBody.fnFactoryNumber } }),
    "CreateKKTRe-RegApp": () =>
      call(server, "CreateKKTRe-RegApp", {
        token, body: { ...regBody, kktRegNumber: kkt.regNumber, fnFactoryNumber: "9999440500000002", isFnChange: true, ...proof }
      }),
    KKTRegCard: () => call(server, "KKTRegCard", { token, query: { fn: regBody.fnFactoryNumber } }),
    CreateKKTRemovalApp: () =>
      call(server, "CreateKKTRemovalApp", { token, body: { kktRegNumber: kkt.regNumber, kktFactoryNumber: kkt.factoryNumber, kktModelName: kkt.model, isStolen: false, isLost: false, ...proof } }),
    DraftList: () => call(server, "DraftList", { token }),
    DraftAccept: () => call(server, "DraftAccept", { token, body: [{ id: 1001, type: "Registration", kktModelName: "АТОЛ 30Ф", fnDuration: "36", tariff: "CD_Base" }] }),
    "kktstat/shifts": () => call(server, "kktstat/shifts", { token, body: { From: "2025-11-01T00:00:00", To: "2025-11-30T23:59:59" } }),
    "kktstat/kktinfo": () => call(server, "kktstat/kktinfo", { token, body: {} }),
    "kktstat/dashboard": () => call(server, "kktstat/dashboard", { token, body: {} }),
    NewDocuments: () => call(server, "NewDocuments", { token })
  }
}
