/** The monitoring views of `kktstat/kktinfo` (registers with filters) and `kktstat/dashboard` (counts). */
import { Schema } from "effect"
import * as Ids from "./Ids.js"

export const MonitoringShiftStatus = Schema.Literal("none", "open", "closed")
export const MonitoringKktStatus = Schema.Literal(
  "working",
  "hasError",
  "blocked",
  "deleted",
  "adding",
  "deleting",
  "changeFn",
  "rejected"
)
export const MonitoringFnStatus = Schema.Literal("notactive", "active", "warning", "error")

export const KktMonitoringRow = Schema.Struct({
  name: Schema.NullOr(Schema.String),
  regNumber: Schema.NullOr(Ids.KktRegNumber),
  factoryNumber: Schema.NullOr(Schema.String),
  model: Schema.NullOr(Schema.String),
  fn: Schema.NullOr(Ids.FnNumber),
  shiftStatus: Schema.NullOr(MonitoringShiftStatus),
  kktStatus: Schema.NullOr(MonitoringKktStatus),
  /** Dates as the method writes them (format not public). */
  paidUntil: Schema.NullOr(Schema.String),
  nextLicenseType: Schema.NullOr(Schema.String),
  fnStatus: Schema.NullOr(MonitoringFnStatus),
  fnRegisteredAt: Schema.NullOr(Schema.String),
  fnMonths: Schema.NullOr(Schema.Int),
  fnExpiresAt: Schema.NullOr(Schema.String),
  lastDocumentAt: Schema.NullOr(Schema.String),
  /** 1 or 2: older than the user's warning or error threshold. */
  lastDocumentStatus: Schema.NullOr(Schema.Int),
  outlet: Schema.Struct({
    id: Schema.NullOr(Ids.OutletId),
    name: Schema.NullOr(Schema.String),
    code: Schema.NullOr(Schema.String),
    address: Schema.NullOr(Schema.String)
  }),
  selfService: Schema.NullOr(Schema.Boolean),
  partner: Schema.Struct({
    name: Schema.NullOr(Schema.String),
    inn: Schema.NullOr(Schema.String),
    contactName: Schema.NullOr(Schema.String),
    contactPhone: Schema.NullOr(Schema.String),
    contactEmail: Schema.NullOr(Schema.String)
  })
})
export type KktMonitoringRow = typeof KktMonitoringRow.Type

export const KktMonitoringPage = Schema.Struct({
  created: Schema.NullOr(Schema.String),
  pageCount: Schema.Int,
  rows: Schema.Array(KktMonitoringRow)
})
export type KktMonitoringPage = typeof KktMonitoringPage.Type

/** Filters of `kktstat/kktinfo`; each set to true applies it. */
export const KktMonitoringFilter = Schema.Struct({
  departmentId: Schema.optional(Ids.DepartmentId),
  outletId: Schema.optional(Ids.OutletId),
  shiftOpen: Schema.optional(Schema.Boolean),
  shiftClose: Schema.optional(Schema.Boolean),
  shiftInvalid: Schema.optional(Schema.Boolean),
  fnExpires: Schema.optional(Schema.Boolean),
  fnExpired: Schema.optional(Schema.Boolean),
  fnActive: Schema.optional(Schema.Boolean),
  kktConnected: Schema.optional(Schema.Boolean),
  kktExpires: Schema.optional(Schema.Boolean),
  kktNotPayed: Schema.optional(Schema.Boolean),
  more7Days: Schema.optional(Schema.Boolean),
  more14Days: Schema.optional(Schema.Boolean),
  less7Days: Schema.optional(Schema.Boolean),
  regFnsNotRegistered: Schema.optional(Schema.Boolean),
  regFnsNotCompleted: Schema.optional(Schema.Boolean),
  regFnsRegistered: Schema.optional(Schema.Boolean),
  isSelfService: Schema.optional(Schema.Boolean)
})
export type KktMonitoringFilter = typeof KktMonitoringFilter.Type

export const Dashboard = Schema.Struct({
  kktCount: Schema.Int,
  outletCount: Schema.Int,
  /** Registers with a shift open more than 24 hours. */
  shiftInvalid: Schema.Int,
  noDocumentWarning: Schema.Int,
  noDocumentError: Schema.Int,
  kktWarning: Schema.Int,
  kktError: Schema.Int,
  fnWarning: Schema.Int,
  fnError: Schema.Int
})
export type Dashboard = typeof Dashboard.Type

/** Thresholds of `kktstat/dashboard`, in days; missing ones come from the user's monitoring settings. */
export const DashboardThresholds = Schema.Struct({
  lastDocDaysCountWarning: Schema.optional(Schema.Int),
  lastDocDaysCountError: Schema.optional(Schema.Int),
  kktExpirationDaysCountWarning: Schema.optional(Schema.Int),
  kktExpirationDaysCountError: Schema.optional(Schema.Int),
  fnExpirationDaysCountWarning: Schema.optional(Schema.Int),
  fnExpirationDaysCountError: Schema.optional(Schema.Int)
})
export type DashboardThresholds = typeof DashboardThresholds.Type
