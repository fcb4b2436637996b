/**
 * Column roles of an ERP export and the built-in alias table that finds them by header.
 *
 * Headers are compared normalised: case-insensitive, `ё` = `е`, punctuation and repeated spaces ignored,
 * `№` read as "номер", `НДС20%` = `НДС 20 %` = `ндс 20%`. A profile can add aliases or pin a column by position.
 */
import { VatRate } from "@taxcom-kit/core"

type VatRateId = VatRate.VatRateId

/** What a column means. Per-rate columns are `vat:<rate>` (VAT amount at the rate) and `gross:<rate>` (sum at it). */
export type Role =
  /** Date, or date and time, of the receipt (`Дата`). */
  | "dateTime"
  /** A separate time column (`Время`). */
  | "time"
  /** The ERP's document number (`Номер документа`, `ЧК-000123`): groups the lines of a receipt. */
  | "documentNumber"
  | "outlet"
  /** The register as the ERP names it (`Касса`). */
  | "register"
  /** KKT registration number (РНМ). */
  | "kktRegNumber"
  | "kktFactoryNumber"
  | "fn"
  | "fd"
  | "fiscalSign"
  | "shift"
  | "numberInShift"
  /** Sale / refund. */
  | "operation"
  /** The amount of the row: the receipt total (receipt-level) or the line sum (line-level). */
  | "total"
  /** The receipt total where a line-level file also has the line sum. */
  | "documentTotal"
  | "cash"
  | "electronic"
  /** A line's (or a single-rate receipt's) VAT rate. */
  | "vatRate"
  /** A line's (or a single-rate receipt's) VAT amount. */
  | "vatAmount"
  | "item"
  | "quantity"
  | "price"
  | `vat:${VatRateId}`
  | `gross:${VatRateId}`

/** Roles other than the per-rate ones, in the order documents list them. */
export const plainRoles: ReadonlyArray<Role> = [
  "dateTime", "time", "documentNumber", "outlet", "register", "kktRegNumber", "kktFactoryNumber", "fn", "fd",
  "fiscalSign", "shift", "numberInShift", "operation", "total", "documentTotal", "cash", "electronic", "vatRate",
  "vatAmount", "item", "quantity", "price"
]

/** Every role name a profile may use. */
export const allRoles: ReadonlyArray<Role> = [
  ...plainRoles,
  ...VatRate.all.map((r) => `vat:${r.id}` as Role),
  ...VatRate.all.map((r) => `gross:${r.id}` as Role)
]

export const isRole = (s: string): s is Role => allRoles.includes(s as Role)

/** Roles that are money (read into kopecks). */
export const isMoneyRole = (r: Role): boolean =>
  r === "total" || r === "documentTotal" || r === "cash" || r === "electronic" || r === "vatAmount" || r === "price" ||
  r.startsWith("vat:") || r.startsWith("gross:")

/** Roles whose presence makes a file line-level. */
export const lineRoles: ReadonlyArray<Role> = ["item", "quantity", "price", "vatRate"]

