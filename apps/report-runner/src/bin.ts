#!/usr/bin/env node
/** Entry point of `report-runner`: runs the command, then exits with a code a scheduler can read (ExitCode.ts). */
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Effect, Exit, Logger, LogLevel } from "effect"
import { run } from "./Cli.js"
import { ExitCode } from "./ExitCode.js"
import * as Failure from "./Failure.js"

const verbose = process.argv.includes("--verbose")

const program = run(process.argv).pipe(
  Effect.provide(NodeContext.layer),
  // Logs go to stderr, so stdout carries only the job's summary; without --verbose only warnings and errors.
  Effect.provide(Logger.replace(Logger.defaultLogger, Logger.prettyLogger({ stderr: true, colors: "auto" }))),
  Logger.withMinimumLogLevel(verbose ? LogLevel.Debug : LogLevel.Warning),
  Effect.tapErrorCause((cause) =>
    Effect.sync(() => {
      const c = Failure.classifyCause(cause)
      // @effect/cli prints its own flag errors with the usage; don't repeat them.
      if (c.code !== ExitCode.Interrupted && !String(c.message).startsWith("ValidationError")) {
        process.stderr.write(`report-runner: ${c.message}\n`)
      }
      if (c.hint !== null) process.stderr.write(`  → ${c.hint}\n`)
      process.exitCode = c.code
    })
  )
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  // runMain would add its own pretty logger on stdout beside ours on stderr: log lines would land in the summary.
  disablePrettyLogger: true,
  teardown: (exit, onExit) => {
    if (Exit.isFailure(exit)) onExit(Failure.classifyCause(exit.cause).code)
    else onExit(typeof process.exitCode === "number" ? process.exitCode : ExitCode.Done)
  }
})
