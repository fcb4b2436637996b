/**
 * The HTTP application: routing (case-insensitive, as ASP.NET routes), faults, authentication, access rights,
 * request decoding with core's request schemas, and one handler per method that answers with core's response
 * schemas (`Schema.encode` from domain values) — the wire is defined once, in `@taxcom-kit/core`.
 */
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Methods, Registration as Reg, VatRate, type KktMonitoring, type ShiftsReport } from "@taxcom-kit/core"
import { Clock, Duration, Effect, Either, ParseResult, Schema } from "effect"
import type { Dataset } from "../../Dataset.js"
import type { Right, ServerSettings, User } from "../../Settings.js"
import { ACTIVATION_CODES, FN_MODELS, KKT_MODELS, PARTNERS, REGION_CODES } from "../catalog.js"
import { batch, parseFeedId } from "../feed.js"
import { DAY, formatDateTime, parseDateTime, type DraftRec, type FnRec, type KktRec, type Millis, type OutletRec } from "../model.js"
import { fastEncoder } from "../encode.js"
import { guid, hash } from "../prng.js"
import { apiError, ApiError, aspNet, badRequest, errorResponse, json } from "./errors.js"
import { html, pdf } from "./render.js"
import type { Application, Session, State } from "./state.js"
import { View } from "./view.js"

type MethodSpec = Methods.MethodSpec
type Response = HttpServerResponse.HttpServerResponse

export interface AppContext {
  readonly ds: Dataset
  readonly settings: ServerSettings
  readonly state: State
  readonly clock: Clock.Clock
  /** Clock millis when the server started: the sandbox's wall clock is the dataset's now plus the time since. */
  readonly startedAt: number
}

interface Ctx {
  readonly app: AppContext
  readonly spec: MethodSpec
  readonly request: HttpServerRequest.HttpServerRequest
  readonly url: URL
  /** Query parameters by lower-case name (ASP.NET binds names case-insensitively). */
  readonly query: ReadonlyMap<string, ReadonlyArray<string>>
  readonly body: unknown
  /** Clock millis and the sandbox wall clock. */
  readonly clockMs: number
  readonly now: Millis
  readonly reportDate: string
  readonly user: User
  readonly view: View
}

// --- routing -----------------------------------------------------------------------------------------------------

const API = "/api/v2/"
const FNS = "/api/v2/fns/"

/** Lower-case path → method. The registration group answers under both `/API/v2/` and `/API/v2/fns/`. */
const ROUTES: ReadonlyMap<string, MethodSpec> = (() => {
  const m = new Map<string, MethodSpec>()
  for (const spec of Methods.all) {
    const path = spec.path.toLowerCase()
    if (spec.group === "oauth") m.set("/" + path, spec)
    else m.set(API + path, spec)
    if (spec.group === "registration") m.set(FNS + path, spec)
  }
  return m
})()

/** Which rights open which method (vendor document, table 2.2; methods it does not list: GUESS). */
const RIGHTS: Readonly<Record<string, ReadonlyArray<Right>>> = (() => {
  const lists: ReadonlyArray<Right> = ["admin", "monitoring", "analytics", "management"]
  const docs: ReadonlyArray<Right> = ["admin", "viewDocuments"]
  const manage: ReadonlyArray<Right> = ["admin", "management"]
  return {
    Login: ["admin", "api"], CertificateLogin: ["admin", "api"], OAuthToken: ["admin", "api"], AccountList: [],
    DepartmentList: lists, DepartmentInfo: ["admin", "monitoring"], OutletList: lists, OutletInfo: ["admin", "monitoring"],
    KKTList: lists, FnHistory: lists, KKTInfo: ["admin", "monitoring"], ShiftList: lists, ShiftInfo: ["admin", "analytics"],
    DocumentList: ["admin", "monitoring", "analytics", "viewDocuments"], DocumentInfo: docs, DocumentURL: docs,
    PrintDocumentHtml: docs, PrintDocumentPdf: docs, CreateKKTRegApp: manage, KKTRegApp: manage, "CreateKKTRe-RegApp": manage,
    KKTRegCard: manage, CreateKKTRemovalApp: manage, DraftList: manage, DraftAccept: manage,
    "kktstat/shifts": ["admin", "analytics", "monitoring"], "kktstat/kktinfo": ["admin", "monitoring"],
    "kktstat/dashboard": ["admin", "monitoring"], NewDocuments: docs
  }
})()

const hasRight = (user: User, method: string): boolean => {
  const needed = RIGHTS[method] ?? ["admin"]
  return needed.length === 0 || needed.some((r) => user.rights.includes(r))
}

// --- helpers -----------------------------------------------------------------------------------------------------

const fastEncoders = new WeakMap<object, (a: unknown) => unknown>()
const strictEncoders = new WeakMap<object, (a: unknown) => unknown>()

/**
 * The wire JSON of a domain value, through the method's response schema: `Schema.encodeSync` itself with
 * `strictEncoding`, else the same schema's transformations without re-checking refinements (`internal/encode.ts`).
 */
const encodeWith = (strict: boolean, spec: MethodSpec, value: unknown): Response => {
  const schema = spec.response
  if (schema === "binary") throw new Error(`${spec.name} answers a binary body`)
  const cache = strict ? strictEncoders : fastEncoders
  let enc = cache.get(schema)
  if (enc === undefined) {
    enc = strict ? Schema.encodeSync(schema as Schema.Schema<unknown, unknown>) : fastEncoder(schema as Schema.Schema<unknown, unknown>)
    cache.set(schema, enc)
  }
  return json(enc(value))
}

const decodeBody = <A>(schema: Schema.Schema<A, any>, body: unknown): Effect.Effect<A, ApiError> => {
  const r = Schema.decodeUnknownEither(schema, { errors: "all" })(body)
  return Either.isRight(r)
    ? Effect.succeed(r.right)
    : Effect.fail(badRequest(ParseResult.ArrayFormatter.formatErrorSync(r.left).map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")))
}

/** Renames the body's top-level properties to the documented names, ignoring letter case (as ASP.NET binds). */
const bindNames = (body: unknown, names: ReadonlyArray<string>): unknown => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body)) out[byLower.get(k.toLowerCase()) ?? k] = v
  return out
}

const param = (ctx: Ctx, name: string): string | undefined => {
  const v = ctx.query.get(name.toLowerCase())?.[0]
  return v === undefined || v === "" ? undefined : v
}

const required = (ctx: Ctx, name: string): Effect.Effect<string, ApiError> => {
  const v = param(ctx, name)
  return v === undefined ? Effect.fail(badRequest(`Не указан обязательный параметр: ${name}`)) : Effect.succeed(v)
}

