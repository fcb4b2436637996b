/** Monitoring counters of DepartmentInfo and OutletInfo. */
import { Schema } from "effect"

const Count = Schema.NullOr(Schema.Int)

export const KktCounters = Schema.Struct({
  /** Outlets in the department and its children (DepartmentInfo only). */
  outlets: Count,
  kkts: Count,
  kktStateProblem: Count,
  kktStateWarning: Count,
  lastDocumentProblem: Count,
  lastDocumentWarning: Count,
  fnProblem: Count,
  fnWarning: Count,
  openShifts: Count,
  closedShifts: Count
})
export type KktCounters = typeof KktCounters.Type
