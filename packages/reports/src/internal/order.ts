/** Ordering and keys shared by the report builders. */
import type { Named } from "../ShiftInput.js"

const collator = new Intl.Collator("ru", { numeric: true, sensitivity: "base" })

/** Names in Russian collation, numbers inside names by value; unnamed last. */
export const compareNames = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)

export const compareNamed = (a: Named | null, b: Named | null): number => {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return compareNames(a.name, b.name) || compareNames(a.code, b.code)
}

/** A map key of a name and code; `\u0000` cannot occur in either. */
export const namedKey = (n: Named | null): string => (n === null ? "\u0001" : `${n.name ?? "\u0001"}\u0000${n.code ?? "\u0001"}`)

/** Plain code-unit comparison for identifiers and canonical date-times. */
export const compareText = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1

/** Groups values by key, keeping one representative per key; the caller sorts. */
export class Groups<K, V> {
  readonly map = new Map<string, { key: K; items: Array<V> }>()
  add(id: string, key: K, item: V): void {
    const g = this.map.get(id)
    if (g === undefined) this.map.set(id, { key, items: [item] })
    else g.items.push(item)
  }
  sorted(compare: (a: K, b: K) => number): Array<{ key: K; items: Array<V> }> {
    return [...this.map.values()].sort((a, b) => compare(a.key, b.key))
  }
}
