import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import type * as Ids from "../src/Ids.js"
import * as TaxcomClient from "../src/TaxcomClient.js"
import * as TaxcomError from "../src/TaxcomError.js"
import { makeChain } from "./fake/chain.js"
import { clientLayer, setToday } from "./fake/client.js"
import * as Fake from "./fake/server.js"

const client = TaxcomClient.TaxcomClient
const FN = "9999078900000001" as Ids.FnNumber

/** Every row of the vendor's table (section 5): code, HTTP status, details, and what the client must make of it. */
const TABLE: ReadonlyArray<readonly [code: number, http: number, details: string | undefined, tag: TaxcomError.TaxcomError["_tag"], facet: Record<string, unknown>]> = [
  [2101, 401, undefined, "AuthenticationError", { reason: "certificate" }],
  [2102, 401, undefined, "AuthenticationError", { reason: "certificate" }],
  [2103, 401, undefined, "AuthenticationError", { reason: "certificate" }],
  [2104, 401, undefined, "AuthenticationError", { reason: "certificate" }],
  [2105, 401, undefined, "AuthenticationError", { reason: "certificate" }],
  [2106, 401, undefined, "AuthenticationError", { reason: "certificate" }],
  [2107, 401, undefined, "AuthenticationError", { reason: "certificate" }],
  [2108, 401, "Не найден номер договора: 123", "AuthenticationError", { reason: "credentials" }],
  [2109, 401, "Требуется повторная авторизация", "AuthenticationError", { reason: "tokenExpired" }],
  [2110, 401, undefined, "AuthenticationError", { reason: "tokenMissing" }],
  [2111, 401, undefined, "AuthenticationError", { reason: "forbidden" }],
  [2112, 401, undefined, "AuthenticationError", { reason: "integrationToken" }],
  [2201, 400, "fn: обязательное поле; shift: не число", "InvalidRequestError", { reason: "format" }],
  [2202, 415, undefined, "InvalidRequestError", { reason: "contentType" }],
  [2203, 400, undefined, "InvalidRequestError", { reason: "documentId" }],
  [2301, 400, "Модель ККТ: АТОЛ 99Ф", "RegistryError", { entity: "kktModel", value: "АТОЛ 99Ф" }],
  [2302, 400, "Модель ФН: ФН-9", "RegistryError", { entity: "fnModel", value: "ФН-9" }],
  [2303, 400, "Код региона: 99", "RegistryError", { entity: "regionCode", value: "99" }],
  [3101, 404, "Номер ФД: 16214", "NotFoundError", { entity: "document", key: "16214" }],
  [3102, 404, "ИД торговой точки: o-x", "NotFoundError", { entity: "outlet", key: "o-x" }],
  [3103, 404, `ККТ с номером ФН: ${FN}`, "NotFoundError", { entity: "kkt", key: FN }],
  [3104, 404, "ИД подразделения: d-x", "NotFoundError", { entity: "department", key: "d-x" }],
  [3105, 404, "Номер смены: 42", "NotFoundError", { entity: "shift", key: "42" }],
  [3106, 404, "Недостаточно прав доступа либо метод недоступен для данного договора", "NotFoundError", { entity: "anyKkt", key: null }],
  [3107, 404, "ИД отчета о регистрации/перерегистрации : 7", "NotFoundError", { entity: "registrationReport", key: "7" }],
  [3201, 403, `ККТ с номером ФН: ${FN}`, "ConflictError", { reason: "fnAlreadyRegistered" }],
  [3202, 403, "ККТ с рег. номером ККТ: 0000000001000001", "ConflictError", { reason: "regNumberAlreadyRegistered" }],
  [3203, 403, "Не заполнено обязательное поле: «Модель ККТ»", "ConflictError", { reason: "kktModelMissing" }],
  [3204, 403, "Не верный код активации", "ConflictError", { reason: "invalidActivationCode" }],
  [3205, 403, "Не найден партнер в списке партнеров вашей организации", "ConflictError", { reason: "partnerNotFound" }],
  [3301, 404, `Заявление на регистрацию ККТ с номером ФН ${FN} не найдено`, "ApplicationNotFoundError", {}],
  [5101, 500, undefined, "ServerError", {}],
  [5102, 500, "Обратитесь к разработчику", "ServerError", {}],
  [4999, 400, "a code from a newer version", "UnknownApiError", {}]
]

const failWith = (code: number, http: number, details: string | undefined) => (req: Fake.FakeRequest): Fake.Reply | undefined =>
  req.path === "ShiftInfo"
    ? { status: http, body: { httpErrorCode: http, apiErrorCode: code, commonDescription: `Ошибка ${code}`, ...(details === undefined ? {} : { details }) } }
    : undefined

