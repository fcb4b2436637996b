/** The exit code of each kind of failure, where the tag alone would mislead. */
import { TaxcomError } from "@taxcom-kit/core"
import { assert, describe, it } from "vitest"
import { ExitCode } from "../src/ExitCode.js"
import * as Failure from "../src/Failure.js"

const auth = (reason: TaxcomError.AuthenticationReason, apiCode: number) =>
  new TaxcomError.AuthenticationError({ apiCode, httpStatus: 401, method: "ShiftInfo", description: null, details: null, params: {}, reason })

describe("classify", () => {
  it("a session token the service kept refusing after fresh logins is the service's fault (4), not the credentials' (3)", () => {
    for (const [reason, code] of [["tokenExpired", 2109], ["tokenMissing", 2110]] as const) {
      const c = Failure.classify(auth(reason, code))
      assert.strictEqual(c.code, ExitCode.Api, reason)
      assert.include(c.hint ?? "", "run again later")
    }
    assert.strictEqual(Failure.classify(auth("credentials", 2108)).code, ExitCode.Authentication)
    assert.strictEqual(Failure.classify(auth("forbidden", 2111)).code, ExitCode.Authentication)
  })

  it("an answer that does not decode is an API failure naming the method and the path", () => {
    const c = Failure.classify(new TaxcomError.DecodeError({ method: "DocumentList", httpStatus: 200, path: "$.records[3].fdNumber", issues: [{ path: "$.records[3].fdNumber", message: "Expected number" }] }))
    assert.strictEqual(c.code, ExitCode.Api)
    assert.include(c.message, "DocumentList: cannot read the answer at $.records[3].fdNumber")
  })
})