const intParam = (ctx: Ctx, name: string): Effect.Effect<number, ApiError> =>
  Effect.flatMap(required(ctx, name), (v) =>
    /^-?\d{1,10}$/.test(v) ? Effect.succeed(Number(v)) : Effect.fail(badRequest(`Параметр ${name}: ожидается целое число, получено "${v}"`)))

const dateParam = (ctx: Ctx, name: string): Effect.Effect<Millis, ApiError> =>
  Effect.flatMap(required(ctx, name), (v) => {
    const ms = parseDateTime(v)
    return Number.isNaN(ms) ? Effect.fail(badRequest(`Параметр ${name}: ожидается дата в формате 2017-03-20T10:47:00, получено "${v}"`)) : Effect.succeed(ms)
  })

/** Validates `pn`/`ps` against the page-size setting (per method) and returns the page of records. */
const paging = <A>(ctx: Ctx, records: ReadonlyArray<A>): Effect.Effect<ReadonlyArray<A>, ApiError> => {
  const limits = ctx.app.settings.paging.overrides[ctx.spec.name] ?? ctx.app.settings.paging
  const pnText = param(ctx, "pn")
  const psText = param(ctx, "ps")
  const pn = pnText === undefined ? 1 : Number(pnText)
  const ps = psText === undefined ? limits.defaultSize : Number(psText)
  if (!Number.isInteger(pn) || pn < 1) return Effect.fail(badRequest(`Параметр pn: ожидается номер страницы от 1, получено "${pnText}"`))
  if (!Number.isInteger(ps) || ps < 1 || ps > limits.maxSize) {
    return Effect.fail(badRequest(`Параметр ps: ожидается от 1 до ${limits.maxSize}, получено "${psText}"`))
  }
  return Effect.succeed(records.slice((pn - 1) * ps, pn * ps))
}

const problemFilter = (ctx: Ctx): Effect.Effect<((p: string) => boolean), ApiError> => {
  const np = param(ctx, "np")
  if (np === undefined) return Effect.succeed(() => true)
  const wanted = ["OK", "Warning", "Problem"].find((x) => x.toLowerCase() === np.toLowerCase())
  return wanted === undefined ? Effect.fail(badRequest(`Параметр np: ожидается OK, Warning или Problem, получено "${np}"`)) : Effect.succeed((p: string) => p === wanted)
}

const listPage = <A>(ctx: Ctx, all: ReadonlyArray<unknown>, filtered: ReadonlyArray<A>) =>
  Effect.map(paging(ctx, filtered), (records) => ({ reportDate: ctx.reportDate, recordCount: all.length, filteredCount: filtered.length, records }))

const kktByFn = (ctx: Ctx, fn: string): Effect.Effect<{ readonly kkt: KktRec; readonly fn: FnRec }, ApiError> => {
  const hit = ctx.view.kktByFn(fn)
  return hit === undefined ? Effect.fail(apiError(3103, `ККТ с номером ФН: ${fn}`)) : Effect.succeed(hit)
}

const bytes = (body: Uint8Array, contentType: string): Response => HttpServerResponse.uint8Array(body, { contentType })

const encode = (ctx: Ctx, value: unknown): Response => encodeWith(ctx.app.settings.strictEncoding, ctx.spec, value)

// --- authentication ----------------------------------------------------------------------------------------------

const sessionTtl = (app: AppContext) => app.state.faults.sessionTtlMs ?? app.settings.sessionTtlMs

const isExpired = (app: AppContext, s: Session, clockMs: number) =>
  s.expiresAt !== null ? clockMs > s.expiresAt : clockMs - s.lastUse > sessionTtl(app)

const faultApplies = (app: AppContext, method: string) => app.state.faults.methods.length === 0 || app.state.faults.methods.includes(method)

/** Resolves the caller of a session method: `Session-Token`, or for the registration group the integration pair. */
const authenticate = (app: AppContext, spec: MethodSpec, request: HttpServerRequest.HttpServerRequest, clockMs: number): Effect.Effect<User, ApiError> => {
  const headers = request.headers
  const token = headers["session-token"]
  if ((token === undefined || token === "") && spec.auth === "session-or-integration" && headers["integration-token"] !== undefined) {
    if (headers["integrator-id"] !== app.settings.integratorId || headers["integration-token"] !== app.settings.integrationToken) {
      return Effect.fail(apiError(2112, null))
    }
    // The integration token acts for the cabinet: as its administrator.
    return Effect.succeed(app.settings.users.find((u) => u.rights.includes("admin")) ?? app.settings.users[0]!)
  }
  if (token === undefined || token === "") return Effect.fail(apiError(2110, null))
  const s = app.state.sessions.get(token)
  if (s === undefined) return Effect.fail(apiError(2109, "Требуется повторная авторизация"))
  const dropped = faultApplies(app, spec.name) && app.state.faultRng.chance(app.state.faults.tokenExpiryRate)
  if (dropped || isExpired(app, s, clockMs)) {
    app.state.sessions.delete(token)
    if (app.state.loginSessionOf.get(s.user.login) === token) app.state.loginSessionOf.delete(s.user.login)
    return Effect.fail(apiError(2109, "Требуется повторная авторизация"))
  }
  s.lastUse = clockMs
  return Effect.succeed(s.user)
}

const newSession = (app: AppContext, user: User, kind: Session["kind"], clockMs: number, expiresAt: number | null = null): Session => {
  const s: Session = { token: app.state.newToken(), user, kind, lastUse: clockMs, expiresAt }
  app.state.sessions.set(s.token, s)
  return s
}

// --- handlers ----------------------------------------------------------------------------------------------------

type Handler = (ctx: Ctx) => Effect.Effect<Response, ApiError>

const account = (ctx: Ctx) => ctx.app.ds.account

const toDraft = (d: DraftRec) => ({
  id: d.id, type: d.type, reportDate: formatDateTime(d.reportDate), receivedAt: formatDateTime(d.receivedAt), kktModel: d.kktModel,
  kktRegNumber: d.kktRegNumber, kktFactoryNumber: d.kktFactoryNumber, fn: d.fn, outletName: d.outletName, fnsStatus: d.fnsStatus
})

/** Applications whose registration card has arrived leave a registration report in the cabinet's drafts. */
const syncDrafts = (ctx: Ctx) => {
  const { state, settings } = ctx.app
  for (const a of state.applications.values()) {
    if (a.kind !== "registration" || a.draftMade || ctx.clockMs - a.createdAt < settings.registration.cardDelayMs) continue
    a.draftMade = true
    const at = a.createdWall + settings.registration.cardDelayMs
    state.drafts.push({
      id: state.nextDraftId++, type: "Registration", reportDate: at, receivedAt: at + 60_000, kktModel: a.kktModel, kktRegNumber: a.kktRegNumber,
      kktFactoryNumber: a.kktFactoryNumber, fn: a.fn, outletName: a.address.placeName, fnsStatus: "Registered"
    })
  }
}

