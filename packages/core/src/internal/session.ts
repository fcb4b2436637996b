/**
 * The session token's life on the client side.
 *
 * The service keeps a token valid for 5 minutes from its issue or its last use (sliding); an OAuth access token
 * lives `expires_in` from its issue. The client records when each request that carried the token was sent (never
 * later than the service saw it, so the estimate errs on the safe side), treats the token as spent `renewBefore` ahead
 * of the service, and then logs in before the next call instead of sending a token that would bounce with 2109.
 *
 * One login is shared: the first caller that finds no valid token starts it in a fiber of its own (so an
 * interrupted caller does not strand the others; a login is bounded by the request timeout and the retries) and
 * every caller waits on the same result, success or failure.
 */
import { Clock, Deferred, Effect, Exit, FiberId, type Redacted } from "effect"
import type { TaxcomError } from "../TaxcomError.js"

export interface Token {
  readonly value: Redacted.Redacted<string>
  /** Increases with every login: a failure reported against an older token does not discard a newer one. */
  readonly generation: number
  /** Epoch millis of the latest send that carried the token. */
  readonly lastUse: number
  /** Absolute expiry (OAuth), or null for the sliding 5-minute token. */
  readonly expiresAt: number | null
}

export interface Issued {
  readonly token: Redacted.Redacted<string>
  /** Lifetime from issue (OAuth `expires_in`), or null for the sliding session token. */
  readonly lifetimeMillis: number | null
}

export interface SessionManager {
  /** A token valid now: the current one, or a new one from a login shared with concurrent callers. */
  readonly current: Effect.Effect<Token, TaxcomError>
  /** Records that a request carrying token `generation` was sent at `at`. */
  readonly touch: (generation: number, at: number) => Effect.Effect<void>
  /** Forgets token `generation` (the service refused it); a newer token is kept. */
  readonly invalidate: (generation: number) => Effect.Effect<void>
  /** How many logins succeeded. */
  readonly logins: Effect.Effect<number>
  /** The token value in use, for scrubbing echoes. */
  readonly secret: () => string | undefined
}

export const make = (options: {
  readonly login: Effect.Effect<Issued, TaxcomError>
  readonly idleMillis: number
  readonly renewBeforeMillis: number
  /** Reads a token value for scrubbing; only called by `secret`. */
  readonly reveal: (token: Redacted.Redacted<string>) => string
}): SessionManager => {
  let current: Token | undefined
  let pending: Deferred.Deferred<Token, TaxcomError> | undefined
  let generation = 0
  let logins = 0

  const valid = (t: Token, now: number): boolean =>
    t.expiresAt !== null
      ? now < t.expiresAt - options.renewBeforeMillis
      : now - t.lastUse < options.idleMillis - options.renewBeforeMillis

  const runLogin = (d: Deferred.Deferred<Token, TaxcomError>) =>
    Effect.gen(function*() {
      const startedAt = yield* Clock.currentTimeMillis
      const exit = yield* Effect.exit(options.login)
      pending = undefined
      if (Exit.isSuccess(exit)) {
        logins++
        const t: Token = {
          value: exit.value.token,
          generation: ++generation,
          // The service starts the token's clock when it handles the login: not before we sent it.
          lastUse: startedAt,
          expiresAt: exit.value.lifetimeMillis === null ? null : startedAt + exit.value.lifetimeMillis
        }
        current = t
        yield* Effect.logDebug("Taxcom session opened").pipe(Effect.annotateLogs({ generation: t.generation }))
        yield* Deferred.succeed(d, t)
      } else {
        yield* Deferred.failCause(d, exit.cause)
      }
    }).pipe(
      Effect.onInterrupt(() =>
        Effect.sync(() => {
          pending = undefined
        }).pipe(Effect.zipRight(Deferred.interrupt(d)))
      )
    )

  const currentToken: Effect.Effect<Token, TaxcomError> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
    // No yield between the check and the update below: concurrent callers see either a token or one pending login.
    if (current !== undefined && valid(current, now)) return Effect.succeed(current)
    if (pending !== undefined) return Deferred.await(pending)
    const d = Deferred.unsafeMake<Token, TaxcomError>(FiberId.none)
    pending = d
    return runLogin(d).pipe(Effect.forkDaemon, Effect.zipRight(Deferred.await(d)))
  })

  return {
    current: currentToken,
    touch: (gen, at) =>
      Effect.sync(() => {
        if (current !== undefined && current.generation === gen && at > current.lastUse) current = { ...current, lastUse: at }
      }),
    invalidate: (gen) =>
      Effect.sync(() => {
        if (current !== undefined && current.generation === gen) current = undefined
      }),
    logins: Effect.sync(() => logins),
    secret: () => (current === undefined ? undefined : options.reveal(current.value))
  }
}
