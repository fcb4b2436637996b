/**
 * Identifiers of the Taxcom world, as branded types.
 *
 * Long numbers stay strings: an FN number has 16 digits, beyond 2^53, and would be silently changed by a
 * JavaScript number. FD and shift numbers are 32-bit counters on the fiscal drive, so they are (branded)
 * integers: exact, and cheap as join keys over millions of documents.
 */
import { ParseResult, Schema } from "effect"

/** Fiscal drive (ФН) factory number: 16 digits. Shift and FD numbers restart with every new drive. */
export const FnNumber = Schema.String.pipe(
  Schema.pattern(/^\d{16}$/, { message: (i) => `expected a 16-digit FN number, got ${JSON.stringify(i.actual)}` }),
  Schema.brand("FnNumber")
)
export type FnNumber = typeof FnNumber.Type

/** KKT registration number (РНМ) assigned by the tax service: up to 20 digits, usually 16 with leading zeros. */
export const KktRegNumber = Schema.String.pipe(
  Schema.pattern(/^\d{1,20}$/, { message: (i) => `expected a KKT registration number (digits), got ${JSON.stringify(i.actual)}` }),
  Schema.brand("KktRegNumber")
)
export type KktRegNumber = typeof KktRegNumber.Type

/** KKT factory (serial) number: its maker's format, digits for most models. */
export const KktFactoryNumber = Schema.String.pipe(
  Schema.minLength(1, { message: () => "expected a KKT factory number, got an empty string" }),
  Schema.brand("KktFactoryNumber")
)
export type KktFactoryNumber = typeof KktFactoryNumber.Type

/** Fiscal document number (ФД): a per-drive counter from 1. */
export const FdNumber = Schema.Int.pipe(Schema.nonNegative(), Schema.brand("FdNumber"))
export type FdNumber = typeof FdNumber.Type

/** Shift number: a per-drive counter from 1. */
export const ShiftNumber = Schema.Int.pipe(Schema.nonNegative(), Schema.brand("ShiftNumber"))
export type ShiftNumber = typeof ShiftNumber.Type

/** Department (подразделение) id of the cabinet. */
export const DepartmentId = Schema.String.pipe(Schema.brand("DepartmentId"))
export type DepartmentId = typeof DepartmentId.Type

/** Outlet (торговая точка) id: a GUID. */
export const OutletId = Schema.String.pipe(Schema.brand("OutletId"))
export type OutletId = typeof OutletId.Type

/** Contract number of a cabinet (личный кабинет). */
export const AgreementNumber = Schema.String.pipe(Schema.brand("AgreementNumber"))
export type AgreementNumber = typeof AgreementNumber.Type

/** Taxpayer number: 10 digits (organisation) or 12 (individual). */
export const Inn = Schema.String.pipe(
  Schema.pattern(/^(\d{10}|\d{12})$/, { message: (i) => `expected an INN of 10 or 12 digits, got ${JSON.stringify(i.actual)}` }),
  Schema.brand("Inn")
)
export type Inn = typeof Inn.Type

/**
 * INN as the FFD document carries it (tag 1018): space-padded to 12 characters. Trimmed in the domain,
 * padded again on encode.
 */
export const InnFromPadded: Schema.transformOrFail<typeof Schema.String, typeof Inn> = Schema.transformOrFail(
  Schema.String,
  Inn,
  {
    strict: true,
    decode: (s) => ParseResult.succeed(s.trim()),
    encode: (inn) => ParseResult.succeed(inn.padEnd(12, " "))
  }
)

/** Id of a registration/re-registration report (DraftList). */
export const DraftId = Schema.Int.pipe(Schema.brand("DraftId"))
export type DraftId = typeof DraftId.Type

/** Number of an application (заявление) created by CreateKKTRegApp and its siblings. */
export const ApplicationNumber = Schema.String.pipe(Schema.brand("ApplicationNumber"))
export type ApplicationNumber = typeof ApplicationNumber.Type

/** Cursor of the NewDocuments feed: the id of the last document received. */
export const FeedDocumentId = Schema.String.pipe(Schema.minLength(1), Schema.brand("FeedDocumentId"))
export type FeedDocumentId = typeof FeedDocumentId.Type
