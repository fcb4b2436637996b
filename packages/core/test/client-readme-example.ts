import { FetchHttpClient } from "@effect/platform"
import { LocalDateTime, Money, Session, TaxcomClient } from "@taxcom-kit/core"
import { Config, Effect, Layer, Stream } from "effect"

// The client, configured from the environment. Any HttpClient will do; fetch is built into Node 20.
export const TaxcomLive = TaxcomClient.layerConfig({
  baseUrl: Config.string("TAXCOM_BASE_URL").pipe(Config.withDefault("https://api-lk-ofd.taxcom.ru")),
  integratorId: Config.redacted("TAXCOM_INTEGRATOR_ID"),
  credentials: Session.passwordConfig(), // TAXCOM_LOGIN, TAXCOM_PASSWORD, TAXCOM_AGREEMENT_NUMBER (optional)
  timeZone: Config.string("TAXCOM_TIME_ZONE").pipe(Config.withDefault("Europe/Moscow"))
}).pipe(Layer.provide(FetchHttpClient.layer))

// Revenue per outlet from 1 March to 14 May (75 days: more than one kktstat call allows, so the client splits the
// period and merges the parts), and the receipts of March, walking outlets → registers → drives → shifts → documents.
export const program = Effect.gen(function*() {
  const taxcom = yield* TaxcomClient.TaxcomClient
  const period = { from: LocalDateTime.make(2025, 3, 1), to: LocalDateTime.make(2025, 5, 14, 23, 59, 59) }
  const report = yield* taxcom.shiftsReport(period, { includePeriod: "closed" }, "outlet")
  for (const row of report.rows) {
    yield* Effect.log(`${row.outlet?.name ?? "—"}: ${Money.format(row.revenue, { currency: true })}`)
  }
  const march = { from: LocalDateTime.make(2025, 3, 1), to: LocalDateTime.make(2025, 3, 31, 23, 59, 59) }
  const receipts = yield* Stream.runCount(taxcom.documents({ ...march, types: [3] }))
  return { outlets: report.rows.length, receipts }
})

// In the application's entry point:
// Effect.runPromise(program.pipe(Effect.provide(TaxcomLive)))
