// Shared vitest settings: every package resolves the other workspace packages to their TypeScript
// sources, so tests never depend on a stale `dist/` build.
import { fileURLToPath } from "node:url"
import { defineConfig, type UserConfig } from "vitest/config"

const src = (pkg: string) => fileURLToPath(new URL(`./${pkg}/src/index.ts`, import.meta.url))

export const shared: UserConfig = {
  resolve: {
    alias: {
      "@taxcom-kit/core": src("packages/core"),
      "@taxcom-kit/reconcile": src("packages/reconcile"),
      "@taxcom-kit/reports": src("packages/reports"),
      "@taxcom-kit/sandbox": src("packages/sandbox")
    }
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
}

export default defineConfig(shared)
