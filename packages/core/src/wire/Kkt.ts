/** KKTList (CONFIRMED), KKTInfo (wrapper CONFIRMED, fields LIKELY, partner GUESS), FnHistory (LIKELY). */
import { Schema } from "effect"
import * as FiscalDrive from "../FiscalDrive.js"
import * as Kkt from "../Kkt.js"
import { ProblemIndicator } from "../ProblemIndicator.js"
import { listEnvelope, listPageOptionalCounts, OptDateTime, OptString, Page, orNull, compact } from "./Common.js"
import { OutletRefFromWire } from "./Outlets.js"

export const WireKkt = Schema.Struct({
  name: Schema.String,
  kktRegNumber: Schema.String,
  kktFactoryNumber: Schema.String,
  fnFactoryNumber: Schema.String,
  /** Spelled `cashdeskState` on the wire (CONFIRMED). */
  cashdeskState: Kkt.KktState,
  problemIndicator: ProblemIndicator
})

export const KktFromWire = Schema.transform(WireKkt, Kkt.Kkt, {
  strict: true,
  decode: (w) => ({
    name: w.name,
    regNumber: w.kktRegNumber,
    factoryNumber: w.kktFactoryNumber,
    fn: w.fnFactoryNumber,
    state: w.cashdeskState,
    problem: w.problemIndicator
  }),
  encode: (k) => ({
    name: k.name,
    kktRegNumber: k.regNumber,
    kktFactoryNumber: k.factoryNumber,
    fnFactoryNumber: k.fn,
    cashdeskState: k.state,
    problemIndicator: k.problem
  })
})

/** A KKTList page: the list envelope plus the outlet asked about. */
export const KktList = Schema.transform(
  Schema.Struct({ ...listEnvelope(KktFromWire).fields, outlet: Schema.optional(Schema.NullOr(OutletRefFromWire)) }),
  Schema.Struct({
    ...Page(Schema.typeSchema(Kkt.Kkt)).fields,
    outlet: Schema.NullOr(Schema.typeSchema(Kkt.KktListing.fields.outlet))
  }),
  {
    strict: true,
    decode: (w) => ({
      reportDate: w.reportDate,
      recordCount: w.counts.recordCount,
      filteredCount: w.counts.recordFilteredCount,
      records: w.records,
      outlet: orNull(w.outlet)
    }),
    encode: (p) => ({
      reportDate: p.reportDate,
      counts: { recordCount: p.recordCount, recordFilteredCount: p.filteredCount, recordInResponceCount: p.records.length },
      ...(p.outlet === null ? {} : { outlet: p.outlet }),
      records: p.records
    })
  }
)

export const WireKktInfo = Schema.Struct({
  reportDate: OptString,
  cashdesk: Schema.Struct({
    name: Schema.String,
    kktRegNumber: Schema.String,
    kktFactoryNumber: Schema.String,
    kktModelName: OptString,
    fnFactoryNumber: Schema.String,
    fnRegDateTime: OptDateTime,
    fnDuration: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Number))),
    fnEndDateTime: OptDateTime,
    fnState: Schema.optional(Schema.NullOr(Kkt.FnState)),
    shiftStatus: Schema.optional(Schema.NullOr(Kkt.ShiftStatus)),
    cashdeskState: Kkt.KktState,
    cashdeskEndDateTime: OptDateTime,
    lastDocumentState: Schema.optional(Schema.NullOr(ProblemIndicator)),
    lastDocumentDateTime: OptDateTime,
    outlet: Schema.optional(Schema.NullOr(OutletRefFromWire)),
    /** GUESS: partner (ЦТО) fields. */
    partnerName: OptString,
    partnerInn: OptString,
    partnerContactName: OptString,
    partnerContactPhone: OptString,
    partnerContactEmail: OptString
  })
})

export const KktInfo = Schema.transform(
  WireKktInfo,
  Schema.Struct({ ...Kkt.KktDetail.fields, outlet: Schema.NullOr(Schema.typeSchema(Kkt.KktDetail.fields.outlet)) }),
  {
    strict: true,
    decode: ({ cashdesk: c, reportDate }) => {
      const partnerGiven = [c.partnerName, c.partnerInn, c.partnerContactName, c.partnerContactPhone, c.partnerContactEmail]
        .some((v) => v !== undefined && v !== null)
      return {
        reportDate: orNull(reportDate),
        name: c.name,
        regNumber: c.kktRegNumber,
        factoryNumber: c.kktFactoryNumber,
        model: orNull(c.kktModelName),
        fn: c.fnFactoryNumber,
        fnRegisteredAt: orNull(c.fnRegDateTime),
        fnDuration: c.fnDuration === undefined || c.fnDuration === null ? null : String(c.fnDuration),
        fnEndsAt: orNull(c.fnEndDateTime),
        fnState: orNull(c.fnState),
        shiftStatus: orNull(c.shiftStatus),
        state: c.cashdeskState,
        paidUntil: orNull(c.cashdeskEndDateTime),
        lastDocumentState: orNull(c.lastDocumentState),
        lastDocumentAt: orNull(c.lastDocumentDateTime),
        outlet: orNull(c.outlet),
        partner: partnerGiven
          ? {
            name: orNull(c.partnerName),
            inn: orNull(c.partnerInn),
            contact: { name: orNull(c.partnerContactName), phone: orNull(c.partnerContactPhone), email: orNull(c.partnerContactEmail) }
          }
          : null
      }
    },
    encode: (k) => ({
      ...compact({ reportDate: k.reportDate }),
      cashdesk: {
        name: k.name,
        kktRegNumber: k.regNumber,
        kktFactoryNumber: k.factoryNumber,
        fnFactoryNumber: k.fn,
        cashdeskState: k.state,
        ...compact({
          kktModelName: k.model,
          fnRegDateTime: k.fnRegisteredAt,
          fnDuration: k.fnDuration,
          fnEndDateTime: k.fnEndsAt,
          fnState: k.fnState,
          shiftStatus: k.shiftStatus,
          cashdeskEndDateTime: k.paidUntil,
          lastDocumentState: k.lastDocumentState,
          lastDocumentDateTime: k.lastDocumentAt,
          outlet: k.outlet
        }),
        ...(k.partner === null ? {} : compact({
          partnerName: k.partner.name,
          partnerInn: k.partner.inn,
          partnerContactName: k.partner.contact.name,
          partnerContactPhone: k.partner.contact.phone,
          partnerContactEmail: k.partner.contact.email
        }))
      }
    })
  }
)

/** FnHistory record: `fn` LIKELY; `status` Active/Notactive from the document (case varies: accepted either way). */
export const WireFnHistoryRecord = Schema.Struct({
  fn: Schema.String,
  status: Schema.optional(Schema.NullOr(Schema.String))
})

export const FiscalDriveFromWire = Schema.transform(WireFnHistoryRecord, FiscalDrive.FiscalDrive, {
  strict: true,
  decode: (w) => ({
    fn: w.fn,
    active: w.status === undefined || w.status === null ? null : w.status.toLowerCase() === "active"
  }),
  encode: (d) => ({ fn: d.fn, ...(d.active === null ? {} : { status: d.active ? "Active" : "Notactive" }) })
})

/** FnHistory: a list envelope (counts per the document). Counts are optional here: not recorded. */
export const FnHistory = listPageOptionalCounts(FiscalDriveFromWire)
