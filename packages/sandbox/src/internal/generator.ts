/**
 * The deterministic chain generator. Three levels, each derived only from the seed and identifiers, so any part
 * can be built alone and in any order:
 *   1. the chain (account, departments, outlets, registers and their drives) — built eagerly, it is small;
 *   2. a register's shifts (times, numbers, receipt counts) — built on first use, a few dozen records;
 *   3. a shift's documents (receipts with lines, VAT, payments) — built on demand, cached by the caller.
 * Level 2 fixes how many documents every shift has, so FD numbers are known without building documents.
 */
import { Money, VatRate } from "@taxcom-kit/core"
import type { Operation } from "@taxcom-kit/core"
import {
  CITIES, FN_MODELS, INITIALS, KKT_MODELS, PARTNERS, PROFILES, PROFILE_WEIGHTS, SURNAMES_F, SURNAMES_M, profileById,
  type City, type Product, type Profile, type ProfileId, type VatClass
} from "./catalog.js"
import {
  addMonths, DAY, dayOf, HOUR, MINUTE, type AccountRec, type DepartmentRec, type DocRec, type DraftRec, type FnRec,
  type ItemRec, type KktPlan, type KktRec, type Millis, type OutletRec, type Scenario, type ShiftRec
} from "./model.js"
import { guid, hash, permute32, rng, type Rng } from "./prng.js"

/** Stream kinds: every derived stream names its purpose, so adding one never shifts another. */
const K = { account: 1, outlet: 2, department: 3, kkt: 4, fn: 5, shifts: 6, docs: 7, sign: 8, drafts: 9, ids: 10 } as const

export interface ChainOptions {
  readonly seed: number
  readonly registers: number
  /** First and last calendar day (inclusive) with shifts, as wall millis of midnight. */
  readonly from: Millis
  readonly to: Millis
  /** The sandbox's "now": open shifts are open at this instant; nothing happens after it. */
  readonly now: Millis
  /** Receipts per full shift before the register's traffic factor. */
  readonly receiptsPerShift: readonly [number, number]
}

export interface Chain {
  readonly options: ChainOptions
  readonly account: AccountRec
  readonly departments: ReadonlyArray<DepartmentRec>
  readonly outlets: ReadonlyArray<OutletRec>
  readonly kkts: ReadonlyArray<KktRec>
  readonly drafts: ReadonlyArray<DraftRec>
  /** Profile of each register (by index). */
  readonly profiles: ReadonlyArray<ProfileId>
}

const pad = (n: number, width: number) => String(n).padStart(width, "0")

/** A valid 10-digit INN (organisation) from a number. */
const innFrom = (n: number): string => {
  const digits = pad(7700000000 + (n % 99999999), 10).slice(0, 9).split("").map(Number)
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
  const check = (digits.reduce((s, d, i) => s + d * w[i]!, 0) % 11) % 10
  return digits.join("") + String(check)
}

const personName = (r: Rng): string => `${r.chance(0.65) ? r.pick(SURNAMES_F) : r.pick(SURNAMES_M)} ${r.pick(INITIALS)}`

interface OutletDraft {
  readonly index: number
  readonly city: City
  readonly profile: Profile
  readonly registers: number
}

const SCENARIO_SLOTS: ReadonlyArray<readonly [number, Scenario]> = [
  [1, "fnChange"], [2, "overnight"], [3, "fnExpiring"], [4, "paymentExpiring"], [5, "fnExpired"], [6, "unpaid"],
  [7, "disconnected"], [8, "forgottenShift"], [9, "openOverlong"]
]

const scenarioOf = (seed: number, index: number, registers: number): Scenario => {
  const slot = SCENARIO_SLOTS.find(([i]) => i === index)
  if (slot !== undefined && registers > index) return slot[1]
  if (index < 10) return "normal"
  const r = rng(seed, K.kkt, index, 99)
  const weights: ReadonlyArray<readonly [Scenario, number]> = [
    ["normal", 820], ["overnight", 40], ["fnChange", 40], ["fnExpiring", 20], ["paymentExpiring", 20], ["fnExpired", 10],
    ["unpaid", 15], ["disconnected", 15], ["forgottenShift", 10], ["openOverlong", 10]
  ]
  return weights[r.weighted(weights.map(([, w]) => w))]![0]
}

