import { assert, describe, it } from "@effect/vitest"
import { Either, ParseResult, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Methods from "../src/Methods.js"
import { requests, responses } from "./fixtures/wire-samples.js"

const RECORDED = path.resolve(__dirname, "../../../fixtures/taxcom-recorded")
const recorded: Record<string, unknown> = Object.fromEntries(
  fs.readdirSync(RECORDED).filter((f) => f.endsWith(".json")).map((f) => [
    Methods.byName(f.replace(/\.json$/, ""))!.name,
    JSON.parse(fs.readFileSync(path.join(RECORDED, f), "utf8"))
  ])
)

/** Deep equality that ignores key order: JSON objects are unordered. */
const canonical = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(canonical)
    : x !== null && typeof x === "object"
    ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, canonical((x as Record<string, unknown>)[k])]))
    : x

const roundTrip = (schema: Schema.Schema<any, any>, wire: unknown) => {
  const domain = Schema.decodeUnknownSync(schema)(wire)
  const back = Schema.encodeSync(schema)(domain)
  assert.deepStrictEqual(canonical(back), canonical(wire))
  // and domain → wire → domain is the identity
  assert.deepStrictEqual(Schema.decodeUnknownSync(schema)(back), domain)
  return domain
}

describe("wire ↔ domain round trips", () => {
  const jsonMethods = Methods.all.filter((m) => m.response !== "binary")

  it("every JSON method has a sample or a recording", () => {
    for (const m of jsonMethods) assert.isTrue(m.name in responses || m.name in recorded, `no sample for ${m.name}`)
  })

  for (const m of jsonMethods) {
    it(`${m.name} response`, () => {
      const samples = Object.entries({ ...responses, ...recorded }).filter(([k]) => k.split("#")[0] === m.name)
      for (const [, wire] of samples) roundTrip(m.response as Schema.Schema<any, any>, wire)
    })
  }

  for (const m of Methods.all.filter((m) => m.request !== undefined)) {
    it(`${m.name} request`, () => {
      assert.isDefined(requests[m.name], `no request sample for ${m.name}`)
      roundTrip(m.request!, requests[m.name])
    })
  }

  it("binary methods are marked so the client reads bytes", () => {
    assert.deepStrictEqual(
      Methods.all.filter((m) => m.response === "binary").map((m) => m.name),
      ["PrintDocumentHtml", "PrintDocumentPdf", "KKTRegCard"]
    )
  })
})

describe("long numbers", () => {
  const FN = /^\d{16}$/
  const strings = (x: unknown, out: Array<string> = []): Array<string> => {
    if (typeof x === "string") out.push(x)
    else if (Array.isArray(x)) x.forEach((v) => strings(v, out))
    else if (x !== null && typeof x === "object") Object.values(x).forEach((v) => strings(v, out))
    return out
  }
  it("every 16-digit number of every sample survives decode as the same string", () => {
    const all = { ...responses, ...recorded }
    let seen = 0
    for (const m of Methods.all.filter((m) => m.response !== "binary")) {
      for (const [name, wire] of Object.entries(all).filter(([k]) => k.split("#")[0] === m.name)) {
        const decoded = JSON.stringify(Schema.decodeUnknownSync(m.response as Schema.Schema<any, any>)(wire))
        for (const s of strings(wire).filter((s) => FN.test(s))) {
          seen++
          assert.include(decoded, `"${s}"`, `${name}: ${s}`)
        }
      }
    }
    assert.isAbove(seen, 20)
  })
})