const checkModels = (kktModel: string, fnModel: string | null, regionCode: string | null | undefined): Effect.Effect<void, ApiError> => {
  if (!KKT_MODELS.some((m) => m.name === kktModel)) return Effect.fail(apiError(2301, `Модель ККТ: ${kktModel}`))
  if (fnModel !== null && !FN_MODELS.some((m) => m.name === fnModel)) return Effect.fail(apiError(2302, `Модель ФН: ${fnModel}`))
  if (regionCode !== undefined && (regionCode === null || !REGION_CODES.has(regionCode))) return Effect.fail(apiError(2303, `Код региона: ${regionCode ?? ""}`))
  return Effect.void
}

const knownFn = (ctx: Ctx, fn: string) => ctx.view.kktByFn(fn) !== undefined || ctx.app.state.applications.has(fn)

const assignedRegNumber = (fn: string) => "000" + String(hash(0x7e9, Number(fn.slice(0, 8)), Number(fn.slice(8))) % 1_000_000_000).padStart(9, "0") + fn.slice(-4)

const applicationReceipt = (ctx: Ctx, a: Application) =>
  encode(ctx, { number: a.number, date: formatDateTime(a.createdWall) })

/** KKTRegApp / KKTRegCard: the application of a drive, once the tax service has reached `stage`. */
const applicationAt = (ctx: Ctx, fn: string, stage: "rnm" | "card"): Effect.Effect<Application, ApiError> => {
  const a = ctx.app.state.applications.get(fn)
  if (a === undefined) {
    return knownFn(ctx, fn)
      ? Effect.fail(apiError(3301, `Заявление на регистрацию ККТ с номером ФН ${fn} не найдено`))
      : Effect.fail(apiError(3103, `ККТ с номером ФН: ${fn}`))
  }
  const { rnmDelayMs, cardDelayMs } = ctx.app.settings.registration
  const elapsed = ctx.clockMs - a.createdAt
  if (elapsed < rnmDelayMs) return Effect.fail(apiError(3301, `ККТ с номером ФН ${fn} не присвоен РНМ`))
  if (stage === "card" && elapsed < cardDelayMs) return Effect.fail(apiError(3301, `Для ККТ с номером ФН ${fn} не получена карточка регистрации`))
  return Effect.succeed(a)
}

const monitoringMatches = (view: View, k: KktRec, f: KktMonitoring.KktMonitoringFilter, outletsInDept: ReadonlySet<string> | null): boolean => {
  if (f.outletId !== undefined && k.outletId !== f.outletId) return false
  if (outletsInDept !== null && !outletsInDept.has(k.outletId)) return false
  const s = view.status(k)
  const group = (checks: ReadonlyArray<readonly [boolean | undefined, () => boolean]>) => {
    const on = checks.filter(([flag]) => flag === true)
    return on.length === 0 || on.some(([, test]) => test())
  }
  const age = s.lastDocumentAt === null ? Infinity : (view.now - s.lastDocumentAt) / DAY
  const fnsStatus = view.state.drafts.find((d) => d.kktRegNumber === k.regNumber)?.fnsStatus ?? "Registered"
  return group([[f.shiftOpen, () => s.shiftStatus === "Open"], [f.shiftClose, () => s.shiftStatus === "Close"], [f.shiftInvalid, () => s.shiftInvalid]]) &&
    group([[f.fnExpires, () => s.fnState === "Expires"], [f.fnExpired, () => s.fnState === "Expired"], [f.fnActive, () => s.fnState === "Active"]]) &&
    group([[f.kktConnected, () => k.state === "Active"], [f.kktExpires, () => k.state === "Expires"], [f.kktNotPayed, () => k.state === "Expired"]]) &&
    group([[f.more7Days, () => age > 7], [f.more14Days, () => age > 14], [f.less7Days, () => age <= 7]]) &&
    group([[f.regFnsNotRegistered, () => fnsStatus === "NotRegistered"], [f.regFnsNotCompleted, () => fnsStatus === "RegistrationNotCompleted"], [f.regFnsRegistered, () => fnsStatus === "Registered"]]) &&
    (f.isSelfService !== true || k.selfService)
}

const receiptLines = (ctx: Ctx, kkt: KktRec, d: ReturnType<Dataset["documentsBySign"]>[number]) => {
  const detail = ctx.app.ds.toDocumentDetail(d)
  const rub = (k: number) => (k / 100).toFixed(2)
  const fields: Array<readonly [string, string]> = [
    ["Организация", detail.organisation ?? ""], ["ИНН", detail.inn ?? ""], ["Адрес", detail.address ?? ""], ["ККТ", `${kkt.model}, РН ${kkt.regNumber}`],
    ["ФН", d.fn], ["ФД", String(d.fd)], ["ФПД", String(d.fiscalSign)], ["Смена", String(d.shift)], ["Дата", formatDateTime(d.at)],
    ["Кассир", d.cashier], ["Признак расчета", d.operation ?? "—"], ["Итого", rub(d.total)], ["Наличными", rub(d.cash)], ["Безналичными", rub(d.electronic)]
  ]
  const rows = d.items.map((i) => [i.name, i.quantity.replace(/0+$/, "").replace(/\.$/, ""), rub(i.price), rub(i.sum), VatRate.label(i.rate), rub(i.vat)])
  return { fields, rows }
}

const printDocument = (format: "html" | "pdf"): Handler => (ctx) =>
  Effect.gen(function*() {
    const kktId = yield* required(ctx, "kktId")
    const fp = yield* required(ctx, "fp")
    const kkt = ctx.view.kktByFactoryNumber(kktId)
    if (kkt === undefined) return yield* apiError(3106, "Недостаточно прав доступа либо метод недоступен для данного договора")
    const sign = /^\d{1,10}$/.test(fp) ? Number(fp) : NaN
    const doc = Number.isNaN(sign) ? undefined : ctx.app.ds.documentsBySign(kkt, sign)[0]
    if (doc === undefined) return yield* apiError(3101, `Фискальный признак: ${fp}`)
    const title = doc.type === 3 ? "Кассовый чек" : doc.type === 31 ? "Кассовый чек коррекции" : doc.type === 2 ? "Отчет об открытии смены" : "Отчет о закрытии смены"
    const { fields, rows } = receiptLines(ctx, kkt, doc)
    if (format === "html") {
      return HttpServerResponse.html(html(title, fields, { head: ["Наименование", "Кол-во", "Цена", "Сумма", "НДС", "Сумма НДС"], rows }))
    }
    return bytes(pdf(title, [...fields.map(([k, v]) => `${k}: ${v}`), "", ...rows.map((r) => r.join("  "))]), "application/pdf")
  })