describe("every family of the vendor's error table decodes into its tagged error", () => {
  for (const [code, http, details, tag, facet] of TABLE) {
    it.effect(`${code} → ${tag}`, () => {
      const fake = Fake.make({ chain: makeChain(), intercept: failWith(code, http, details) })
      return Effect.gen(function*() {
        yield* setToday
        const taxcom = yield* client
        const error = yield* Effect.flip(taxcom.shiftInfo({ fn: FN, shift: 42 }))
        assert.strictEqual(error._tag, tag)
        const e = error as TaxcomError.ApiError
        assert.strictEqual(e.apiCode, code)
        assert.strictEqual(e.httpStatus, http)
        assert.strictEqual(e.method, "ShiftInfo")
        assert.strictEqual(e.description, `Ошибка ${code}`)
        assert.strictEqual(e.details, details ?? null)
        assert.deepStrictEqual(e.params, { fn: FN, shift: "42" })
        for (const [field, value] of Object.entries(facet)) assert.deepStrictEqual((e as unknown as Record<string, unknown>)[field], value, field)
        assert.include(e.message, `ShiftInfo`)
        assert.include(e.message, String(code))
        assert.strictEqual(TaxcomError.isTransient(e), code === 5101 || code === 5102)
        // Serialisable for a job log, and back.
        const schema = (e.constructor as unknown) as Schema.Schema<TaxcomError.ApiError, unknown>
        const encoded = Schema.encodeSync(schema)(e)
        const back = Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(encoded)))
        assert.strictEqual(back._tag, e._tag)
        assert.deepStrictEqual(Schema.encodeSync(schema)(back), encoded)
      }).pipe(Effect.provide(clientLayer(fake, { retry: { times: 0 } })))
    })
  }

  it.effect("a not-found error without details names the entity from the request", () => {
    const fake = Fake.make({
      chain: makeChain(),
      intercept: (req) => (req.path === "ShiftInfo" ? { status: 404, body: { httpErrorCode: 404, apiErrorCode: 3105, commonDescription: "Смена не найдена" } } : undefined)
    })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const error = yield* Effect.flip(taxcom.shiftInfo({ fn: FN, shift: 42 }))
      assert.strictEqual(error._tag, "NotFoundError")
      if (error._tag === "NotFoundError") {
        assert.strictEqual(error.entity, "shift")
        assert.strictEqual(error.key, "42")
        assert.include(error.message, "shift 42 not found")
      }
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("an ASP.NET error (wrong verb) is an HttpStatusError with its message", () => {
    const fake = Fake.make({ chain: makeChain(), intercept: (req) => (req.path === "ShiftInfo" ? { status: 405, body: { Message: "The requested resource does not support http method 'GET'." } } : undefined) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const error = yield* Effect.flip(taxcom.shiftInfo({ fn: FN, shift: 42 }))
      assert.strictEqual(error._tag, "HttpStatusError")
      if (error._tag === "HttpStatusError") {
        assert.strictEqual(error.httpStatus, 405)
        assert.strictEqual(error.body, "The requested resource does not support http method 'GET'.")
      }
    }).pipe(Effect.provide(clientLayer(fake)))
  })
})

describe("decode errors name the method and the JSON path", () => {
  it.effect("a record of the wrong shape", () => {
    const fake = Fake.make({
      chain: makeChain(),
      intercept: (req) =>
        req.path === "ShiftList"
          ? {
            status: 200,
            body: {
              reportDate: "2025-05-20T12:00:00",
              counts: { recordCount: 2, recordFilteredCount: 2, recordInResponceCount: 2 },
              records: [
                { fnFactoryNumber: FN, shiftNumber: 1, openDateTime: "2025-05-01T09:00:00", closeDateTime: null, receiptCount: 3 },
                { fnFactoryNumber: FN, shiftNumber: "two", openDateTime: "2025-05-02T09:00:00" }
              ]
            }
          }
          : undefined
    })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const error = yield* Effect.flip(
        taxcom.shiftListPage({ fn: FN, from: "2025-05-01T00:00:00" as never, to: "2025-05-31T00:00:00" as never })
      )
      assert.strictEqual(error._tag, "DecodeError")
      if (error._tag === "DecodeError") {
        assert.strictEqual(error.method, "ShiftList")
        assert.strictEqual(error.path, "$.records[1].shiftNumber")
        assert.include(error.message, "ShiftList: cannot read the answer at $.records[1].shiftNumber")
      }
    }).pipe(Effect.provide(clientLayer(fake)))
  })

  it.effect("a body that is not JSON", () => {
    const fake = Fake.make({ chain: makeChain(), intercept: (req) => (req.path === "AccountList" ? { status: 200, text: "<html>maintenance</html>" } : undefined) })
    return Effect.gen(function*() {
      yield* setToday
      const taxcom = yield* client
      const error = yield* Effect.flip(taxcom.accountList)
      assert.strictEqual(error._tag, "DecodeError")
      if (error._tag === "DecodeError") {
        assert.strictEqual(error.method, "AccountList")
        assert.strictEqual(error.path, "$")
      }
    }).pipe(Effect.provide(clientLayer(fake)))
  })
})
