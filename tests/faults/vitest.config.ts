import { defineConfig } from "vitest/config"
import { shared } from "../../vitest.shared.js"

// Files run one after another: each starts report-runner processes and servers, and the CI machine has two cores.
export default defineConfig({ ...shared, test: { ...shared.test, fileParallelism: false } })
