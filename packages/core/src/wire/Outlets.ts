/** OutletList (CONFIRMED) and OutletInfo (wrapper LIKELY, contact and counter names GUESS). */
import { Schema } from "effect"
import * as Outlet from "../Outlet.js"
import { ProblemIndicator } from "../ProblemIndicator.js"
import { listPage, OptString, orNull, compact } from "./Common.js"
import { decodeCounters, encodeCounters, wireCounters } from "./Departments.js"

/** The `department` of an outlet record: null in every recording; GUESS `{id, name, code}` otherwise. */
export const WireDepartmentRef = Schema.Struct({ id: Schema.String, name: Schema.String, code: OptString })

const deptFromWire = (d: typeof WireDepartmentRef.Type | null | undefined) =>
  d === null || d === undefined ? null : { id: d.id, name: d.name, code: orNull(d.code) }

const deptToWire = (d: typeof Outlet.Outlet.Encoded["department"]) =>
  d === null ? null : { id: d.id, name: d.name, code: d.code }

export const WireOutlet = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  code: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Schema.String),
  problemIndicator: ProblemIndicator,
  department: Schema.optional(Schema.NullOr(WireDepartmentRef))
})

export const OutletFromWire = Schema.transform(WireOutlet, Outlet.Outlet, {
  strict: true,
  decode: (w) => ({
    id: w.id,
    name: w.name,
    code: w.code,
    address: w.address,
    problem: w.problemIndicator,
    department: deptFromWire(w.department)
  }),
  encode: (o) => ({
    id: o.id,
    name: o.name,
    code: o.code,
    address: o.address,
    problemIndicator: o.problem,
    department: deptToWire(o.department)
  })
})

export const OutletList = listPage(OutletFromWire)

/** The `outlet` object KKTList and KKTInfo carry (CONFIRMED in KKTList). */
export const WireOutletRef = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  code: Schema.optional(Schema.NullOr(Schema.String)),
  address: Schema.optional(Schema.NullOr(Schema.String))
})

export const OutletRefFromWire = Schema.transform(WireOutletRef, Outlet.OutletRef, {
  strict: true,
  decode: (w) => ({ id: w.id, name: w.name, code: orNull(w.code), address: orNull(w.address) }),
  encode: (o) => ({ id: o.id, name: o.name, code: o.code, address: o.address })
})

export const WireOutletInfo = Schema.Struct({
  reportDate: OptString,
  outlet: Schema.Struct({
    id: Schema.String,
    name: Schema.String,
    code: OptString,
    address: OptString,
    department: Schema.optional(Schema.NullOr(WireDepartmentRef)),
    /** GUESS: contact person fields. */
    contactName: OptString,
    contactPhone: OptString,
    contactEmail: OptString,
    ...wireCounters
  })
})

export const OutletInfo = Schema.transform(WireOutletInfo, Outlet.OutletSummary, {
  strict: true,
  decode: (w) => ({
    reportDate: orNull(w.reportDate),
    id: w.outlet.id,
    name: w.outlet.name,
    code: orNull(w.outlet.code),
    address: orNull(w.outlet.address),
    department: deptFromWire(w.outlet.department),
    contact: { name: orNull(w.outlet.contactName), phone: orNull(w.outlet.contactPhone), email: orNull(w.outlet.contactEmail) },
    counters: decodeCounters(w.outlet)
  }),
  encode: (o) => ({
    ...compact({ reportDate: o.reportDate }),
    outlet: {
      id: o.id,
      name: o.name,
      ...compact({ code: o.code, address: o.address }),
      department: deptToWire(o.department),
      ...compact({ contactName: o.contact.name, contactPhone: o.contact.phone, contactEmail: o.contact.email }),
      ...encodeCounters(o.counters)
    }
  })
})
