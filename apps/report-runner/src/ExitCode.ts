/**
 * Exit codes a scheduler can act on. Distinct per cause, stable across versions (documented in the README of the app).
 */
export const ExitCode = {
  /** Everything was produced. */
  Done: 0,
  /** A bug or an unexpected failure: see the message and --verbose log. */
  Unexpected: 1,
  /** Bad flags, environment or job file: fix the configuration. */
  Configuration: 2,
  /** Login refused or rights missing: check login, password, integrator id, the user's rights. */
  Authentication: 3,
  /** The Taxcom service failed or stayed unreachable beyond the retry budget: run again later (it resumes). */
  Api: 4,
  /** An input file (ERP export, profile) cannot be read: fix the file. */
  InputFile: 5,
  /** Reconciliation finished and found differences, and `--fail-on-differences` was given. */
  DoneWithDifferences: 6,
  /** Output could not be written (disk full, permissions). */
  Output: 7,
  /** Interrupted (SIGINT/SIGTERM): nothing half-written is left; run again to resume. */
  Interrupted: 130
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
