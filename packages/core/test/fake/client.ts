/** Builds a client over the fake, with test credentials; and a fixed "today" for TestClock. */
import { Layer, Redacted, TestClock } from "effect"
import * as Session from "../../src/Session.js"
import * as TaxcomClient from "../../src/TaxcomClient.js"
import { type Fake, INTEGRATOR_ID, LOGIN, PASSWORD, TIME_ZONE } from "./server.js"

export const BASE_URL = "https://api-tlk-ofd.taxcom.test"

/** 2025-05-20 12:00 Moscow time: after the chain's last shift opened. */
export const TODAY = Date.UTC(2025, 4, 20, 9, 0, 0)

export const setToday = TestClock.setTime(TODAY)

export const options = (overrides: Partial<TaxcomClient.Options> = {}): TaxcomClient.Options => ({
  baseUrl: BASE_URL,
  integratorId: Redacted.make(INTEGRATOR_ID),
  credentials: Session.password({ login: LOGIN, password: Redacted.make(PASSWORD) }),
  timeZone: TIME_ZONE,
  // The token bucket refills on the Clock: under TestClock a test that does not move time gets only `limit` calls.
  rateLimit: { limit: 10_000, interval: "1 second" },
  ...overrides
})

/** The client over a fake; invalid options are a bug of the test. */
export const clientLayer = (fake: Fake, overrides: Partial<TaxcomClient.Options> = {}) =>
  TaxcomClient.layer(options(overrides)).pipe(Layer.provide(fake.layer), Layer.orDie)
