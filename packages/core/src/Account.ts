/** Cabinets (личные кабинеты) the signed-in user may act in: AccountList. */
import { Schema } from "effect"
import * as Ids from "./Ids.js"

export const AccountRights = Schema.Struct({
  admin: Schema.Boolean,
  management: Schema.Boolean,
  monitoring: Schema.Boolean,
  analytics: Schema.Boolean,
  reports: Schema.Boolean,
  /** "Просмотр ФД": needed by DocumentInfo, DocumentURL, NewDocuments. */
  viewDocuments: Schema.Boolean
})
export type AccountRights = typeof AccountRights.Type

export const Account = Schema.Struct({
  agreementNumber: Ids.AgreementNumber,
  companyName: Schema.String,
  inn: Schema.NullOr(Schema.String),
  kpp: Schema.NullOr(Schema.String),
  /** Null where the service does not report rights. */
  rights: Schema.NullOr(AccountRights)
})
export type Account = typeof Account.Type

export const AccountList = Schema.Struct({
  reportDate: Schema.NullOr(Schema.String),
  /** The cabinet the session works in. */
  current: Schema.NullOr(Ids.AgreementNumber),
  accounts: Schema.Array(Account)
})
export type AccountList = typeof AccountList.Type
