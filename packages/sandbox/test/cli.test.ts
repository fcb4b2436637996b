import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { run } from "../src/Cli.js"
import * as DatasetFile from "../src/DatasetFile.js"

const cli = (...args: Array<string>) => run(["node", "taxcom-sandbox", ...args]).pipe(Effect.provide(NodeContext.layer))

describe("taxcom-sandbox", () => {
  it.live("erp-export writes the CSV and the truth; dataset writes a file that loads back", () =>
    Effect.gen(function*() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-cli-"))
      const out = path.join(dir, "sales.csv")
      yield* cli("erp-export", "--registers", "3", "--from", "2026-01-05", "--to", "2026-01-06", "--out", out, "--level", "line", "--rates", "duplicate=0.05")
      const truth = JSON.parse(fs.readFileSync(`${out}.truth.json`, "utf8"))
      assert.strictEqual(truth.level, "line")
      assert.isAbove(truth.rows, 10)
      assert.isAbove(truth.differences.filter((d: { kind: string }) => d.kind === "duplicate").length, 0)
      const file = path.join(dir, "chain.json")
      yield* cli("dataset", "--registers", "2", "--from", "2026-01-05", "--to", "2026-01-05", "--out", file)
      const loaded = DatasetFile.load(file)
      assert.strictEqual(loaded.kkts.length, 2)
      // A bad flag is a user error: exit code 2, no stack.
      yield* cli("erp-export", "--registers", "2", "--from", "2026-02-30", "--out", out)
      assert.strictEqual(process.exitCode, 2)
      process.exitCode = 0
      fs.rmSync(dir, { recursive: true })
    }))
})