/** Builds the chain: account, departments, outlets, registers with their drives, drafts. */
export const buildChain = (options: ChainOptions): Chain => {
  const { seed, registers: n, from, to, now } = options
  const ra = rng(seed, K.account)
  const account: AccountRec = {
    agreementNumber: `${pad(ra.int(1000, 9999), 4)}-${pad(ra.int(100000, 999999), 6)}`,
    companyName: "ООО \"Ромашка-Ритейл\"",
    inn: innFrom(ra.next()),
    kpp: "770501001"
  }

  // Outlets: the first few have fixed kinds so even a small chain shows every taxation system.
  const fixedProfiles: ReadonlyArray<ProfileId> = ["grocery", "services", "cafe", "pharmacy", "bakery", "electronics", "flowers", "kiosk"]
  const outletDrafts: Array<OutletDraft> = []
  let assigned = 0
  const approxOutlets = Math.max(1, Math.round(n / 3))
  const cityCount = Math.min(CITIES.length, Math.max(2, Math.ceil(approxOutlets / 10)))
  while (assigned < n) {
    const i = outletDrafts.length
    const r = rng(seed, K.outlet, i)
    // Small chains get small outlets, so even a dozen registers cover every kind of outlet.
    const wanted = i === 0 ? 3 : n <= 24 ? r.int(1, 2) : r.int(1, 5)
    const count = Math.min(wanted, n - assigned)
    const profileId = i < fixedProfiles.length
      ? fixedProfiles[i]!
      : (Object.keys(PROFILE_WEIGHTS) as Array<ProfileId>)[r.weighted(Object.values(PROFILE_WEIGHTS))]!
    outletDrafts.push({ index: i, city: CITIES[i % cityCount]!, profile: profileById(profileId), registers: count })
    assigned += count
  }

  // Departments: regions → cities → clusters of a dozen outlets.
  const departments: Array<DepartmentRec> = []
  const deptId = (...k: Array<number>) => guid(seed, K.department, ...k)
  const regionIds = new Map<string, string>()
  const cityIds = new Map<string, string>()
  const usedCities = [...new Set(outletDrafts.map((o) => o.city))]
  for (const city of usedCities) {
    let regionId = regionIds.get(city.region)
    if (regionId === undefined) {
      regionId = deptId(1, regionIds.size)
      regionIds.set(city.region, regionId)
      departments.push({ id: regionId, name: city.region, code: `REG-${pad(regionIds.size, 2)}`, parentId: null })
    }
    const cityId = deptId(2, CITIES.indexOf(city))
    cityIds.set(city.name, cityId)
    departments.push({ id: cityId, name: city.name, code: city.code, parentId: regionId })
  }
  const clusterOf = new Map<number, string>()
  for (const city of usedCities) {
    const inCity = outletDrafts.filter((o) => o.city === city && o.index !== 0)
    if (inCity.length <= 12) continue
    const clusters = Math.ceil(inCity.length / 12)
    for (let c = 0; c < clusters; c++) {
      const id = deptId(3, CITIES.indexOf(city), c)
      departments.push({ id, name: `${city.name} — кластер ${c + 1}`, code: c === clusters - 1 && clusters > 2 ? null : `${city.code}-${c + 1}`, parentId: cityIds.get(city.name)! })
      for (let j = c * 12; j < Math.min(inCity.length, (c + 1) * 12); j++) clusterOf.set(inCity[j]!.index, id)
    }
  }

  const outlets: Array<OutletRec> = outletDrafts.map((o) => {
    const r = rng(seed, K.outlet, o.index, 1)
    const street = r.pick(o.city.streets)
    const house = r.int(1, 120)
    const brand = r.pick(o.profile.brands)
    // The first outlet has neither department nor code, like every outlet of the recorded account.
    const noDepartment = o.index === 0 || (o.index > 8 && r.chance(0.05))
    const code = o.index === 0 ? null : o.index === 1 ? "" : r.chance(0.8) ? `${o.city.code}-${pad(o.index, 3)}` : null
    const contactName = personName(r)
    return {
      id: guid(seed, K.outlet, o.index),
      name: `${brand}, ${street}, ${house}`,
      code,
      address: `${o.city.postcode + r.int(1, 199)}, г. ${o.city.name}, ${street}, д. ${house}`,
      departmentId: noDepartment ? null : (clusterOf.get(o.index) ?? cityIds.get(o.city.name)!),
      contact: r.chance(0.85)
        ? { name: contactName, phone: `+7 9${pad(r.int(0, 99), 2)} ${pad(r.int(0, 999), 3)}-${pad(r.int(0, 99), 2)}-${pad(r.int(0, 99), 2)}`, email: r.chance(0.7) ? `shop${o.index + 1}@romashka.example` : null }
        : { name: null, phone: null, email: null },
      place: o.profile.id === "cafe" ? "Зал обслуживания" : "Торговый зал"
    }
  })

  // Registers.
  const kkts: Array<KktRec> = []
  const profiles: Array<ProfileId> = []
  const span = Math.max(DAY, to + DAY - from)
  const at = (share: number) => dayOf(from + Math.floor(span * share))
  let index = 0
  for (const o of outletDrafts) {
    for (let k = 0; k < o.registers; k++, index++) {
      const r = rng(seed, K.kkt, index)
      const scenario = scenarioOf(seed, index, n)
      const model = r.pick(KKT_MODELS)
      const rest = model.digits - model.prefix.length
      const factoryNumber = model.prefix + (rest > 4 ? pad(r.int(0, 10 ** (rest - 4) - 1), rest - 4) : "") + pad(index % 10 ** Math.min(4, rest), Math.min(4, rest))
      const regNumber = "000" + pad(r.int(0, 999_999_999), 9) + pad(index % 10000, 4)
      const fnSerial = (o: number) => pad(hash(seed, K.fn) % 1000, 3) + pad((index * 2 + o) % 100000, 5)

      let stopAt: Millis | null = null
      let fnChangeAt: Millis | null = null
      let state: KktRec["state"] = "Active"
      let paidUntil: Millis = dayOf(now) + r.int(30, 400) * DAY
      const fns: Array<FnRec> = []
      const mkFn = (ordinal: number, registeredAt: Millis, months: 15 | 36, active: boolean, firstShift: number, firstFd: number): FnRec => {
        const fm = FN_MODELS.find((m) => m.months === months)!
        return {
          number: fm.prefix + fnSerial(ordinal), ordinal, model: fm.name, registeredAt, durationMonths: months,
          endsAt: addMonths(registeredAt, months), active, firstShift, firstFd
        }
      }
      const priorNumbers = (registeredAt: Millis) => {
        const days = Math.max(1, Math.round((from - registeredAt) / DAY))
        const firstShift = Math.max(1, Math.round(days * (0.8 + r.float() * 0.15)))
        return { firstShift, firstFd: firstShift * r.int(40, 90) + r.int(0, 50) }
      }
      const regAt = (d: Millis) => d + 9 * HOUR + r.int(0, 50) * MINUTE
      switch (scenario) {
        case "fnChange": {
          fnChangeAt = span >= 2 * DAY ? Math.max(from + DAY, at(0.35 + r.float() * 0.3)) : from
          const oldReg = regAt(addMonths(fnChangeAt, -15) + r.int(0, 5) * DAY)
          const prior = priorNumbers(oldReg)
          fns.push(mkFn(0, oldReg, 15, false, prior.firstShift, prior.firstFd))
          fns.push(mkFn(1, fnChangeAt + 7 * HOUR, r.chance(0.5) ? 36 : 15, true, 1, 1))
          break
        }
        case "fnExpiring": {
          const ends = dayOf(now) + r.int(3, 25) * DAY
          const reg = regAt(addMonths(ends, -15))
          const prior = priorNumbers(reg)
          fns.push(mkFn(0, reg, 15, true, prior.firstShift, prior.firstFd))
          break
        }
        case "fnExpired": {
          stopAt = at(0.6 + r.float() * 0.25)
          const reg = addMonths(stopAt, -15)
          const prior = priorNumbers(reg)
          fns.push(mkFn(0, reg, 15, true, prior.firstShift, prior.firstFd))
          break
        }
        default: {
          const reg = regAt(dayOf(from) - r.int(5, 200) * DAY)
          const prior = priorNumbers(reg)
          fns.push(mkFn(0, reg, r.chance(0.3) ? 15 : 36, true, prior.firstShift, prior.firstFd))
        }
      }
      if (scenario === "unpaid") {
        stopAt = at(0.55 + r.float() * 0.3)
        state = "Expired"
        paidUntil = stopAt
      } else if (scenario === "disconnected") {
        stopAt = at(0.55 + r.float() * 0.3)
        state = "Inactive"
      } else if (scenario === "paymentExpiring") {
        state = "Expires"
        paidUntil = dayOf(now) + r.int(3, 20) * DAY
      }
      const profile = o.profile
      const schedule: KktPlan["schedule"] = scenario === "overnight" ? "overnight" : profile.id === "cafe" ? "late" : profile.id === "kiosk" && r.chance(0.3) ? "overnight" : "day"
      const staff = Array.from({ length: r.int(2, 4) }, () => personName(r))
      const plan: KktPlan = {
        profile: profile.id, schedule, scenario, stopAt, fnChangeAt,
        // Service businesses bill from their own system and print its order number (tag 1084), as the recording does.
        traffic: 0.5 + r.float() * 1.1, staff, erpProperty: r.chance(0.5) || profile.id === "services"
      }
      const partner = r.chance(0.25) ? PARTNERS[r.int(0, PARTNERS.length - 1)]! : null
      kkts.push({
        index,
        name: `Касса ${k + 1}`,
        regNumber,
        factoryNumber,
        model: model.name,
        outletId: outlets[o.index]!.id,
        state,
        paidUntil,
        selfService: partner === null,
        partner: partner === null ? null : { name: partner.name, inn: partner.inn, contactName: partner.contactName, phone: partner.phone, email: partner.email },
        fns,
        taxation: profile.taxation,
        plan,
        feedLagSeconds: r.int(2, 90)
      })
      profiles.push(profile.id)
    }
  }

  return { options, account, departments, outlets, kkts, drafts: buildDrafts(seed, now, kkts, outlets), profiles }
}

