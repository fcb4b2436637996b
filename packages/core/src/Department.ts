/** Departments (подразделения): a tree that groups outlets. */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import { ProblemIndicator } from "./ProblemIndicator.js"
import { KktCounters } from "./KktCounters.js"

export const DepartmentRef = Schema.Struct({
  id: Ids.DepartmentId,
  name: Schema.String,
  code: Schema.NullOr(Schema.String)
})
export type DepartmentRef = typeof DepartmentRef.Type

export const Department = Schema.Struct({
  id: Ids.DepartmentId,
  name: Schema.String,
  code: Schema.NullOr(Schema.String),
  parent: Schema.NullOr(DepartmentRef),
  problem: ProblemIndicator
})
export type Department = typeof Department.Type

/** DepartmentInfo: a department with the monitoring counters of it and its children. */
export const DepartmentSummary = Schema.Struct({
  reportDate: Schema.NullOr(Schema.String),
  id: Ids.DepartmentId,
  name: Schema.String,
  code: Schema.NullOr(Schema.String),
  parent: Schema.NullOr(DepartmentRef),
  counters: KktCounters
})
export type DepartmentSummary = typeof DepartmentSummary.Type
