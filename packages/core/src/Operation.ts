/**
 * The settlement sign of a receipt (FFD tag 1054, "признак расчета"): what the money did.
 * The four operations, and their corrections, are kept apart in every total.
 */
import { Schema } from "effect"

export const Operation = Schema.Literal("Income", "IncomeReturn", "Expenditure", "ExpenditureReturn")
export type Operation = typeof Operation.Type

/** FFD tag 1054 codes. */
export const fromFfdCode = (code: number): Operation | undefined =>
  code === 1 ? "Income" : code === 2 ? "IncomeReturn" : code === 3 ? "Expenditure" : code === 4 ? "ExpenditureReturn" : undefined

export const toFfdCode = (op: Operation): number =>
  op === "Income" ? 1 : op === "IncomeReturn" ? 2 : op === "Expenditure" ? 3 : 4

export const labelRu: Record<Operation, string> = {
  Income: "Приход",
  IncomeReturn: "Возврат прихода",
  Expenditure: "Расход",
  ExpenditureReturn: "Возврат расхода"
}

export const labelEn: Record<Operation, string> = {
  Income: "Income",
  IncomeReturn: "Income return",
  Expenditure: "Expenditure",
  ExpenditureReturn: "Expenditure return"
}
