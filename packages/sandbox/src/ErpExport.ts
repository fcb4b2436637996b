/**
 * ERP sales exports with known differences, and their ground truth — the contract is
 * `docs/erp-export-format.md`. From a dataset's income and income-return receipts this writes what a 1C-style ERP
 * exports (receipt or line level, Windows-1251 or UTF-8 with BOM, `;`, decimal comma, `dd.mm.yyyy HH:mm:ss`),
 * injects differences of every kind at the given rates, and lists each one in the truth file. The same dataset,
 * options and seed give the same bytes.
 */
import { Effect } from "effect"
import iconv from "iconv-lite"
import * as fs from "node:fs"
import * as path from "node:path"
import { VatRate } from "@taxcom-kit/core"
import type { Dataset } from "./Dataset.js"
import { lineVat } from "./internal/generator.js"
import { DAY, dayOf, MINUTE, parseDateTime, type DocRec, type ItemRec, type KktRec, type Millis } from "./internal/model.js"
import { rng, type Rng } from "./internal/prng.js"

export const DIFFERENCE_KINDS = [
  "missing_in_ofd", "missing_in_erp", "amount_mismatch", "vat_rate_mismatch", "payment_form_mismatch", "operation_mismatch",
  "duplicate", "wrong_day", "wrong_register", "rounding"
] as const
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number]

/** One injected difference (docs/erp-export-format.md). */
export interface Difference {
  readonly kind: DifferenceKind
  readonly fn: string | null
  readonly fd: number | null
  /** 1-based physical lines of the CSV (the header is line 1); empty for `missing_in_erp`. */
  readonly erpLines: ReadonlyArray<number>
  readonly erpDocumentNumber: string | null
  readonly ofdValueKopecks: number | null
  readonly erpValueKopecks: number | null
  /** The OFD's rate (a core VatRate id such as `vat22`) for `vat_rate_mismatch`, else null. */
  readonly vatRate: VatRate.VatRateId | null
  readonly note: string
}

export interface Truth {
  readonly format: "taxcom-kit/erp-truth@1"
  /** Seed of the injected differences. */
  readonly seed: number
  readonly datasetSeed: number | null
  readonly export: string
  readonly level: "receipt" | "line"
  readonly encoding: "windows-1251" | "utf-8-bom"
  readonly fiscalColumns: boolean
  /** Data rows (the header not counted). */
  readonly rows: number
  readonly period: { readonly from: string; readonly to: string }
  readonly differences: ReadonlyArray<Difference>
}

export interface Options {
  /** Seed of the differences (default: the dataset's seed, or 1). */
  readonly seed?: number
  readonly level?: "receipt" | "line"
  readonly encoding?: "windows-1251" | "utf-8-bom"
  /** Write the ФН, Номер ФД, ФПД, Номер смены, Номер чека в смене columns. Default true. */
  readonly fiscalColumns?: boolean
  /** First and last day (`yyyy-MM-dd`, inclusive); default the dataset's period. */
  readonly from?: string
  readonly to?: string
  /** Per-receipt probability of each kind (`missing_in_ofd`: of an extra unfiscalised sale after a receipt). */
  readonly rates?: Partial<Record<DifferenceKind, number>>
  /** The file name recorded in the truth (default `sales.csv`). */
  readonly exportName?: string
}

export const defaultRates: Readonly<Record<DifferenceKind, number>> = {
  missing_in_ofd: 0.002,
  missing_in_erp: 0.003,
  amount_mismatch: 0.002,
  vat_rate_mismatch: 0.002,
  payment_form_mismatch: 0.002,
  operation_mismatch: 0.001,
  duplicate: 0.002,
  wrong_day: 0.001,
  wrong_register: 0.001,
  rounding: 0.002
}

const RATE_COLUMNS: ReadonlyArray<readonly [VatRate.VatRateId, string]> = [
  ["vat22", "НДС 22%"], ["vat20", "НДС 20%"], ["vat10", "НДС 10%"], ["vat7", "НДС 7%"], ["vat5", "НДС 5%"],
  ["vat22_122", "НДС 22/122"], ["vat20_120", "НДС 20/120"], ["vat10_110", "НДС 10/110"], ["vat7_107", "НДС 7/107"], ["vat5_105", "НДС 5/105"],
  ["vat0", "Сумма с НДС 0%"], ["none", "Сумма без НДС"]
]

