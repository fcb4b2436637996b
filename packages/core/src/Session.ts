/**
 * How the client opens a session with Taxcom-Kassa (section 3.1 of the v2.8 document).
 *
 * - **Login and password** (`Login`, CONFIRMED): the usual way. The session token lives 5 minutes from its issue or
 *   its last use; the client tracks the last use, logs in again before the token lapses when it has been idle,
 *   shares one login among concurrent callers and, on 2109/2110, logs in once more and repeats the request.
 * - **OAuth 2.0**: {@link authorizeUrl} builds the link the user follows; the code the redirect brings back is
 *   exchanged (HTTP Basic client authentication) for an access token that the client uses as its session token and
 *   renews per its `expires_in`, asking {@link OAuth.authorizationCode} for a fresh code each time.
 * - **Certificate** (`CertificateLogin`): the service answers with the session token encrypted to the certificate's
 *   key. Decrypting it is left to a {@link TokenDecryptor} the application provides, because Taxcom certificates are
 *   qualified e-signature certificates with GOST R 34.10-2012 keys (ГОСТ 28147-89 / «Кузнечик» encryption), which
 *   Node's OpenSSL build cannot use: decryption needs CryptoPro CSP, an OpenSSL GOST engine or a token's PKCS#11
 *   module, none of which a library should pick for its users.
 * - **Integration token** + integrator id: accepted instead of a session by the registration methods
 *   (CreateKKTRegApp, KKTRegApp, CreateKKTRe-RegApp, KKTRegCard, CreateKKTRemovalApp); set
 *   `integrationToken` in the client options.
 *
 * Every secret is `Redacted`; the client reads it only where the header or body is built.
 */
import { Config, Context, Data, Effect, Option, Redacted } from "effect"

/** Login with the employee's login and password (`POST /API/v2/Login`). */
export interface Password {
  readonly _tag: "Password"
  readonly login: string
  readonly password: Redacted.Redacted<string>
  /**
   * Contract number of the cabinet to work in, for users with several. Optional: one client saw error 2108 when
   * sending it and picks the cabinet via AccountList instead.
   */
  readonly agreementNumber?: string | undefined
}

/** Login with an X.509 certificate; the encrypted answer is decrypted by the {@link TokenDecryptor} service. */
export interface Certificate {
  readonly _tag: "Certificate"
  /** The certificate (DER) in base64: public data, sent as is. */
  readonly certificate: string
}

/** OAuth 2.0 authorization-code flow (section 3.1.3). */
export interface OAuth {
  readonly _tag: "OAuth"
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** Must equal the `redirect_uri` of the authorize link the code came from. */
  readonly redirectUri: string
  /**
   * Yields a fresh one-time authorization code each time the client needs a token: at the first call and whenever
   * the previous token's `expires_in` runs out or the service refuses it. Typically it waits for the application's
   * redirect handler. Fail with {@link AuthorizationCodeUnavailable} when no code can be had.
   */
  readonly authorizationCode: Effect.Effect<Redacted.Redacted<string>, AuthorizationCodeUnavailable>
  /**
   * Unit of `expires_in`: the document's example (`3600000`) reads as milliseconds of an hour (GUESS, the default);
   * standard OAuth servers send seconds.
   */
  readonly expiresInUnit?: "milliseconds" | "seconds" | undefined
  /** The token endpoint; default `<baseUrl>/core/connect/token`. */
  readonly tokenUrl?: string | undefined
}

export type Credentials = Password | Certificate | OAuth

/** Login and password credentials. */
export const password = (options: Omit<Password, "_tag">): Password => ({ _tag: "Password", ...options })

/** Certificate credentials; needs a {@link TokenDecryptor} in the client's layer. */
export const certificate = (options: Omit<Certificate, "_tag">): Certificate => ({ _tag: "Certificate", ...options })

/** OAuth 2.0 credentials. */
export const oauth = (options: Omit<OAuth, "_tag">): OAuth => ({ _tag: "OAuth", ...options })

/** The application could not supply an OAuth authorization code. */
export class AuthorizationCodeUnavailable extends Data.TaggedError("AuthorizationCodeUnavailable")<{
  readonly reason: string
}> {}

/** The application's decryptor could not decrypt a certificate-login token. */
export class TokenDecryptionError extends Data.TaggedError("TokenDecryptionError")<{
  readonly reason: string
}> {}

/**
 * Decrypts the session token CertificateLogin returns (encrypted to the certificate's key). Provided by the
 * application — see the module comment for why this is not built in.
 */
export class TokenDecryptor extends Context.Tag("@taxcom-kit/core/Session/TokenDecryptor")<TokenDecryptor, {
  /** `encrypted` is the token as the service sent it (base64). */
  readonly decrypt: (encrypted: string) => Effect.Effect<Redacted.Redacted<string>, TokenDecryptionError>
}>() {}

/**
 * What the client's layer needs for credentials: a decryptor when they are known to be a certificate. (When the type
 * is only `Credentials`, the decryptor is looked up at run time and its absence fails the login with a SessionError.)
 */
export type Requirements<C> = [C] extends [Certificate] ? TokenDecryptor : never

export interface AuthorizeUrlOptions {
  /** The authorization host, e.g. `https://auth-lk-ofd.taxcom.ru` (the document writes `auth-<server>.taxcom.ru`). */
  readonly authBaseUrl: string
  readonly clientId: string
  readonly redirectUri: string
  /** Default `api`, the only scope the document names. */
  readonly scope?: string | undefined
  /** An unguessable value to check on the redirect (CSRF protection). */
  readonly state?: string | undefined
}

/**
 * The link that starts the OAuth flow: `<authBaseUrl>/core/connect/authorize?client_id&response_type=code&scope&redirect_uri`.
 * The document spells the last parameter `redirect_url`; the endpoint is IdentityServer's, which reads the standard
 * `redirect_uri` (GUESS), so that is what is sent.
 */
export const authorizeUrl = (options: AuthorizeUrlOptions): string => {
  const url = new URL("/core/connect/authorize", options.authBaseUrl)
  url.searchParams.set("client_id", options.clientId)
  url.searchParams.set("response_type", "code")
  url.searchParams.set("scope", options.scope ?? "api")
  url.searchParams.set("redirect_uri", options.redirectUri)
  if (options.state !== undefined) url.searchParams.set("state", options.state)
  return url.toString()
}

/**
 * Login/password credentials from configuration: `<prefix>_LOGIN`, `<prefix>_PASSWORD` (redacted) and an optional
 * `<prefix>_AGREEMENT_NUMBER`.
 */
export const passwordConfig = (prefix = "TAXCOM"): Config.Config<Password> =>
  Config.all({
    login: Config.string(`${prefix}_LOGIN`),
    password: Config.redacted(`${prefix}_PASSWORD`),
    agreementNumber: Config.option(Config.string(`${prefix}_AGREEMENT_NUMBER`))
  }).pipe(
    Config.map(({ agreementNumber, login, password: pw }) =>
      password({ login, password: pw, agreementNumber: Option.getOrUndefined(agreementNumber) })
    )
  )
