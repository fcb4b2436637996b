/** The cabinet's traffic light on departments, outlets and registers. */
import { Schema } from "effect"

export const ProblemIndicator = Schema.Literal("OK", "Warning", "Problem")
export type ProblemIndicator = typeof ProblemIndicator.Type
