/**
 * @taxcom-kit/reconcile — ERP sales export import and tiered, explainable matching against the fiscal data.
 */
export * as Check from "./Check.js"
export * as Columns from "./Columns.js"
export * as Csv from "./Csv.js"
export * as Difference from "./Difference.js"
export * as Encoding from "./Encoding.js"
export * as ErpImport from "./ErpImport.js"
export * as ErpImportWorker from "./ErpImportWorker.js"
export * as ErpReceipt from "./ErpReceipt.js"
export * as FiscalFile from "./FiscalFile.js"
export * as Output from "./Output.js"
export * as Profile from "./Profile.js"
export * as Reconcile from "./Reconcile.js"
export * as Register from "./Register.js"
export * as Settings from "./Settings.js"
export * as Summary from "./Summary.js"
