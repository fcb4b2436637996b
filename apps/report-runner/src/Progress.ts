/**
 * Progress of a long job: one updating line on a terminal, plain log lines (every 10 s and at each phase)
 * when the output is a file or a pipe, as a scheduler's log would be.
 */
import { Effect, Schedule } from "effect"

export interface Counts {
  registers: number
  shifts: number
  /** Shifts whose figures are in hand (fetched now, or reused from an earlier run). */
  shiftsDone: number
  shiftsReused: number
  documents: number
  rowsWritten: number
}

export class Progress {
  readonly counts: Counts = { registers: 0, shifts: 0, shiftsDone: 0, shiftsReused: 0, documents: 0, rowsWritten: 0 }
  private phase = "starting"
  private readonly startedAt = Date.now()
  private lastLength = 0

  constructor(
    readonly out: NodeJS.WriteStream,
    readonly interactive: boolean,
    readonly requests: () => number
  ) {}

  /** Enters a phase; in plain mode this is also a log line. */
  setPhase(phase: string): void {
    this.phase = phase
    if (!this.interactive) this.out.write(`${this.stamp()} ${phase}\n`)
  }

  private stamp(): string {
    const s = Math.round((Date.now() - this.startedAt) / 1000)
    return `[${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}]`
  }

  line(): string {
    const c = this.counts
    const parts = [this.phase]
    if (c.registers > 0) parts.push(`registers ${c.registers}`)
    if (c.shifts > 0) parts.push(`shifts ${c.shiftsDone}/${c.shifts}${c.shiftsReused > 0 ? ` (${c.shiftsReused} from an earlier run)` : ""}`)
    if (c.documents > 0) parts.push(`documents ${c.documents}`)
    if (c.rowsWritten > 0) parts.push(`rows written ${c.rowsWritten}`)
    parts.push(`requests ${this.requests()}`)
    return `${this.stamp()} ${parts.join(" · ")}`
  }

  private render(): void {
    const text = this.line()
    if (this.interactive) {
      this.out.write(`\r${text}${" ".repeat(Math.max(0, this.lastLength - text.length))}`)
      this.lastLength = text.length
    } else {
      this.out.write(text + "\n")
    }
  }

  /** Clears the terminal line before other output. */
  clear(): void {
    if (this.interactive && this.lastLength > 0) {
      this.out.write(`\r${" ".repeat(this.lastLength)}\r`)
      this.lastLength = 0
    }
  }

  /** Renders until the scope closes: every 250 ms on a terminal, every 10 s otherwise. */
  readonly run: Effect.Effect<void, never, import("effect").Scope.Scope> = Effect.gen(this, function*() {
    yield* Effect.sync(() => this.render()).pipe(
      Effect.repeat(Schedule.spaced(this.interactive ? "250 millis" : "10 seconds")),
      Effect.delay(this.interactive ? "250 millis" : "10 seconds"),
      Effect.forkScoped
    )
    yield* Effect.addFinalizer(() => Effect.sync(() => this.clear()))
  })
}
