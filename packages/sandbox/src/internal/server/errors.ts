/**
 * The vendor's error answers (section 5 of the document): `{httpErrorCode, apiErrorCode, commonDescription,
 * details}`, and ASP.NET's own `{"Message": ...}` for unknown paths and wrong verbs (GUESS).
 */
import { HttpServerResponse } from "@effect/platform"
import { Data } from "effect"

/** Section 5: HTTP status and common description of each API code. */
export const CODES: Readonly<Record<number, readonly [http: number, description: string]>> = {
  2101: [401, "Некорректное тело сертификата"],
  2102: [401, "Ошибка чтения данных сертификата"],
  2103: [401, "Сертификат отсутствует"],
  2104: [401, "Сертификат просрочен или еще не вступил в силу"],
  2105: [401, "Сертификат отозван"],
  2106: [401, "Сертификат не прошел цепочки доверия"],
  2107: [401, "Ошибка валидации сертификата"],
  2108: [401, "Ошибка авторизации"],
  2109: [401, "Истек срок действия маркера доступа"],
  2110: [401, "Не указан маркер временного доступа"],
  2111: [401, "Недостаточно прав для вызова метода"],
  2112: [401, "Некорректная пара Integrator-ID/Integration-Token"],
  2201: [400, "Некорректный формат запроса"],
  2202: [415, "Некорректный тип Content-Type"],
  2203: [400, "Некорректный ID документа"],
  /** GUESS: the document names no code for calling NewDocuments more than once a minute. */
  2204: [429, "Превышена частота запросов"],
  2301: [400, "Модель ККТ не найдена в реестре"],
  2302: [400, "Модель ФН не найдена в реестре"],
  2303: [400, "Код региона не найден в справочнике"],
  3101: [404, "Документ не найден"],
  3102: [404, "Торговая точка не найдена"],
  3103: [404, "ККТ не найдена"],
  3104: [404, "Подразделение не найдено"],
  3105: [404, "Смена не найдена"],
  3106: [404, "Не найдено ни одной ККТ"],
  3107: [404, "Отчет о регистрации/перерегистрации не найден"],
  3201: [403, "ККТ уже существует"],
  3202: [403, "ККТ уже существует"],
  3203: [403, "Отказ в принятии отчета о регистрации/перерегистрации"],
  3204: [403, "Отказ в принятии отчета о регистрации/перерегистрации"],
  3205: [403, "Отказ в принятии отчета о регистрации/перерегистрации"],
  3301: [404, "Ошибка поиска заявления на регистрацию/перерегистрацию ККТ"],
  5101: [500, "Внутренняя ошибка сервера"],
  5102: [500, "Необрабатываемое исключение"]
}

/** A refusal with a vendor code; `details` as the document words it. */
export class ApiError extends Data.TaggedError("ApiError")<{
  readonly code: number
  readonly details: string | null
}> {}

export const apiError = (code: number, details: string | null = null): ApiError => new ApiError({ code, details })

/** 2201 with the reason. */
export const badRequest = (details: string): ApiError => apiError(2201, details)

const JSON_TYPE = "application/json; charset=utf-8"

/** A JSON answer. */
export const json = (body: unknown, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(JSON.stringify(body), { status, contentType: JSON_TYPE })

/** The vendor error body of an API code. */
export const errorBody = (code: number, details: string | null) => {
  const [http, description] = CODES[code] ?? [500, "Внутренняя ошибка сервера"]
  return { httpErrorCode: http, apiErrorCode: code, commonDescription: description, details }
}

export const errorResponse = (e: ApiError): HttpServerResponse.HttpServerResponse => {
  const body = errorBody(e.code, e.details)
  return json(body, body.httpErrorCode)
}

/** ASP.NET Web API's own answers for routing failures (GUESS). */
export const aspNet = (status: 404 | 405, message: string): HttpServerResponse.HttpServerResponse => json({ Message: message }, status)