describe("decoded values", () => {
  it("kktstat rubles become exact kopecks", () => {
    const report = Schema.decodeUnknownSync(Methods.KktStatShifts.response)(responses["kktstat/shifts"])
    const row = report.rows[0]!
    assert.strictEqual(row.revenue, 912468)
    assert.strictEqual(row.income.total, 30036)
    assert.strictEqual(row.income.credit, 1)
    assert.strictEqual(row.documentsCount, 137)
    assert.strictEqual(row.shift?.fn, "7380440800123456")
    assert.strictEqual(row.department.code, "NW")
    assert.deepStrictEqual(row.vat.map((v) => [v.rate, v.gross, v.vat]), [
      ["vat22", null, 15050],
      ["vat10", null, 1234],
      ["vat22_122", null, 360],
      ["vat0", 10000, null],
      ["none", 5555, null]
    ])
  })

  it("kktstat rows are found whatever the list is called, or as a bare array", () => {
    const row = (responses["kktstat/shifts"] as { Items: Array<unknown> }).Items[0]
    const decode = Schema.decodeUnknownSync(Methods.KktStatShifts.response)
    assert.strictEqual(decode({ GroupBy: "none", Created: "x", Shifts: [row] }).rows.length, 1)
    assert.strictEqual(decode([row]).rows[0]!.groupBy, "none")
  })

  it("ShiftInfo keeps gross and VAT per rate and the receipt-level 0% / no-VAT sums apart", () => {
    const s = Schema.decodeUnknownSync(Methods.ShiftInfo.response)(responses.ShiftInfo)
    assert.deepStrictEqual<unknown>(s.income.vat.find((v) => v.rate === "vat22"), { rate: "vat22", gross: 83459, vat: 15050 })
    assert.strictEqual(s.income.zeroRateTotal, 10000)
    assert.strictEqual(s.expenditure.noVatTotal, 20000)
    assert.strictEqual(s.closedAt, "2026-11-03T01:10:00")
  })

  it("ShiftInfo of an open shift: no close, missing operations read as zero", () => {
    const wire = structuredClone(responses.ShiftInfo) as { shift: Record<string, unknown> }
    wire.shift.closeDateTime = null
    wire.shift.closeFdNumber = null
    wire.shift.state = "Open"
    delete wire.shift.expenditureCorrection
    const s = Schema.decodeUnknownSync(Methods.ShiftInfo.response)(wire)
    assert.isNull(s.closedAt)
    assert.strictEqual(s.expenditureCorrection.total, 0)
  })

  it("a 2026 receipt: 22/122 from line code 12 and from the 1115 block", () => {
    const batch = Schema.decodeUnknownSync(Methods.NewDocumentsMethod.response)(responses.NewDocuments)
    const doc = batch.documents[0]!.document
    assert.strictEqual(doc.items[0]!.vatRate, "vat22_122")
    assert.deepStrictEqual<unknown>(doc.vat, [{ rate: "vat22_122", gross: 6999, vat: 1262 }])
    assert.strictEqual(doc.inn, "7701234567")
    assert.strictEqual(doc.fiscalSign, "824629212")
    assert.deepStrictEqual(doc.otherTags, { "1209": 4, "1115": [{ "1199": 12, "1119": 6999, "1120": 1262 }] })
  })

  it("the ExpendituReReturn typo of the vendor document is read as ExpenditureReturn", () => {
    const page = structuredClone(recorded.DocumentList) as { records: Array<Record<string, unknown>> }
    page.records[0]!.accountingType = "ExpendituReReturn"
    const decoded = Schema.decodeUnknownSync(Methods.DocumentList.response)(page)
    assert.strictEqual(decoded.records[0]!.operation, "ExpenditureReturn")
  })

  it("AccountList flags written as bits are read as booleans", () => {
    const wire = structuredClone(responses.AccountList) as { records: Array<Record<string, unknown>> }
    wire.records[0]!.isAdmin = 0
    wire.records[0]!.fiscalDocumentsAccess = 1
    const list = Schema.decodeUnknownSync(Methods.AccountList.response)(wire)
    assert.strictEqual(list.accounts[0]!.rights?.admin, false)
    assert.strictEqual(list.accounts[0]!.rights?.viewDocuments, true)
    assert.isNull(list.accounts[1]!.rights)
  })

  it("kktinfo sends only filters set to true", () => {
    const body = Schema.encodeSync(Methods.KktStatKktInfo.request)({ filter: { shiftOpen: true, fnExpired: false } })
    assert.deepStrictEqual(body, { ShiftOpen: true })
  })
})

describe("unknown and bad input", () => {
  it("unknown extra fields are not an error", () => {
    const page = structuredClone(recorded.OutletList) as Record<string, unknown> & { records: Array<Record<string, unknown>> }
    page.newTopLevel = { anything: 1 }
    page.records[0]!.brandNewField = "x"
    assert.isTrue(Either.isRight(Schema.decodeUnknownEither(Methods.OutletList.response)(page)))
  })

  const failure = (schema: Schema.Schema<any, any>, wire: unknown): string =>
    Either.match(Schema.decodeUnknownEither(schema)(wire, { errors: "all" }), {
      onLeft: (e) => ParseResult.TreeFormatter.formatErrorSync(e),
      onRight: () => assert.fail("expected a decode error")
    })

  it("a missing required field names its JSON path", () => {
    const page = structuredClone(recorded.DocumentList) as { records: Array<Record<string, unknown>> }
    delete page.records[2]!.fdNumber
    const msg = failure(Methods.DocumentList.response, page)
    assert.include(msg, '["records"]')
    assert.include(msg, "[2]")
    assert.include(msg, '["fdNumber"]')
    assert.include(msg, "is missing")
  })

  it("a wrong type names its JSON path", () => {
    const page = structuredClone(recorded.ShiftList) as { records: Array<Record<string, unknown>> }
    page.records[1]!.shiftNumber = "85"
    const msg = failure(Methods.ShiftList.response, page)
    assert.include(msg, '["shiftNumber"]')
    assert.include(msg, '"85"')
  })

  it("an FN sent as a number (already mangled) is refused, not accepted", () => {
    const page = structuredClone(recorded.ShiftList) as { records: Array<Record<string, unknown>> }
    page.records[0]!.fnFactoryNumber = 4444444444444444
    assert.include(failure(Methods.ShiftList.response, page), '["fnFactoryNumber"]')
  })

  it("a bad fiscal sign in tag 1077 names the tag", () => {
    const doc = structuredClone(recorded.DocumentInfo) as { document: Record<string, unknown> }
    doc.document["1077"] = "not-base64!"
    const msg = failure(Methods.DocumentInfo.response, doc)
    assert.include(msg, '["document"]')
    assert.include(msg, "1077")
  })
})
