/** Cash registers (ККТ) and their fiscal drives. */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import * as LocalDateTime from "./LocalDateTime.js"
import { ProblemIndicator } from "./ProblemIndicator.js"
import { OutletRef, Contact } from "./Outlet.js"

/** State of the register's contract with the OFD ("Состояние ККТ"). */
export const KktState = Schema.Literal(
  "Active",
  "Expires",
  "Expired",
  "Inactive",
  "Activation",
  "Deactivation",
  "FNChange",
  "FNSRegistration",
  "FNSRegistrationError"
)
export type KktState = typeof KktState.Type

export const FnState = Schema.Literal("Active", "Expires", "Expired")
export type FnState = typeof FnState.Type

export const ShiftStatus = Schema.Literal("Open", "Close", "NoData")
export type ShiftStatus = typeof ShiftStatus.Type

/** A register as KKTList lists it. */
export const Kkt = Schema.Struct({
  name: Schema.String,
  regNumber: Ids.KktRegNumber,
  factoryNumber: Ids.KktFactoryNumber,
  /** The fiscal drive in use now. */
  fn: Ids.FnNumber,
  state: KktState,
  problem: ProblemIndicator
})
export type Kkt = typeof Kkt.Type

/** KKTList also names the outlet it was asked about. */
export const KktListing = Schema.Struct({
  outlet: Schema.NullOr(OutletRef),
  kkts: Schema.Array(Kkt)
})
export type KktListing = typeof KktListing.Type

export const Partner = Schema.Struct({
  name: Schema.NullOr(Schema.String),
  inn: Schema.NullOr(Schema.String),
  contact: Contact
})
export type Partner = typeof Partner.Type

/** KKTInfo: one register in detail. */
export const KktDetail = Schema.Struct({
  reportDate: Schema.NullOr(Schema.String),
  name: Schema.String,
  regNumber: Ids.KktRegNumber,
  factoryNumber: Ids.KktFactoryNumber,
  model: Schema.NullOr(Schema.String),
  fn: Ids.FnNumber,
  fnRegisteredAt: Schema.NullOr(LocalDateTime.LocalDateTime),
  /** Validity of the drive as the service words it (months, e.g. "15"). */
  fnDuration: Schema.NullOr(Schema.String),
  fnEndsAt: Schema.NullOr(LocalDateTime.LocalDateTime),
  fnState: Schema.NullOr(FnState),
  shiftStatus: Schema.NullOr(ShiftStatus),
  state: KktState,
  paidUntil: Schema.NullOr(LocalDateTime.LocalDateTime),
  lastDocumentState: Schema.NullOr(ProblemIndicator),
  lastDocumentAt: Schema.NullOr(LocalDateTime.LocalDateTime),
  outlet: Schema.NullOr(OutletRef),
  partner: Schema.NullOr(Partner)
})
export type KktDetail = typeof KktDetail.Type
