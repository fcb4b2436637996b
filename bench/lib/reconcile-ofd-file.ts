/**
 * Reads the speed bench's DocumentList dump (`fn;shift;type;date_time;fd;...`, kopecks) into domain values,
 * streaming, with the reconcile package's byte-level CSV reader: numbers straight from the bytes, the FN and the
 * operation interned (a few hundred distinct values over a million rows).
 */
import { FileSystem } from "@effect/platform"
import { Chunk, Effect, Stream } from "effect"
import type { FiscalDocument, Ids, LocalDateTime, Money, Operation } from "@taxcom-kit/core"
import { Csv } from "@taxcom-kit/reconcile"

type Doc = FiscalDocument.DocumentSummary

const int = (b: Uint8Array, from: number, to: number): number => {
  let v = 0
  for (let i = from; i < to; i++) v = v * 10 + (b[i]! - 48)
  return v
}

/** Text of a short ASCII cell, interned when it was seen before (FN, operation). */
class Intern {
  private readonly byKey = new Map<number, Array<{ bytes: Uint8Array; text: string }>>()
  private last: { bytes: Uint8Array; text: string } | null = null
  get(r: Csv.CsvReader, cell: number): string {
    const b = r.bytes
    const from = r.starts[cell]!
    const to = r.ends[cell]!
    const last = this.last
    if (last !== null && last.bytes.length === to - from) {
      let same = true
      for (let i = 0; i < last.bytes.length; i++) {
        if (last.bytes[i] !== b[from + i]) {
          same = false
          break
        }
      }
      if (same) return last.text
    }
    let h = 0x811c9dc5
    for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193)
    h &= 0x3fffffff
    const list = this.byKey.get(h)
    if (list !== undefined) {
      outer: for (const e of list) {
        if (e.bytes.length !== to - from) continue
        for (let i = 0; i < e.bytes.length; i++) if (e.bytes[i] !== b[from + i]) continue outer
        this.last = e
        return e.text
      }
    }
    const text = r.cell(cell)
    const e = { bytes: b.slice(from, to), text }
    this.last = e
    if (list === undefined) this.byKey.set(h, [e])
    else list.push(e)
    return text
  }
}

export const readOfdCsv = (path: string) =>
  Stream.unwrap(
    Effect.map(FileSystem.FileSystem, (fs) =>
      Stream.suspend(() => {
        const r = new Csv.CsvReader(59)
        let header = true
        const fns = new Intern()
        const ops = new Intern()
        const take = (final: boolean): Chunk.Chunk<Doc> => {
          const out: Array<Doc> = []
          while (r.next(final)) {
            if (header) {
              header = false
              continue
            }
            if (r.count < 14) continue
            const b = r.bytes
            const st = r.starts
            const en = r.ends
            const vat22 = int(b, st[11]!, en[11]!)
            const vat10 = int(b, st[12]!, en[12]!)
            const none = int(b, st[13]!, en[13]!)
            const vat: Array<{ rate: "vat22" | "vat10" | "none"; gross: Money.Kopecks | null; vat: Money.Kopecks | null }> = []
            if (vat22 !== 0) vat.push({ rate: "vat22", gross: null, vat: vat22 as Money.Kopecks })
            if (vat10 !== 0) vat.push({ rate: "vat10", gross: null, vat: vat10 as Money.Kopecks })
            if (none !== 0) vat.push({ rate: "none", gross: none as Money.Kopecks, vat: null })
            out.push({
              fn: fns.get(r, 0) as Ids.FnNumber,
              shift: int(b, st[1]!, en[1]!) as Ids.ShiftNumber,
              type: int(b, st[2]!, en[2]!),
              dateTime: r.cell(3) as LocalDateTime.LocalDateTime,
              fd: int(b, st[4]!, en[4]!) as Ids.FdNumber,
              numberInShift: int(b, st[5]!, en[5]!),
              fiscalSign: r.cell(6) as Doc["fiscalSign"],
              cashier: null,
              taxation: null,
              operation: ops.get(r, 7) as Operation.Operation,
              total: int(b, st[8]!, en[8]!) as Money.Kopecks,
              cash: int(b, st[9]!, en[9]!) as Money.Kopecks,
              electronic: int(b, st[10]!, en[10]!) as Money.Kopecks,
              vat
            })
          }
          return Chunk.unsafeFromArray(out)
        }
        return fs.stream(path, { chunkSize: FileSystem.KiB(256) }).pipe(
          Stream.mapConcatChunk((bytes) => {
            r.push(bytes)
            return take(false)
          }),
          Stream.concat(Stream.suspend(() => Stream.fromChunk(take(true))))
        )
      })
    )
  )
