/**
 * Registration group: CreateKKTRegApp, CreateKKTRe-RegApp, CreateKKTRemovalApp, KKTRegApp, DraftList, DraftAccept.
 *
 * GUESS throughout: the vendor document lists the fields in Russian and its JSON schemes (appendix 8) are not
 * published. Names follow the service's style in the confirmed methods (camelCase, `kkt…`/`fn…` prefixes) and each
 * is written once, here. The enumerations (draft types, outcomes, tariffs) are the document's own.
 */
import { Schema } from "effect"
import * as Registration from "../Registration.js"
import { compact, LenientBoolean, listPageOptionalCounts, OptDateTime, OptString, orNull, WireDateTime } from "./Common.js"

const WireAddress = {
  fiasId: OptString,
  postalCode: OptString,
  regionCode: OptString,
  district: OptString,
  city: OptString,
  settlement: OptString,
  street: OptString,
  house: OptString,
  building: OptString,
  flat: OptString,
  installationPlace: OptString
}
type WireAddress = { readonly [K in keyof typeof WireAddress]?: string | null | undefined }

const OptBool = Schema.optional(Schema.NullOr(LenientBoolean))
const WireUsage = {
  isLottery: OptBool,
  isGambling: OptBool,
  isBankPaymentAgent: OptBool,
  isPaymentAgent: OptBool,
  isAutomatic: OptBool,
  automatNumber: OptString,
  isInternet: OptBool,
  isDelivery: OptBool,
  isBso: OptBool,
  isExcise: OptBool
}
type WireUsage = { readonly [K in keyof typeof WireUsage]?: (K extends "automatNumber" ? string : boolean) | null | undefined }

const WireReasons = {
  isAddressChange: OptBool,
  isOfdChange: OptBool,
  isAutomaticChange: OptBool,
  isFnChange: OptBool,
  isOfflineToOnline: OptBool,
  isUserNameChange: OptBool,
  isOtherReason: OptBool
}
type WireReasons = { readonly [K in keyof typeof WireReasons]?: boolean | null | undefined }

const addressFromWire = (w: WireAddress) => ({
  fiasId: orNull(w.fiasId),
  postalCode: orNull(w.postalCode),
  regionCode: orNull(w.regionCode),
  district: orNull(w.district),
  city: orNull(w.city),
  settlement: orNull(w.settlement),
  street: orNull(w.street),
  house: orNull(w.house),
  building: orNull(w.building),
  flat: orNull(w.flat),
  placeName: orNull(w.installationPlace)
})
const addressToWire = (a: typeof Registration.InstallationAddress.Encoded) =>
  compact({
    fiasId: a.fiasId,
    postalCode: a.postalCode,
    regionCode: a.regionCode,
    district: a.district,
    city: a.city,
    settlement: a.settlement,
    street: a.street,
    house: a.house,
    building: a.building,
    flat: a.flat,
    installationPlace: a.placeName
  })

const usageFromWire = (w: WireUsage) => ({
  lottery: w.isLottery ?? false,
  gambling: w.isGambling ?? false,
  bankPaymentAgent: w.isBankPaymentAgent ?? false,
  paymentAgent: w.isPaymentAgent ?? false,
  automatic: w.isAutomatic ?? false,
  automatNumber: orNull(w.automatNumber),
  internet: w.isInternet ?? false,
  delivery: w.isDelivery ?? false,
  bsoSystem: w.isBso ?? false,
  excise: w.isExcise ?? false
})
const usageToWire = (u: typeof Registration.UsageFlags.Encoded) => ({
  isLottery: u.lottery,
  isGambling: u.gambling,
  isBankPaymentAgent: u.bankPaymentAgent,
  isPaymentAgent: u.paymentAgent,
  isAutomatic: u.automatic,
  ...compact({ automatNumber: u.automatNumber }),
  isInternet: u.internet,
  isDelivery: u.delivery,
  isBso: u.bsoSystem,
  isExcise: u.excise
})

const reasonsFromWire = (w: WireReasons) => ({
  addressChange: w.isAddressChange ?? false,
  ofdChange: w.isOfdChange ?? false,
  automaticModeChange: w.isAutomaticChange ?? false,
  fnChange: w.isFnChange ?? false,
  offlineToOnline: w.isOfflineToOnline ?? false,
  userNameChange: w.isUserNameChange ?? false,
  other: w.isOtherReason ?? false
})
const reasonsToWire = (r: typeof Registration.ReRegistrationReasons.Encoded) => ({
  isAddressChange: r.addressChange,
  isOfdChange: r.ofdChange,
  isAutomaticChange: r.automaticModeChange,
  isFnChange: r.fnChange,
  isOfflineToOnline: r.offlineToOnline,
  isUserNameChange: r.userNameChange,
  isOtherReason: r.other
})

export const WireRegistrationRequest = Schema.Struct({
  kktFactoryNumber: Schema.String,
  kktModelName: Schema.String,
  fnFactoryNumber: Schema.String,
  fnModelName: Schema.String,
  ...WireAddress,
  ...WireUsage
})