const handlers: Readonly<Record<string, Handler>> = {
  Login: (ctx) =>
    Effect.gen(function*() {
      const { settings, state, ds } = ctx.app
      if (ctx.request.headers["integrator-id"] !== settings.integratorId) return yield* apiError(2108, "Некорректное значение параметра Integrator-ID")
      const body = yield* decodeBody(Methods.Login.request, bindNames(ctx.body, Methods.Login.params))
      const user = settings.users.find((u) => u.login === body.login && u.password === body.password)
      if (user === undefined) return yield* apiError(2108, "Некорректная пара логин/пароль")
      if (body.agreementNumber !== undefined && body.agreementNumber !== ds.account.agreementNumber) {
        return yield* apiError(2108, `Не найден номер договора: ${body.agreementNumber}`)
      }
      if (!hasRight(user, "Login")) return yield* apiError(2111, null)
      const current = state.loginSessionOf.get(user.login)
      const existing = current === undefined ? undefined : state.sessions.get(current)
      if (settings.reuseSessionOnLogin && existing !== undefined && !isExpired(ctx.app, existing, ctx.clockMs)) {
        existing.lastUse = ctx.clockMs
        return encode(ctx, { sessionToken: existing.token })
      }
      const s = newSession(ctx.app, user, "login", ctx.clockMs)
      state.loginSessionOf.set(user.login, s.token)
      return encode(ctx, { sessionToken: s.token })
    }),

  CertificateLogin: (ctx) =>
    Effect.gen(function*() {
      const { settings } = ctx.app
      if (ctx.request.headers["integrator-id"] !== settings.integratorId) return yield* apiError(2108, "Некорректное значение параметра Integrator-ID")
      const body = yield* decodeBody(Methods.CertificateLogin.request, bindNames(ctx.body, Methods.CertificateLogin.params))
      if (body.certificate.trim() === "") return yield* apiError(2103, null)
      if (!/^[A-Za-z0-9+/=\s]+$/.test(body.certificate)) return yield* apiError(2101, null)
      if (body.certificate.replace(/\s/g, "") !== settings.certificate) return yield* apiError(2107, null)
      const user = settings.users.find((u) => u.rights.includes("admin")) ?? settings.users[0]!
      const s = newSession(ctx.app, user, "certificate", ctx.clockMs)
      // The sandbox's "encryption" of the token is base64: a decryptor for tests is `Buffer.from(x, "base64")`.
      return encode(ctx, { sessionToken: Buffer.from(s.token, "utf8").toString("base64") })
    }),

  AccountList: (ctx) =>
    Effect.sync(() => {
      const a = account(ctx)
      const r = ctx.user.rights
      return encode(ctx, {
        reportDate: ctx.reportDate,
        current: a.agreementNumber,
        accounts: [{
          agreementNumber: a.agreementNumber, companyName: a.companyName, inn: a.inn, kpp: a.kpp,
          rights: {
            admin: r.includes("admin"), management: r.includes("management"), monitoring: r.includes("monitoring"),
            analytics: r.includes("analytics"), reports: r.includes("reports"), viewDocuments: r.includes("viewDocuments")
          }
        }]
      })
    }),

  DepartmentList: (ctx) =>
    Effect.gen(function*() {
      const keep = yield* problemFilter(ctx)
      const all = ctx.app.ds.departments.map((d) => ctx.view.toDepartment(d))
      return encode(ctx, yield* listPage(ctx, all, all.filter((d) => keep(d.problem))))
    }),

  DepartmentInfo: (ctx) =>
    Effect.gen(function*() {
      const id = yield* required(ctx, "id")
      const d = ctx.app.ds.department(id)
      if (d === undefined) return yield* apiError(3104, `ИД подразделения: ${id}`)
      const outlets = ctx.app.ds.outletsOfDepartment(id)
      const kkts = outlets.flatMap((o) => ctx.view.kktsOfOutlet(o.id))
      return encode(ctx, {
        reportDate: ctx.reportDate, id: d.id, name: d.name, code: d.code, parent: ctx.app.ds.departmentRef(d.parentId),
        counters: ctx.view.counters(kkts, outlets.length)
      })
    }),

  OutletList: (ctx) =>
    Effect.gen(function*() {
      const keep = yield* problemFilter(ctx)
      const id = param(ctx, "id")
      let scope: ReadonlyArray<OutletRec> = ctx.view.outlets
      if (id !== undefined) {
        if (ctx.app.ds.department(id) === undefined) return yield* apiError(3104, `ИД подразделения: ${id}`)
        scope = ctx.app.ds.outletsOfDepartment(id)
      }
      const all = scope.map((o) => ctx.view.toOutlet(o))
      return encode(ctx, yield* listPage(ctx, all, all.filter((o) => keep(o.problem))))
    }),

  OutletInfo: (ctx) =>
    Effect.gen(function*() {
      const id = yield* required(ctx, "id")
      const o = ctx.view.outlet(id)
      if (o === undefined) return yield* apiError(3102, `ИД торговой точки: ${id}`)
      return encode(ctx, {
        reportDate: ctx.reportDate, id: o.id, name: o.name, code: o.code, address: o.address,
        department: ctx.app.ds.departmentRef(o.departmentId), contact: o.contact, counters: ctx.view.counters(ctx.view.kktsOfOutlet(o.id), null)
      })
    }),

  KKTList: (ctx) =>
    Effect.gen(function*() {
      const keep = yield* problemFilter(ctx)
      const id = yield* required(ctx, "id")
      const o = ctx.view.outlet(id)
      if (o === undefined) return yield* apiError(3102, `ИД торговой точки: ${id}`)
      const all = ctx.view.kktsOfOutlet(id).map((k) => ctx.view.toKkt(k))
      const page = yield* listPage(ctx, all, all.filter((k) => keep(k.problem)))
      return encode(ctx, { ...page, outlet: ctx.app.ds.outletRef(o) })
    }),

  FnHistory: (ctx) =>
    Effect.gen(function*() {
      const reg = yield* required(ctx, "kktRegNumber")
      const kkt = ctx.view.kktByRegNumber(reg)
      if (kkt === undefined) return yield* apiError(3103, `ККТ с рег. номером: ${reg}`)
      const np = param(ctx, "np")?.toLowerCase()
      if (np !== undefined && np !== "active" && np !== "deactivated") return yield* badRequest(`Параметр np: ожидается active или deactivated, получено "${np}"`)
      const all = kkt.fns.map((f) => ({ fn: f.number, active: f.active }))
      const filtered = np === undefined ? all : all.filter((f) => f.active === (np === "active"))
      return encode(ctx, { reportDate: ctx.reportDate, recordCount: all.length, filteredCount: filtered.length, records: filtered })
    }),

  KKTInfo: (ctx) =>
    Effect.gen(function*() {
      const hit = yield* kktByFn(ctx, yield* required(ctx, "fn"))
      return encode(ctx, { ...ctx.view.toKktDetail(hit.kkt, hit.fn), reportDate: ctx.reportDate })
    }),

  ShiftList: (ctx) =>
    Effect.gen(function*() {
      const fn = yield* required(ctx, "fn")
      yield* kktByFn(ctx, fn)
      const begin = yield* dateParam(ctx, "begin")
      const end = yield* dateParam(ctx, "end")
      if (end < begin) return yield* badRequest("Окончание периода раньше его начала")
      const all = ctx.app.ds.shiftsOfFn(fn)
      const filtered = ctx.app.ds.shiftsOverlapping(fn, begin, end, ctx.now).map((s) => ctx.app.ds.toShift(s))
      return encode(ctx, yield* listPage(ctx, all, filtered))
    }),

  ShiftInfo: (ctx) =>
    Effect.gen(function*() {
      const fn = yield* required(ctx, "fn")
      yield* kktByFn(ctx, fn)
      const number = yield* intParam(ctx, "shift")
      const totals = ctx.app.ds.shiftTotals(fn, number)
      if (totals === undefined) return yield* apiError(3105, `Номер смены: ${number}`)
      return encode(ctx, { ...totals, reportDate: ctx.reportDate })
    }),

  DocumentList: (ctx) =>
    Effect.gen(function*() {
      const fn = yield* required(ctx, "fn")
      yield* kktByFn(ctx, fn)
      const number = yield* intParam(ctx, "shift")
      const shift = ctx.app.ds.shift(fn, number)
      if (shift === undefined) return yield* apiError(3105, `Номер смены: ${number}`)
      const types = new Set<number>()
      for (const t of ctx.query.get("type") ?? []) {
        for (const part of t.split(",")) {
          if (!["2", "21", "3", "31", "4", "41", "5"].includes(part.trim())) return yield* badRequest(`Параметр type: неизвестный тип документа "${part}"`)
          types.add(Number(part))
        }
      }
      // Without `type` the recorded answer lists the shift's receipts only (4 of 4, no shift reports): LIKELY.
      const docs = ctx.app.ds.documents(shift)
      const all = types.size === 0 ? docs.filter((d) => d.operation !== null) : docs
      const wanted = types.size === 0 ? RECEIPT_TYPES : types
      // Only the page's records become DocumentList records (the shift's other pages are not converted for nothing).
      const page = yield* listPage(ctx, all, docs.filter((d) => wanted.has(d.type)))
      return encode(ctx, { ...page, records: page.records.map((d) => ctx.app.ds.toDocumentSummary(d)) })
    }),

  DocumentInfo: (ctx) =>
    Effect.gen(function*() {
      const fn = yield* required(ctx, "fn")
      yield* kktByFn(ctx, fn)
      const fd = yield* intParam(ctx, "fd")
      const detail = ctx.app.ds.documentDetail(fn, fd)
      if (detail === undefined) return yield* apiError(3101, `Номер ФД: ${fd}`)
      return encode(ctx, { reportDate: ctx.reportDate, document: detail })
    }),

  DocumentURL: (ctx) =>
    Effect.gen(function*() {
      const fn = yield* required(ctx, "fn")
      yield* kktByFn(ctx, fn)
      const fd = yield* intParam(ctx, "fd")
      const d = ctx.app.ds.document(fn, fd)
      if (d === undefined) return yield* apiError(3101, `Номер ФД: ${fd}`)
      return encode(ctx, `https://receipt.taxcom.ru/v01/show?fp=${d.fiscalSign}&s=${(d.total / 100).toFixed(2)}`)
    }),

  PrintDocumentHtml: printDocument("html"),
  PrintDocumentPdf: printDocument("pdf"),

  CreateKKTRegApp: (ctx) =>
    Effect.gen(function*() {
      const r = yield* decodeBody(Methods.CreateKKTRegApp.request, ctx.body)
      yield* checkModels(r.kktModel, r.fnModel, r.address.regionCode)
      if (knownFn(ctx, r.fn)) return yield* apiError(3201, `ККТ с номером ФН: ${r.fn}`)
      const a: Application = {
        kind: "registration", number: String(2_000_000 + ctx.app.state.nextNumber()), createdAt: ctx.clockMs, createdWall: ctx.now, fn: r.fn,
        kktRegNumber: assignedRegNumber(r.fn), kktFactoryNumber: r.kktFactoryNumber, kktModel: r.kktModel, fnModel: r.fnModel,
        address: r.address, usage: r.usage, reasons: null, draftMade: false
      }
      ctx.app.state.applications.set(r.fn, a)
      return applicationReceipt(ctx, a)
    }),

  "CreateKKTRe-RegApp": (ctx) =>
    Effect.gen(function*() {
      const r = yield* decodeBody(Methods.CreateKKTReRegApp.request, ctx.body)
      const kkt = ctx.view.kktByRegNumber(r.kktRegNumber)
      if (kkt === undefined) return yield* apiError(3103, `ККТ с рег. номером: ${r.kktRegNumber}`)
      yield* checkModels(r.kktModel, r.fnModel, r.address.regionCode)
      const a: Application = {
        kind: "reregistration", number: String(2_000_000 + ctx.app.state.nextNumber()), createdAt: ctx.clockMs, createdWall: ctx.now, fn: r.fn,
        kktRegNumber: kkt.regNumber, kktFactoryNumber: r.kktFactoryNumber, kktModel: r.kktModel, fnModel: r.fnModel,
        address: r.address, usage: r.usage, reasons: r.reasons, draftMade: true
      }
      ctx.app.state.applications.set(r.fn, a)
      return applicationReceipt(ctx, a)
    }),

  KKTRegApp: (ctx) =>
    Effect.gen(function*() {
      const fn = yield* required(ctx, "fn")
      const a = yield* applicationAt(ctx, fn, "rnm")
      const acc = account(ctx)
      return encode(ctx, {
        reportDate: ctx.reportDate, kktRegNumber: a.kktRegNumber, reasons: a.reasons, kktFactoryNumber: a.kktFactoryNumber, kktModel: a.kktModel,
        fn: a.fn, fnModel: a.fnModel, address: a.address, userName: acc.companyName, userInn: acc.inn, ofdName: "ООО \"Такском\"", ofdInn: "7704211201",
        receiptCheckUrl: "https://receipt.taxcom.ru", ofdHost: "f1.taxcom.ru", ofdPort: "7777", usage: a.usage
      })
    }),

  KKTRegCard: (ctx) =>
    Effect.gen(function*() {
      const fn = yield* required(ctx, "fn")
      const a = yield* applicationAt(ctx, fn, "card")
      const acc = account(ctx)
      return bytes(pdf("Kartochka registratsii KKT", [
        `Пользователь: ${acc.companyName}, ИНН ${acc.inn}`, `Модель ККТ: ${a.kktModel}`, `Заводской номер ККТ: ${a.kktFactoryNumber}`,
        `Регистрационный номер ККТ: ${a.kktRegNumber}`, `Модель ФН: ${a.fnModel}`, `Номер ФН: ${a.fn}`,
        `Адрес установки: ${[a.address.postalCode, a.address.city, a.address.street, a.address.house].filter((x) => x !== null).join(", ")}`,
        `Дата регистрации: ${formatDateTime(a.createdWall + ctx.app.settings.registration.rnmDelayMs).slice(0, 10)}`,
        "Sandbox taxcom-kit: dokument ne imeet yuridicheskoy sily"
      ]), "application/pdf")
    }),

  CreateKKTRemovalApp: (ctx) =>
    Effect.gen(function*() {
      const r = yield* decodeBody(Methods.CreateKKTRemovalApp.request, ctx.body)
      const kkt = ctx.view.kktByRegNumber(r.kktRegNumber)
      if (kkt === undefined) return yield* apiError(3103, `ККТ с рег. номером: ${r.kktRegNumber}`)
      yield* checkModels(r.kktModel, null, undefined)
      const number = String(2_000_000 + ctx.app.state.nextNumber())
      ctx.app.state.removals.push({ number, kktRegNumber: kkt.regNumber })
      return encode(ctx, { number, date: ctx.reportDate })
    }),

  DraftList: (ctx) =>
    Effect.sync(() => {
      syncDrafts(ctx)
      const drafts = ctx.app.state.drafts.map(toDraft)
      return encode(ctx, { reportDate: ctx.reportDate, recordCount: drafts.length, filteredCount: drafts.length, records: drafts })
    }),

  DraftAccept: (ctx) =>
    Effect.gen(function*() {
      syncDrafts(ctx)
      const { state, ds } = ctx.app
      // A missing model is an outcome (ModelNameIsMissing), not a malformed request.
      const body = Array.isArray(ctx.body)
        ? ctx.body.map((x) => (typeof x === "object" && x !== null && !("kktModelName" in x) ? { ...x, kktModelName: "" } : x))
        : ctx.body
      const items = yield* decodeBody(Methods.DraftAccept.request, body)
      for (const it of items) {
        if (!state.drafts.some((d) => d.id === it.id && d.type === it.type)) return yield* apiError(3107, `ИД отчета о регистрации/перерегистрации : ${it.id}`)
        if (it.outletId !== undefined && ctx.view.outlet(it.outletId) === undefined) return yield* apiError(3102, `ИД торговой точки: ${it.outletId}`)
      }
      const results: Array<{ id: number; dateTime: string; outcome: Reg.DraftAcceptOutcome }> = []
      for (const it of items) {
        const draft = state.drafts.find((d) => d.id === it.id && d.type === it.type)!
        const outcome: Reg.DraftAcceptOutcome = it.kktModel.trim() === ""
          ? "ModelNameIsMissing"
          : it.activationCode !== undefined && !ACTIVATION_CODES.has(it.activationCode)
          ? "InvalidActivationCode"
          : it.partnerInn !== undefined && !PARTNERS.some((p) => p.inn === it.partnerInn && (it.partnerKpp === undefined || p.kpp === it.partnerKpp))
          ? "PartnerNotFound"
          : draft.type === "Registration" && ctx.view.kktByFn(draft.fn) !== undefined
          ? "FnFactoryNumberAlreadyExists"
          : draft.type === "Registration" && ctx.view.kktByRegNumber(draft.kktRegNumber) !== undefined
          ? "KktRegNumberAlreadyExists"
          : "Accepted"
        if (outcome === "Accepted") {
          state.drafts.splice(state.drafts.indexOf(draft), 1)
          if (draft.type === "Registration") {
            let outletId: string | undefined = it.outletId
            if (outletId === undefined) {
              const o: OutletRec = {
                id: guid(0xd7a, draft.id), name: draft.outletName ?? "Новая торговая точка", code: null, address: draft.outletName ?? "",
                departmentId: null, contact: { name: null, phone: null, email: null }, place: "Торговый зал"
              }
              state.extraOutlets.push(o)
              outletId = o.id
            }
            const activated = it.fnActivationDate === undefined ? draft.reportDate : parseDateTime(it.fnActivationDate)
            const months = Number(it.fnDuration) as 13 | 15 | 36
            const fnRec: FnRec = {
              number: draft.fn, ordinal: 0, model: months === 36 ? "ФН-1.1М исполнение 36" : "ФН-1.1М исполнение 15", registeredAt: activated,
              durationMonths: months, endsAt: activated + months * 30 * DAY, active: true, firstShift: 1, firstFd: 1
            }
            state.extraKkts.push({
              index: ds.kkts.length + state.extraKkts.length, name: it.kktName ?? draft.kktFactoryNumber, regNumber: draft.kktRegNumber,
              factoryNumber: draft.kktFactoryNumber, model: it.kktModel, outletId, state: "Activation",
              paidUntil: it.activationCode === undefined ? null : ctx.now + (it.tariff === "CD_Base_3Years" ? 3 * 365 : 365) * DAY,
              selfService: it.partnerInn === undefined, partner: null, fns: [fnRec], taxation: "OSN", plan: null, feedLagSeconds: 10
            })
          }
        }
        results.push({ id: it.id, dateTime: ctx.reportDate, outcome })
      }
      return encode(ctx, results)
    }),

  "kktstat/shifts": (ctx) =>
    Effect.gen(function*() {
      const q = yield* decodeBody(Methods.KktStatShifts.request, bindNames(ctx.body ?? {}, Methods.KktStatShifts.params))
      const from = parseDateTime(q.from)
      const to = parseDateTime(q.to)
      if (to < from) return yield* badRequest("To: окончание периода раньше его начала")
      const maxDays = ctx.app.settings.maxReportDays
      if (to - from > maxDays * DAY) return yield* badRequest(`Максимальный период – ${maxDays} день`)
      if (q.departmentId !== undefined && ctx.app.ds.department(q.departmentId) === undefined) return yield* apiError(3104, `ИД подразделения: ${q.departmentId}`)
      if (q.outletId !== undefined && ctx.view.outlet(q.outletId) === undefined) return yield* apiError(3102, `ИД торговой точки: ${q.outletId}`)
      if (q.kktRegNumber !== undefined && ctx.view.kktByRegNumber(q.kktRegNumber) === undefined) return yield* apiError(3103, `ККТ с рег. номером: ${q.kktRegNumber}`)
      const report: ShiftsReport.ShiftsReport = ctx.app.ds.shiftsReport(q, ctx.now)
      return encode(ctx, { ...report, created: ctx.reportDate })
    }),

  "kktstat/kktinfo": (ctx) =>
    Effect.gen(function*() {
      const q = yield* decodeBody(Methods.KktStatKktInfo.request, bindNames(ctx.body ?? {}, ["PageNumber", ...Methods.KktStatKktInfo.params]))
      const f = q.filter
      if (f.departmentId !== undefined && ctx.app.ds.department(f.departmentId) === undefined) return yield* apiError(3104, `ИД подразделения: ${f.departmentId}`)
      if (f.outletId !== undefined && ctx.view.outlet(f.outletId) === undefined) return yield* apiError(3102, `ИД торговой точки: ${f.outletId}`)
      const inDept = f.departmentId === undefined ? null : new Set(ctx.app.ds.outletsOfDepartment(f.departmentId).map((o) => o.id))
      const rows = ctx.view.kkts.filter((k) => monitoringMatches(ctx.view, k, f, inDept))
      const size = ctx.app.settings.kktInfoPageSize
      const page = q.pageNumber ?? 1
      if (page < 1) return yield* badRequest(`PageNumber: ожидается номер страницы от 1, получено ${page}`)
      return encode(ctx, {
        created: ctx.reportDate,
        pageCount: Math.ceil(rows.length / size),
        rows: rows.slice((page - 1) * size, page * size).map((k) => {
          const row = ctx.app.ds.toMonitoringRow(k, ctx.now, ctx.app.settings.monitoring)
          const o = ctx.view.outlet(k.outletId)
          return o === undefined ? row : { ...row, outlet: { id: o.id, name: o.name, code: o.code, address: o.address } }
        })
      })
    }),

  "kktstat/dashboard": (ctx) =>
    Effect.gen(function*() {
      const t = yield* decodeBody(Methods.KktStatDashboard.request, bindNames(ctx.body ?? {}, Methods.KktStatDashboard.params))
      const m = ctx.app.settings.monitoring
      const lastWarn = t.lastDocDaysCountWarning ?? m.lastDocDaysWarning
      const lastErr = t.lastDocDaysCountError ?? m.lastDocDaysError
      const kktWarn = t.kktExpirationDaysCountWarning ?? m.kktExpirationDaysWarning
      const kktErr = t.kktExpirationDaysCountError ?? m.kktExpirationDaysError
      const fnWarn = t.fnExpirationDaysCountWarning ?? m.fnExpirationDaysWarning
      const fnErr = t.fnExpirationDaysCountError ?? m.fnExpirationDaysError
      let shiftInvalid = 0, noDocumentWarning = 0, noDocumentError = 0, kktWarning = 0, kktError = 0, fnWarning = 0, fnError = 0
      const kkts = ctx.view.kkts
      for (const k of kkts) {
        const s = ctx.view.status(k)
        if (s.shiftInvalid) shiftInvalid++
        const age = s.lastDocumentAt === null ? null : (ctx.now - s.lastDocumentAt) / DAY
        if (age !== null && age > lastErr) noDocumentError++
        else if (age !== null && age > lastWarn) noDocumentWarning++
        const paidLeft = k.paidUntil === null ? Infinity : (k.paidUntil - ctx.now) / DAY
        if (k.state === "Expired" || paidLeft <= kktErr) kktError++
        else if (paidLeft <= kktWarn) kktWarning++
        const fnLeft = (k.fns[k.fns.length - 1]!.endsAt - ctx.now) / DAY
        if (fnLeft <= fnErr) fnError++
        else if (fnLeft <= fnWarn) fnWarning++
      }
      return encode(ctx, {
        kktCount: kkts.length, outletCount: ctx.view.outlets.length, shiftInvalid, noDocumentWarning, noDocumentError, kktWarning, kktError, fnWarning, fnError
      })
    }),

  NewDocuments: (ctx) =>
    Effect.gen(function*() {
      const { ds, settings, state } = ctx.app
      const an = param(ctx, "an")
      if (an !== undefined && an !== ds.account.agreementNumber) return yield* apiError(3106, "Недостаточно прав доступа либо метод недоступен для данного договора")
      const id = param(ctx, "id")
      const after = id === undefined ? null : parseFeedId(ds, id) ?? null
      if (id !== undefined && after === null) return yield* apiError(2203, `ИД документа: ${id}`)
      const caller = state.feedCallers.get(ctx.user.login)
      const { minIntervalMs, cap, windowDays } = settings.newDocuments
      if (caller !== undefined && caller.complete && ctx.clockMs - caller.lastCall < minIntervalMs) {
        const wait = Math.ceil((minIntervalMs - (ctx.clockMs - caller.lastCall)) / 1000)
        return yield* apiError(2204, `Метод NewDocuments можно вызывать не чаще 1 раза в минуту; повторите через ${wait} с`)
      }
      const result = batch(ds, { now: ctx.now, windowStart: ctx.now - windowDays * DAY, after, cap })
      state.feedCallers.set(ctx.user.login, { lastCall: ctx.clockMs, complete: result.complete })
      return encode(ctx, { reportDate: ctx.reportDate, documents: result.entries.map((e) => ({ id: e.id, document: ds.toDocumentDetail(e.doc) })) })
    })
}

