/**
 * What the import makes of an ERP export: receipts, and rows it could not accept.
 */
import type { Ids, LocalDateTime, Money, Operation, VatBreakdown } from "@taxcom-kit/core"

/** One sale or refund as the ERP booked it (a row of a receipt-level file, or the grouped lines of one receipt). */
export interface ErpReceipt {
  readonly _tag: "ErpReceipt"
  /** The file's name as given to the import. */
  readonly file: string
  /** The physical (1-based) line of the receipt's first row; the header is usually line 1. */
  readonly line: number
  /** Every physical line that makes up the receipt: one for a receipt-level row, one per item for line-level. */
  readonly lines: ReadonlyArray<number>
  /** The ERP's document number (`ЧК-000123`), kept as text. */
  readonly documentNumber: string | null
  /** Date-time on the OFD's wall clock (converted when the file's time zone differs); null when the cell is empty. */
  readonly dateTime: LocalDateTime.LocalDateTime | null
  /** `LocalDateTime.toWallMillis(dateTime)`, NaN when there is no date: for arithmetic in matching. */
  readonly wallMillis: number
  /** False when the file gave a date without a time of day. */
  readonly hasTime: boolean
  readonly outlet: string | null
  /** The register as the ERP names it (`Касса 2`). */
  readonly register: string | null
  /** KKT registration number as written (digits; leading zeros kept). */
  readonly kktRegNumber: string | null
  readonly fn: Ids.FnNumber | null
  readonly fd: number | null
  /** Fiscal sign (ФПД) as decimal text without leading zeros. */
  readonly fiscalSign: string | null
  readonly shift: number | null
  readonly numberInShift: number | null
  readonly operation: Operation.Operation
  /** The receipt total, positive for sales and refunds alike. */
  readonly total: Money.Kopecks
  /** Null when the file has no payment columns. */
  readonly cash: Money.Kopecks | null
  readonly electronic: Money.Kopecks | null
  /**
   * VAT per rate: `vat` the VAT amount, `gross` the sum at the rate (line-level files give both; receipt-level
   * files give the VAT for taxed rates and the sum for 0% and no VAT). Null when the file has no VAT columns.
   */
  readonly vat: VatBreakdown.VatBreakdown | null
  /** Item lines (line-level files); 0 for receipt-level rows. */
  readonly itemCount: number
}

/** A row the import refused, with everything needed to find and fix it. */
export interface RejectedRow {
  readonly _tag: "RejectedRow"
  readonly file: string
  /** Physical (1-based) line of the row. */
  readonly line: number
  /** Header of the column at fault, or null when the row as a whole is at fault. */
  readonly column: string | null
  /** 0-based index of that column, or null. */
  readonly columnIndex: number | null
  /** The cell's text as read (or the row's, joined by the delimiter, when no single cell is at fault). */
  readonly raw: string
  readonly reason: string
}

/** What the import emits, in file order. */
export type ImportItem = ErpReceipt | RejectedRow

/** `file:line, column «header»` — how messages and reports point at a cell. */
export const location = (r: { readonly file: string; readonly line: number; readonly column?: string | null }): string =>
  `${r.file}:${r.line}${r.column ? `, column «${r.column}»` : ""}`
