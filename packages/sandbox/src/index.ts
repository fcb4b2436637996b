/**
 * @taxcom-kit/sandbox — a Taxcom-Kassa API server on loopback over a deterministic generated chain, and an ERP
 * export generator with ground truth.
 */
export * as Dataset from "./Dataset.js"
export * as DatasetFile from "./DatasetFile.js"
export * as ErpExport from "./ErpExport.js"
export * as Faults from "./Faults.js"
export * as SandboxServer from "./SandboxServer.js"
export * as Settings from "./Settings.js"
export * as Cli from "./Cli.js"