// --- the application ---------------------------------------------------------------------------------------------

const RECEIPT_TYPES: ReadonlySet<number> = new Set([3, 31, 4, 41])

const PAGED: ReadonlySet<string> = new Set(Methods.all.filter((m) => m.paging !== undefined).map((m) => m.name))

const latencyMs = (app: AppContext): number => {
  const l = app.state.faults.latency
  const r = app.state.faultRng
  switch (l._tag) {
    case "None":
      return 0
    case "Fixed":
      return l.ms
    case "Uniform":
      return l.minMs + r.float() * (l.maxMs - l.minMs)
    case "Exponential":
      return -Math.log(1 - r.float()) * l.meanMs
  }
}

const proxyError = (status: number) => {
  const text = status === 502 ? "502 Bad Gateway" : status === 503 ? "503 Service Temporarily Unavailable" : "504 Gateway Time-out"
  return HttpServerResponse.text(`<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`, { status, contentType: "text/html" })
}

/** OAuth step 1 (served at the host root here): approves at once and redirects with a one-time code. */
const authorize = (app: AppContext, url: URL): Response => {
  const clientId = url.searchParams.get("client_id") ?? ""
  const client = app.settings.oauthClients.find((c) => c.clientId === clientId)
  const redirect = url.searchParams.get("redirect_url") ?? url.searchParams.get("redirect_uri")
  if (client === undefined) return json({ error: "invalid_client" }, 400)
  if (url.searchParams.get("response_type") !== "code" || redirect === null) return json({ error: "invalid_request" }, 400)
  const code = issueOAuthCode(app, client.clientId, redirect)
  const target = new URL(redirect)
  target.searchParams.set("code", code)
  return HttpServerResponse.redirect(target.toString(), { status: 302 })
}

