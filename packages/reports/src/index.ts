/**
 * @taxcom-kit/reports — report models (shift report, VAT-rate report, reconciliation report) and their
 * Excel (exceljs) and PDF (pdfmake) renderers.
 */
export * as Excel from "./Excel.js"
export * as Pdf from "./Pdf.js"
export * as ReconciliationReport from "./ReconciliationReport.js"
export * as ReportError from "./ReportError.js"
export * as ReportHeader from "./ReportHeader.js"
export * as ShiftInput from "./ShiftInput.js"
export * as ShiftReport from "./ShiftReport.js"
export * as VatReport from "./VatReport.js"
export type { Report } from "./Report.js"
