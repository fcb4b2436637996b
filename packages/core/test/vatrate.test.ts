import { assert, describe, it } from "@effect/vitest"
import * as Money from "../src/Money.js"
import * as VatRate from "../src/VatRate.js"

describe("VatRate", () => {
  it("VAT of 6999 at 20/120 is 1167 (half up per line)", () => {
    assert.strictEqual(VatRate.vatOf(Money.kopecks(6999), "vat20_120"), 1167)
    assert.strictEqual(VatRate.vatOf(Money.kopecks(6999), "vat20"), 1167)
  })

  it("implies the right VAT for every rate", () => {
    const gross = Money.kopecks(12200)
    assert.strictEqual(VatRate.vatOf(gross, "vat22"), 2200)
    assert.strictEqual(VatRate.vatOf(gross, "vat22_122"), 2200)
    assert.strictEqual(VatRate.vatOf(Money.kopecks(11000), "vat10"), 1000)
    assert.strictEqual(VatRate.vatOf(Money.kopecks(10700), "vat7_107"), 700)
    assert.strictEqual(VatRate.vatOf(Money.kopecks(10500), "vat5"), 500)
    assert.strictEqual(VatRate.vatOf(Money.kopecks(11800), "vat18"), 1800)
    assert.strictEqual(VatRate.vatOf(gross, "vat0"), 0)
    assert.strictEqual(VatRate.vatOf(gross, "none"), 0)
  })

  it("reads tag-1199 codes by the document's date", () => {
    assert.strictEqual(VatRate.fromFfdCode(1, "2018-12-31T23:59:59")?.id, "vat18")
    assert.strictEqual(VatRate.fromFfdCode(1, "2019-01-01T00:00:00")?.id, "vat20")
    assert.strictEqual(VatRate.fromFfdCode(3, "2018-06-01")?.id, "vat18_118")
    assert.strictEqual(VatRate.fromFfdCode(3, "2026-01-10")?.id, "vat20_120")
    assert.strictEqual(VatRate.fromFfdCode(11, "2026-01-10")?.id, "vat22")
    assert.strictEqual(VatRate.fromFfdCode(12, "2026-01-10")?.id, "vat22_122")
    assert.strictEqual(VatRate.fromFfdCode(6)?.id, "none")
    assert.strictEqual(VatRate.fromFfdCode(1)?.id, "vat20")
    assert.strictEqual(VatRate.fromFfdCode(7)?.id, "vat5")
    assert.strictEqual(VatRate.fromFfdCode(10)?.id, "vat7_107")
    assert.isUndefined(VatRate.fromFfdCode(99))
  })

  it("codes round-trip for every rate on a date it is in force", () => {
    for (const r of VatRate.all) {
      const day = r.effectiveFrom ?? "2020-06-01"
      assert.strictEqual(VatRate.fromFfdCode(VatRate.toFfdCode(r.id, day), day)?.id, r.id, r.id)
    }
  })

  it("knows which rates are in force", () => {
    const on2026 = VatRate.all.filter((r) => VatRate.inForceOn(r, "2026-11-15")).map((r) => r.id)
    assert.includeMembers(on2026, ["vat22", "vat22_122", "vat10", "vat10_110", "vat5", "vat7", "vat0", "none"])
    assert.notInclude(on2026, "vat20")
    assert.notInclude(on2026, "vat18")
  })

  it("has Russian and English labels", () => {
    assert.strictEqual(VatRate.label("none"), "Без НДС")
    assert.strictEqual(VatRate.label("vat22_122", "en"), "VAT 22/122")
  })
})
