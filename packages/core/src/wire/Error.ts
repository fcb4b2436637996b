/**
 * The vendor's error body (CONFIRMED): `{httpErrorCode, apiErrorCode, commonDescription, details}`.
 * A wrong HTTP verb gets an ASP.NET-style `{"Message": "..."}` instead (GUESS), also accepted.
 */
import { Schema } from "effect"

export const ErrorBody = Schema.Struct({
  httpErrorCode: Schema.Int,
  apiErrorCode: Schema.Int,
  commonDescription: Schema.optional(Schema.NullOr(Schema.String)),
  details: Schema.optional(Schema.NullOr(Schema.String))
})
export type ErrorBody = typeof ErrorBody.Type

/** GUESS: ASP.NET's own error for routing failures (405, 404 of an unknown path). */
export const AspNetError = Schema.Struct({ Message: Schema.String })
export type AspNetError = typeof AspNetError.Type
