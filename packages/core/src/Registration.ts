/**
 * Registration of registers with the tax service (ФНС): applications, their results, removal, and the
 * registration reports (drafts) accepted into the cabinet.
 */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import * as LocalDateTime from "./LocalDateTime.js"

/** Where the register stands, as the tax service wants it (ФИАС id and address parts). */
export const InstallationAddress = Schema.Struct({
  fiasId: Schema.NullOr(Schema.String),
  postalCode: Schema.NullOr(Schema.String),
  regionCode: Schema.NullOr(Schema.String),
  district: Schema.NullOr(Schema.String),
  city: Schema.NullOr(Schema.String),
  settlement: Schema.NullOr(Schema.String),
  street: Schema.NullOr(Schema.String),
  house: Schema.NullOr(Schema.String),
  building: Schema.NullOr(Schema.String),
  flat: Schema.NullOr(Schema.String),
  placeName: Schema.NullOr(Schema.String)
})
export type InstallationAddress = typeof InstallationAddress.Type

/** How the register is used (flags of the application). */
export const UsageFlags = Schema.Struct({
  lottery: Schema.Boolean,
  gambling: Schema.Boolean,
  bankPaymentAgent: Schema.Boolean,
  paymentAgent: Schema.Boolean,
  automatic: Schema.Boolean,
  automatNumber: Schema.NullOr(Schema.String),
  internet: Schema.Boolean,
  delivery: Schema.Boolean,
  bsoSystem: Schema.Boolean,
  excise: Schema.Boolean
})
export type UsageFlags = typeof UsageFlags.Type

export const RegistrationRequest = Schema.Struct({
  kktFactoryNumber: Ids.KktFactoryNumber,
  kktModel: Schema.String,
  fn: Ids.FnNumber,
  fnModel: Schema.String,
  address: InstallationAddress,
  usage: UsageFlags
})
export type RegistrationRequest = typeof RegistrationRequest.Type

/** Why a register is re-registered (several may apply). */
export const ReRegistrationReasons = Schema.Struct({
  addressChange: Schema.Boolean,
  ofdChange: Schema.Boolean,
  automaticModeChange: Schema.Boolean,
  fnChange: Schema.Boolean,
  offlineToOnline: Schema.Boolean,
  userNameChange: Schema.Boolean,
  other: Schema.Boolean
})
export type ReRegistrationReasons = typeof ReRegistrationReasons.Type

/** The fiscal document that proves a change (date, number and sign of the report). */
export const FiscalProof = Schema.Struct({
  dateTime: LocalDateTime.LocalDateTime,
  fd: Ids.FdNumber,
  fiscalSign: Schema.String
})
export type FiscalProof = typeof FiscalProof.Type

export const ReRegistrationRequest = Schema.Struct({
  kktRegNumber: Ids.KktRegNumber,
  reasons: ReRegistrationReasons,
  kktFactoryNumber: Ids.KktFactoryNumber,
  kktModel: Schema.String,
  fn: Ids.FnNumber,
  fnModel: Schema.String,
  address: InstallationAddress,
  usage: UsageFlags,
  proof: FiscalProof
})
export type ReRegistrationRequest = typeof ReRegistrationRequest.Type

export const RemovalRequest = Schema.Struct({
  kktRegNumber: Ids.KktRegNumber,
  kktFactoryNumber: Ids.KktFactoryNumber,
  kktModel: Schema.String,
  stolen: Schema.Boolean,
  lost: Schema.Boolean,
  proof: FiscalProof
})
export type RemovalRequest = typeof RemovalRequest.Type

/** What the create-application methods answer. */
export const ApplicationReceipt = Schema.Struct({
  number: Ids.ApplicationNumber,
  date: LocalDateTime.LocalDateTime
})
export type ApplicationReceipt = typeof ApplicationReceipt.Type

/** KKTRegApp: an application once the tax service assigned the registration number (РНМ). */
export const RegistrationResult = Schema.Struct({
  reportDate: Schema.NullOr(Schema.String),
  kktRegNumber: Ids.KktRegNumber,
  /** Present for re-registration results. */
  reasons: Schema.NullOr(ReRegistrationReasons),
  kktFactoryNumber: Ids.KktFactoryNumber,
  kktModel: Schema.NullOr(Schema.String),
  fn: Ids.FnNumber,
  fnModel: Schema.NullOr(Schema.String),
  address: InstallationAddress,
  userName: Schema.NullOr(Schema.String),
  userInn: Schema.NullOr(Schema.String),
  ofdName: Schema.NullOr(Schema.String),
  ofdInn: Schema.NullOr(Schema.String),
  receiptCheckUrl: Schema.NullOr(Schema.String),
  ofdHost: Schema.NullOr(Schema.String),
  ofdPort: Schema.NullOr(Schema.String),
  usage: UsageFlags
})
export type RegistrationResult = typeof RegistrationResult.Type

export const DraftType = Schema.Literal("Registration", "ReRegistration")
export type DraftType = typeof DraftType.Type

export const FnsStatus = Schema.Literal("Registered", "RegistrationNotCompleted", "NotRegistered")
export type FnsStatus = typeof FnsStatus.Type

/** A registration or re-registration report received into the cabinet (DraftList). */
export const Draft = Schema.Struct({
  id: Ids.DraftId,
  type: DraftType,
  reportDate: Schema.NullOr(LocalDateTime.LocalDateTime),
  receivedAt: Schema.NullOr(LocalDateTime.LocalDateTime),
  kktModel: Schema.NullOr(Schema.String),
  kktRegNumber: Schema.NullOr(Ids.KktRegNumber),
  kktFactoryNumber: Schema.NullOr(Schema.String),
  fn: Schema.NullOr(Ids.FnNumber),
  outletName: Schema.NullOr(Schema.String),
  fnsStatus: Schema.NullOr(FnsStatus)
})
export type Draft = typeof Draft.Type

export const Tariff = Schema.Literal("CD_Base", "CD_Base_3Years", "CD_Active_200")
export type Tariff = typeof Tariff.Type

/** One report to accept (DraftAccept). */
export const DraftAcceptance = Schema.Struct({
  id: Ids.DraftId,
  type: DraftType,
  kktModel: Schema.String,
  kktName: Schema.optional(Schema.String),
  fnActivationDate: Schema.optional(LocalDateTime.LocalDateTime),
  /** "13", "15" or "36" months. */
  fnDuration: Schema.Literal("13", "15", "36"),
  outletId: Schema.optional(Ids.OutletId),
  tariff: Tariff,
  activationCode: Schema.optional(Schema.String),
  partnerInn: Schema.optional(Schema.String),
  partnerKpp: Schema.optional(Schema.String)
})
export type DraftAcceptance = typeof DraftAcceptance.Type

export const DraftAcceptOutcome = Schema.Literal(
  "Accepted",
  "FnFactoryNumberAlreadyExists",
  "KktRegNumberAlreadyExists",
  "ModelNameIsMissing",
  "InvalidActivationCode",
  "PartnerNotFound"
)
export type DraftAcceptOutcome = typeof DraftAcceptOutcome.Type

export const DraftAcceptResult = Schema.Struct({
  id: Ids.DraftId,
  dateTime: Schema.NullOr(LocalDateTime.LocalDateTime),
  outcome: DraftAcceptOutcome
})
export type DraftAcceptResult = typeof DraftAcceptResult.Type
