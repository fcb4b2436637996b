/**
 * NewDocuments (GUESS: no public shape). Read as a list envelope whose records are DocumentInfo's document form
 * plus the feed `id` the next call passes back. `counts` optional.
 */
import { Schema } from "effect"
import * as FeedDocument from "../FeedDocument.js"
import * as FiscalDocument from "../FiscalDocument.js"
import { Counts, compact, OptString, orNull } from "./Common.js"
import { decodeDocument, documentFields, encodeDocument } from "./Documents.js"

export const WireFeedRecord = Schema.Struct({
  id: Schema.Union(Schema.String, Schema.Number),
  ...documentFields
})

const FeedDocumentFromWire = Schema.transform(WireFeedRecord, FeedDocument.FeedDocument, {
  strict: true,
  decode: (w) => ({ id: String(w.id), document: decodeDocument(w) }),
  encode: (d) => ({ id: d.id, ...encodeDocument(d.document) })
})

export const NewDocuments = Schema.transform(
  Schema.Struct({ reportDate: OptString, counts: Schema.optional(Counts), records: Schema.Array(FeedDocumentFromWire) }),
  Schema.Struct({ reportDate: Schema.NullOr(Schema.String), documents: Schema.Array(Schema.typeSchema(FeedDocument.FeedDocument)) }),
  {
    strict: true,
    decode: (w) => ({ reportDate: orNull(w.reportDate), documents: w.records }),
    encode: (b) => ({
      ...compact({ reportDate: b.reportDate }),
      counts: { recordCount: b.documents.length, recordFilteredCount: b.documents.length, recordInResponceCount: b.documents.length },
      records: b.documents
    })
  }
)

export type { FiscalDocument }
