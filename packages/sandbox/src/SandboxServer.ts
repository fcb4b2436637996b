/**
 * The sandbox server as a service: `layer` starts it (port 0 picks a free port, for tests) and provides its URL,
 * the dataset it serves and a few controls (faults, counters, OAuth codes). Its clock is Effect's `Clock`, so a
 * test under `TestClock` moves session expiry, the NewDocuments limit and registration delays by adjusting it.
 */
import type { ServeError } from "@effect/platform/HttpServerError"
import { NodeHttpServer } from "@effect/platform-node"
import { Context, Effect, Layer, type Scope } from "effect"
import * as http from "node:http"
import { Dataset, formatDateTime, generate, type GenerateOptions } from "./Dataset.js"
import * as Faults from "./Faults.js"
import { makeApp, issueOAuthCode, type AppContext } from "./internal/server/app.js"
import { State } from "./internal/server/state.js"
import * as Settings from "./Settings.js"

export interface Stats {
  /** Requests per method name (faulted ones included; unknown paths not). */
  readonly requests: Readonly<Record<string, number>>
  /** Sessions issued and alive. */
  readonly sessions: number
}

export interface SandboxServerService {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** The API base, ending in `/API/v2/`. */
  readonly baseUrl: string
  readonly port: number
  readonly dataset: Dataset
  readonly settings: Settings.ServerSettings
  /** The sandbox's wall clock now (`yyyy-MM-ddTHH:mm:ss`): the dataset's now plus the time since start. */
  readonly now: Effect.Effect<string>
  /** Replaces the faults while the server runs. */
  readonly setFaults: (faults: Partial<Faults.Faults>) => Effect.Effect<void>
  readonly stats: Effect.Effect<Stats>
  readonly resetStats: Effect.Effect<void>
  /** A one-time OAuth code, as the authorize redirect would carry it. */
  readonly issueOAuthCode: (options?: { readonly clientId?: string; readonly redirectUri?: string }) => Effect.Effect<string>
}

export class SandboxServer extends Context.Tag("@taxcom-kit/sandbox/SandboxServer")<SandboxServer, SandboxServerService>() {}

export interface Options {
  /** A dataset, or options to generate one (default: a 12-register chain over January 2026). */
  readonly dataset?: Dataset | GenerateOptions
  readonly settings?: Partial<Omit<Settings.ServerSettings, "faults">> & { readonly faults?: Partial<Faults.Faults> }
}

/** Starts the server in the scope; it stops when the scope closes. */
export const make = (options: Options = {}): Effect.Effect<SandboxServerService, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const dataset = options.dataset instanceof Dataset ? options.dataset : generate(options.dataset ?? {})
    const settings = Settings.make(options.settings)
    const clock = yield* Effect.clock
    const startedAt = yield* clock.currentTimeMillis
    const state = new State(dataset, settings)
    const ctx: AppContext = { ds: dataset, settings, state, clock, startedAt }
    const server = yield* NodeHttpServer.make(() => http.createServer({ keepAliveTimeout: 5_000 }), { port: settings.port, host: settings.host })
    yield* server.serve(makeApp(ctx))
    const address = server.address
    const port = address._tag === "TcpAddress" ? address.port : 0
    const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host
    const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`
    return {
      url,
      baseUrl: `${url}/API/v2/`,
      port,
      dataset,
      settings,
      now: Effect.map(clock.currentTimeMillis, (ms) => formatDateTime(dataset.now + (ms - startedAt))),
      setFaults: (faults) => Effect.sync(() => state.setFaults(Faults.make(faults))),
      stats: Effect.sync(() => ({ requests: Object.fromEntries(state.stats), sessions: state.sessions.size })),
      resetStats: Effect.sync(() => state.stats.clear()),
      issueOAuthCode: (o = {}) =>
        Effect.sync(() => issueOAuthCode(ctx, o.clientId ?? settings.oauthClients[0]!.clientId, o.redirectUri ?? "http://127.0.0.1/callback"))
    } satisfies SandboxServerService
  })

/** A layer running the server (default port 0: a free port). */
export const layer = (options: Options = {}): Layer.Layer<SandboxServer, ServeError> => Layer.scoped(SandboxServer, make(options))

/** For tests: the server on a free loopback port. */
export const layerTest = (options: Options = {}): Layer.Layer<SandboxServer, ServeError> =>
  layer({ ...options, settings: { ...options.settings, port: 0, host: "127.0.0.1" } })

