/** Documents of the NewDocuments feed: each full document with the feed id that serves as the cursor. */
import { Schema } from "effect"
import * as Ids from "./Ids.js"
import { FiscalDocumentDetail } from "./FiscalDocument.js"

export const FeedDocument = Schema.Struct({
  id: Ids.FeedDocumentId,
  document: FiscalDocumentDetail
})
export type FeedDocument = typeof FeedDocument.Type

export const FeedBatch = Schema.Struct({
  reportDate: Schema.NullOr(Schema.String),
  documents: Schema.Array(FeedDocument)
})
export type FeedBatch = typeof FeedBatch.Type
