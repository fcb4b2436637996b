/**
 * AccountList. The envelope is LIKELY (a public Go client reads `{reportDate, counts, records}` with
 * `agreementNumber, companyName, inn`); the current cabinet and the rights flags are GUESS names.
 */
import { Schema } from "effect"
import * as Account from "../Account.js"
import { Counts, LenientBoolean, orNull, compact } from "./Common.js"

/** GUESS: the rights flags ("bit" in the document), all under these names. */
const RIGHTS = {
  admin: "isAdmin",
  management: "managementAccess",
  monitoring: "monitoringAccess",
  analytics: "analyticsAccess",
  reports: "reportsAccess",
  viewDocuments: "fiscalDocumentsAccess"
} as const

const OptBool = Schema.optional(Schema.NullOr(LenientBoolean))

export const WireAccount = Schema.Struct({
  agreementNumber: Schema.String,
  companyName: Schema.String,
  inn: Schema.optional(Schema.NullOr(Schema.String)),
  kpp: Schema.optional(Schema.NullOr(Schema.String)),
  [RIGHTS.admin]: OptBool,
  [RIGHTS.management]: OptBool,
  [RIGHTS.monitoring]: OptBool,
  [RIGHTS.analytics]: OptBool,
  [RIGHTS.reports]: OptBool,
  [RIGHTS.viewDocuments]: OptBool
})

export const WireAccountList = Schema.Struct({
  reportDate: Schema.optional(Schema.NullOr(Schema.String)),
  counts: Schema.optional(Counts),
  /** GUESS: "Номер договора текущего ЛК". */
  currentAgreementNumber: Schema.optional(Schema.NullOr(Schema.String)),
  records: Schema.Array(WireAccount)
})

const AccountFromWire = Schema.transform(WireAccount, Account.Account, {
  strict: true,
  decode: (w) => {
    const flags = [w.isAdmin, w.managementAccess, w.monitoringAccess, w.analyticsAccess, w.reportsAccess, w.fiscalDocumentsAccess]
    const anyGiven = flags.some((f) => f !== undefined && f !== null)
    return {
      agreementNumber: w.agreementNumber,
      companyName: w.companyName,
      inn: w.inn === undefined || w.inn === null ? null : w.inn.trim(),
      kpp: orNull(w.kpp),
      rights: anyGiven
        ? {
          admin: w.isAdmin ?? false,
          management: w.managementAccess ?? false,
          monitoring: w.monitoringAccess ?? false,
          analytics: w.analyticsAccess ?? false,
          reports: w.reportsAccess ?? false,
          viewDocuments: w.fiscalDocumentsAccess ?? false
        }
        : null
    }
  },
  encode: (a) => ({
    agreementNumber: a.agreementNumber,
    companyName: a.companyName,
    ...compact({ inn: a.inn, kpp: a.kpp }),
    ...(a.rights === null ? {} : {
      isAdmin: a.rights.admin,
      managementAccess: a.rights.management,
      monitoringAccess: a.rights.monitoring,
      analyticsAccess: a.rights.analytics,
      reportsAccess: a.rights.reports,
      fiscalDocumentsAccess: a.rights.viewDocuments
    })
  })
})

export const AccountList = Schema.transform(
  Schema.Struct({ ...WireAccountList.fields, records: Schema.Array(AccountFromWire) }),
  Schema.Struct({ ...Account.AccountList.fields, accounts: Schema.Array(Schema.typeSchema(Account.Account)) }),
  {
    strict: true,
    decode: (w) => ({
      reportDate: orNull(w.reportDate),
      current: orNull(w.currentAgreementNumber),
      accounts: w.records
    }),
    encode: (d) => ({
      ...compact({ reportDate: d.reportDate, currentAgreementNumber: d.current }),
      counts: { recordCount: d.accounts.length, recordFilteredCount: d.accounts.length, recordInResponceCount: d.accounts.length },
      records: d.accounts
    })
  }
)