const RATE_LABEL: Readonly<Record<string, string>> = {
  vat22: "22%", vat20: "20%", vat18: "18%", vat10: "10%", vat7: "7%", vat5: "5%", vat0: "0%", none: "Без НДС",
  vat22_122: "22/122", vat20_120: "20/120", vat18_118: "18/118", vat10_110: "10/110", vat7_107: "7/107", vat5_105: "5/105"
}

const p2 = (n: number) => (n < 10 ? "0" + n : "" + n)

/** `dd.mm.yyyy HH:mm:ss`. */
export const formatErpDate = (ms: Millis): string => {
  const d = new Date(ms)
  return `${p2(d.getUTCDate())}.${p2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
}

/** `1 234,56` with U+00A0 between thousands. */
export const formatAmount = (kopecks: number): string => {
  const neg = kopecks < 0
  const a = Math.abs(kopecks)
  const cents = a % 100
  const rub = String((a - cents) / 100)
  let g = ""
  for (let i = 0; i < rub.length; i++) {
    if (i > 0 && (rub.length - i) % 3 === 0) g += "\u00a0"
    g += rub[i]
  }
  return `${neg ? "-" : ""}${g},${p2(cents)}`
}

const formatQuantity = (q: string): string => {
  const [i, f = ""] = q.split(".")
  return `${i},${(f + "000").slice(0, 3)}`
}

const cell = (s: string): string => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, "\"\"")}"` : s)

/** A receipt as the ERP books it (mutable copies of the OFD's numbers). */
interface Booking {
  at: Millis
  kkt: KktRec
  refund: boolean
  items: Array<ItemRec>
  cash: number
  electronic: number
  fiscal: { fn: string; fd: number; sign: number; shift: number; numberInShift: number } | null
}

const totalOf = (b: Booking) => b.items.reduce((s, i) => s + i.sum, 0)

/** Rates used by the exported receipts' shifts (income and income return). */
const usedRates = (ds: Dataset, from: Millis, to: Millis): Set<VatRate.VatRateId> => {
  const used = new Set<VatRate.VatRateId>()
  for (const kkt of ds.kkts) {
    for (const s of ds.shifts(kkt)) {
      if (s.openedAt > to + DAY || (s.closedAt ?? ds.now) < from) continue
      const b = ds.buckets(s)
      for (const k of ["income", "incomeReturn"] as const) for (const [id, v] of b[k].rates) if (v.gross !== 0) used.add(id)
    }
  }
  return used
}

/** Where a wrong VAT rate lands: the plausible confusion first, among the rates the export has columns for. */
const wrongRateFor = (rate: VatRate.VatRateId, columns: ReadonlySet<VatRate.VatRateId>, r: Rng): VatRate.VatRateId | null => {
  const preferred: Readonly<Record<string, ReadonlyArray<VatRate.VatRateId>>> = {
    vat22: ["vat20", "vat10"], vat20: ["vat22", "vat10"], vat10: ["vat22", "vat20"], none: ["vat22", "vat20", "vat10", "vat5"],
    vat0: ["none", "vat22", "vat20"], vat5: ["vat7", "none"], vat7: ["vat5", "none"], vat22_122: ["vat22", "vat20_120"],
    vat20_120: ["vat20", "vat22_122"], vat10_110: ["vat10"], vat5_105: ["vat5"], vat7_107: ["vat7"]
  }
  const candidates = (preferred[rate] ?? []).filter((c) => columns.has(c) && c !== rate)
  if (candidates.length > 0) return candidates[0]!
  const any = [...columns].filter((c) => c !== rate)
  return any.length === 0 ? null : any[r.int(0, any.length - 1)]!
}

