// Worker thread of bench/reconcile-speed.ts: parses one CSV file off the main thread and posts columnar batches
// (typed arrays transferred, not copied). Plain JavaScript because tsx's loader does not reach worker threads; it
// imports the compiled packages (run `npx tsc -b` first, as the benches do).
//
//   { kind: "erp", path, name }  → the reconcile package's own importer (ErpImport.batchImporter); ErpBatch messages
//   { kind: "ofd", path }        → the bench's DocumentList dump (fn;shift;type;date_time;fd;...) in columns
import * as fs from "node:fs"
import { parentPort, workerData } from "node:worker_threads"
import { Csv, ErpImport } from "@taxcom-kit/reconcile"

const CHUNK = 256 * 1024

const readChunks = function* (path) {
  const fd = fs.openSync(path, "r")
  try {
    for (;;) {
      const b = new Uint8Array(CHUNK)
      const n = fs.readSync(fd, b, 0, CHUNK, null)
      if (n === 0) return
      yield b.subarray(0, n)
    }
  } finally {
    fs.closeSync(fd)
  }
}

const erp = ({ path, name }) => {
  const importer = ErpImport.batchImporter(name)
  try {
    for (const bytes of readChunks(path)) {
      const batch = importer.push(bytes)
      parentPort.postMessage({ batch }, ErpImport.transferables(batch))
    }
    const { batch, report } = importer.finish()
    parentPort.postMessage({ batch }, ErpImport.transferables(batch))
    parentPort.postMessage({ report })
  } catch (e) {
    parentPort.postMessage({ error: e && e._tag === "ImportError" ? { ...e, message: e.message } : { message: String(e?.stack ?? e) } })
  }
}

const OPS = ["Income", "IncomeReturn", "Expenditure", "ExpenditureReturn"]

const int = (b, from, to) => {
  let v = 0
  for (let i = from; i < to; i++) v = v * 10 + (b[i] - 48)
  return v
}
// yyyy-MM-ddTHH:mm:ss → wall-clock milliseconds
const wall = (b, i) =>
  Date.UTC(int(b, i, i + 4), int(b, i + 5, i + 7) - 1, int(b, i + 8, i + 10), int(b, i + 11, i + 13), int(b, i + 14, i + 16), int(b, i + 17, i + 19))

const ofd = ({ path }) => {
  const r = new Csv.CsvReader(59)
  const fnIds = new Map()
  let header = true
  const flush = (final) => {
    const cap = 8192
    let n = 0
    let cols = null
    const newFns = []
    const alloc = () => ({
      fn: new Int32Array(cap), shift: new Int32Array(cap), type: new Int32Array(cap), ms: new Float64Array(cap),
      fd: new Float64Array(cap), nis: new Float64Array(cap), sign: new Float64Array(cap), op: new Int8Array(cap),
      total: new Float64Array(cap), cash: new Float64Array(cap), electronic: new Float64Array(cap),
      vat22: new Float64Array(cap), vat10: new Float64Array(cap), none: new Float64Array(cap)
    })
    const post = () => {
      if (n === 0 && newFns.length === 0) return
      const out = { n, newFns: newFns.splice(0) }
      const transfer = []
      for (const [k, a] of Object.entries(cols)) {
        out[k] = a.slice(0, n)
        transfer.push(out[k].buffer)
      }
      parentPort.postMessage({ docs: out }, transfer)
      n = 0
    }
    cols = alloc()
    while (r.next(final)) {
      if (header) {
        header = false
        continue
      }
      if (r.count < 14) continue
      const b = r.bytes
      const st = r.starts
      const en = r.ends
      const fnText = r.cell(0)
      let id = fnIds.get(fnText)
      if (id === undefined) {
        id = fnIds.size
        fnIds.set(fnText, id)
        newFns.push(fnText)
      }
      cols.fn[n] = id
      cols.shift[n] = int(b, st[1], en[1])
      cols.type[n] = int(b, st[2], en[2])
      cols.ms[n] = wall(b, st[3])
      cols.fd[n] = int(b, st[4], en[4])
      cols.nis[n] = int(b, st[5], en[5])
      cols.sign[n] = int(b, st[6], en[6])
      cols.op[n] = OPS.indexOf(r.cell(7))
      cols.total[n] = int(b, st[8], en[8])
      cols.cash[n] = int(b, st[9], en[9])
      cols.electronic[n] = int(b, st[10], en[10])
      cols.vat22[n] = int(b, st[11], en[11])
      cols.vat10[n] = int(b, st[12], en[12])
      cols.none[n] = int(b, st[13], en[13])
      n++
      if (n === cap) {
        post()
        cols = alloc()
      }
    }
    post()
  }
  for (const bytes of readChunks(path)) {
    r.push(bytes)
    flush(false)
  }
  flush(true)
  parentPort.postMessage({ done: true })
}

if (workerData.kind === "erp") erp(workerData)
else ofd(workerData)