/** A handful of registration reports waiting in the cabinet, one per DraftAccept outcome the data can cause. */
const buildDrafts = (seed: number, now: Millis, kkts: ReadonlyArray<KktRec>, outlets: ReadonlyArray<OutletRec>): Array<DraftRec> => {
  const r = rng(seed, K.drafts)
  const base = dayOf(now) - 2 * DAY
  const fresh = (i: number) => ({
    // Prefixes no generated register uses, so these numbers are new to the cabinet.
    kktRegNumber: "999" + pad(r.int(0, 999_999_999), 9) + pad(9000 + i, 4),
    kktFactoryNumber: "00199" + pad(r.int(0, 99_999), 5) + pad(9000 + i, 4),
    fn: "99994405" + pad(hash(seed, K.drafts, i) % 100_000_000, 8)
  })
  const at = (i: number) => ({ reportDate: base + (9 + i) * HOUR, receivedAt: base + (9 + i) * HOUR + 4 * MINUTE })
  const drafts: Array<DraftRec> = [
    { id: 1001, type: "Registration", ...at(0), kktModel: "АТОЛ 30Ф", ...fresh(0), outletName: "Новая точка", fnsStatus: "Registered" },
    { id: 1002, type: "Registration", ...at(1), kktModel: null, ...fresh(1), outletName: null, fnsStatus: "RegistrationNotCompleted" }
  ]
  const k0 = kkts[0]
  if (k0 !== undefined) {
    const outletName = outlets.find((o) => o.id === k0.outletId)?.name ?? null
    // The FN of a register already in the cabinet: accepting it answers FnFactoryNumberAlreadyExists.
    drafts.push({ id: 1003, type: "Registration", ...at(2), kktModel: k0.model, ...fresh(3), fn: k0.fns[k0.fns.length - 1]!.number, outletName, fnsStatus: "Registered" })
    // A registration number already in the cabinet: KktRegNumberAlreadyExists.
    drafts.push({ id: 1004, type: "Registration", ...at(3), kktModel: k0.model, ...fresh(4), kktRegNumber: k0.regNumber, outletName, fnsStatus: "NotRegistered" })
    // A re-registration (new drive) of a register in the cabinet.
    drafts.push({ id: 1005, type: "ReRegistration", ...at(4), kktModel: k0.model, kktRegNumber: k0.regNumber, kktFactoryNumber: k0.factoryNumber, fn: fresh(5).fn, outletName, fnsStatus: "Registered" })
  }
  return drafts
}