/** CreateKKTRegApp body. */
export const RegistrationRequest = Schema.transform(WireRegistrationRequest, Registration.RegistrationRequest, {
  strict: true,
  decode: (w) => ({
    kktFactoryNumber: w.kktFactoryNumber,
    kktModel: w.kktModelName,
    fn: w.fnFactoryNumber,
    fnModel: w.fnModelName,
    address: addressFromWire(w),
    usage: usageFromWire(w)
  }),
  encode: (r) => ({
    kktFactoryNumber: r.kktFactoryNumber,
    kktModelName: r.kktModel,
    fnFactoryNumber: r.fn,
    fnModelName: r.fnModel,
    ...addressToWire(r.address),
    ...usageToWire(r.usage)
  })
})

const WireProof = {
  fiscalSignDateTime: WireDateTime,
  fdNumber: Schema.Int,
  fiscalSign: Schema.String
}

export const WireReRegistrationRequest = Schema.Struct({
  kktRegNumber: Schema.String,
  ...WireReasons,
  kktFactoryNumber: Schema.String,
  kktModelName: Schema.String,
  fnFactoryNumber: Schema.String,
  fnModelName: Schema.String,
  ...WireAddress,
  ...WireUsage,
  ...WireProof
})

/** CreateKKTRe-RegApp body. */
export const ReRegistrationRequest = Schema.transform(WireReRegistrationRequest, Registration.ReRegistrationRequest, {
  strict: true,
  decode: (w) => ({
    kktRegNumber: w.kktRegNumber,
    reasons: reasonsFromWire(w),
    kktFactoryNumber: w.kktFactoryNumber,
    kktModel: w.kktModelName,
    fn: w.fnFactoryNumber,
    fnModel: w.fnModelName,
    address: addressFromWire(w),
    usage: usageFromWire(w),
    proof: { dateTime: w.fiscalSignDateTime, fd: w.fdNumber, fiscalSign: w.fiscalSign }
  }),
  encode: (r) => ({
    kktRegNumber: r.kktRegNumber,
    ...reasonsToWire(r.reasons),
    kktFactoryNumber: r.kktFactoryNumber,
    kktModelName: r.kktModel,
    fnFactoryNumber: r.fn,
    fnModelName: r.fnModel,
    ...addressToWire(r.address),
    ...usageToWire(r.usage),
    fiscalSignDateTime: r.proof.dateTime,
    fdNumber: r.proof.fd,
    fiscalSign: r.proof.fiscalSign
  })
})

export const WireRemovalRequest = Schema.Struct({
  kktRegNumber: Schema.String,
  kktFactoryNumber: Schema.String,
  kktModelName: Schema.String,
  isStolen: LenientBoolean,
  isLost: LenientBoolean,
  ...WireProof
})

/** CreateKKTRemovalApp body. */
export const RemovalRequest = Schema.transform(WireRemovalRequest, Registration.RemovalRequest, {
  strict: true,
  decode: (w) => ({
    kktRegNumber: w.kktRegNumber,
    kktFactoryNumber: w.kktFactoryNumber,
    kktModel: w.kktModelName,
    stolen: w.isStolen,
    lost: w.isLost,
    proof: { dateTime: w.fiscalSignDateTime, fd: w.fdNumber, fiscalSign: w.fiscalSign }
  }),
  encode: (r) => ({
    kktRegNumber: r.kktRegNumber,
    kktFactoryNumber: r.kktFactoryNumber,
    kktModelName: r.kktModel,
    isStolen: r.stolen,
    isLost: r.lost,
    fiscalSignDateTime: r.proof.dateTime,
    fdNumber: r.proof.fd,
    fiscalSign: r.proof.fiscalSign
  })
})

/** Answer of the three create-application methods: "Номер заявления", "Дата заявления". */
export const ApplicationReceipt = Schema.transform(
  Schema.Struct({ applicationNumber: Schema.Union(Schema.String, Schema.Number), applicationDate: WireDateTime }),
  Registration.ApplicationReceipt,
  {
    strict: true,
    decode: (w) => ({ number: String(w.applicationNumber), date: w.applicationDate }),
    encode: (r) => ({ applicationNumber: r.number, applicationDate: r.date })
  }
)

export const WireRegistrationResult = Schema.Struct({
  reportDate: OptString,
  kktRegNumber: Schema.String,
  ...WireReasons,
  kktFactoryNumber: Schema.String,
  kktModelName: OptString,
  fnFactoryNumber: Schema.String,
  fnModelName: OptString,
  ...WireAddress,
  userName: OptString,
  userInn: OptString,
  ofdName: OptString,
  ofdInn: OptString,
  /** "Адрес сервиса Такском Чек". */
  receiptCheckUrl: OptString,
  ofdHost: OptString,
  ofdPort: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Number))),
  ...WireUsage
})