export const issueOAuthCode = (app: AppContext, clientId: string, redirectUri: string): string => {
  const client = app.settings.oauthClients.find((c) => c.clientId === clientId)
  if (client === undefined) throw new Error(`unknown OAuth client ${clientId}`)
  const code = app.state.newToken()
  app.state.oauthCodes.set(code, { clientId, login: client.login, redirectUri })
  return code
}

/** OAuth step 2: `POST /core/connect/token`, client credentials in Basic auth, the code in a form body. */
const oauthToken = (app: AppContext, spec: MethodSpec, request: HttpServerRequest.HttpServerRequest, bodyText: string, clockMs: number): Response => {
  const auth = request.headers["authorization"] ?? ""
  const m = /^Basic\s+(.+)$/i.exec(auth.trim())
  const [clientId, secret] = m === null ? ["", ""] : Buffer.from(m[1]!, "base64").toString("utf8").split(":")
  const client = app.settings.oauthClients.find((c) => c.clientId === clientId && c.secret === secret)
  if (client === undefined) return json({ error: "invalid_client" }, 401)
  const form = new URLSearchParams(bodyText)
  if (form.get("grant_type") !== "authorization_code") return json({ error: "unsupported_grant_type" }, 400)
  const code = form.get("code") ?? ""
  const grant = app.state.oauthCodes.get(code)
  if (grant === undefined || grant.clientId !== client.clientId || (form.get("redirect_uri") !== null && form.get("redirect_uri") !== grant.redirectUri)) {
    return json({ error: "invalid_grant" }, 400)
  }
  app.state.oauthCodes.delete(code)
  const user = app.settings.users.find((u) => u.login === grant.login) ?? app.settings.users[0]!
  const s = newSession(app, user, "oauth", clockMs, clockMs + app.settings.oauthTokenTtlMs)
  return encodeWith(app.settings.strictEncoding, spec, { access_token: s.token, expires_in: app.settings.oauthTokenTtlMs, token_type: "Bearer" })
}