/** Normalises a header for comparison. */
export const normalizeHeader = (h: string): string =>
  h
    .toLowerCase()
    .replaceAll("ё", "е")
    .replace(/[\u00a0\u202f\u2009\t]/g, " ")
    .replace(/№/g, " номер ")
    .replace(/[._:;,()[\]"'«»\-–—*#?!]/g, " ")
    .replace(/([a-zа-я])(\d)/g, "$1 $2")
    .replace(/\s+%/g, "%")
    .replace(/\s*\/\s*/g, "/")
    .replace(/\s+/g, " ")
    .trim()

const plain: Record<Exclude<Role, `vat:${string}` | `gross:${string}`>, ReadonlyArray<string>> = {
  dateTime: [
    "дата", "дата и время", "дата время", "дата/время", "время и дата", "дата документа", "дата чека", "дата и время чека",
    "дата и время документа", "дата операции", "дата и время операции", "дата продажи", "дата расчета", "дата и время расчета",
    "дата совершения операции", "дата время чека", "дата фд", "дата и время фд", "период", "дата проведения",
    "date", "datetime", "date time", "date/time", "timestamp", "document date", "receipt date", "sale date",
    "transaction date", "created", "created at", "operation date", "date and time"
  ],
  time: ["время", "время чека", "время документа", "время операции", "время продажи", "time", "receipt time", "sale time"],
  documentNumber: [
    "номер документа", "номер", "номер чека", "документ", "чек", "номер док", "номер документа ерп", "номер документа 1 с",
    "номер документа 1с", "документ номер", "чек ккм", "номер чека ккм 1 с", "код документа", "идентификатор документа",
    "document number", "document no", "document", "doc no", "doc number", "doc", "receipt number", "receipt no",
    "receipt id", "document id", "id", "number", "no", "invoice number", "sale id", "transaction id"
  ],
  outlet: [
    "торговая точка", "точка продаж", "магазин", "склад", "подразделение", "торговый объект", "объект", "место расчетов",
    "адрес расчетов", "адрес торговой точки", "наименование торговой точки", "торговая точка наименование", "филиал",
    "outlet", "store", "shop", "point of sale", "location", "branch", "outlet name", "store name"
  ],
  register: [
    "касса", "касса ккм", "ккм", "ккт", "касса ккт", "кассовый аппарат", "кассовый аппарат наименование", "наименование кассы",
    "наименование ккт", "рабочее место", "рабочее место кассира", "кассовое место", "касса наименование",
    "register", "cash register", "till", "pos", "kkt", "kkm", "cash desk", "checkout", "register name", "pos terminal"
  ],
  kktRegNumber: [
    "рег номер ккт", "регистрационный номер ккт", "регистрационный номер", "рег номер", "рнм", "рн ккт", "рег номер кассы",
    "регистрационный номер кассы", "регистрационный номер ккм", "рег номер ккм", "номер ккт в фнс", "рнм ккт",
    "kkt reg number", "kkt registration number", "registration number", "reg number", "rnm", "kkt rnm", "reg no"
  ],
  kktFactoryNumber: [
    "заводской номер ккт", "заводской номер", "зав номер ккт", "зав номер", "серийный номер", "серийный номер ккт",
    "зн ккт", "factory number", "serial number", "kkt serial number", "kkt factory number", "serial no"
  ],
  fn: [
    "фн", "номер фн", "заводской номер фн", "зав номер фн", "фискальный накопитель", "номер фискального накопителя",
    "зн фн", "фн номер", "фн заводской номер", "fn", "fn number", "fiscal drive", "fiscal drive number",
    "fiscal storage", "fiscal storage number", "fs number", "fn no"
  ],
  fd: [
    "номер фд", "фд", "фд номер", "номер фискального документа", "фискальный документ номер", "фискальный номер документа",
    "номер фиск документа", "номер фискального документа фд", "fd", "fd number", "fd no", "fiscal document number",
    "fiscal document no", "fiscal document"
  ],
  fiscalSign: [
    "фпд", "фп", "фискальный признак", "фискальный признак документа", "фп документа", "фпд документа", "фискальный признак фпд",
    "fiscal sign", "fpd", "fp", "fiscal attribute", "fiscal signature", "fiscal document sign"
  ],
  shift: ["номер смены", "смена", "смена ккт", "смена номер", "номер смены ккт", "shift", "shift number", "shift no"],
  numberInShift: [
    "номер чека в смене", "номер в смене", "номер чека ккм", "номер чека за смену", "номер чека в смене ккт",
    "номер чека ккт", "порядковый номер чека", "порядковый номер чека в смене", "номер чека по смене",
    "receipt number in shift", "number in shift", "check number in shift", "receipt no in shift"
  ],
  operation: [
    "вид операции", "операция", "тип операции", "тип чека", "вид чека", "признак расчета", "тип", "вид документа",
    "тип документа", "вид", "операция чека", "тип расчета", "вид расчета",
    "operation", "operation type", "type", "receipt type", "transaction type", "document type", "kind"
  ],
  total: [
    "сумма", "итого", "всего", "сумма итого", "сумма всего", "сумма продажи", "сумма с ндс", "сумма руб", "сумма в руб",
    "сумма рублей", "выручка", "сумма строки", "сумма по строке", "стоимость", "сумма к оплате", "сумма расчета",
    "amount", "total", "sum", "total amount", "gross", "sum total", "line total", "line amount", "value"
  ],
  documentTotal: [
    "сумма документа", "сумма чека", "итого по чеку", "итого по документу", "сумма по чеку", "итог чека", "сумма чека всего",
    "document total", "receipt total", "total receipt", "check total"
  ],
  cash: [
    "наличными", "наличные", "оплата наличными", "сумма наличными", "нал", "наличная оплата", "наличными руб",
    "форма оплаты наличными", "в том числе наличными",
    "cash", "cash amount", "paid cash", "paid in cash", "cash payment"
  ],
  electronic: [
    "безналичными", "безналичные", "безнал", "оплата картой", "картой", "электронными", "оплата безналичными",
    "сумма безналичными", "платежной картой", "электронно", "безналичная оплата", "электронными средствами",
    "оплата электронными", "сумма электронными", "банковской картой", "эквайринг", "безналичными руб",
    "card", "cashless", "electronic", "non cash", "noncash", "card amount", "paid by card", "card payment", "electronic payment"
  ],
  vatRate: [
    "ставка ндс", "ставка", "ндс ставка", "ставка налога", "ставка ндс %", "ндс %", "%ндс", "vat rate", "tax rate", "vat %",
    "rate"
  ],
  vatAmount: [
    "сумма ндс", "ндс", "в т ч ндс", "в том числе ндс", "ндс сумма", "сумма налога", "ндс руб", "vat amount", "tax amount",
    "vat sum", "vat", "tax"
  ],
  item: [
    "номенклатура", "товар", "наименование", "наименование товара", "предмет расчета", "товар услуга", "товары",
    "наименование номенклатуры", "наименование предмета расчета", "item", "product", "name", "description", "goods",
    "item name", "product name"
  ],
  quantity: ["количество", "кол во", "кол", "колво", "qty", "quantity", "count"],
  price: ["цена", "цена за единицу", "цена руб", "цена с ндс", "price", "unit price"]
}

/** The built-in alias table: normalised header → role. */
export const builtInAliases: ReadonlyMap<string, Role> = (() => {
  const m = new Map<string, Role>()
  const add = (role: Role, names: ReadonlyArray<string>) => {
    for (const n of names) {
      const k = normalizeHeader(n)
      if (!m.has(k)) m.set(k, role)
    }
  }
  // Per-rate columns first: "ндс 20%" must not be caught by the plain "ндс" alias.
  for (const r of VatRate.all) {
    const labels: Array<string> = []
    if (r.kind === "rate") labels.push(`${r.percent}%`, `${r.percent} %`)
    if (r.kind === "calculated") labels.push(`${r.percent}/${100 + r.percent!}`, `расч ${r.percent}/${100 + r.percent!}`)
    if (r.kind === "rate" || r.kind === "calculated") {
      const vat: Array<string> = []
      for (const l of labels) {
        vat.push(
          `ндс ${l}`, `сумма ндс ${l}`, `в т ч ндс ${l}`, `в том числе ндс ${l}`, `ндс по ставке ${l}`, `сумма ндс по ставке ${l}`,
          `ндс ${l} сумма`, `vat ${l}`, `vat amount ${l}`, `vat ${l} amount`
        )
      }
      add(`vat:${r.id}`, vat)
      const gross: Array<string> = []
      for (const l of labels) {
        gross.push(
          `сумма с ндс ${l}`, `сумма по ставке ${l}`, `сумма по ставке ндс ${l}`, `сумма ${l}`, `продажи ${l}`,
          `gross ${l}`, `sales ${l}`, `amount ${l}`, `sum ${l}`
        )
      }
      add(`gross:${r.id}`, gross)
    }
  }
  add("gross:vat0", [
    "сумма с ндс 0%", "сумма по ставке 0%", "сумма по ставке ндс 0%", "ндс 0%", "сумма ндс 0%", "сумма 0%", "продажи 0%",
    "gross 0%", "sales 0%", "vat 0%", "amount 0%", "sum 0%"
  ])
  add("gross:none", [
    "сумма без ндс", "без ндс", "сумма не облагаемая ндс", "не облагается ндс", "сумма без налога", "продажи без ндс",
    "no vat", "amount no vat", "sales no vat", "sum no vat", "vat exempt", "gross no vat"
  ])
  for (const [role, names] of Object.entries(plain) as Array<[Role, ReadonlyArray<string>]>) add(role, names)
  return m
})()

/** A role found in a header row: the column it came from. */
export interface ColumnBinding {
  readonly role: Role
  readonly index: number
  readonly header: string
}

/** A header row resolved to roles. */
export interface ColumnMap {
  readonly bindings: ReadonlyArray<ColumnBinding>
  /** Columns no alias matched (kept in the report). */
  readonly ignored: ReadonlyArray<{ readonly index: number; readonly header: string }>
  /** Columns whose role was already taken by an earlier column. */
  readonly duplicates: ReadonlyArray<ColumnBinding>
}

/** Where a profile pins a role: a header (or several alternatives), or a 0-based column index. */
export type ColumnSpec = string | ReadonlyArray<string> | { readonly index: number }

/** Resolves a header row with the profile's columns first, then (unless disabled) the built-in table. */
export const resolve = (
  headers: ReadonlyArray<string>,
  profileColumns: Readonly<Partial<Record<Role, ColumnSpec>>> = {},
  useBuiltIn = true
): ColumnMap => {
  const normalized = headers.map(normalizeHeader)
  const taken = new Map<number, Role>()
  const bindings: Array<ColumnBinding> = []
  const duplicates: Array<ColumnBinding> = []
  const roleTaken = new Set<Role>()
  for (const [role, spec] of Object.entries(profileColumns) as Array<[Role, ColumnSpec]>) {
    let index = -1
    if (typeof spec === "object" && !Array.isArray(spec) && "index" in spec) index = (spec as { index: number }).index
    else {
      const names = (typeof spec === "string" ? [spec] : (spec as ReadonlyArray<string>)).map(normalizeHeader)
      for (const n of names) {
        index = normalized.findIndex((h, i) => h === n && !taken.has(i))
        if (index >= 0) break
      }
    }
    if (index >= 0 && index < headers.length && !taken.has(index)) {
      taken.set(index, role)
      roleTaken.add(role)
      bindings.push({ role, index, header: headers[index]! })
    }
  }
  const ignored: Array<{ index: number; header: string }> = []
  for (let i = 0; i < headers.length; i++) {
    if (taken.has(i)) continue
    const role = useBuiltIn ? builtInAliases.get(normalized[i]!) : undefined
    if (role === undefined) {
      if (normalized[i] !== "") ignored.push({ index: i, header: headers[i]! })
      continue
    }
    const b = { role, index: i, header: headers[i]! }
    if (roleTaken.has(role)) duplicates.push(b)
    else {
      roleTaken.add(role)
      taken.set(i, role)
      bindings.push(b)
    }
  }
  bindings.sort((a, b) => a.index - b.index)
  return { bindings, ignored, duplicates }
}

/** The column index of a role, or -1. */
export const indexOf = (map: ColumnMap, role: Role): number => map.bindings.find((b) => b.role === role)?.index ?? -1
