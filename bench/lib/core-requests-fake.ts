/**
 * A generated chain and an in-process fake of the Taxcom API over it, for bench/core-requests.ts: it answers the
 * methods the three report paths use, in the vendor's wire shapes, pages lists by `pn`/`ps`, and counts requests per
 * method. Contents are deterministic and kept small per record (the bench counts requests, it does not time them).
 */
import { HttpClient, type HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { Effect, Layer } from "effect"

export interface ChainSize {
  readonly registers: number
  readonly registersPerOutlet: number
  readonly departments: number
  /** Every n-th register has its fiscal drive replaced mid-month. */
  readonly driveChangeEvery: number
}

export interface Drive {
  readonly fn: string
  readonly active: boolean
  readonly shifts: Array<Shift>
}

export interface Shift {
  readonly fn: string
  readonly number: number
  readonly openedAt: string
  readonly closedAt: string
  readonly receipts: number
}

export interface Register {
  readonly regNumber: string
  readonly factoryNumber: string
  readonly name: string
  readonly outletId: string
  readonly drives: Array<Drive>
}

export interface Chain {
  readonly departments: Array<{ readonly id: string; readonly name: string; readonly code: string }>
  readonly outlets: Array<{ readonly id: string; readonly name: string; readonly code: string; readonly departmentId: string }>
  readonly registers: Array<Register>
  /** The month: 1 March – 31 March 2025. */
  readonly from: string
  readonly to: string
}

const pad = (n: number, width: number) => String(n).padStart(width, "0")
const at = (day: Date, hours: number, minutes: number) =>
  new Date(day.getTime() + (hours * 60 + minutes) * 60_000).toISOString().slice(0, 19)

/** A chain of `size.registers` registers working one shift a day from 28 February to 31 March 2025. */
export const makeChain = (size: ChainSize): Chain => {
  const departments = Array.from({ length: size.departments }, (_, i) => ({ id: `dep-${i + 1}`, name: `Регион ${i + 1}`, code: `R${i + 1}` }))
  const outletCount = Math.ceil(size.registers / size.registersPerOutlet)
  const outlets = Array.from({ length: outletCount }, (_, i) => ({
    id: `00000000-0000-4000-8000-${pad(i + 1, 12)}`,
    name: `Магазин №${i + 1}`,
    code: `S${i + 1}`,
    departmentId: departments[i % departments.length]!.id
  }))
  const registers: Array<Register> = []
  let fnSeq = 0
  for (let r = 0; r < size.registers; r++) {
    const changes = r % size.driveChangeEvery === 0
    const drives: Array<Drive> = [{ fn: `99990789${pad(++fnSeq, 8)}`, active: !changes, shifts: [] }]
    if (changes) drives.push({ fn: `99990789${pad(++fnSeq, 8)}`, active: true, shifts: [] })
    // The first drive has been in use for a while: its shift numbers are well past 1.
    const next = drives.map((_, i) => (i === 0 ? 300 + (r % 50) : 1))
    for (let d = 0; d < 32; d++) {
      const day = new Date(Date.UTC(2025, 1, 28 + d))
      const driveIndex = changes && d >= 16 ? 1 : 0
      const seed = (r * 7919 + d * 104_729) % 1000
      const crosses = seed % 10 === 0
      drives[driveIndex]!.shifts.push({
        fn: drives[driveIndex]!.fn,
        number: next[driveIndex]!++,
        openedAt: at(day, 8 + (seed % 3), seed % 60),
        closedAt: at(day, crosses ? 25 : 21, seed % 60),
        receipts: 10 + (seed % 140)
      })
    }
    registers.push({
      regNumber: `00000000${pad(r + 1, 8)}`,
      factoryNumber: pad(100_000 + r, 10),
      name: `Касса ${r + 1}`,
      outletId: outlets[Math.floor(r / size.registersPerOutlet)]!.id,
      drives
    })
  }
  return { departments, outlets, registers, from: "2025-03-01T00:00:00", to: "2025-03-31T23:59:59" }
}

/** ShiftList's rule: a shift is listed when its interval overlaps [begin, end]. */
export const overlaps = (s: Shift, from: string, to: string) => s.openedAt <= to && s.closedAt >= from

export interface Fake {
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  readonly counts: Map<string, number>
}

const REPORT_DATE = "2025-04-01T09:00:00"

const envelope = (total: number, records: ReadonlyArray<unknown>, filtered = total) => ({
  reportDate: REPORT_DATE,
  counts: { recordCount: total, recordFilteredCount: filtered, recordInResponceCount: records.length },
  records
})

const page = <A>(all: ReadonlyArray<A>, q: URLSearchParams): ReadonlyArray<A> => {
  const pn = Number(q.get("pn") ?? "1")
  const ps = Number(q.get("ps") ?? "100")
  return all.slice((pn - 1) * ps, pn * ps)
}

const totals = (s: Shift) => {
  const total = s.receipts * 1234
  return {
    total,
    cash: Math.floor(total / 3),
    electronic: total - Math.floor(total / 3),
    receiptCount: s.receipts,
    nds20: Math.round((total * 20) / 120),
    goods_sum_nds_20: total
  }
}

export const makeFake = (chain: Chain, maxPageSize: number): Fake => {
  const counts = new Map<string, number>()
  const drives = new Map<string, { register: Register; drive: Drive }>()
  for (const register of chain.registers) for (const drive of register.drives) drives.set(drive.fn, { register, drive })
  const outletsByDept = new Map<string, Array<Chain["outlets"][number]>>()
  for (const o of chain.outlets) outletsByDept.set(o.departmentId, [...(outletsByDept.get(o.departmentId) ?? []), o])
  const registersByOutlet = new Map<string, Array<Register>>()
  for (const r of chain.registers) registersByOutlet.set(r.outletId, [...(registersByOutlet.get(r.outletId) ?? []), r])

  const answer = (method: string, q: URLSearchParams, body: string): unknown => {
    const ps = Number(q.get("ps") ?? "100")
    if (ps > maxPageSize) throw new Error(`ps ${ps} > ${maxPageSize}`)
    switch (method) {
      case "Login":
        return { sessionToken: "bench-token" }
      case "DepartmentList":
        return envelope(chain.departments.length, page(chain.departments.map((d) => ({ ...d, problemIndicator: "OK" })), q))
      case "OutletList": {
        const id = q.get("id")
        const all = id === null ? chain.outlets : outletsByDept.get(id) ?? []
        const records = page(all, q).map((o) => ({ id: o.id, name: o.name, code: o.code, address: null, problemIndicator: "OK", department: null }))
        return envelope(chain.outlets.length, records, all.length)
      }
      case "KKTList": {
        const all = registersByOutlet.get(q.get("id")!) ?? []
        return envelope(all.length, page(all, q).map((r) => ({
          name: r.name,
          kktRegNumber: r.regNumber,
          kktFactoryNumber: r.factoryNumber,
          fnFactoryNumber: r.drives[r.drives.length - 1]!.fn,
          cashdeskState: "Active",
          problemIndicator: "OK"
        })))
      }
      case "FnHistory": {
        const r = chain.registers.find((x) => x.regNumber === q.get("kktRegNumber"))!
        return envelope(r.drives.length, r.drives.map((d) => ({ fn: d.fn, status: d.active ? "Active" : "Notactive" })))
      }
      case "ShiftList": {
        const all = drives.get(q.get("fn")!)!.drive.shifts.filter((s) => overlaps(s, q.get("begin")!, q.get("end")!))
        return envelope(all.length, page(all, q).map((s) => ({
          fnFactoryNumber: s.fn,
          shiftNumber: s.number,
          openDateTime: s.openedAt,
          closeDateTime: s.closedAt,
          receiptCount: s.receipts
        })))
      }
      case "ShiftInfo": {
        const s = drives.get(q.get("fn")!)!.drive.shifts.find((x) => String(x.number) === q.get("shift"))!
        return {
          reportDate: REPORT_DATE,
          shift: {
            fnFactoryNumber: s.fn,
            shiftNumber: s.number,
            openDateTime: s.openedAt,
            closeDateTime: s.closedAt,
            state: "Close",
            income: totals(s),
            incomeReturn: { total: 0, cash: 0, electronic: 0 }
          }
        }
      }
      case "DocumentList": {
        const s = drives.get(q.get("fn")!)!.drive.shifts.find((x) => String(x.number) === q.get("shift"))!
        const count = s.receipts + 2
        const pn = Number(q.get("pn") ?? "1")
        const records = []
        for (let i = (pn - 1) * ps; i < Math.min(count, pn * ps); i++) {
          const type = i === 0 ? "2" : i === count - 1 ? "5" : "3"
          records.push({
            fnFactoryNumber: s.fn,
            shiftNumber: s.number,
            documentType: type,
            dateTime: s.openedAt,
            fdNumber: s.number * 1000 + i,
            numberInShift: i,
            sum: type === "3" ? 1234 : 0,
            cash: 0,
            electronic: type === "3" ? 1234 : 0,
            nds20: type === "3" ? 206 : 0
          })
        }
        return envelope(count, records)
      }
      case "kktstat/shifts": {
        const query = JSON.parse(body) as { From: string; To: string }
        const items = []
        for (const { register, drive } of drives.values()) {
          for (const s of drive.shifts) {
            if (!overlaps(s, query.From, query.To)) continue
            const t = totals(s)
            items.push({
              Shift: s.number,
              FnFactoryNumber: s.fn,
              KktRegNumber: register.regNumber,
              DateOpened: s.openedAt,
              DateClosed: s.closedAt,
              Revenue: t.total / 100,
              IncomeTotal: t.total / 100,
              Nds20Sum: t.nds20 / 100,
              DocumentsCount: String(s.receipts)
            })
          }
        }
        return { GroupBy: "none", Created: REPORT_DATE, Items: items }
      }
      default:
        throw new Error(`the bench fake does not serve ${method}`)
    }
  }

  const client = HttpClient.make((request: HttpClientRequest.HttpClientRequest, url: URL) =>
    Effect.sync(() => {
      const method = url.pathname.replace(/^\/API\/v2\//, "")
      counts.set(method, (counts.get(method) ?? 0) + 1)
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      const json = JSON.stringify(answer(method, url.searchParams, body))
      return HttpClientResponse.fromWeb(request, new Response(json, { status: 200, headers: { "content-type": "application/json" } }))
    })
  )
  return { layer: Layer.succeed(HttpClient.HttpClient, client), counts }
}
