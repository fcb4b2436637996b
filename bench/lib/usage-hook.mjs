// Preloaded into a child the bench runs (`node --import <this file> ...`): on exit, reports the process's CPU time
// and peak RSS on stderr as `BENCH-USAGE {"cpuMs":…,"maxRssMb":…}`, for the bench to parse.
import * as fs from "node:fs"

process.on("exit", () => {
  const c = process.cpuUsage()
  const usage = { cpuMs: (c.user + c.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }
  fs.writeSync(2, `\nBENCH-USAGE ${JSON.stringify(usage)}\n`)
})