// --- Level 2: shifts -------------------------------------------------------------------------------------------

interface ShiftPlanDay {
  open: Millis
  close: Millis
}

const plannedShift = (schedule: KktPlan["schedule"], day: Millis, r: Rng): ShiftPlanDay => {
  switch (schedule) {
    case "day":
      return { open: day + 7 * HOUR + 45 * MINUTE + r.int(0, 105) * MINUTE, close: day + 20 * HOUR + 30 * MINUTE + r.int(0, 135) * MINUTE }
    case "late":
      return { open: day + 9 * HOUR + 30 * MINUTE + r.int(0, 90) * MINUTE, close: day + 23 * HOUR + r.int(0, 110) * MINUTE }
    case "overnight":
      return { open: day + 17 * HOUR + 30 * MINUTE + r.int(0, 120) * MINUTE, close: day + DAY + 2 * HOUR + r.int(0, 180) * MINUTE }
  }
}

/** The shifts of a register over the chain's period, every drive, in time order. */
export const buildShifts = (chain: Chain, kkt: KktRec): Array<ShiftRec> => {
  const plan = kkt.plan
  if (plan === null) return []
  const { seed, from, to, now, receiptsPerShift } = chain.options
  const r = rng(seed, K.shifts, kkt.index)
  const out: Array<ShiftRec> = []
  const counters = kkt.fns.map((f) => ({ shift: f.firstShift, fd: f.firstFd }))
  const lastDay = Math.min(to, dayOf(now))
  const weeklyOff = plan.profile === "services" || plan.profile === "kiosk" ? 0 : -1 // 0 = Sunday
  const forgottenDay = plan.scenario === "forgottenShift" ? dayOf(from + Math.floor((to - from) * 0.4)) : null
  const overlongDay = plan.scenario === "openOverlong" ? Math.max(from, dayOf(now) - 2 * DAY) : null
  let busyUntil = -Infinity
  for (let day = from; day <= lastDay; day += DAY) {
    // Draw every day's numbers even when the day is skipped, so a change to one rule does not reshuffle later days.
    const planned = plannedShift(plan.schedule, day, r)
    const off = r.chance(0.03) || new Date(day).getUTCDay() === weeklyOff
    const count = Math.max(0, Math.round(r.int(receiptsPerShift[0], receiptsPerShift[1]) * plan.traffic))
    const corrections = r.chance(0.04) ? 1 : 0
    const cashier = r.pick(plan.staff)
    if (off || planned.open <= busyUntil) continue
    if (plan.stopAt !== null && planned.open >= plan.stopAt) break
    if (planned.open >= now) break
    let close: Millis | null = planned.close
    if (day === forgottenDay) close = day + DAY + 20 * HOUR + r.int(0, 90) * MINUTE
    if (day === overlongDay) close = null
    if (close !== null && close > now) close = null
    const fnOrdinal = plan.fnChangeAt !== null && planned.open >= plan.fnChangeAt ? 1 : 0
    const fnRec = kkt.fns[fnOrdinal]!
    const end = close ?? now
    const plannedLength = planned.close - planned.open
    const receipts = close === null ? Math.round(count * Math.min(1, (end - planned.open) / plannedLength)) : count
    const c = counters[fnOrdinal]!
    const openFd = c.fd
    const docs = 1 + receipts + corrections + (close === null ? 0 : 1)
    out.push({
      kktIndex: kkt.index,
      fnOrdinal,
      fn: fnRec.number,
      number: c.shift,
      openedAt: planned.open,
      closedAt: close,
      openFd,
      closeFd: close === null ? null : openFd + docs - 1,
      receipts,
      corrections,
      cashier
    })
    c.shift += 1
    c.fd += docs
    busyUntil = close ?? Infinity
    if (close === null) break
  }
  return out
}

