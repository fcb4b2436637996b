/** Outlets (торговые точки): where registers stand. */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import { ProblemIndicator } from "./ProblemIndicator.js"
import { DepartmentRef } from "./Department.js"
import { KktCounters } from "./KktCounters.js"

export const OutletRef = Schema.Struct({
  id: Ids.OutletId,
  name: Schema.String,
  code: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Schema.String)
})
export type OutletRef = typeof OutletRef.Type

export const Outlet = Schema.Struct({
  id: Ids.OutletId,
  name: Schema.String,
  /** Null or "" on the wire when the user set no code; kept as given. */
  code: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Schema.String),
  problem: ProblemIndicator,
  department: Schema.NullOr(DepartmentRef)
})
export type Outlet = typeof Outlet.Type

export const Contact = Schema.Struct({
  name: Schema.NullOr(Schema.String),
  phone: Schema.NullOr(Schema.String),
  email: Schema.NullOr(Schema.String)
})
export type Contact = typeof Contact.Type

/** OutletInfo: an outlet with its contact and monitoring counters. */
export const OutletSummary = Schema.Struct({
  reportDate: Schema.NullOr(Schema.String),
  id: Ids.OutletId,
  name: Schema.String,
  code: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Schema.String),
  department: Schema.NullOr(DepartmentRef),
  contact: Contact,
  counters: KktCounters
})
export type OutletSummary = typeof OutletSummary.Type