/** Writes the export through `write` and returns the truth. The core of {@link toBuffer} and {@link writeFiles}. */
export const generateInto = (ds: Dataset, options: Options, write: (text: string) => void): Truth => {
  const seed = options.seed ?? ds.source.seed ?? 1
  const level = options.level ?? "receipt"
  const encoding = options.encoding ?? "windows-1251"
  const fiscalColumns = options.fiscalColumns ?? true
  const rates = { ...defaultRates, ...options.rates }
  const from = options.from === undefined ? ds.from : dayOf(parseDateTime(options.from))
  const to = options.to === undefined ? ds.to : dayOf(parseDateTime(options.to))
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) throw new RangeError(`bad export period ${options.from ?? ""} … ${options.to ?? ""}`)
  const columns = usedRates(ds, from, to)
  const rateColumns = RATE_COLUMNS.filter(([id]) => columns.has(id))
  const fiscalHead = fiscalColumns ? ["ФН", "Номер ФД", "ФПД", "Номер смены", "Номер чека в смене"] : []
  const head = ["Дата", "Номер документа", "Торговая точка", "Касса", "Рег. номер ККТ", ...fiscalHead, "Вид операции"]
  write(
    (level === "receipt"
      ? [...head, "Сумма", "Наличными", "Безналичными", ...rateColumns.map(([, h]) => h)]
      : [...head, "Номенклатура", "Количество", "Цена", "Сумма", "Ставка НДС", "Сумма НДС", "Наличными", "Безналичными"]).join(";") + "\r\n"
  )
  let line = 1
  let docNo = 0
  const differences: Array<Difference> = []
  const outletName = new Map(ds.outlets.map((o) => [o.id, o.name]))

  /** Writes a booking; returns its physical lines and document number. */
  const emit = (b: Booking): { lines: Array<number>; number: string } => {
    const number = `${b.refund ? "ВЧ" : "ЧК"}-${String(++docNo).padStart(6, "0")}`
    const prefix = [
      formatErpDate(b.at), number, cell(outletName.get(b.kkt.outletId) ?? ""), cell(b.kkt.name), b.kkt.regNumber,
      ...(fiscalColumns
        ? b.fiscal === null ? ["", "", "", "", ""] : [b.fiscal.fn, String(b.fiscal.fd), String(b.fiscal.sign), String(b.fiscal.shift), String(b.fiscal.numberInShift)]
        : []),
      b.refund ? "Возврат" : "Продажа"
    ].join(";")
    const lines: Array<number> = []
    if (level === "receipt") {
      const per = new Map<VatRate.VatRateId, { gross: number; vat: number }>()
      for (const it of b.items) {
        const e = per.get(it.rate) ?? { gross: 0, vat: 0 }
        e.gross += it.sum
        e.vat += it.vat
        per.set(it.rate, e)
      }
      const rateCells = rateColumns.map(([id]) => {
        const e = per.get(id)
        return formatAmount(e === undefined ? 0 : id === "vat0" || id === "none" ? e.gross : e.vat)
      })
      write(`${prefix};${formatAmount(totalOf(b))};${formatAmount(b.cash)};${formatAmount(b.electronic)};${rateCells.join(";")}\r\n`)
      lines.push(++line)
    } else {
      const pay = `${formatAmount(b.cash)};${formatAmount(b.electronic)}`
      for (const it of b.items) {
        write(`${prefix};${cell(it.name)};${formatQuantity(it.quantity)};${formatAmount(it.price)};${formatAmount(it.sum)};${RATE_LABEL[it.rate]};${formatAmount(it.vat)};${pay}\r\n`)
        lines.push(++line)
      }
    }
    return { lines, number }
  }

  const byOutlet = new Map<string, Array<KktRec>>()
  for (const k of ds.kkts) byOutlet.set(k.outletId, [...(byOutlet.get(k.outletId) ?? []), k])
  const kinds = DIFFERENCE_KINDS.filter((k) => k !== "missing_in_ofd")
  const weights = kinds.map((k) => rates[k])
  const injectTotal = weights.reduce((s, w) => s + w, 0)

  const receipt = (d: DocRec, kkt: KktRec) => {
    const r = rng(seed, 0xe5, d.kktIndex, d.fnOrdinal, d.fd)
    const b: Booking = {
      at: d.at, kkt, refund: d.operation === "IncomeReturn", items: d.items.map((i) => ({ ...i })), cash: d.cash, electronic: d.electronic,
      fiscal: { fn: d.fn, fd: d.fd, sign: d.fiscalSign, shift: d.shift, numberInShift: d.numberInShift ?? 0 }
    }
    const base = { fn: d.fn, fd: d.fd, vatRate: null }
    const u = r.float()
    let kind: DifferenceKind | null = null
    if (u < injectTotal) {
      let x = u
      for (let i = 0; i < kinds.length; i++) {
        x -= weights[i]!
        if (x < 0) {
          kind = kinds[i]!
          break
        }
      }
    }
    // The largest line carries amount changes.
    const largest = b.items.reduce((m, it, i) => (it.sum > b.items[m]!.sum ? i : m), 0)
    const addToPayment = (delta: number) => {
      if (b.electronic > b.cash) b.electronic += delta
      else b.cash += delta
    }
    switch (kind) {
      case "missing_in_erp":
        differences.push({ ...base, kind, erpLines: [], erpDocumentNumber: null, ofdValueKopecks: d.total, erpValueKopecks: null, note: "receipt not booked" })
        break
      case "amount_mismatch": {
        const it = b.items[largest]!
        const share = 0.02 + r.float() * 0.28
        const delta = Math.max(100, Math.round((d.total * share) / 100) * 100) * (r.chance(0.5) || it.sum <= 200 ? 1 : -1)
        const sum = Math.max(1, it.sum + delta)
        const applied = sum - it.sum
        b.items[largest] = { ...it, sum, price: it.quantity === "1.000000" ? sum : it.price, vat: lineVat(sum, it.rate) }
        addToPayment(applied)
        const e = emit(b)
        differences.push({
          ...base, kind, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: d.total, erpValueKopecks: totalOf(b),
          note: `total ${applied > 0 ? "raised" : "lowered"} by ${formatAmount(Math.abs(applied)).replace(/\u00a0/g, "")}`
        })
        break
      }
      case "rounding": {
        const it = b.items[largest]!
        const delta = it.sum > 1 && r.chance(0.5) ? -1 : 1
        b.items[largest] = { ...it, sum: it.sum + delta, price: it.quantity === "1.000000" ? it.sum + delta : it.price }
        addToPayment(delta)
        const e = emit(b)
        differences.push({ ...base, kind, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: d.total, erpValueKopecks: totalOf(b), note: `total off by ${delta > 0 ? "+" : "-"}0,01` })
        break
      }
      case "vat_rate_mismatch": {
        const it = b.items[largest]!
        const wrong = wrongRateFor(it.rate, columns, r)
        if (wrong === null) {
          emit(b)
          break
        }
        b.items[largest] = { ...it, rate: wrong, vat: lineVat(it.sum, wrong) }
        const e = emit(b)
        differences.push({
          ...base, kind, vatRate: it.rate, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: it.vat, erpValueKopecks: lineVat(it.sum, wrong),
          note: `line "${it.name}" (${formatAmount(it.sum).replace(/\u00a0/g, "")}) booked at ${RATE_LABEL[wrong]} instead of ${RATE_LABEL[it.rate]}`
        })
        break
      }
      case "payment_form_mismatch": {
        const before = b.cash
        if (b.cash + b.electronic === 0) {
          emit(b)
          break
        }
        if (b.cash > 0 && b.electronic > 0) {
          b.cash += b.electronic
          b.electronic = 0
        } else {
          const t = b.cash
          b.cash = b.electronic
          b.electronic = t
        }
        const e = emit(b)
        differences.push({
          ...base, kind, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: before, erpValueKopecks: b.cash,
          note: `cash ${formatAmount(before).replace(/\u00a0/g, "")} booked as ${formatAmount(b.cash).replace(/\u00a0/g, "")}, cashless ${formatAmount(d.electronic).replace(/\u00a0/g, "")} as ${formatAmount(b.electronic).replace(/\u00a0/g, "")}`
        })
        break
      }
      case "operation_mismatch": {
        b.refund = !b.refund
        const e = emit(b)
        differences.push({
          ...base, kind, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: d.total, erpValueKopecks: d.total,
          note: b.refund ? "sale booked as a refund" : "refund booked as a sale"
        })
        break
      }
      case "duplicate": {
        emit(b)
        const e = emit(b)
        differences.push({ ...base, kind, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: d.total, erpValueKopecks: d.total, note: "booked twice" })
        break
      }
      case "wrong_day": {
        const shift = r.chance(0.5) ? -DAY : DAY
        b.at += shift
        const e = emit(b)
        differences.push({
          ...base, kind, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: null, erpValueKopecks: null,
          note: `booked on ${formatErpDate(b.at).slice(0, 10)} instead of ${formatErpDate(d.at).slice(0, 10)}`
        })
        break
      }
      case "wrong_register": {
        const others = (byOutlet.get(kkt.outletId) ?? []).filter((k) => k.index !== kkt.index)
        if (others.length === 0) {
          emit(b)
          break
        }
        b.kkt = others[r.int(0, others.length - 1)]!
        const e = emit(b)
        differences.push({
          ...base, kind, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: null, erpValueKopecks: null,
          note: `booked on ${b.kkt.name} (${b.kkt.regNumber}) instead of ${kkt.name} (${kkt.regNumber})`
        })
        break
      }
      default:
        emit(b)
    }
    // A sale the ERP booked that never reached a register: after this receipt, on the same register and day.
    if (r.chance(rates.missing_in_ofd) && d.operation === "Income") {
      const scale = 0.5 + r.float()
      const items = d.items.map((i) => {
        const price = Math.max(100, Math.round((i.price * scale) / 10) * 10)
        const sum = i.quantity === "1.000000" ? price : Math.max(1, Math.round((i.sum * scale) / 10) * 10)
        return { ...i, price, sum, vat: lineVat(sum, i.rate) }
      })
      const total = items.reduce((s, i) => s + i.sum, 0)
      const cash = r.chance(0.4) ? total : 0
      const at = Math.min(d.at + r.int(1, 20) * MINUTE, dayOf(d.at) + DAY - MINUTE)
      const e = emit({ at, kkt, refund: false, items, cash, electronic: total - cash, fiscal: null })
      differences.push({
        kind: "missing_in_ofd", fn: null, fd: null, erpLines: e.lines, erpDocumentNumber: e.number, ofdValueKopecks: null, erpValueKopecks: total,
        vatRate: null, note: `sale of ${formatAmount(total).replace(/\u00a0/g, "")} on ${kkt.name} never fiscalised`
      })
    }
  }

  // Day by day, register by register, in time order — as an ERP lists a period's sales.
  for (let day = from; day <= to; day += DAY) {
    for (const kkt of ds.kkts) {
      for (const s of ds.shifts(kkt)) {
        if (s.openedAt >= day + DAY || (s.closedAt ?? ds.now) < day) continue
        for (const d of ds.documents(s)) {
          if (d.type !== 3 || (d.operation !== "Income" && d.operation !== "IncomeReturn") || d.at < day || d.at >= day + DAY) continue
          receipt(d, kkt)
        }
      }
    }
  }
  const fmt = (ms: Millis) => new Date(ms).toISOString().slice(0, 10)
  return {
    format: "taxcom-kit/erp-truth@1", seed, datasetSeed: ds.source.seed, export: options.exportName ?? "sales.csv", level, encoding, fiscalColumns,
    rows: line - 1, period: { from: fmt(from), to: fmt(to) }, differences
  }
}

