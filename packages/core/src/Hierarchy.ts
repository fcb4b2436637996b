/**
 * The places of the cabinet as the client walks them: outlets → registers → their fiscal drives → shifts →
 * documents. Shift and FD numbers restart with each new fiscal drive, so every key below includes the FN.
 */
import type { DepartmentRef } from "./Department.js"
import type { DocumentSummary } from "./FiscalDocument.js"
import type { FnNumber } from "./Ids.js"
import type { Kkt } from "./Kkt.js"
import type { Outlet } from "./Outlet.js"
import type { Shift } from "./Shift.js"

/** A register and the outlet it stands in. */
export interface RegisterRef {
  readonly outlet: Outlet
  readonly kkt: Kkt
}

/** A fiscal drive a register has used (FnHistory; the current one is always included). */
export interface DriveRef extends RegisterRef {
  readonly fn: FnNumber
  /** True for the drive in use; null when the service does not say. */
  readonly active: boolean | null
}

/** A shift with its register and outlet. */
export interface ShiftRef extends RegisterRef {
  readonly shift: Shift
}

/** A document with its shift, register and outlet. */
export interface DocumentRef extends ShiftRef {
  readonly document: DocumentSummary
}

/** An outlet and the department it belongs to (the deepest one that lists it), or null. */
export interface OutletPlace {
  readonly outlet: Outlet
  readonly department: DepartmentRef | null
}

/** Filters of the hierarchy walks; each narrows the registers visited. */
export interface Filter {
  readonly departmentId?: string | undefined
  readonly outletId?: string | undefined
  readonly kktRegNumber?: string | undefined
}

/** Key of a shift: `fn/number`. */
export const shiftKey = (fn: FnNumber | string, shift: number): string => `${fn}/${shift}`

/** Key of a fiscal document: `fn/fd`. */
export const documentKey = (fn: FnNumber | string, fd: number): string => `${fn}/${fd}`