/** The whole application: one HttpApp over every route. */
export const makeApp = (app: AppContext) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const url = new URL(request.url, "http://sandbox")
    const path = url.pathname.toLowerCase().replace(/\/+$/, "")
    if (path === "/core/connect/authorize" && request.method === "GET") return authorize(app, url)
    const spec = ROUTES.get(path)
    if (spec === undefined) return aspNet(404, `No HTTP resource was found that matches the request URI '${url.pathname}${url.search}'.`)
    if (request.method !== spec.http) return aspNet(405, `The requested resource does not support http method '${request.method}'.`)
    const state = app.state
    state.count(spec.name)

    // Faults come first: a faulted request is never handled, so it changes nothing.
    const faults = state.faults
    if (faultApplies(app, spec.name)) {
      const delay = latencyMs(app)
      if (delay > 0) yield* app.clock.sleep(Duration.millis(delay))
      if (state.faultRng.chance(faults.dropRate)) {
        NodeHttpServerRequest.toIncomingMessage(request).socket.destroy()
        return yield* Effect.interrupt
      }
      if (state.faultRng.chance(faults.errorRate)) {
        const status = faults.errorStatuses[Math.floor(state.faultRng.float() * faults.errorStatuses.length)] ?? 500
        return status === 500 ? errorResponse(apiError(5101, null)) : proxyError(status)
      }
      if (faults.slowPage !== null && PAGED.has(spec.name) && ++state.listRequests % faults.slowPage.every === 0) {
        yield* app.clock.sleep(Duration.millis(faults.slowPage.delayMs))
      }
    }

    const clockMs = yield* app.clock.currentTimeMillis
    const bodyText = request.method === "POST" ? yield* Effect.orElseSucceed(request.text, () => "") : ""
    if (spec.group === "oauth") return oauthToken(app, spec, request, bodyText, clockMs)

    const result = yield* Effect.gen(function*() {
      let body: unknown = undefined
      if (request.method === "POST") {
        const type = (request.headers["content-type"] ?? "").toLowerCase()
        if (!type.startsWith("application/json")) return yield* apiError(2202, `Ожидается application/json, получено "${type}"`)
        try {
          body = bodyText.trim() === "" ? undefined : JSON.parse(bodyText)
        } catch (e) {
          return yield* badRequest(`Тело запроса не является JSON: ${(e as Error).message}`)
        }
      }
      const user = spec.auth === "integrator" ? app.settings.users[0]! : yield* authenticate(app, spec, request, clockMs)
      if (spec.auth !== "integrator" && !hasRight(user, spec.name)) return yield* apiError(2111, `Метод ${spec.name}`)
      if (spec.name === "kktstat/shifts" && state.faults.kktstatShiftsRefused && faultApplies(app, spec.name)) {
        return HttpServerResponse.empty({ status: 400 })
      }
      const query = new Map<string, Array<string>>()
      for (const [k, v] of url.searchParams) {
        const key = k.toLowerCase()
        const list = query.get(key)
        if (list === undefined) query.set(key, [v])
        else list.push(v)
      }
      const now = app.ds.now + (clockMs - app.startedAt)
      const ctx: Ctx = {
        app, spec, request, url, query, body, clockMs, now, reportDate: formatDateTime(now), user,
        view: new View(app.ds, state, now)
      }
      return yield* handlers[spec.name]!(ctx)
    }).pipe(Effect.catchTag("ApiError", (e) => Effect.succeed(errorResponse(e))))
    return result
  }).pipe(
    // A defect is a sandbox bug; answer as the vendor does (5102) and keep serving.
    Effect.catchAllDefect((defect) =>
      Effect.succeed(json({ httpErrorCode: 500, apiErrorCode: 5102, commonDescription: "Необрабатываемое исключение", details: String(defect) }, 500)))
  )