/** Text chunks of the export encoded, with the UTF-8 BOM first when asked. */
const encoder = (encoding: "windows-1251" | "utf-8-bom") =>
  encoding === "windows-1251" ? (s: string) => iconv.encode(s, "win1251") : (s: string) => Buffer.from(s, "utf8")

/** The export in memory (for tests and small datasets). */
export const toBuffer = (ds: Dataset, options: Options = {}): { readonly csv: Uint8Array; readonly truth: Truth } => {
  const parts: Array<string> = []
  const truth = generateInto(ds, options, (t) => parts.push(t))
  const enc = encoder(truth.encoding)
  const body = enc(parts.join(""))
  const csv = truth.encoding === "utf-8-bom" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body
  return { csv: new Uint8Array(csv), truth }
}

/** Writes the export and its truth (`<csv>.truth.json` unless given), streaming in 1 MB chunks. */
export const writeFiles = (ds: Dataset, options: Options & { readonly out: string; readonly truthOut?: string }): Effect.Effect<Truth, Error> =>
  Effect.try({
    try: () => {
      const enc = encoder(options.encoding ?? "windows-1251")
      const tmp = `${options.out}.${process.pid}.tmp`
      const fd = fs.openSync(tmp, "w")
      let truth: Truth
      try {
        if ((options.encoding ?? "windows-1251") === "utf-8-bom") fs.writeSync(fd, Buffer.from([0xef, 0xbb, 0xbf]))
        let pending: Array<string> = []
        let size = 0
        const flush = () => {
          if (pending.length > 0) fs.writeSync(fd, enc(pending.join("")))
          pending = []
          size = 0
        }
        truth = generateInto(ds, { ...options, exportName: options.exportName ?? path.basename(options.out) }, (t) => {
          pending.push(t)
          size += t.length
          if (size > 1 << 20) flush()
        })
        flush()
      } finally {
        fs.closeSync(fd)
      }
      fs.renameSync(tmp, options.out)
      const truthPath = options.truthOut ?? `${options.out}.truth.json`
      fs.writeFileSync(truthPath, JSON.stringify(truth, null, 2) + "\n", "utf8")
      return truth
    },
    catch: (e) => (e instanceof Error ? e : new Error(String(e)))
  })

/** Differences counted by kind. */
export const countByKind = (truth: Truth): Readonly<Record<DifferenceKind, number>> => {
  const out = Object.fromEntries(DIFFERENCE_KINDS.map((k) => [k, 0])) as Record<DifferenceKind, number>
  for (const d of truth.differences) out[d.kind]++
  return out
}

