/**
 * A small deterministic world for tests: registers, shifts, fiscal receipts (as core domain values) and ERP
 * exports of them with injected differences and their ground truth — the same contract as the sandbox's
 * (docs/erp-export-format.md), small enough for unit tests.
 */
import { FiscalSign, LocalDateTime, VatRate } from "@taxcom-kit/core"
import type { FiscalDocument, Ids, Money, Operation, ShiftTotals, VatBreakdown } from "@taxcom-kit/core"
import type { Register } from "@taxcom-kit/reconcile"

type Doc = FiscalDocument.DocumentSummary

export const rng = (seed: number) => {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Item {
  readonly sum: number
  readonly rate: VatRate.VatRateId
  readonly vat: number
  readonly name: string
  readonly qty: number
  readonly price: number
}

export interface Receipt {
  readonly doc: Doc
  readonly items: ReadonlyArray<Item>
  readonly register: Reg
}

export interface Reg {
  readonly name: string
  readonly regNumber: string
  readonly outlet: string
  readonly fns: Array<string>
}

export interface World {
  readonly registers: ReadonlyArray<Reg>
  readonly directory: ReadonlyArray<Register.RegisterInfo>
  /** Every document, shift reports included, in time order per drive. */
  readonly documents: ReadonlyArray<Doc>
  readonly receipts: ReadonlyArray<Receipt>
  readonly shifts: ReadonlyArray<ShiftTotals.ShiftTotals>
}

const pad = (n: number, w: number) => String(n).padStart(w, "0")
const RATES: ReadonlyArray<VatRate.VatRateId> = ["vat22", "vat10", "none", "vat22", "vat22", "vat10"]
const NAMES = ["Хлеб «Бородинский»", "Молоко 3,2%", "Кофе; зерно", "Сыр \"Российский\"", "Вода 0,5 л", "Пакет"]

/**
 * Builds a world: `outlets` outlets with 2 registers each; the first register changes its drive midway (FD and
 * shift numbers restart); one shift per register per day from 09:00 (the last register works overnight, 20:00–04:00).
 */
export const makeWorld = (options: { seed?: number; outlets?: number; days?: number; receiptsPerShift?: number } = {}): World => {
  const rand = rng(options.seed ?? 1)
  const outlets = options.outlets ?? 2
  const days = options.days ?? 2
  const perShift = options.receiptsPerShift ?? 12
  const registers: Array<Reg> = []
  let fnSeq = 1
  for (let o = 0; o < outlets; o++) {
    for (let k = 0; k < 2; k++) {
      registers.push({
        name: `Касса ${k + 1}`,
        regNumber: pad(1000 + registers.length * 7, 16),
        outlet: o === 0 ? "ООО \"Ромашка\"; Тверская, 1" : `Магазин №${o + 1}`,
        fns: [`73804408${pad(fnSeq++, 8)}`]
      })
    }
  }
  registers[0]!.fns.push(`73804408${pad(fnSeq++, 8)}`)
  const documents: Array<Doc> = []
  const receipts: Array<Receipt> = []
  const shifts: Array<ShiftTotals.ShiftTotals> = []
  for (const [ri, reg] of registers.entries()) {
    let fnIndex = 0
    let fd = 0
    let shiftNo = 0
    const overnight = ri === registers.length - 1
    for (let day = 0; day < days; day++) {
      if (ri === 0 && day === Math.floor(days / 2) && reg.fns.length > 1) {
        fnIndex = 1
        fd = 0
        shiftNo = 0
      }
      const fn = reg.fns[fnIndex]! as Ids.FnNumber
      shiftNo++
      const base = Date.UTC(2026, 10, 2 + day, overnight ? 20 : 9, 0, 0)
      const open = base
      const at = (ms: number) => LocalDateTime.fromWallMillis(ms)
      const mk = (type: number, ms: number, extra: Partial<Doc> = {}): Doc => ({
        fn,
        shift: shiftNo as Ids.ShiftNumber,
        type,
        dateTime: at(ms),
        fd: ++fd as Ids.FdNumber,
        numberInShift: null,
        fiscalSign: FiscalSign.make(Math.floor(rand() * 4294967295)),
        cashier: "Иванова",
        taxation: "OSN",
        operation: null,
        total: 0 as Money.Kopecks,
        cash: 0 as Money.Kopecks,
        electronic: 0 as Money.Kopecks,
        vat: [],
        ...extra
      })
      documents.push(mk(2, open))
      const totals = { income: { total: 0, cash: 0, electronic: 0, n: 0 }, ret: { total: 0, cash: 0, electronic: 0, n: 0 } }
      let t = open + 10 * 60_000
      for (let n = 1; n <= perShift; n++) {
        t += Math.floor(5 * 60_000 + rand() * 25 * 60_000)
        const items: Array<Item> = []
        const lines = 1 + Math.floor(rand() * 3)
        for (let l = 0; l < lines; l++) {
          const rate = RATES[Math.floor(rand() * RATES.length)]!
          const price = 100 + Math.floor(rand() * 300000)
          const qty = 1 + Math.floor(rand() * 2)
          const sum = price * qty
          items.push({ sum, rate, vat: VatRate.vatOf(sum as Money.Kopecks, rate), name: NAMES[Math.floor(rand() * NAMES.length)]!, qty, price })
        }
        const total = items.reduce((a, i) => a + i.sum, 0)
        const form = rand()
        const cash = form < 0.4 ? total : form < 0.8 ? 0 : Math.floor(total / 3)
        const operation: Operation.Operation = rand() < 0.12 ? "IncomeReturn" : "Income"
        const vat = vatOfItems(items)
        const doc = mk(3, t, {
          numberInShift: n,
          operation,
          total: total as Money.Kopecks,
          cash: cash as Money.Kopecks,
          electronic: (total - cash) as Money.Kopecks,
          vat
        })
        documents.push(doc)
        receipts.push({ doc, items, register: reg })
        const b = operation === "Income" ? totals.income : totals.ret
        b.total += total
        b.cash += cash
        b.electronic += total - cash
        b.n++
      }
      const close = t + 20 * 60_000
      documents.push(mk(5, close))
      const ot = (b: { total: number; cash: number; electronic: number; n: number }): ShiftTotals.OperationTotals => ({
        total: b.total as Money.Kopecks,
        cash: b.cash as Money.Kopecks,
        electronic: b.electronic as Money.Kopecks,
        prepaid: null,
        credit: null,
        other: null,
        receiptCount: b.n,
        itemCount: null,
        vat: [],
        zeroRateTotal: null,
        noVatTotal: null
      })
      const empty = ot({ total: 0, cash: 0, electronic: 0, n: 0 })
      shifts.push({
        reportDate: null,
        fn,
        number: shiftNo as Ids.ShiftNumber,
        openedAt: at(open),
        openFd: (fd - perShift - 1) as Ids.FdNumber,
        closedAt: at(close),
        closeFd: fd as Ids.FdNumber,
        cashier: "Иванова",
        state: "Close",
        income: ot(totals.income),
        incomeReturn: ot(totals.ret),
        incomeCorrection: empty,
        expenditure: empty,
        expenditureReturn: empty,
        expenditureCorrection: empty
      })
    }
  }
  const directory = registers.flatMap((r) => r.fns.map((fn) => ({ fn, kktRegNumber: r.regNumber, name: r.name, outlet: r.outlet })))
  return { registers, directory, documents, receipts, shifts }
}

export const vatOfItems = (items: ReadonlyArray<Pick<Item, "sum" | "rate" | "vat">>): VatBreakdown.VatBreakdown => {
  const m = new Map<VatRate.VatRateId, { gross: number; vat: number }>()
  for (const it of items) {
    const e = m.get(it.rate) ?? { gross: 0, vat: 0 }
    e.gross += it.sum
    e.vat += it.vat
    m.set(it.rate, e)
  }
  return [...m]
    .sort(([a], [b]) => VatRate.orderOf(a) - VatRate.orderOf(b))
    .map(([rate, v]) =>
      VatRate.get(rate).numerator === null
        ? { rate, gross: v.gross as Money.Kopecks, vat: null }
        : { rate, gross: null, vat: v.vat as Money.Kopecks }
    )
}

// -----------------------------------------------------------------------------------------------------------------
// ERP export

export type InjectKind =
  | "missing_in_ofd"
  | "missing_in_erp"
  | "amount_mismatch"
  | "vat_rate_mismatch"
  | "payment_form_mismatch"
  | "operation_mismatch"
  | "duplicate"
  | "wrong_day"
  | "wrong_register"
  | "rounding"

export const injectKinds: ReadonlyArray<InjectKind> = [
  "missing_in_ofd", "missing_in_erp", "amount_mismatch", "vat_rate_mismatch", "payment_form_mismatch",
  "operation_mismatch", "duplicate", "wrong_day", "wrong_register", "rounding"
]

export interface TruthEntry {
  readonly kind: InjectKind
  readonly fn: string | null
  readonly fd: number | null
  readonly erpLines: Array<number>
  readonly vatRate: VatRate.VatRateId | null
}

export interface ExportOptions {
  readonly level?: "receipt" | "line"
  readonly fiscalColumns?: boolean
  readonly encoding?: "utf-8" | "windows-1251"
  /** How many receipts get each kind. */
  readonly perKind?: number
  readonly seed?: number
  /** ERP booking time minus fiscal time, at most this many seconds (random). */
  readonly jitterSeconds?: number
}

const RATE_COLUMN: Partial<Record<VatRate.VatRateId, string>> = {
  vat22: "НДС 22%",
  vat20: "НДС 20%",
  vat10: "НДС 10%",
  vat7: "НДС 7%",
  vat5: "НДС 5%",
  vat22_122: "НДС 22/122",
  vat20_120: "НДС 20/120",
  vat10_110: "НДС 10/110",
  vat0: "Сумма с НДС 0%",
  none: "Сумма без НДС"
}

const RATE_LABEL: Partial<Record<VatRate.VatRateId, string>> = {
  vat22: "22%", vat20: "20%", vat10: "10%", vat0: "0%", none: "Без НДС", vat20_120: "20/120", vat10_110: "10/110"
}

const rub = (k: number) => {
  const neg = k < 0
  const a = Math.abs(k)
  const r = String(Math.floor(a / 100))
  let g = ""
  for (let i = 0; i < r.length; i++) {
    if (i > 0 && (r.length - i) % 3 === 0) g += "\u00a0"
    g += r[i]
  }
  return `${neg ? "-" : ""}${g},${pad(a % 100, 2)}`
}

const ddmmyyyy = (t: string) => `${t.slice(8, 10)}.${t.slice(5, 7)}.${t.slice(0, 4)} ${t.slice(11, 19)}`
const q = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replaceAll("\"", "\"\"")}"` : s)

