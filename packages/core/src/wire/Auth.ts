/**
 * Authentication: Login (CONFIRMED), CertificateLogin (GUESS), OAuth token exchange (vendor document).
 */
import { Schema } from "effect"

/** POST /API/v2/Login body. The server binds names case-insensitively; we send them as documented. */
export const LoginRequest = Schema.Struct({
  login: Schema.String,
  password: Schema.String,
  agreementNumber: Schema.optional(Schema.String)
})
export type LoginRequest = typeof LoginRequest.Type

/** Login answer: the session token (user info may follow; no public names, so it is ignored). */
export const LoginResponse = Schema.Struct({
  sessionToken: Schema.String
})
export type LoginResponse = typeof LoginResponse.Type

/**
 * GUESS: CertificateLogin body. The document names only the scheme file (appendix 1, not published):
 * the DER certificate in base64 under `certificate`.
 */
export const CertificateLoginRequest = Schema.Struct({
  certificate: Schema.String
})
export type CertificateLoginRequest = typeof CertificateLoginRequest.Type

/** GUESS: the encrypted token, under the same name as Login's. */
export const CertificateLoginResponse = Schema.Struct({
  sessionToken: Schema.String
})
export type CertificateLoginResponse = typeof CertificateLoginResponse.Type

/**
 * OAuth 2.0 token answer, as the vendor document's example shows:
 * `{"access_token":"...","expires_in":3600000,"token_type":"Bearer"}`. The unit of `expires_in` is not stated
 * (3600000 reads as milliseconds of one hour); the client takes the unit as a setting.
 */
export const OAuthTokenResponse = Schema.Struct({
  access_token: Schema.String,
  expires_in: Schema.optional(Schema.Number),
  token_type: Schema.optional(Schema.String)
})
export type OAuthTokenResponse = typeof OAuthTokenResponse.Type
