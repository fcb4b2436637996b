/**
 * How a failed job ends: an exit code a scheduler can act on, and a message a person can act on. Messages come
 * from the typed errors, which never carry a password or a token (the client scrubs what the service echoes).
 */
import { Cause, Option } from "effect"
import { ExitCode } from "./ExitCode.js"

interface Tagged {
  readonly _tag: string
  readonly message?: string
}

const isTagged = (e: unknown): e is Tagged => typeof e === "object" && e !== null && typeof (e as Tagged)._tag === "string"

const AUTH_TAGS = new Set(["AuthenticationError", "SessionError"])
const API_TAGS = new Set([
  "InvalidRequestError", "RegistryError", "NotFoundError", "ConflictError", "ApplicationNotFoundError", "ServerError",
  "UnknownApiError", "HttpStatusError", "TransportError", "TimeoutError", "DecodeError", "InvalidInputError"
])
const INPUT_TAGS = new Set(["InputFileError", "ImportError", "ProfileError", "FiscalFileError"])
const OUTPUT_TAGS = new Set(["OutputError", "RenderError", "MissingSummary"])
const CONFIG_TAGS = new Set(["UsageError", "CliError", "ValidationError", "JobFileError"])

export interface Classified {
  readonly code: ExitCode
  readonly message: string
  readonly hint: string | null
}

const describe = (e: unknown): string => (isTagged(e) || e instanceof Error ? String((e as { message?: string }).message ?? e) : String(e))

/** The exit code and message of one failure. */
export const classify = (e: unknown): Classified => {
  if (!isTagged(e)) return { code: ExitCode.Unexpected, message: describe(e), hint: "this is a bug: run again with --verbose and report the output" }
  if (e._tag === "DifferencesFound") return { code: ExitCode.DoneWithDifferences, message: describe(e), hint: "see discrepancies.csv and the reconciliation report" }
  if (CONFIG_TAGS.has(e._tag) || (e as { _op?: string })._op === "MissingData" || (e as { _op?: string })._op === "InvalidData" || e._tag === "ConfigError") {
    return { code: ExitCode.Configuration, message: describe(e), hint: "check the flags (--help), the environment variables and the job file" }
  }
  const reason = (e as { reason?: string }).reason
  if (e._tag === "AuthenticationError" && (reason === "tokenExpired" || reason === "tokenMissing")) {
    // The login worked, but the service kept refusing the fresh session tokens: its fault, not the credentials'.
    return {
      code: ExitCode.Api,
      message: describe(e),
      hint: "the service kept refusing fresh session tokens beyond the retry budget; run again later: completed work is reused"
    }
  }
  if (AUTH_TAGS.has(e._tag)) {
    return {
      code: ExitCode.Authentication,
      message: describe(e),
      hint: "check TAXCOM_LOGIN, TAXCOM_PASSWORD, TAXCOM_INTEGRATOR_ID and TAXCOM_AGREEMENT_NUMBER, and the user's rights in the cabinet"
    }
  }
  if (API_TAGS.has(e._tag)) {
    const transient = ["ServerError", "TransportError", "TimeoutError", "HttpStatusError"].includes(e._tag)
    return {
      code: ExitCode.Api,
      message: describe(e),
      hint: transient
        ? "the service failed or was unreachable beyond the retry budget (check TAXCOM_BASE_URL); run again later: completed work is reused"
        : null
    }
  }
  if (INPUT_TAGS.has(e._tag)) return { code: ExitCode.InputFile, message: describe(e), hint: "fix the input file, or describe it with a profile (--profile, docs/reconciliation.md)" }
  if (OUTPUT_TAGS.has(e._tag)) return { code: ExitCode.Output, message: describe(e), hint: "check free space and permissions of the output folder" }
  if (e._tag === "SystemError" || e._tag === "BadArgument") {
    // Platform file errors: reading an input file, or writing an output.
    const method = (e as { method?: string }).method ?? ""
    const reading = ["stream", "readFile", "readFileString", "open", "stat", "access"].includes(method)
    return reading
      ? { code: ExitCode.InputFile, message: describe(e), hint: "check the input file's path and permissions" }
      : { code: ExitCode.Output, message: describe(e), hint: "check free space and permissions of the output folder" }
  }
  return { code: ExitCode.Unexpected, message: describe(e), hint: "run again with --verbose and report the output" }
}

/** Classifies the first failure of a cause; interruption is its own code. */
export const classifyCause = (cause: Cause.Cause<unknown>): Classified => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) return classify(failure.value)
  if (Cause.isInterruptedOnly(cause)) {
    return { code: ExitCode.Interrupted, message: "interrupted", hint: "no half-written file was left; run again to resume" }
  }
  const defect = Cause.dieOption(cause)
  return {
    code: ExitCode.Unexpected,
    message: Option.match(defect, { onNone: () => Cause.pretty(cause), onSome: describe }),
    hint: "this is a bug: run again with --verbose and report the output"
  }
}
