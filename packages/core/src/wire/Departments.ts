/**
 * DepartmentList and DepartmentInfo. `id, name, code` are LIKELY; the parent fields and counters are GUESS
 * names built from the document's descriptions, each written once here.
 */
import { Schema } from "effect"
import * as Department from "../Department.js"
import { ProblemIndicator } from "../ProblemIndicator.js"
import { listPage, OptInt, OptString, orNull, compact } from "./Common.js"

export const WireDepartment = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  code: OptString,
  /** GUESS: parent as flat fields. */
  parentId: OptString,
  parentName: OptString,
  parentCode: OptString,
  problemIndicator: ProblemIndicator
})

const parentOf = (w: { parentId?: string | null | undefined; parentName?: string | null | undefined; parentCode?: string | null | undefined }) =>
  w.parentId === undefined || w.parentId === null || w.parentId === ""
    ? null
    : { id: w.parentId, name: w.parentName ?? "", code: orNull(w.parentCode) }

const parentFields = (p: typeof Department.DepartmentRef.Encoded | null) =>
  p === null ? {} : compact({ parentId: p.id, parentName: p.name, parentCode: p.code })

export const DepartmentFromWire = Schema.transform(WireDepartment, Department.Department, {
  strict: true,
  decode: (w) => ({
    id: w.id,
    name: w.name,
    code: orNull(w.code),
    parent: parentOf(w),
    problem: w.problemIndicator
  }),
  encode: (d) => ({
    id: d.id,
    name: d.name,
    code: d.code,
    ...parentFields(d.parent),
    problemIndicator: d.problem
  })
})

export const DepartmentList = listPage(DepartmentFromWire)

/** GUESS: the counter names of DepartmentInfo and OutletInfo. */
export const COUNTER_FIELDS = {
  outlets: "outletCount",
  kkts: "kktCount",
  kktStateProblem: "kktStateProblemCount",
  kktStateWarning: "kktStateWarningCount",
  lastDocumentProblem: "lastDocumentProblemCount",
  lastDocumentWarning: "lastDocumentWarningCount",
  fnProblem: "fnStateProblemCount",
  fnWarning: "fnStateWarningCount",
  openShifts: "openShiftCount",
  closedShifts: "closedShiftCount"
} as const

export const wireCounters = {
  outletCount: OptInt,
  kktCount: OptInt,
  kktStateProblemCount: OptInt,
  kktStateWarningCount: OptInt,
  lastDocumentProblemCount: OptInt,
  lastDocumentWarningCount: OptInt,
  fnStateProblemCount: OptInt,
  fnStateWarningCount: OptInt,
  openShiftCount: OptInt,
  closedShiftCount: OptInt
}

type WireCounters = { readonly [K in keyof typeof wireCounters]?: number | null | undefined }

export const decodeCounters = (w: WireCounters) => ({
  outlets: orNull(w.outletCount),
  kkts: orNull(w.kktCount),
  kktStateProblem: orNull(w.kktStateProblemCount),
  kktStateWarning: orNull(w.kktStateWarningCount),
  lastDocumentProblem: orNull(w.lastDocumentProblemCount),
  lastDocumentWarning: orNull(w.lastDocumentWarningCount),
  fnProblem: orNull(w.fnStateProblemCount),
  fnWarning: orNull(w.fnStateWarningCount),
  openShifts: orNull(w.openShiftCount),
  closedShifts: orNull(w.closedShiftCount)
})

export const encodeCounters = (c: ReturnType<typeof decodeCounters>) =>
  compact({
    outletCount: c.outlets,
    kktCount: c.kkts,
    kktStateProblemCount: c.kktStateProblem,
    kktStateWarningCount: c.kktStateWarning,
    lastDocumentProblemCount: c.lastDocumentProblem,
    lastDocumentWarningCount: c.lastDocumentWarning,
    fnStateProblemCount: c.fnProblem,
    fnStateWarningCount: c.fnWarning,
    openShiftCount: c.openShifts,
    closedShiftCount: c.closedShifts
  })

/** GUESS: `{reportDate, department: {...}}`, by analogy with OutletInfo's `outlet` and KKTInfo's `cashdesk`. */
export const WireDepartmentInfo = Schema.Struct({
  reportDate: OptString,
  department: Schema.Struct({
    id: Schema.String,
    name: Schema.String,
    code: OptString,
    parentId: OptString,
    parentName: OptString,
    parentCode: OptString,
    ...wireCounters
  })
})

export const DepartmentInfo = Schema.transform(WireDepartmentInfo, Department.DepartmentSummary, {
  strict: true,
  decode: (w) => ({
    reportDate: orNull(w.reportDate),
    id: w.department.id,
    name: w.department.name,
    code: orNull(w.department.code),
    parent: parentOf(w.department),
    counters: decodeCounters(w.department)
  }),
  encode: (d) => ({
    ...compact({ reportDate: d.reportDate }),
    department: {
      id: d.id,
      name: d.name,
      code: d.code,
      ...parentFields(d.parent),
      ...encodeCounters(d.counters)
    }
  })
})
