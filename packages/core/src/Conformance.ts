/**
 * Conformance of recorded responses: every file of a folder, named by method (`OutletList.json`,
 * `DocumentList.page2.json`, `CashDeskList.json` for KKTList), must decode with that method's wire schema, and the
 * facts known about the recordings (`fixtures/taxcom-recorded/ORIGIN.md`) must hold of the decoded values.
 */
import { Either, ParseResult, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { FiscalDocumentDetail, DocumentSummary } from "./FiscalDocument.js"
import * as FiscalSign from "./FiscalSign.js"
import type { Shift } from "./Shift.js"
import * as Methods from "./Methods.js"
import type { Page } from "./wire/Common.js"

export interface FileResult {
  readonly file: string
  readonly method: string | null
  readonly confidence: Methods.Confidence | null
  readonly ok: boolean
  /** The decoded domain value, when it decoded. */
  readonly value?: unknown
  /** What went wrong: an unknown method, bad JSON, or the decode error with its JSON path. */
  readonly error?: string
}

export interface FactResult {
  readonly fact: string
  readonly file: string
  readonly status: "ok" | "failed" | "not-applicable"
  readonly detail?: string
}

/** Decodes one recorded response file with the schema of the method its name gives. */
export const checkFile = (file: string): FileResult => {
  const base = path.basename(file)
  const spec = Methods.byName(base.split(".")[0]!)
  if (spec === undefined) return { file: base, method: null, confidence: null, ok: false, error: `no method is named "${base.split(".")[0]}"` }
  if (spec.response === "binary") return { file: base, method: spec.name, confidence: spec.confidence, ok: true }
  let json: unknown
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""))
  } catch (e) {
    return { file: base, method: spec.name, confidence: spec.confidence, ok: false, error: `not JSON: ${(e as Error).message}` }
  }
  return Either.match(Schema.decodeUnknownEither(spec.response)(json, { errors: "all" }), {
    onLeft: (e) => ({
      file: base, method: spec.name, confidence: spec.confidence, ok: false,
      error: `${spec.name}: ${ParseResult.TreeFormatter.formatErrorSync(e)}`
    }),
    onRight: (value) => ({ file: base, method: spec.name, confidence: spec.confidence, ok: true, value })
  })
}

interface Fact {
  readonly fact: string
  readonly method: string
  /** Whether the fact speaks of this file at all (e.g. it holds shift 84). */
  readonly applies: (value: any) => boolean
  /** A failure description, or undefined when the fact holds. */
  readonly check: (value: any) => string | undefined
}

const expect = (what: string, actual: unknown, expected: unknown) =>
  JSON.stringify(actual) === JSON.stringify(expected) ? undefined : `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`

const firstFailure = (...checks: Array<string | undefined>) => checks.find((c) => c !== undefined)

const shift84 = (p: Page<DocumentSummary>) => p.records.filter((d) => d.shift === 84 && d.type === 3)

