/** Why a report file could not be written. */
import { Data } from "effect"

export class RenderError extends Data.TaggedError("RenderError")<{
  readonly format: "xlsx" | "pdf"
  /** The file that was to be written; it is left untouched. */
  readonly path: string
  readonly reason: string
  readonly cause?: unknown
}> {
  override get message(): string {
    return `cannot write the ${this.format} report ${this.path}: ${this.reason}`
  }

  /** The render, flush or rename of `path` failed with `cause`. */
  static failed(format: "xlsx" | "pdf", path: string, cause: unknown): RenderError {
    return new RenderError({ format, path, reason: cause instanceof Error ? cause.message : String(cause), cause })
  }
}

/** A reconciliation stream ended without the summary that closes it. */
export class MissingSummary extends Data.TaggedError("MissingSummary")<{
  readonly reason: string
}> {
  override get message(): string {
    return this.reason
  }
}