/** KKTRegApp: the registration (or re-registration) application with its assigned РНМ. */
export const RegistrationResult = Schema.transform(WireRegistrationResult, Registration.RegistrationResult, {
  strict: true,
  decode: (w) => {
    const reasonGiven = Object.keys(WireReasons).some((k) => (w as Record<string, unknown>)[k] !== undefined)
    return {
      reportDate: orNull(w.reportDate),
      kktRegNumber: w.kktRegNumber,
      reasons: reasonGiven ? reasonsFromWire(w) : null,
      kktFactoryNumber: w.kktFactoryNumber,
      kktModel: orNull(w.kktModelName),
      fn: w.fnFactoryNumber,
      fnModel: orNull(w.fnModelName),
      address: addressFromWire(w),
      userName: orNull(w.userName),
      userInn: orNull(w.userInn),
      ofdName: orNull(w.ofdName),
      ofdInn: orNull(w.ofdInn),
      receiptCheckUrl: orNull(w.receiptCheckUrl),
      ofdHost: orNull(w.ofdHost),
      ofdPort: w.ofdPort === undefined || w.ofdPort === null ? null : String(w.ofdPort),
      usage: usageFromWire(w)
    }
  },
  encode: (r) => ({
    ...compact({ reportDate: r.reportDate }),
    kktRegNumber: r.kktRegNumber,
    ...(r.reasons === null ? {} : reasonsToWire(r.reasons)),
    kktFactoryNumber: r.kktFactoryNumber,
    fnFactoryNumber: r.fn,
    ...compact({
      kktModelName: r.kktModel,
      fnModelName: r.fnModel,
      userName: r.userName,
      userInn: r.userInn,
      ofdName: r.ofdName,
      ofdInn: r.ofdInn,
      receiptCheckUrl: r.receiptCheckUrl,
      ofdHost: r.ofdHost,
      ofdPort: r.ofdPort
    }),
    ...addressToWire(r.address),
    ...usageToWire(r.usage)
  })
})

export const WireDraft = Schema.Struct({
  id: Schema.Int,
  type: Registration.DraftType,
  reportDate: OptDateTime,
  receivedDate: OptDateTime,
  kktModelName: OptString,
  kktRegNumber: OptString,
  kktFactoryNumber: OptString,
  fnFactoryNumber: OptString,
  outletName: OptString,
  fnsStatus: Schema.optional(Schema.NullOr(Registration.FnsStatus))
})

export const DraftFromWire = Schema.transform(WireDraft, Registration.Draft, {
  strict: true,
  decode: (w) => ({
    id: w.id,
    type: w.type,
    reportDate: orNull(w.reportDate),
    receivedAt: orNull(w.receivedDate),
    kktModel: orNull(w.kktModelName),
    kktRegNumber: orNull(w.kktRegNumber),
    kktFactoryNumber: orNull(w.kktFactoryNumber),
    fn: orNull(w.fnFactoryNumber),
    outletName: orNull(w.outletName),
    fnsStatus: orNull(w.fnsStatus)
  }),
  encode: (d) => ({
    id: d.id,
    type: d.type,
    ...compact({
      reportDate: d.reportDate,
      receivedDate: d.receivedAt,
      kktModelName: d.kktModel,
      kktRegNumber: d.kktRegNumber,
      kktFactoryNumber: d.kktFactoryNumber,
      fnFactoryNumber: d.fn,
      outletName: d.outletName,
      fnsStatus: d.fnsStatus
    })
  })
})

/** DraftList: a list envelope (the document names the three counts). */
export const DraftList = listPageOptionalCounts(DraftFromWire)

export const WireDraftAcceptance = Schema.Struct({
  id: Schema.Int,
  type: Registration.DraftType,
  kktModelName: Schema.String,
  kktName: Schema.optional(Schema.String),
  fnActivationDate: Schema.optional(WireDateTime),
  fnDuration: Schema.Literal("13", "15", "36"),
  outletId: Schema.optional(Schema.String),
  tariff: Registration.Tariff,
  activationCode: Schema.optional(Schema.String),
  partnerInn: Schema.optional(Schema.String),
  partnerKpp: Schema.optional(Schema.String)
})

const DraftAcceptanceFromWire = Schema.transform(WireDraftAcceptance, Registration.DraftAcceptance, {
  strict: true,
  decode: ({ kktModelName, ...rest }) => ({ ...rest, kktModel: kktModelName }),
  encode: ({ kktModel, ...rest }) => ({ ...rest, kktModelName: kktModel })
})

/** GUESS: DraftAccept takes a JSON array of acceptances ("массовое подтверждение"). */
export const DraftAcceptRequest = Schema.Array(DraftAcceptanceFromWire)

export const WireDraftAcceptResult = Schema.Struct({
  id: Schema.Int,
  dateTime: OptDateTime,
  result: Registration.DraftAcceptOutcome
})

const DraftAcceptResultFromWire = Schema.transform(WireDraftAcceptResult, Registration.DraftAcceptResult, {
  strict: true,
  decode: (w) => ({ id: w.id, dateTime: orNull(w.dateTime), outcome: w.result }),
  encode: (r) => ({ id: r.id, ...compact({ dateTime: r.dateTime }), result: r.outcome })
})

/** GUESS: DraftAccept answers with a JSON array, one result per id sent. */
export const DraftAcceptResponse = Schema.Array(DraftAcceptResultFromWire)
