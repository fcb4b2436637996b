/**
 * The dataset as the server shows it: the generated or loaded chain plus the outlets and registers that
 * DraftAccept added while the server runs. Lookups and domain values go through here.
 */
import type { Department, Kkt, KktCounters, Outlet } from "@taxcom-kit/core"
import type { Dataset, KktStatus } from "../../Dataset.js"
import type { FnRec, KktRec, Millis, OutletRec } from "../model.js"
import type { State } from "./state.js"

const worst = (xs: ReadonlyArray<"OK" | "Warning" | "Problem">): "OK" | "Warning" | "Problem" =>
  xs.includes("Problem") ? "Problem" : xs.includes("Warning") ? "Warning" : "OK"

export class View {
  constructor(readonly ds: Dataset, readonly state: State, readonly now: Millis) {}

  get outlets(): ReadonlyArray<OutletRec> {
    return this.state.extraOutlets.length === 0 ? this.ds.outlets : [...this.ds.outlets, ...this.state.extraOutlets]
  }
  get kkts(): ReadonlyArray<KktRec> {
    return this.state.extraKkts.length === 0 ? this.ds.kkts : [...this.ds.kkts, ...this.state.extraKkts]
  }
  outlet(id: string): OutletRec | undefined {
    return this.ds.outlet(id) ?? this.state.extraOutlets.find((o) => o.id === id)
  }
  kktsOfOutlet(id: string): ReadonlyArray<KktRec> {
    const extra = this.state.extraKkts.filter((k) => k.outletId === id)
    return extra.length === 0 ? this.ds.kktsOfOutlet(id) : [...this.ds.kktsOfOutlet(id), ...extra]
  }
  kktByFn(fn: string): { readonly kkt: KktRec; readonly fn: FnRec } | undefined {
    const hit = this.ds.kktByFn(fn)
    if (hit !== undefined) return hit
    for (const k of this.state.extraKkts) {
      const f = k.fns.find((x) => x.number === fn)
      if (f !== undefined) return { kkt: k, fn: f }
    }
    return undefined
  }
  kktByRegNumber(reg: string): KktRec | undefined {
    return this.ds.kktByRegNumber(reg) ?? this.state.extraKkts.find((k) => k.regNumber === reg)
  }
  kktByFactoryNumber(f: string): KktRec | undefined {
    return this.ds.kktByFactoryNumber(f) ?? this.state.extraKkts.find((k) => k.factoryNumber === f)
  }
  status(k: KktRec): KktStatus {
    return this.ds.status(k, this.now, this.state.settings.monitoring)
  }
  outletProblem(id: string): "OK" | "Warning" | "Problem" {
    return worst(this.kktsOfOutlet(id).map((k) => this.status(k).problem))
  }
  toOutlet(o: OutletRec): Outlet.Outlet {
    return { ...this.ds.toOutlet(o, this.now), problem: this.outletProblem(o.id) }
  }
  toDepartment(d: Parameters<Dataset["toDepartment"]>[0]): Department.Department {
    const tree = this.ds.departmentSubtree(d.id)
    const outlets = this.outlets.filter((o) => o.departmentId !== null && tree.has(o.departmentId))
    return { ...this.ds.toDepartment(d, this.now), problem: worst(outlets.map((o) => this.outletProblem(o.id))) }
  }
  toKkt(k: KktRec): Kkt.Kkt {
    return { ...this.ds.toKkt(k, this.now), problem: this.status(k).problem }
  }
  toKktDetail(k: KktRec, fn: FnRec): Kkt.KktDetail {
    const d = this.ds.toKktDetail(k, fn, this.now)
    const o = this.outlet(k.outletId)
    return { ...d, outlet: o === undefined ? null : this.ds.outletRef(o) }
  }
  counters(kkts: ReadonlyArray<KktRec>, outlets: number | null): KktCounters.KktCounters {
    return this.ds.counters(kkts, outlets, this.now)
  }
}
