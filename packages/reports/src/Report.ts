/** Any report model a renderer accepts. */
import type { ReconciliationReport } from "./ReconciliationReport.js"
import type { ShiftReport } from "./ShiftReport.js"
import type { VatReport } from "./VatReport.js"

export type Report = ShiftReport | VatReport | ReconciliationReport
