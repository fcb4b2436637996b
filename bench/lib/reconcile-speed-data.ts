/**
 * Fast generator of the speed bench's two files: an ERP sales export (1C-like, receipt level, with FN/FD columns)
 * and a DocumentList dump of the fiscal documents, both UTF-8 CSV with `;`. A few differences are injected so the
 * join has work to do: amounts changed, receipts missing on either side.
 */
import * as fs from "node:fs"
import * as path from "node:path"

export interface SpeedData {
  readonly erpPath: string
  readonly ofdPath: string
  readonly receipts: number
  /** What was injected, to check both engines count the same. */
  readonly expected: { readonly amountChanged: number; readonly missingInErp: number; readonly missingInOfd: number }
}

const p2 = (n: number) => (n < 10 ? "0" + n : "" + n)
const rub = (k: number) => `${Math.floor(k / 100)},${p2(k % 100)}`

/** mulberry32 */
const rng = (seed: number) => {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const ERP_HEADER =
  "Дата;Номер документа;Торговая точка;Касса;Рег. номер ККТ;ФН;Номер ФД;ФПД;Номер смены;Номер чека в смене;Вид операции;Сумма;Наличными;Безналичными;НДС 22%;НДС 10%;Сумма без НДС"
export const OFD_HEADER = "fn;shift;type;date_time;fd;number_in_shift;fiscal_sign;operation;total;cash;electronic;vat22;vat10;no_vat"

/** Writes the two files unless they already exist for these parameters. */
export const ensureSpeedData = (dir: string, receipts: number, seed = 42): SpeedData => {
  fs.mkdirSync(dir, { recursive: true })
  const erpPath = path.join(dir, `reconcile-erp-${receipts}.csv`)
  const ofdPath = path.join(dir, `reconcile-ofd-${receipts}.csv`)
  const metaPath = path.join(dir, `reconcile-${receipts}.json`)
  if (fs.existsSync(erpPath) && fs.existsSync(ofdPath) && fs.existsSync(metaPath)) {
    const meta = JSON.parse(fs.readFileSync(metaPath, "utf8"))
    if (meta.seed === seed) return { erpPath, ofdPath, receipts, expected: meta.expected }
  }
  const rand = rng(seed)
  const registers = 400
  const perRegister = Math.ceil(receipts / registers)
  const erp = fs.openSync(erpPath + ".tmp", "w")
  const ofd = fs.openSync(ofdPath + ".tmp", "w")
  fs.writeSync(erp, "\ufeff" + ERP_HEADER + "\r\n")
  fs.writeSync(ofd, OFD_HEADER + "\n")
  let erpBuf: Array<string> = []
  let ofdBuf: Array<string> = []
  const flush = () => {
    fs.writeSync(erp, erpBuf.join(""))
    fs.writeSync(ofd, ofdBuf.join(""))
    erpBuf = []
    ofdBuf = []
  }
  const expected = { amountChanged: 0, missingInErp: 0, missingInOfd: 0 }
  let written = 0
  let docNo = 0
  const start = Date.UTC(2026, 10, 1, 8, 0, 0)
  for (let r = 0; r < registers && written < receipts; r++) {
    const fn = `73804408${String(10_000_000 + r).slice(-8)}`
    const regNo = String(1_000_000 + r * 13).padStart(16, "0")
    const outlet = `Магазин №${Math.floor(r / 4) + 1}`
    const register = `Касса ${(r % 4) + 1}`
    let fd = 0
    let t = start
    let shift = 1
    let nis = 0
    const n = Math.min(perRegister, receipts - written)
    for (let k = 0; k < n; k++) {
      t += 30_000 + Math.floor(rand() * 1_000_000)
      if (new Date(t).getUTCHours() >= 22) {
        t += 10 * 3_600_000
        shift++
        nis = 0
      }
      fd++
      nis++
      const g22 = Math.floor(rand() * 500_000)
      const g10 = rand() < 0.3 ? Math.floor(rand() * 200_000) : 0
      const g0 = rand() < 0.1 ? Math.floor(rand() * 100_000) : 0
      const total = g22 + g10 + g0 + 100
      const vat22 = Math.round((g22 + 100) * 22 / 122)
      const vat10 = Math.round(g10 * 10 / 110)
      const cash = rand() < 0.5 ? total : 0
      const ret = rand() < 0.05
      const sign = Math.floor(rand() * 4294967295)
      const d = new Date(t)
      const iso = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
      const ru = `${p2(d.getUTCDate())}.${p2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
      const x = rand()
      if (x < 0.001) {
        // fiscalised, never booked
        expected.missingInErp++
      } else if (x < 0.002) {
        // booked, never fiscalised: no fiscal numbers
        expected.missingInOfd++
        erpBuf.push(`${ru};ЧК-${++docNo};${outlet};${register};${regNo};;;;;;${ret ? "Возврат" : "Продажа"};${rub(total)};${rub(cash)};${rub(total - cash)};${rub(vat22)};${rub(vat10)};${rub(g0)}\r\n`)
        written++
        continue
      } else {
        const erpTotal = x < 0.004 ? total + 1000 : total
        if (x < 0.004) expected.amountChanged++
        erpBuf.push(`${ru};ЧК-${++docNo};${outlet};${register};${regNo};${fn};${fd};${sign};${shift};${nis};${ret ? "Возврат" : "Продажа"};${rub(erpTotal)};${rub(cash === 0 ? 0 : erpTotal)};${rub(cash === 0 ? erpTotal : 0)};${rub(vat22)};${rub(vat10)};${rub(g0)}\r\n`)
      }
      ofdBuf.push(`${fn};${shift};3;${iso};${fd};${nis};${sign};${ret ? "IncomeReturn" : "Income"};${total};${cash};${total - cash};${vat22};${vat10};${g0}\n`)
      written++
      if (erpBuf.length >= 20_000) flush()
    }
  }
  flush()
  fs.closeSync(erp)
  fs.closeSync(ofd)
  fs.renameSync(erpPath + ".tmp", erpPath)
  fs.renameSync(ofdPath + ".tmp", ofdPath)
  fs.writeFileSync(metaPath, JSON.stringify({ seed, expected }))
  return { erpPath, ofdPath, receipts, expected }
}
