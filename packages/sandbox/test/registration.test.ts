import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"
import { apiCode, call, login } from "./helpers.js"

const options = { seed: 51, registers: 5, from: "2026-01-10", to: "2026-01-12" }
const application = {
  kktFactoryNumber: "00106999990001", kktModelName: "АТОЛ 30Ф", fnFactoryNumber: "9999440500000077", fnModelName: "ФН-1.1М исполнение 36",
  fiasId: null, postalCode: "101000", regionCode: "77", city: "Москва", street: "ул. Тверская", house: "7", installationPlace: "Торговый зал",
  isLottery: false, isGambling: false, isBankPaymentAgent: false, isPaymentAgent: false, isAutomatic: false, isInternet: false, isDelivery: false, isBso: false, isExcise: false
}
const proof = { fiscalSignDateTime: "2026-01-12T10:00:00", fdNumber: 10, fiscalSign: "1234567890" }

describe("registration", () => {
  it.scoped("life cycle: draft → registration number → card → report in DraftList → accepted into an outlet", () =>
    Effect.gen(function*() {
      const s = yield* SandboxServer.make({ dataset: Dataset.generate(options) })
      // The registration group answers under /API/v2/fns/ as well; the integration token keeps working across the delays.
      const auth = { headers: { "Integration-Token": s.settings.integrationToken, "Integrator-ID": "demo" }, prefix: "/API/v2/fns/" }
      const created = yield* call(s, "CreateKKTRegApp", { ...auth, body: application })
      assert.strictEqual(created.status, 200, created.text)
      assert.match(String(created.json.applicationNumber), /^\d+$/)
      assert.strictEqual(created.json.applicationDate, yield* s.now)
      const fn = application.fnFactoryNumber
      // Not yet registered by the tax service.
      const early = yield* call(s, "KKTRegApp", { ...auth, query: { fn } })
      assert.strictEqual(apiCode(early), 3301)
      assert.match(early.json.details, /не присвоен РНМ/)
      yield* TestClock.adjust("60 seconds")
      const result = yield* call(s, "KKTRegApp", { ...auth, query: { fn } })
      assert.strictEqual(result.status, 200)
      assert.match(result.json.kktRegNumber, /^\d{16}$/)
      assert.strictEqual(result.json.kktFactoryNumber, application.kktFactoryNumber)
      assert.strictEqual(result.json.userInn, s.dataset.account.inn)
      const noCard = yield* call(s, "KKTRegCard", { ...auth, query: { fn } })
      assert.strictEqual(apiCode(noCard), 3301)
      assert.match(noCard.json.details, /карточка/)
      yield* TestClock.adjust("60 seconds")
      const card = yield* call(s, "KKTRegCard", { ...auth, query: { fn } })
      assert.strictEqual(card.status, 200)
      assert.strictEqual(card.contentType, "application/pdf")
      assert.strictEqual(new TextDecoder().decode(card.bytes.slice(0, 8)), "%PDF-1.4")
      assert.isTrue(new TextDecoder().decode(card.bytes.slice(-6)).includes("%%EOF"))
      // The registration report arrives in the cabinet; accepting it connects the register to the outlet.
      const token = yield* login(s)
      const drafts = (yield* call(s, "DraftList", { token })).json.records as Array<{ id: number; fnFactoryNumber: string; type: string }>
      const draft = drafts.find((d) => d.fnFactoryNumber === fn)!
      assert.strictEqual(draft.type, "Registration")
      const outlet = s.dataset.outlets[1]!
      const accept = [{ id: draft.id, type: "Registration", kktModelName: "АТОЛ 30Ф", kktName: "Касса новая", fnDuration: "36", outletId: outlet.id, tariff: "CD_Base", activationCode: "1111-2222-3333-4444" }]
      const accepted = yield* call(s, "DraftAccept", { token, body: accept })
      assert.deepStrictEqual(accepted.json, [{ id: draft.id, dateTime: yield* s.now, result: "Accepted" }])
      const kkts = (yield* call(s, "KKTList", { token, query: { id: outlet.id } })).json.records as Array<{ name: string; fnFactoryNumber: string; cashdeskState: string }>
      assert.deepStrictEqual(kkts.find((k) => k.fnFactoryNumber === fn), { name: "Касса новая", kktRegNumber: result.json.kktRegNumber, kktFactoryNumber: application.kktFactoryNumber, fnFactoryNumber: fn, cashdeskState: "Activation", problemIndicator: "Warning" } as never)
      assert.strictEqual((yield* call(s, "KKTInfo", { token, query: { fn } })).json.cashdesk.outlet.id, outlet.id)
      // Accepted reports leave the list; sending one again is 3107.
      assert.strictEqual(apiCode(yield* call(s, "DraftAccept", { token, body: accept })), 3107)
      // The drive is now known: a second application for it is refused.
      assert.strictEqual(apiCode(yield* call(s, "CreateKKTRegApp", { token, body: application })), 3201)
    }))

  it.scoped("DraftAccept answers each report's outcome", () =>
    Effect.gen(function*() {
      const s = yield* SandboxServer.make({ dataset: Dataset.generate(options) })
      const token = yield* login(s)
      const base = { kktModelName: "АТОЛ 30Ф", fnDuration: "15", tariff: "CD_Base" }
      const r = yield* call(s, "DraftAccept", {
        token,
        body: [
          { id: 1003, type: "Registration", ...base },
          { id: 1004, type: "Registration", ...base },
          { id: 1001, type: "Registration", fnDuration: "15", tariff: "CD_Base" },
          { id: 1001, type: "Registration", ...base, activationCode: "0000" },
          { id: 1002, type: "Registration", ...base, partnerInn: "0000000000" },
          { id: 1005, type: "ReRegistration", ...base, partnerInn: "7707083893", partnerKpp: "770701001" }
        ]
      })
      assert.strictEqual(r.status, 200, r.text)
      assert.deepStrictEqual(r.json.map((x: { result: string }) => x.result), [
        "FnFactoryNumberAlreadyExists", "KktRegNumberAlreadyExists", "ModelNameIsMissing", "InvalidActivationCode", "PartnerNotFound", "Accepted"
      ])
      const left = (yield* call(s, "DraftList", { token })).json.records.map((d: { id: number }) => d.id)
      assert.deepStrictEqual(left, [1001, 1002, 1003, 1004])
      assert.strictEqual(apiCode(yield* call(s, "DraftAccept", { token, body: [{ id: 1001, type: "Registration", ...base, fnDuration: "12" }] })), 2201)
      assert.strictEqual(apiCode(yield* call(s, "DraftAccept", { token, body: [{ id: 1001, type: "Registration", ...base, outletId: "nope" }] })), 3102)
    }))

  it.scoped("applications are checked against the registries: 2301, 2302, 2303, and 3103 for unknown registers", () =>
    Effect.gen(function*() {
      const s = yield* SandboxServer.make({ dataset: Dataset.generate(options) })
      const token = yield* login(s)
      const kkt = s.dataset.kkts[0]!
      assert.strictEqual(apiCode(yield* call(s, "CreateKKTRegApp", { token, body: { ...application, kktModelName: "Касса-3000" } })), 2301)
      assert.strictEqual(apiCode(yield* call(s, "CreateKKTRegApp", { token, body: { ...application, fnModelName: "ФН-9" } })), 2302)
      assert.strictEqual(apiCode(yield* call(s, "CreateKKTRegApp", { token, body: { ...application, regionCode: "80" } })), 2303)
      assert.strictEqual(apiCode(yield* call(s, "CreateKKTRegApp", { token, body: { ...application, fnFactoryNumber: s.dataset.currentFn(kkt).number } })), 3201)
      assert.strictEqual(apiCode(yield* call(s, "CreateKKTRegApp", { token, body: { kktModelName: "АТОЛ 30Ф" } })), 2201)
      const rereg = { ...application, kktRegNumber: kkt.regNumber, fnFactoryNumber: "9999440500000088", isFnChange: true, ...proof }
      assert.strictEqual(apiCode(yield* call(s, "CreateKKTRe-RegApp", { token, body: { ...rereg, kktRegNumber: "42" } })), 3103)
      assert.strictEqual((yield* call(s, "CreateKKTRe-RegApp", { token, body: rereg })).status, 200)
      yield* TestClock.adjust("1 minute")
      const token2 = yield* login(s)
      const result = yield* call(s, "KKTRegApp", { token: token2, query: { fn: rereg.fnFactoryNumber } })
      assert.strictEqual(result.json.kktRegNumber, kkt.regNumber)
      assert.strictEqual(result.json.isFnChange, true)
      const removal = { kktRegNumber: kkt.regNumber, kktFactoryNumber: kkt.factoryNumber, kktModelName: kkt.model, isStolen: false, isLost: true, ...proof }
      assert.strictEqual((yield* call(s, "CreateKKTRemovalApp", { token: token2, body: removal })).status, 200)
      assert.strictEqual(apiCode(yield* call(s, "CreateKKTRemovalApp", { token: token2, body: { ...removal, kktRegNumber: "42" } })), 3103)
    }))
})
