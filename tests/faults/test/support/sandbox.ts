/** The sandbox server on a free loopback port, started and stopped from plain vitest hooks. */
import { SandboxServer } from "@taxcom-kit/sandbox"
import { Effect, Exit, Scope } from "effect"

export interface Running {
  readonly server: SandboxServer.SandboxServerService
  readonly close: () => Promise<void>
}

export const start = async (options: SandboxServer.Options): Promise<Running> => {
  const scope = Effect.runSync(Scope.make())
  const server = await Effect.runPromise(
    SandboxServer.make({ ...options, settings: { ...options.settings, port: 0, host: "127.0.0.1" } }).pipe(Scope.extend(scope))
  )
  return { server, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** Size of the suite's chain: small by default (CI); `FAULTS_REGISTERS` / `FAULTS_SEED` for bigger local runs. */
export const size = {
  registers: Number(process.env.FAULTS_REGISTERS ?? 3),
  seed: Number(process.env.FAULTS_SEED ?? 11)
}

/** An account's environment for the runner: the server, and credentials the sandbox accepts. */
export const accountEnv = (
  server: SandboxServer.SandboxServerService,
  credentials: { readonly integratorId: string; readonly login: string; readonly password: string } = {
    integratorId: "demo",
    login: "demo",
    password: "demo"
  }
): Record<string, string> => ({
  TAXCOM_BASE_URL: server.url,
  TAXCOM_INTEGRATOR_ID: credentials.integratorId,
  TAXCOM_LOGIN: credentials.login,
  TAXCOM_PASSWORD: credentials.password,
  // The sandbox need not be spared: the runner's polite defaults for a real account would only slow the suite.
  TAXCOM_CONCURRENCY: "8",
  TAXCOM_RATE_LIMIT: "1000"
})
