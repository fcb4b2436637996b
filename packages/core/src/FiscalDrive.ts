/** Fiscal drives (ФН) a register has used: FnHistory. Shift and FD numbers restart with each drive. */
import { Schema } from "effect"
import * as Ids from "./Ids.js"

export const FiscalDrive = Schema.Struct({
  fn: Ids.FnNumber,
  /** True for the drive in use; null when the service does not say. */
  active: Schema.NullOr(Schema.Boolean)
})
export type FiscalDrive = typeof FiscalDrive.Type

/** FnHistory's filter (`np`). */
export const FiscalDriveFilter = Schema.Literal("active", "deactivated")
export type FiscalDriveFilter = typeof FiscalDriveFilter.Type
