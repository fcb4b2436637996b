/**
 * The register directory: which fiscal drive belongs to which register and outlet.
 *
 * DocumentList knows only the FN; the ERP knows the register (its registration number or its name) and the outlet.
 * The directory joins them: tier 3 (register + time + amount), `wrong_register`, `pending` and per-outlet totals
 * use it. In production it comes from KKTList + FnHistory (one entry per drive a register has had); without it,
 * the matcher learns FN → register from the receipts that carry FN and FD.
 */
import type { Kkt } from "@taxcom-kit/core"

export interface RegisterInfo {
  /** The fiscal drive (16 digits). A register with a replaced drive has one entry per drive. */
  readonly fn: string
  /** KKT registration number (РНМ); matched to the ERP's `Рег. номер ККТ` ignoring leading zeros. */
  readonly kktRegNumber?: string | null
  /** The register's name as the ERP writes it (`Касса 2`); matched case- and space-insensitively. */
  readonly name?: string | null
  /** The outlet's name as the ERP writes it. */
  readonly outlet?: string | null
}

/** Directory entries from KKTList rows (current drives) and, optionally, the drive history per register. */
export const fromKkts = (
  kkts: ReadonlyArray<{ readonly kkt: Kkt.Kkt; readonly outlet?: string | null; readonly fnHistory?: ReadonlyArray<string> }>
): Array<RegisterInfo> =>
  kkts.flatMap(({ fnHistory, kkt, outlet }) =>
    [...new Set([kkt.fn as string, ...(fnHistory ?? [])])].map((fn) => ({
      fn,
      kktRegNumber: kkt.regNumber,
      name: kkt.name,
      outlet: outlet ?? null
    }))
  )

/** Registration numbers compare without leading zeros (spreadsheets drop them). */
export const normalizeRegNumber = (s: string): string => s.replace(/^0+/, "")

/** Names compare case- and space-insensitively, `ё` = `е`. */
export const normalizeName = (s: string): string => s.trim().toLowerCase().replaceAll("ё", "е").replace(/[\s\u00a0]+/g, " ")
