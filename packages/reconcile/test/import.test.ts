import { assert, describe, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { ErpImport, Profile } from "@taxcom-kit/reconcile"
import { encode1251 } from "./fixture.js"

const read = (content: string | Uint8Array, options: { profile?: Profile.Profile; chunkSize?: number; timeZone?: string; ofdTimeZone?: string } = {}) =>
  ErpImport.readAll(
    ErpImport.fromBytes("sales.csv", content, {
      chunkSize: options.chunkSize ?? 13,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {})
    }),
    options.ofdTimeZone ? { ofdTimeZone: options.ofdTimeZone } : {}
  )

/** Values without their brands, to compare with literals. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x))

const HEADER = "Дата;Номер документа;Торговая точка;Касса;Рег. номер ККТ;ФН;Номер ФД;ФПД;Номер смены;Номер чека в смене;Вид операции;Сумма;Наличными;Безналичными;НДС 22%;НДС 10%;Сумма без НДС"

describe("receipt-level import", () => {
  it.effect("reads the sandbox's 1C format: amounts in kopecks, fiscal numbers as text, VAT per rate", () =>
    Effect.gen(function*() {
      const r = yield* read(
        HEADER + "\r\n" +
          "02.11.2026 10:03:15;ЧК-000001;\"ООО \"\"Ромашка\"\"; Тверская\";Касса 1;0000000001012345;9999078902004193;1234;0824629212;12;3;Продажа;1\u00a0234,56;234,56;1\u00a0000,00;205,76;0,00;100,00\r\n" +
          "02.11.2026 10:05:00;ЧК-000002;Тверская;Касса 1;0000000001012345;9999078902004193;1235;11;12;4;Возврат;100,00;100,00;0,00;18,03;;\r\n"
      )
      assert.strictEqual(r.report.rowsRead, 2)
      assert.strictEqual(r.report.rowsAccepted, 2)
      assert.strictEqual(r.report.level, "receipt")
      assert.strictEqual(r.report.encoding.encoding, "utf-8")
      const [a, b] = r.receipts
      assert.strictEqual(a!.line, 2)
      assert.strictEqual(a!.fn, "9999078902004193")
      assert.strictEqual(a!.fd, 1234)
      assert.strictEqual(a!.fiscalSign, "824629212")
      assert.strictEqual(a!.total, 123456)
      assert.strictEqual(a!.cash, 23456)
      assert.strictEqual(a!.electronic, 100000)
      assert.strictEqual(a!.outlet, "ООО \"Ромашка\"; Тверская")
      assert.strictEqual(a!.kktRegNumber, "0000000001012345")
      assert.strictEqual(a!.dateTime, "2026-11-02T10:03:15")
      assert.deepStrictEqual(plain(a!.vat), [{ rate: "vat22", gross: null, vat: 20576 }, { rate: "none", gross: 10000, vat: null }])
      assert.strictEqual(b!.operation, "IncomeReturn")
      assert.strictEqual(b!.total, 10000)
      assert.strictEqual(b!.line, 3)
    }))

  it.effect("reads Windows-1251 without a BOM, finds the header after a title, and rejects a totals row", () =>
    Effect.gen(function*() {
      const text = "Отчёт о продажах за ноябрь 2026\r\n\r\n" + HEADER + "\r\n" +
        "02.11.2026 10:03:15;ЧК-1;Тверская;Касса 1;1012345;;;;;;Продажа;10,00;10,00;0;1,80;0;0\r\n" +
        "Итого;;;;;;;;;;;10,00;;;;;\r\n"
      const r = yield* read(encode1251(text))
      assert.strictEqual(r.report.encoding.encoding, "windows-1251")
      assert.strictEqual(r.report.encoding.evidence, "not-utf8")
      assert.strictEqual(r.report.headerLine, 3)
      assert.strictEqual(r.report.preambleLines, 2)
      assert.strictEqual(r.receipts[0]!.line, 4)
      assert.strictEqual(r.receipts[0]!.register, "Касса 1")
      assert.strictEqual(r.rejected.length, 1)
      assert.strictEqual(r.rejected[0]!.line, 5)
      assert.strictEqual(r.rejected[0]!.reason, "a totals row, not a receipt")
      assert.strictEqual(r.report.rowsRead, r.report.rowsAccepted + r.report.rowsRejected)
    }))

  it.effect("finds columns by alias: English, case, ё, extra spaces, tab delimiter", () =>
    Effect.gen(function*() {
      const r = yield* read(
        "  DATE \tReceipt No\tStore\tTill\tFN number\tFD\tType\tTotal\tCash\tCard\tVAT 20%\n" +
          "2026-11-02T10:00:00\tR-1\tMain\tPOS 1\t9999078902004193\t7\trefund\t(12.50)\t\t12.50\t2.08\n"
      )
      assert.strictEqual(r.report.delimiter, "\t")
      const e = r.receipts[0]!
      assert.strictEqual(e.documentNumber, "R-1")
      assert.strictEqual(e.outlet, "Main")
      assert.strictEqual(e.register, "POS 1")
      assert.strictEqual(e.fd, 7)
      assert.strictEqual(e.operation, "IncomeReturn")
      assert.strictEqual(e.total, 1250)
      assert.strictEqual(e.electronic, 1250)
      assert.strictEqual(e.cash, 0)
      assert.deepStrictEqual(plain(e.vat), [{ rate: "vat20", gross: null, vat: 208 }])
      const yo = yield* read("Дата документа;ИТОГО;Вид  операции;Номер   чека\n01.11.2026;5;продажа;1\n")
      assert.strictEqual(yo.receipts[0]!.total, 500)
      assert.strictEqual(yo.receipts[0]!.documentNumber, "1")
    }))

  it.effect("a negative total without an operation column is a refund; 1C's trailing minus too", () =>
    Effect.gen(function*() {
      const r = yield* read("Дата;Сумма;Наличными\n01.11.2026 10:00;-5,00;-5,00\n01.11.2026 11:00;7,00-;\n")
      assert.deepStrictEqual(plain(r.receipts.map((e) => [e.operation, e.total, e.cash])), [["IncomeReturn", 500, 500], ["IncomeReturn", 700, 0]])
    }))

  it.effect("converts dates from the file's time zone to the OFD's wall clock", () =>
    Effect.gen(function*() {
      const r = yield* read("Дата;Сумма\n01.11.2026 12:00:00;1\n2026-11-01T10:00:00Z;1\n", { timeZone: "Asia/Yekaterinburg" })
      // Yekaterinburg is UTC+5, Moscow UTC+3; an explicit offset wins over the file's zone
      assert.deepStrictEqual(plain(r.receipts.map((e) => e.dateTime)), ["2026-11-01T10:00:00", "2026-11-01T13:00:00"])
      assert.strictEqual(r.report.timeZone, "Asia/Yekaterinburg")
    }))

  it.effect("rows of one day read only their time, yet a bad time, another day or another layout is read in full", () =>
    Effect.gen(function*() {
      // The first row's day is kept; the rows after it that share its first 11 bytes read only HH:MM:SS.
      const r = yield* read(
        "Дата;Сумма\n" +
          "01.11.2026 08:10:31;1\n" +
          "01.11.2026 08:25:26;1\n" +
          "01.11.2026 24:00:00;1\n" + // not a time: the full parse rejects it, with its message
          "01.11.2026 09:6x:00;1\n" + // not digits: the same
          "01.11.2026 9:07:00;1\n" + // another layout (one-digit hour): read in full
          "\"01.11.2026 23:59:59\";1\n" + // quoted: read in full
          "02.11.2026 00:00:01;1\n" + // the next day
          "02.11.2026 13:14:15;1\n" +
          "01.01.0001 00:00:00;1\n" + // 1C's empty date (no fiscal numbers either: rejected)
          "02.11.2026 23:59:59;1\n"
      )
      assert.deepStrictEqual(plain(r.receipts.map((e) => [e.line, e.dateTime])), [
        [2, "2026-11-01T08:10:31"],
        [3, "2026-11-01T08:25:26"],
        [6, "2026-11-01T09:07:00"],
        [7, "2026-11-01T23:59:59"],
        [8, "2026-11-02T00:00:01"],
        [9, "2026-11-02T13:14:15"],
        [11, "2026-11-02T23:59:59"]
      ])
      assert.deepStrictEqual(plain(r.rejected.map((x) => [x.line, x.column, x.raw])), [
        [4, "Дата", "01.11.2026 24:00:00"],
        [5, "Дата", "01.11.2026 09:6x:00"],
        [10, "Дата", "01.01.0001 00:00:00"]
      ])
      assert.include(r.rejected[0]!.reason, "out of range")
      assert.include(r.rejected[1]!.reason, "out of range")
      assert.include(r.rejected[2]!.reason, "the date is empty")
    }))

  it.effect("a profile pins columns by header or position and adds operation names", () =>
    Effect.gen(function*() {
      const profile = Either.getOrThrow(Profile.parse(JSON.stringify({
        name: "Моя ERP",
        delimiter: ";",
        columns: { dateTime: "Когда", total: ["Деньги", "Итог"], documentNumber: { index: 2 } },
        operations: { "Отгрузка": "Income" },
        builtInAliases: false
      })))
      const r = yield* read("Когда;Итог;Док;Что\n01.11.2026;3,50;D-1;Отгрузка\n", { profile: { ...profile, columns: { ...profile.columns, operation: "Что" } } })
      assert.strictEqual(r.report.profile, "Моя ERP")
      assert.deepStrictEqual(plain(r.receipts.map((e) => [e.documentNumber, e.total, e.operation])), [["D-1", 350, "Income"]])
      assert.deepStrictEqual(r.report.ignoredColumns, [])
    }))
})

describe("line-level import", () => {
  const LINE_HEADER = "Дата;Номер документа;Торговая точка;Касса;Рег. номер ККТ;ФН;Номер ФД;ФПД;Номер смены;Номер чека в смене;Вид операции;Номенклатура;Количество;Цена;Сумма;Ставка НДС;Сумма НДС;Наличными;Безналичными"

  it.effect("groups the lines of a receipt: total, VAT per rate, payment split", () =>
    Effect.gen(function*() {
      const common = "02.11.2026 10:00:00;ЧК-7;Тверская;Касса 1;1012345;9999078902004193;55;123;4;9;Продажа"
      const r = yield* read(
        LINE_HEADER + "\n" +
          `${common};Хлеб;1,000;69,99;69,99;20%;11,67;100,00;29,99\n` +
          `${common};Молоко;2,000;15,00;30,00;10%;2,73;100,00;29,99\n` +
          `${common};Пакет;1,000;0,00;0,00;Без НДС;;100,00;29,99\n` +
          "02.11.2026 10:05:00;ЧК-8;Тверская;Касса 1;1012345;9999078902004193;56;124;4;10;Возврат;Хлеб;1,000;69,99;69,99;20%;;69,99;0,00\n"
      )
      assert.strictEqual(r.report.level, "line")
      assert.strictEqual(r.report.rowsRead, 4)
      assert.strictEqual(r.report.rowsAccepted, 4)
      assert.strictEqual(r.report.receipts, 2)
      const [a, b] = r.receipts
      assert.deepStrictEqual(a!.lines, [2, 3, 4])
      assert.strictEqual(a!.itemCount, 3)
      assert.strictEqual(a!.total, 9999)
      assert.strictEqual(a!.cash, 10000)
      assert.strictEqual(a!.electronic, 2999)
      assert.deepStrictEqual(plain(a!.vat), [
        { rate: "vat20", gross: 6999, vat: 1167 },
        { rate: "vat10", gross: 3000, vat: 273 },
        { rate: "none", gross: 0, vat: null }
      ])
      // no VAT amount on the line: computed per line, half up (6999 × 20/120 = 1166.5 → 1167)
      assert.deepStrictEqual(plain(b!.vat), [{ rate: "vat20", gross: 6999, vat: 1167 }])
      assert.strictEqual(b!.operation, "IncomeReturn")
    }))

  it.effect("a bad line rejects every line of its receipt, and says which line was at fault", () =>
    Effect.gen(function*() {
      const common = "02.11.2026 10:00:00;ЧК-7;Тверская;Касса 1;1012345;9999078902004193;55;123;4;9;Продажа"
      const r = yield* read(
        LINE_HEADER + "\n" +
          `${common};Хлеб;1,000;69,99;69,99;20%;11,67;69,99;0\n` +
          `${common};Молоко;1,000;15,00;пятнадцать;10%;1,36;69,99;0\n` +
          "02.11.2026 10:01:00;ЧК-8;Тверская;Касса 1;1012345;9999078902004193;56;124;4;10;Продажа;Вода;1,000;5,00;5,00;20%;0,83;5,00;0\n"
      )
      assert.strictEqual(r.receipts.length, 1)
      assert.strictEqual(r.rejected.length, 2)
      const [first, second] = [...r.rejected].sort((x, y) => x.line - y.line)
      assert.strictEqual(second!.line, 3)
      assert.strictEqual(second!.column, "Сумма")
      assert.strictEqual(second!.raw, "пятнадцать")
      assert.strictEqual(first!.line, 2)
      assert.match(first!.reason, /another line of the same receipt \(line 3\) was rejected/)
      assert.strictEqual(r.report.rowsRead, 4 - 1)
      assert.strictEqual(r.report.rowsRead, r.report.rowsAccepted + r.report.rowsRejected)
    }))
})