// --- Level 3: documents ----------------------------------------------------------------------------------------

const Y2019 = Date.UTC(2019, 0, 1)
const Y2025 = Date.UTC(2025, 0, 1)
const Y2026 = Date.UTC(2026, 0, 1)

/** The VAT rate a class of goods carries on a date. */
export const rateFor = (cls: VatClass, at: Millis, usnRate: 5 | 7 | undefined): VatRate.VatRateId => {
  switch (cls) {
    case "std":
      return at >= Y2026 ? "vat22" : at >= Y2019 ? "vat20" : "vat18"
    case "calcStd":
      return at >= Y2026 ? "vat22_122" : at >= Y2019 ? "vat20_120" : "vat18_118"
    case "reduced":
      return "vat10"
    case "calcReduced":
      return "vat10_110"
    case "zero":
      return "vat0"
    case "none":
      return "none"
    case "usn":
      return usnRate === undefined || at < Y2025 ? "none" : usnRate === 5 ? "vat5" : "vat7"
    case "usnCalc":
      return usnRate === undefined || at < Y2025 ? "none" : usnRate === 5 ? "vat5_105" : "vat7_107"
  }
}

const rateCache = new Map<VatRate.VatRateId, VatRate.VatRate>()
const rateObj = (id: VatRate.VatRateId): VatRate.VatRate => {
  let v = rateCache.get(id)
  if (v === undefined) {
    v = VatRate.get(id)
    rateCache.set(id, v)
  }
  return v
}