/** Writes an ERP export of the world's receipts with `perKind` receipts of each injected kind. */
export const erpExport = (world: World, options: ExportOptions = {}): { bytes: Uint8Array; text: string; truth: Array<TruthEntry> } => {
  const level = options.level ?? "receipt"
  const fiscal = options.fiscalColumns ?? true
  const perKind = options.perKind ?? 2
  const rand = rng(options.seed ?? 7)
  const jitter = options.jitterSeconds ?? 20
  const rates = [...new Set(world.receipts.flatMap((r) => r.items.map((i) => i.rate)))]
    .sort((a, b) => VatRate.orderOf(a) - VatRate.orderOf(b))
  const head = ["Дата", "Номер документа", "Торговая точка", "Касса", "Рег. номер ККТ"]
  if (fiscal) head.push("ФН", "Номер ФД", "ФПД", "Номер смены", "Номер чека в смене")
  head.push("Вид операции")
  if (level === "receipt") head.push("Сумма", "Наличными", "Безналичными", ...rates.map((r) => RATE_COLUMN[r]!))
  else head.push("Номенклатура", "Количество", "Цена", "Сумма", "Ставка НДС", "Сумма НДС", "Наличными", "Безналичными")
  const lines: Array<string> = [head.join(";")]
  const truth: Array<TruthEntry> = []
  // choose distinct receipts per kind (income receipts for simplicity of amounts)
  const pool = world.receipts.map((_, i) => i).sort(() => rand() - 0.5)
  const assigned = new Map<number, InjectKind>()
  let p = 0
  for (const kind of injectKinds) {
    if (kind === "missing_in_ofd") continue
    let n = 0
    while (n < perKind && p < pool.length) {
      const i = pool[p++]!
      const r = world.receipts[i]!
      if (kind === "vat_rate_mismatch" && !r.items.some((it) => it.rate === "vat22")) continue
      if (kind === "vat_rate_mismatch" && r.items.some((it) => it.rate === "vat10")) continue
      if (kind === "payment_form_mismatch" && r.doc.cash === r.doc.electronic) continue
      if (kind === "wrong_register" && world.registers.filter((x) => x.outlet === r.register.outlet).length < 2) continue
      assigned.set(i, kind)
      n++
    }
  }
  let docNo = 0
  const emit = (r: Receipt, over: {
    dateTime?: string
    register?: Reg
    operation?: Operation.Operation
    total?: number
    cash?: number
    items?: ReadonlyArray<Item>
    fiscal?: boolean
  } = {}): Array<number> => {
    const d = r.doc
    const reg = over.register ?? r.register
    const op = over.operation ?? d.operation!
    const items = over.items ?? r.items
    const total = over.total ?? d.total
    const cash = over.cash ?? d.cash
    const electronic = total - cash
    const t = over.dateTime ?? LocalDateTime.addMillis(d.dateTime, Math.floor(rand() * jitter) * 1000)
    const number = `ЧК-${pad(++docNo, 6)}`
    const common = [ddmmyyyy(t), number, q(reg.outlet), reg.name, reg.regNumber]
    if (fiscal) {
      if (over.fiscal === false) common.push("", "", "", "", "")
      else common.push(d.fn, String(d.fd), d.fiscalSign ?? "", String(d.shift), String(d.numberInShift))
    }
    common.push(op === "Income" ? "Продажа" : "Возврат")
    const at: Array<number> = []
    if (level === "receipt") {
      const v = vatOfItems(items)
      const cells = rates.map((rate) => {
        const a = v.find((x) => x.rate === rate)
        const amount = a === undefined ? 0 : (a.vat ?? a.gross ?? 0)
        return rub(amount)
      })
      lines.push([...common, rub(total), rub(cash), rub(electronic), ...cells].join(";"))
      at.push(lines.length)
    } else {
      let remaining = total - items.reduce((a, i) => a + i.sum, 0)
      for (const it of items) {
        const sum = it.sum + remaining
        remaining = 0
        lines.push([...common, q(it.name), `${it.qty},000`, rub(it.price), rub(sum), RATE_LABEL[it.rate]!, it.rate === "none" ? "" : rub(it.vat), rub(cash), rub(electronic)].join(";"))
        at.push(lines.length)
      }
    }
    return at
  }
  for (const [i, r] of world.receipts.entries()) {
    const kind = assigned.get(i)
    const d = r.doc
    const t = (entry: Omit<TruthEntry, "kind" | "fn" | "fd" | "vatRate"> & { vatRate?: VatRate.VatRateId | null }) =>
      truth.push({ kind: kind!, fn: d.fn, fd: d.fd, erpLines: entry.erpLines, vatRate: entry.vatRate ?? null })
    switch (kind) {
      case undefined:
        emit(r)
        break
      case "missing_in_erp":
        t({ erpLines: [] })
        break
      case "amount_mismatch":
        t({ erpLines: emit(r, { total: d.total + 1000, cash: d.cash === 0 ? 0 : d.cash + 1000 }) })
        break
      case "rounding":
        t({ erpLines: emit(r, { total: d.total + 1, cash: d.cash === 0 ? 0 : d.cash + 1 }) })
        break
      case "payment_form_mismatch":
        t({ erpLines: emit(r, { cash: d.electronic }) })
        break
      case "operation_mismatch":
        t({ erpLines: emit(r, { operation: d.operation === "Income" ? "IncomeReturn" : "Income" }) })
        break
      case "vat_rate_mismatch": {
        const k = r.items.findIndex((it) => it.rate === "vat22")
        const items = r.items.map((it, j) => j === k ? { ...it, rate: "vat10" as const, vat: VatRate.vatOf(it.sum as Money.Kopecks, "vat10") } : it)
        t({ erpLines: emit(r, { items }), vatRate: "vat22" })
        break
      }
      case "duplicate": {
        emit(r)
        t({ erpLines: emit(r) })
        break
      }
      case "wrong_day":
        t({ erpLines: emit(r, { dateTime: LocalDateTime.addMillis(d.dateTime, (rand() < 0.5 ? -1 : 1) * 86_400_000) }) })
        break
      case "wrong_register": {
        const other = world.registers.find((x) => x.outlet === r.register.outlet && x !== r.register)!
        t({ erpLines: emit(r, { register: other }) })
        break
      }
    }
  }
  // sales that were never fiscalised: copies of random receipts an hour later, no fiscal numbers
  for (let k = 0; k < perKind; k++) {
    const r = world.receipts[pool[pool.length - 1 - k]!]!
    const at = emit(r, { dateTime: LocalDateTime.addMillis(r.doc.dateTime, -3_600_000 - 7_000), fiscal: false, operation: "Income" })
    truth.push({ kind: "missing_in_ofd", fn: null, fd: null, erpLines: at, vatRate: null })
  }
  const text = lines.join("\r\n") + "\r\n"
  const encoding = options.encoding ?? "utf-8"
  const bytes = encoding === "utf-8" ? concat(new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode(text)) : encode1251(text)
  return { bytes, text, truth }
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

const single = (label: string): Map<number, number> => {
  const dec = new TextDecoder(label)
  const m = new Map<number, number>()
  for (let b = 0; b < 256; b++) {
    const c = dec.decode(new Uint8Array([b]))
    if (c !== "\ufffd") m.set(c.charCodeAt(0), b)
  }
  return m
}
const cp1251 = single("windows-1251")
const cp866 = single("ibm866")

/** Encodes text as Windows-1251 (throws on a character it has no byte for). */
export const encode1251 = (text: string): Uint8Array => encodeSingle(text, cp1251, "windows-1251")
export const encode866 = (text: string): Uint8Array => encodeSingle(text, cp866, "cp866")

const encodeSingle = (text: string, table: Map<number, number>, name: string): Uint8Array => {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const b = table.get(text.charCodeAt(i))
    if (b === undefined) throw new Error(`${name} has no byte for ${JSON.stringify(text[i])}`)
    out[i] = b
  }
  return out
}

