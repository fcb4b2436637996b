/**
 * The fewest requests the Taxcom API allows for each report path over a chain, computed from the same dataset the
 * sandbox serves (not written down), for bench/api-efficiency.ts.
 *
 * The chain of calls, per path, at page size `ps` (a list of n records costs max(1, ceil(n / ps)) pages — an empty
 * list still costs its one request):
 *
 *   walk (both paths):  OutletList pages                         every outlet
 *                       KKTList pages, per outlet                every register (an outlet's registers)
 *                       FnHistory, per register                  every fiscal drive (a drive replaced in the month
 *                                                                still holds shifts of it; FnHistory gives no dates,
 *                                                                so every drive is asked)
 *                       ShiftList pages, per drive               the shifts overlapping the month
 *   reports:            Login, AccountList (the organisation in the report header), kktstat/shifts per ≤31-day part
 *                       (payment forms, department names), the walk, ShiftInfo per shift opened in the month (gross
 *                       per VAT rate and receipt counts: only ShiftInfo has them)
 *   documents:          Login, the walk, DocumentList pages per shift opened in the month (its receipts and
 *                       corrections: DocumentList without `type` lists those)
 *
 * Not in the minimum: DepartmentList and per-department OutletList (kktstat rows carry the department of every
 * shift they list; departments are needed only for shifts kktstat does not report), a second login (one session
 * lives 5 minutes after its last use; the paths never idle that long), retries (no faults here).
 */
import { ShiftsReport, type LocalDateTime } from "@taxcom-kit/core"
import type { Dataset } from "@taxcom-kit/sandbox"

export interface Minimum {
  readonly reports: Readonly<Record<string, number>>
  readonly documents: Readonly<Record<string, number>>
  readonly chain: {
    readonly outlets: number
    readonly registers: number
    readonly drives: number
    /** Shifts opened in the period (the reports' and the documents' selection). */
    readonly shifts: number
    /** DocumentList records of those shifts. */
    readonly documents: number
  }
}

export const total = (byMethod: Readonly<Record<string, number>>): number => Object.values(byMethod).reduce((a, b) => a + b, 0)

/** `from`/`to`: the period as wall-clock `yyyy-MM-ddTHH:mm:ss`, both ends included. */
export const minimum = (ds: Dataset.Dataset, options: { readonly pageSize: number; readonly from: string; readonly to: string }): Minimum => {
  const pages = (n: number) => Math.max(1, Math.ceil(n / options.pageSize))
  const from = Date.parse(options.from + "Z")
  const to = Date.parse(options.to + "Z")
  let kktList = 0
  for (const o of ds.outlets) kktList += pages(ds.kktsOfOutlet(o.id).length)
  let drives = 0
  let shiftList = 0
  let shifts = 0
  let documents = 0
  let documentList = 0
  for (const k of ds.kkts) {
    for (const fn of k.fns) {
      drives++
      shiftList += pages(ds.shiftsOverlapping(fn.number, from, to).length)
    }
    for (const s of ds.shifts(k)) {
      if (s.openedAt < from || s.openedAt > to) continue
      shifts++
      const listed = s.receipts + s.corrections
      documents += listed
      documentList += pages(listed)
    }
  }
  const walk = { OutletList: pages(ds.outlets.length), KKTList: kktList, FnHistory: ds.kkts.length, ShiftList: shiftList }
  const parts = ShiftsReport.splitPeriod({ from: options.from as LocalDateTime.LocalDateTime, to: options.to as LocalDateTime.LocalDateTime }).length
  return {
    reports: { Login: 1, AccountList: 1, "kktstat/shifts": parts, ...walk, ShiftInfo: shifts },
    documents: { Login: 1, ...walk, DocumentList: documentList },
    chain: { outlets: ds.outlets.length, registers: ds.kkts.length, drives, shifts, documents }
  }
}