/** VAT in a gross line sum, rounded half up — the per-line rule real receipts follow. */
export const lineVat = (sum: number, rate: VatRate.VatRateId): number => {
  const v = rateObj(rate)
  return v.numerator === null || v.denominator === null ? 0 : Money.mulDivHalfUp(sum, v.numerator, v.denominator)
}

const QTY_ONE = "1.000000"
const quantityText = (thousandths: number): string =>
  thousandths === 1000 ? QTY_ONE : `${Math.floor(thousandths / 1000)}.${pad(thousandths % 1000, 3)}000`

const pickProduct = (goods: ReadonlyArray<Product>, r: Rng): Product => {
  let total = 0
  for (const g of goods) total += g.weight
  let x = r.float() * total
  for (const g of goods) {
    x -= g.weight
    if (x < 0) return g
  }
  return goods[goods.length - 1]!
}

const CENTS: ReadonlyArray<number> = [0, 90, 99, 50, 0, 90]

const buildItems = (goods: ReadonlyArray<Product>, count: number, at: Millis, profile: Profile, r: Rng, creditSale: boolean): Array<ItemRec> => {
  const items: Array<ItemRec> = []
  for (let i = 0; i < count; i++) {
    const g = pickProduct(goods, r)
    const raw = r.int(g.min, g.max)
    const price = Math.max(1, Math.floor(raw / 100) * 100 + CENTS[r.int(0, CENTS.length - 1)]!)
    const thousandths = g.weighted ? r.int(150, 2500) : r.chance(0.12) ? r.int(2, 4) * 1000 : 1000
    const sum = thousandths === 1000 ? price : Money.mulDivHalfUp(price, thousandths, 1000)
    const rate = rateFor(g.vat, at, profile.usnRate)
    items.push({
      name: g.name,
      price,
      quantity: quantityText(thousandths),
      sum,
      rate,
      vat: lineVat(sum, rate),
      paymentMethod: creditSale && g.paymentMethod === 4 ? 6 : g.paymentMethod,
      subject: g.subject
    })
  }
  return items
}

/** Key of a drive's fiscal-sign permutation: a document's sign is `permute32(key, fd)`, so it can be inverted. */
export const signKey = (seed: number, kktIndex: number, fnOrdinal: number): number => hash(seed, K.sign, kktIndex, fnOrdinal)