/** Per kind precision and recall against the truth (the scoring rule of docs/erp-export-format.md). */
export const score = (
  truth: ReadonlyArray<TruthEntry>,
  reported: ReadonlyArray<{ kind: string; fn: string | null; fd: number | null; erpLines: ReadonlyArray<number> }>
): Map<string, { tp: number; fp: number; fn: number; precision: number; recall: number }> => {
  const result = new Map<string, { tp: number; fp: number; fn: number; precision: number; recall: number }>()
  const kindsSeen = new Set([...truth.map((t) => t.kind), ...reported.map((r) => r.kind)])
  for (const kind of kindsSeen) {
    const T = truth.filter((t) => t.kind === kind)
    const R = reported.filter((r) => r.kind === kind)
    const key = (x: { fn: string | null; fd: number | null }) => `${x.fn}#${x.fd}`
    const matchedTruth = new Set<number>()
    let tp = 0
    for (const r of R) {
      const j = T.findIndex((t, idx) =>
        !matchedTruth.has(idx) &&
        (kind === "missing_in_ofd" ? t.erpLines.some((l) => r.erpLines.includes(l)) : key(t) === key(r)))
      if (j >= 0) {
        matchedTruth.add(j)
        tp++
      }
    }
    const fp = R.length - tp
    const fn = T.length - tp
    result.set(kind, { tp, fp, fn, precision: R.length === 0 ? 1 : tp / R.length, recall: T.length === 0 ? 1 : tp / T.length })
  }
  return result
}