/** Facts of `fixtures/taxcom-recorded` (ORIGIN.md). A fact applies to a file that holds its subject. */
export const recordedFacts: ReadonlyArray<Fact> = [
  {
    fact: "shift 84 holds 4 receipts, fd 16214–16217",
    method: "DocumentList",
    applies: (p: Page<DocumentSummary>) => shift84(p).length > 0,
    check: (p: Page<DocumentSummary>) => expect("fd numbers", shift84(p).map((d) => d.fd), [16214, 16215, 16216, 16217])
  },
  {
    fact: "shift 84 totals 12000 kopecks: 1400 + 2800 + 1400 + 6400, cash 9200, electronic 2800, all without VAT",
    method: "DocumentList",
    applies: (p: Page<DocumentSummary>) => shift84(p).length > 0,
    check: (p: Page<DocumentSummary>) => {
      const docs = shift84(p)
      const sum = (f: (d: DocumentSummary) => number) => docs.reduce((a, d) => a + f(d), 0)
      return firstFailure(
        expect("receipt totals", docs.map((d) => d.total), [1400, 2800, 1400, 6400]),
        expect("total", sum((d) => d.total), 12000),
        expect("cash", sum((d) => d.cash), 9200),
        expect("electronic", sum((d) => d.electronic), 2800),
        expect("sum without VAT", sum((d) => d.vat.find((v) => v.rate === "none")?.gross ?? 0), 12000),
        expect("VAT", sum((d) => d.vat.reduce((a, v) => a + (v.vat ?? 0), 0)), 0)
      )
    }
  },
  {
    fact: "fd 16214 has fpd 824629212 in DocumentList",
    method: "DocumentList",
    applies: (p: Page<DocumentSummary>) => p.records.some((d) => d.fd === 16214),
    check: (p: Page<DocumentSummary>) => expect("fpd of fd 16214", p.records.find((d) => d.fd === 16214)?.fiscalSign, "824629212")
  },
  {
    fact: "fd 16214's tag 1077 \"MQQxJtfc\" is fpd 824629212; 1400 kopecks, no VAT, FN and INN intact",
    method: "DocumentInfo",
    applies: (v: { document: FiscalDocumentDetail }) => v.document.fd === 16214,
    check: ({ document: d }: { document: FiscalDocumentDetail }) =>
      firstFailure(
        expect("fiscal sign", d.fiscalSign, "824629212"),
        expect("tag 1077", FiscalSign.toBase64(d.fiscalSign ?? "0"), "MQQxJtfc"),
        expect("total", d.total, 1400),
        expect("no-VAT base", d.vat.find((v) => v.rate === "none")?.gross, 1400),
        expect("FN", d.fn, "4444444444444444"),
        expect("INN (trimmed)", d.inn, "6363636363")
      )
  },
  {
    fact: "ShiftList: shift 84 opened 2020-01-06T10:28:00 with 4 receipts (after its first receipt: receipts may predate the open)",
    method: "ShiftList",
    applies: (p: Page<Shift>) => p.records.some((s) => s.number === 84),
    check: (p: Page<Shift>) => {
      const s = p.records.find((s) => s.number === 84)!
      return firstFailure(expect("openedAt", s.openedAt, "2020-01-06T10:28:00"), expect("receiptCount", s.receiptCount, 4))
    }
  },
  {
    fact: "KKTList: the 16-digit FN 4444444444444444 survives unchanged",
    method: "KKTList",
    applies: (p: Page<{ fn: string }>) => p.records.length > 0,
    check: (p: Page<{ fn: string }>) => expect("fn", p.records[0]!.fn, "4444444444444444")
  }
]

export interface Report {
  readonly files: ReadonlyArray<FileResult>
  readonly facts: ReadonlyArray<FactResult>
  readonly ok: boolean
}

/** Checks every `*.json` of a folder, then the facts, unless `facts` is false. */
export const checkFolder = (dir: string, options: { readonly facts?: boolean } = {}): Report => {
  const files = fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".json")).sort().map((f) => checkFile(path.join(dir, f)))
  const facts: Array<FactResult> = []
  if (options.facts !== false) {
    for (const fact of recordedFacts) {
      const decoded = files.filter((f) => f.ok && f.method === fact.method && f.value !== undefined)
      const applicable = decoded.filter((f) => fact.applies(f.value))
      if (applicable.length === 0) {
        facts.push({ fact: fact.fact, file: "-", status: "not-applicable" })
        continue
      }
      for (const f of applicable) {
        const failure = fact.check(f.value)
        facts.push(failure === undefined
          ? { fact: fact.fact, file: f.file, status: "ok" }
          : { fact: fact.fact, file: f.file, status: "failed", detail: failure })
      }
    }
  }
  return {
    files,
    facts,
    ok: files.length > 0 && files.every((f) => f.ok) && facts.every((f) => f.status !== "failed")
  }
}

/** A plain-text report for a terminal or a CI log. */
export const render = (dir: string, r: Report): string => {
  const lines = [`Conformance of ${dir}`, ""]
  for (const f of r.files) {
    lines.push(`${f.ok ? "ok  " : "FAIL"} ${f.file.padEnd(28)} ${(f.method ?? "?").padEnd(18)} ${f.confidence ?? ""}`)
    if (f.error) lines.push(...f.error.split("\n").map((l) => "       " + l))
  }
  if (r.files.length === 0) lines.push("FAIL no *.json files in the folder")
  if (r.facts.length > 0) lines.push("", "Facts:")
  for (const f of r.facts) {
    lines.push(`${f.status === "ok" ? "ok  " : f.status === "failed" ? "FAIL" : "n/a "} ${f.fact}${f.status === "ok" ? ` (${f.file})` : ""}`)
    if (f.detail) lines.push("       " + f.detail)
  }
  lines.push("", r.ok ? "conformance: ok" : "conformance: FAILED")
  return lines.join("\n")
}