/** The documents of a shift: open report, receipts and corrections in time order, close report. */
export const buildShiftDocs = (chain: Chain, kkt: KktRec, s: ShiftRec): Array<DocRec> => {
  const { seed, now } = chain.options
  const plan = kkt.plan!
  const profile = profileById(plan.profile as ProfileId)
  const r = rng(seed, K.docs, kkt.index, s.fnOrdinal, s.number)
  const n = s.receipts + s.corrections
  const end = s.closedAt ?? now
  const window = Math.max(0, end - s.openedAt - 2 * MINUTE)
  const times = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const t = s.openedAt + MINUTE + Math.floor(r.float() * window)
    times[i] = t - (t % MINUTE)
  }
  times.sort((a, b) => a - b)
  const correctionAt = new Set<number>()
  while (correctionAt.size < s.corrections) correctionAt.add(r.int(0, n - 1))
  const sign = signKey(seed, kkt.index, s.fnOrdinal)
  // Object literals with every property spelled out: V8 builds them on a fast path (a spread does not).
  const report = (fd: number, type: number, at: Millis): DocRec => ({
    kktIndex: kkt.index, fnOrdinal: s.fnOrdinal, fn: s.fn, fd, shift: s.number, type, at, numberInShift: null, operation: null,
    items: [], total: 0, cash: 0, electronic: 0, prepaid: 0, credit: 0, other: 0, fiscalSign: permute32(sign, fd), cashier: s.cashier, checkNo: null
  })
  const docs: Array<DocRec> = []
  docs.push(report(s.openFd, 2, s.openedAt))
  const pay = profile.pay
  const payWeights = [pay.cash, pay.electronic, pay.mixed, pay.prepaid, pay.credit]
  for (let i = 0; i < n; i++) {
    const fd = s.openFd + 1 + i
    const at = times[i]!
    const correction = correctionAt.has(i)
    let operation: Operation.Operation
    if (correction) operation = r.chance(0.8) || profile.expenditureGoods.length === 0 ? "Income" : "Expenditure"
    else {
      const u = r.float()
      const exp = profile.expenditureGoods.length > 0 ? profile.expenditureShare : 0
      operation = u < exp ? "Expenditure" : u < exp + 0.045 ? "IncomeReturn" : u < exp + 0.048 && exp > 0 ? "ExpenditureReturn" : "Income"
    }
    const expenditure = operation === "Expenditure" || operation === "ExpenditureReturn"
    const goods = expenditure ? profile.expenditureGoods : profile.products
    const itemCount = expenditure || correction ? 1 : 1 + Math.min(7, Math.floor(-Math.log(1 - r.float()) * 1.3))
    let mode = r.weighted(payWeights)
    if (operation !== "Income" || correction) mode = mode === 0 || mode === 2 ? 0 : 1
    const items = buildItems(goods, itemCount, at, profile, r, mode === 4)
    let total = 0
    let advanceLines = false
    for (const it of items) {
      total += it.sum
      if (it.paymentMethod !== 4 && it.paymentMethod !== 6) advanceLines = true
    }
    // An advance is never paid with an earlier advance or on credit.
    if (advanceLines && (mode === 3 || mode === 4)) mode = 1
    let cash = 0
    let electronic = 0
    let prepaid = 0
    let credit = 0
    switch (mode) {
      case 0:
        cash = total
        break
      case 1:
        electronic = total
        break
      case 2:
        cash = Math.min(total, Math.floor((total * (0.2 + r.float() * 0.6)) / 100) * 100)
        electronic = total - cash
        break
      case 3:
        prepaid = Math.min(total, r.pick([50000, 100000, 200000]))
        electronic = total - prepaid
        break
      case 4:
        credit = total
        break
    }
    docs.push({
      kktIndex: kkt.index,
      fnOrdinal: s.fnOrdinal,
      fn: s.fn,
      fd,
      shift: s.number,
      type: correction ? 31 : 3,
      at,
      numberInShift: i + 1,
      operation,
      items,
      total,
      cash,
      electronic,
      prepaid,
      credit,
      other: 0,
      fiscalSign: permute32(sign, fd),
      cashier: s.cashier,
      checkNo: plan.erpProperty && !correction ? String(100000 + (fd % 900000)) : null
    })
  }
  if (s.closedAt !== null && s.closeFd !== null) {
    docs.push(report(s.closeFd, 5, s.closedAt))
  }
  return docs
}

export { PROFILES }
