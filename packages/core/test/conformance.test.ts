import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Conformance from "../src/Conformance.js"

const RECORDED = path.resolve(__dirname, "../../../fixtures/taxcom-recorded")

const copyOfRecorded = (edit?: (name: string, json: any) => void): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"))
  for (const f of fs.readdirSync(RECORDED).filter((f) => f.endsWith(".json"))) {
    const json = JSON.parse(fs.readFileSync(path.join(RECORDED, f), "utf8"))
    edit?.(f, json)
    fs.writeFileSync(path.join(dir, f), JSON.stringify(json))
  }
  return dir
}

describe("Conformance", () => {
  it("the recorded fixtures decode and every fact holds", () => {
    const r = Conformance.checkFolder(RECORDED)
    assert.isTrue(r.ok)
    assert.strictEqual(r.files.length, 5)
    assert.strictEqual(r.facts.filter((f) => f.status === "ok").length, Conformance.recordedFacts.length)
  })

  it("a changed amount breaks the shift-84 fact, with what was expected", () => {
    const dir = copyOfRecorded((name, json) => {
      if (name === "DocumentList.json") json.records[1].sum = 2801
    })
    const r = Conformance.checkFolder(dir)
    assert.isFalse(r.ok)
    const failed = r.facts.filter((f) => f.status === "failed")
    assert.strictEqual(failed.length, 1)
    assert.include(failed[0]!.detail!, "[1400,2801,1400,6400]")
  })

  it("a decode error names the file, the method and the JSON path", () => {
    const dir = copyOfRecorded((name, json) => {
      if (name === "CashDeskList.json") delete json.records[0].cashdeskState
    })
    const r = Conformance.checkFolder(dir)
    const bad = r.files.find((f) => !f.ok)!
    assert.strictEqual(bad.file, "CashDeskList.json")
    assert.include(bad.error!, "KKTList")
    assert.include(bad.error!, '["cashdeskState"]')
    assert.include(Conformance.render(dir, r), "conformance: FAILED")
  })

  it("a file named after no method is a failure, not silently skipped", () => {
    const dir = copyOfRecorded()
    fs.writeFileSync(path.join(dir, "Whatever.json"), "{}")
    const r = Conformance.checkFolder(dir, { facts: false })
    assert.isFalse(r.ok)
    assert.include(r.files.find((f) => f.file === "Whatever.json")!.error!, "no method")
  })

  it("an empty folder fails", () => {
    assert.isFalse(Conformance.checkFolder(fs.mkdtempSync(path.join(os.tmpdir(), "empty-"))).ok)
  })
})
