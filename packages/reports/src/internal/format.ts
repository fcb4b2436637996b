/** Numbers and dates as people read them, for the PDF and for text cells. */
import { LocalDateTime, Money } from "@taxcom-kit/core"

/** `ru`: `1 234,56`, `03.12.2025 14:06`; `en`: `1,234.56`, `2025-12-03 14:06`. */
export type NumberStyle = "ru" | "en"

/** Kopecks as rubles. Russian style groups with U+00A0, which the bundled Roboto has (U+202F it has not). */
export const money = (k: number, style: NumberStyle): string => {
  const ru = Money.format(k as Money.Kopecks)
  return style === "ru" ? ru : ru.replace(/\u00a0/g, ",").replace(/,(\d\d)$/, ".$1")
}

export const moneyOrDash = (k: number | null, style: NumberStyle): string => (k === null ? "—" : money(k, style))

export const integer = (n: number, style: NumberStyle): string => {
  const s = String(Math.abs(n))
  let out = ""
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += style === "ru" ? "\u00a0" : ","
    out += s[i]
  }
  return (n < 0 ? "-" : "") + out
}

/** `03.12.2025` / `2025-12-03`. */
export const date = (d: string, style: NumberStyle): string =>
  style === "ru" ? `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}` : d.slice(0, 10)

/** `03.12.2025 14:06` / `2025-12-03 14:06`; seconds when asked. */
export const dateTime = (t: string, style: NumberStyle, seconds = false): string =>
  `${date(t, style)} ${t.slice(11, seconds ? 19 : 16)}`

export const dateTimeOrDash = (t: string | null, style: NumberStyle): string => (t === null ? "—" : dateTime(t, style))

/** A cell date for exceljs: the wall-clock fields as UTC, because exceljs writes `Date` values as UTC. */
export const cellDate = (t: LocalDateTime.LocalDateTime): Date => new Date(LocalDateTime.toWallMillis(t))

/** A calendar date cell (`yyyy-MM-dd`). */
export const cellDay = (d: string): Date => new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)))

/** Kopecks as the number of rubles an xlsx cell holds: the double nearest to the exact amount. */
export const rubles = (k: number): number => k / 100

/** Period text: whole days print as dates, otherwise date-times. */
export const period = (from: string, to: string, style: NumberStyle): string => {
  const wholeDays = from.slice(11) === "00:00:00" && (to.slice(11) === "23:59:59" || to.slice(11) === "00:00:00")
  return wholeDays ? `${date(from, style)} – ${date(to, style)}` : `${dateTime(from, style)} – ${dateTime(to, style)}`
}

/** `2025-11` → `ноябрь 2025` / `November 2025`. */
export const month = (m: string, language: "ru" | "en"): string => {
  const i = Number(m.slice(5, 7)) - 1
  const ru = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]
  const en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
  return `${(language === "ru" ? ru : en)[i]} ${m.slice(0, 4)}`
}
