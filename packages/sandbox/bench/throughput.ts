/**
 * Requests per second on loopback: DocumentList pages (ps=100), ShiftInfo and DocumentInfo, with N requests in
 * flight (CONCURRENCY, default 16) for SECONDS (default 5) each. Prints figures; asserts nothing.
 * Run: `node --import tsx bench/throughput.ts`.
 */
import { Effect } from "effect"
import * as Dataset from "../src/Dataset.js"
import * as SandboxServer from "../src/SandboxServer.js"

const concurrency = Number(process.env.CONCURRENCY ?? 16)
const seconds = Number(process.env.SECONDS ?? 5)
const registers = Number(process.env.REGISTERS ?? 200)

const main = Effect.gen(function*() {
  const dataset = Dataset.generate({ seed: 1, registers, from: "2026-01-01", to: "2026-01-31", receiptsPerShift: [80, 120] })
  const server = yield* SandboxServer.make({ dataset })
  const login = (yield* Effect.promise(() => fetch(`${server.baseUrl}Login`, { method: "POST", headers: { "Integrator-ID": "demo", "Content-Type": "application/json" }, body: JSON.stringify({ login: "demo", password: "demo" }) }).then((r) => r.json()))) as { sessionToken: string }
  const headers = { "Session-Token": login.sessionToken }
  const shifts = dataset.kkts.flatMap((k) => dataset.shifts(k)).filter((s) => s.receipts >= 100)
  const urls = {
    "DocumentList ps=100": (i: number) => {
      const s = shifts[i % shifts.length]!
      return `${server.baseUrl}DocumentList?fn=${s.fn}&shift=${s.number}&ps=100`
    },
    ShiftInfo: (i: number) => {
      const s = shifts[i % shifts.length]!
      return `${server.baseUrl}ShiftInfo?fn=${s.fn}&shift=${s.number}`
    },
    DocumentInfo: (i: number) => {
      const s = shifts[i % shifts.length]!
      return `${server.baseUrl}DocumentInfo?fn=${s.fn}&fd=${s.openFd + 1 + (i % s.receipts)}`
    }
  }
  console.log(`${registers} registers, ${shifts.length} shifts of 100+ receipts; ${concurrency} in flight, ${seconds} s each, Node ${process.version}`)
  for (const [name, url] of Object.entries(urls)) {
    yield* Effect.promise(async () => {
      let n = 0
      let bytes = 0
      let errors = 0
      const end = performance.now() + seconds * 1000
      const worker = async (w: number) => {
        for (let i = w; performance.now() < end; i += concurrency) {
          const r = await fetch(url(i), { headers })
          const t = await r.text()
          if (r.status !== 200) errors++
          bytes += t.length
          n++
        }
      }
      const t0 = performance.now()
      await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)))
      const s = (performance.now() - t0) / 1000
      console.log(`${name.padEnd(22)} ${(n / s).toFixed(0).padStart(6)} req/s  ${(bytes / n / 1024).toFixed(1).padStart(6)} KB/answer  errors ${errors}`)
    })
  }
})

Effect.runPromise(Effect.scoped(main)).then(() => process.exit(0))
