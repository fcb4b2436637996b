/**
 * Charts as SVG drawn by pdfmake (svg-to-pdfkit): vector bars, and labels as real text in the report font, so
 * they print sharply, stay searchable and need no browser.
 */
import type { Content } from "pdfmake/interfaces.js"
import * as Format from "./format.js"
import { COLORS } from "./pdfCommon.js"

export interface Bar {
  readonly label: string
  /** Kopecks. */
  readonly value: number
}

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max - 1) + "…" : s)

/** Keeps the largest `max - 1` bars and sums the rest into one, so a chart stays readable. */
export const topBars = (bars: ReadonlyArray<Bar>, max: number, othersLabel: (n: number) => string): Array<Bar> => {
  if (bars.length <= max) return [...bars]
  const sorted = [...bars].sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
  const rest = sorted.slice(max - 1)
  return [...sorted.slice(0, max - 1), { label: othersLabel(rest.length), value: rest.reduce((s, b) => s + b.value, 0) }]
}

/** A horizontal bar chart: one bar per item, the amount printed beside it; negative amounts go left of zero. */
export const barChart = (
  title: string,
  bars: ReadonlyArray<Bar>,
  width: number,
  style: Format.NumberStyle
): Content => {
  const rowH = 16
  const top = 22
  const height = top + Math.max(1, bars.length) * rowH + 6
  const labelW = Math.min(220, Math.max(60, ...bars.map((b) => clip(b.label, 40).length * 4.6)))
  const valueW = 80
  const plotX = labelW + 8
  const plotW = Math.max(50, width - plotX - valueW)
  const max = Math.max(0, ...bars.map((b) => b.value))
  const min = Math.min(0, ...bars.map((b) => b.value))
  const span = max - min || 1
  const zeroX = plotX + (-min / span) * plotW
  const parts: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<text x="0" y="12" font-family="Roboto" font-weight="bold" font-size="10" fill="#000000">${escape(title)}</text>`,
    `<line x1="${zeroX.toFixed(1)}" y1="${top - 2}" x2="${zeroX.toFixed(1)}" y2="${height - 4}" stroke="#999999" stroke-width="0.6"/>`
  ]
  bars.forEach((b, i) => {
    const y = top + i * rowH
    const w = (Math.abs(b.value) / span) * plotW
    const x = b.value >= 0 ? zeroX : zeroX - w
    parts.push(
      `<text x="${labelW}" y="${y + 10}" font-family="Roboto" font-size="7.5" text-anchor="end" fill="#000000">${escape(clip(b.label, 40))}</text>`,
      `<rect x="${x.toFixed(1)}" y="${y + 2}" width="${Math.max(0.5, w).toFixed(1)}" height="${rowH - 5}" fill="${b.value >= 0 ? COLORS.bar : COLORS.barNegative}"/>`,
      `<text x="${(Math.max(x + w, zeroX) + 4).toFixed(1)}" y="${y + 10}" font-family="Roboto" font-size="7.5" fill="#333333">${escape(Format.money(b.value, style))}</text>`
    )
  })
  parts.push("</svg>")
  return { svg: parts.join(""), width, margin: [0, 4, 0, 8] }
}
