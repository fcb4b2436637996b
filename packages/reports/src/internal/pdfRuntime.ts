/**
 * Where pdfmake runs. pdfmake lays out the whole document in one synchronous pass, blocking the event loop for
 * seconds on big reports, so large documents go to a worker thread. The worker's code is a small JavaScript
 * string (run with `eval: true`), so it works the same from the TypeScript sources, from `dist/` and under
 * test runners, with no loader. Both paths configure pdfmake identically: the bundled Roboto (Cyrillic, Ё, №,
 * ₽, U+00A0), no URL access at all, local file access only to the font files (CVE-2026-26801), the report
 * table layout, and the footer with "Лист N из M".
 */
import { createRequire } from "node:module"
import * as path from "node:path"
import { Worker } from "node:worker_threads"
import pdfmake from "pdfmake"
import type { DynamicContent, TFontDictionary } from "pdfmake/interfaces.js"
import { type PdfSpec, TABLE_LAYOUT } from "./pdfCommon.js"

const require = createRequire(import.meta.url)
const pdfmakeMain = require.resolve("pdfmake")
const fontsDir = path.join(path.dirname(require.resolve("pdfmake/package.json")), "build", "fonts", "Roboto")

export const fonts: TFontDictionary = {
  Roboto: {
    normal: path.join(fontsDir, "Roboto-Regular.ttf"),
    bold: path.join(fontsDir, "Roboto-Medium.ttf"),
    italics: path.join(fontsDir, "Roboto-Italic.ttf"),
    bolditalics: path.join(fontsDir, "Roboto-MediumItalic.ttf")
  }
}

/** Local files pdfmake may open: the font files, nothing else. */
const allowedFiles = new Set(Object.values(fonts.Roboto!).map((f) => path.resolve(f as string)))

const LINE = "#BFBFBF"

const configure = () => {
  pdfmake.setFonts(fonts)
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((p) => allowedFiles.has(path.resolve(p)))
  pdfmake.addTableLayouts({
    [TABLE_LAYOUT]: {
      hLineWidth: () => 0.4,
      vLineWidth: () => 0.4,
      hLineColor: () => LINE,
      vLineColor: () => LINE,
      paddingLeft: () => 2,
      paddingRight: () => 2,
      paddingTop: () => 1.2,
      paddingBottom: () => 1.2
    }
  })
}

const footer = (spec: PdfSpec, seen: { pages: number }): DynamicContent => (page, pages) => {
  seen.pages = pages
  return {
    columns: [
      { text: spec.footerLeft, fontSize: 6.5, color: "#666666" },
      { text: spec.pageTemplate.replace("{n}", String(page)).replace("{m}", String(pages)), alignment: "right", fontSize: 7.5, width: "auto" }
    ],
    margin: [28, 12, 28, 0]
  }
}

/** Renders in this thread (small documents; blocks the event loop while pdfmake lays out). */
export const renderInline = async (spec: PdfSpec, file: string): Promise<{ pages: number }> => {
  configure()
  const seen = { pages: 0 }
  await pdfmake.createPdf({ ...spec.doc, footer: footer(spec, seen) }).write(file)
  return seen
}

/** The same configuration and footer as above, as the worker runs it. Keep the two in step. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const path = require("node:path");
const { pdfmakeMain, fonts, allowed, specJson, file, layoutName } = workerData;
const spec = JSON.parse(Buffer.from(specJson.buffer, specJson.byteOffset, specJson.byteLength).toString("utf8"));
const pdfmake = require(pdfmakeMain);
const allowedFiles = new Set(allowed);
const LINE = "#BFBFBF";
pdfmake.setFonts(fonts);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((p) => allowedFiles.has(path.resolve(p)));
pdfmake.addTableLayouts({ [layoutName]: {
  hLineWidth: () => 0.4, vLineWidth: () => 0.4, hLineColor: () => LINE, vLineColor: () => LINE,
  paddingLeft: () => 2, paddingRight: () => 2, paddingTop: () => 1.2, paddingBottom: () => 1.2
} });
const seen = { pages: 0 };
const footer = (page, pages) => {
  seen.pages = pages;
  return {
    columns: [
      { text: spec.footerLeft, fontSize: 6.5, color: "#666666" },
      { text: spec.pageTemplate.replace("{n}", String(page)).replace("{m}", String(pages)), alignment: "right", fontSize: 7.5, width: "auto" }
    ],
    margin: [28, 12, 28, 0]
  };
};
pdfmake.createPdf({ ...spec.doc, footer }).write(file).then(
  () => parentPort.postMessage({ ok: true, pages: seen.pages }),
  (e) => parentPort.postMessage({ ok: false, message: e && e.stack ? e.stack : String(e) })
);
`

/** Renders in a worker thread; interrupting the signal terminates the worker. */
export const renderInWorker = (spec: PdfSpec, file: string, signal: AbortSignal): Promise<{ pages: number }> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error("rendering interrupted"))
    // The document goes over as JSON bytes, transferred without a copy: about 3× cheaper for the main thread
    // than the structured clone of the object graph.
    const specJson = new TextEncoder().encode(JSON.stringify(spec))
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pdfmakeMain, fonts, allowed: [...allowedFiles], specJson, file, layoutName: TABLE_LAYOUT },
      transferList: [specJson.buffer]
    })
    let settled = false
    const settle = (f: () => void) => {
      if (settled) return
      settled = true
      signal.removeEventListener("abort", onAbort)
      f()
    }
    const onAbort = () => {
      void worker.terminate()
      settle(() => reject(new Error("rendering interrupted")))
    }
    signal.addEventListener("abort", onAbort)
    worker.on("message", (m: { ok: true; pages: number } | { ok: false; message: string }) => {
      settle(() => (m.ok ? resolve({ pages: m.pages }) : reject(new Error(m.message))))
      void worker.terminate()
    })
    worker.on("error", (e) => settle(() => reject(e)))
    worker.on("exit", (code) => settle(() => reject(new Error(`the PDF worker exited with code ${code} before finishing`))))
  })
