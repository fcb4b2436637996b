#!/usr/bin/env node
/**
 * `npm run conformance -- <dir> [--no-facts]`: decodes every recorded response of a folder with the wire schema of
 * its method and checks the known facts of the Taxcom recordings. Exit code 1 when anything fails.
 */
import * as Conformance from "../Conformance.js"

const args = process.argv.slice(2)
const dir = args.find((a) => !a.startsWith("--"))
if (dir === undefined || args.includes("--help")) {
  console.log("usage: npm run conformance -- <folder of recorded responses> [--no-facts]\n\n" +
    "Files are named by method (OutletList.json, DocumentList.page2.json; CashDeskList.json is KKTList).\n" +
    "--no-facts  skip the facts of fixtures/taxcom-recorded (for your own recordings)")
  process.exit(dir === undefined ? 2 : 0)
}
const report = Conformance.checkFolder(dir, { facts: !args.includes("--no-facts") })
console.log(Conformance.render(dir, report))
process.exit(report.ok ? 0 : 1)
