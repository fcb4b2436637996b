/**
 * A hostile service on loopback: a proxy in front of the sandbox that passes everything through except what a test
 * tells it to answer itself — wrong types, missing fields, pages claiming millions of records, a 50 MB page, a
 * proxy's HTML page, a body cut short, secrets echoed back. It also notes every session token it sees, so a test
 * can look for them in the runner's output.
 */
import * as http from "node:http"

export interface Request {
  /** The vendor method: the last path segment (`DocumentList`, `shifts` for kktstat/shifts). */
  readonly method: string
  readonly path: string
  readonly url: URL
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

export type Reply =
  | { readonly _tag: "Reply"; readonly status: number; readonly contentType?: string; readonly body: string | Buffer }
  /** Headers and the start of the body, then the connection is destroyed. */
  | { readonly _tag: "Cut"; readonly status: number; readonly contentType: string; readonly length: number; readonly body: string }
  /** Headers and the start of the body, and then nothing, ever (the connection stays open). */
  | { readonly _tag: "Stall"; readonly status: number; readonly contentType: string; readonly body: string }
  /** The upstream answer, changed: `edit` gets the parsed JSON and returns what to send instead. */
  | { readonly _tag: "Edit"; readonly edit: (json: any) => unknown }

/** What to answer instead of the sandbox; undefined passes the request through. */
export type Override = (req: Request) => Reply | undefined

export const json = (status: number, value: unknown): Reply => ({
  _tag: "Reply",
  status,
  contentType: "application/json; charset=utf-8",
  body: JSON.stringify(value)
})

export const html = (status: number, title: string, extra = ""): Reply => ({
  _tag: "Reply",
  status,
  contentType: "text/html",
  body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n${extra}<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
})

export interface Hostile {
  readonly url: string
  /** Replaces the override (undefined: pass everything through). */
  set(override: Override | undefined): void
  /** Requests per method that reached the proxy. */
  readonly counts: Map<string, number>
  /** Every session token seen in a request header or a Login answer. */
  readonly tokens: Set<string>
  close(): Promise<void>
}

const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const forward = (upstream: URL, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
  new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host }
    delete headers["content-length"]
    const out = http.request(new URL(req.url ?? "/", upstream), { method: req.method, headers: { ...headers, "content-length": String(body.length) } }, (res) => {
      readBody(res).then((b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }), reject)
    })
    out.on("error", reject)
    out.end(body)
  })

export const start = async (upstream: string, initial?: Override): Promise<Hostile> => {
  let override = initial
  const counts = new Map<string, number>()
  const tokens = new Set<string>()
  const target = new URL(upstream)
  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req)
      const url = new URL(req.url ?? "/", "http://hostile")
      const method = url.pathname.split("/").filter((s) => s !== "").pop() ?? ""
      counts.set(method, (counts.get(method) ?? 0) + 1)
      const token = req.headers["session-token"]
      if (typeof token === "string" && token !== "") tokens.add(token)
      const reply = override?.({ method, path: url.pathname, url, headers: req.headers, body: body.toString("utf8") })
      if (reply !== undefined && reply._tag === "Reply") {
        res.writeHead(reply.status, { "content-type": reply.contentType ?? "application/json; charset=utf-8", "content-length": Buffer.byteLength(reply.body) })
        res.end(reply.body)
        return
      }
      if (reply !== undefined && reply._tag === "Cut") {
        res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": reply.length })
        res.write(reply.body, () => res.destroy())
        return
      }
      if (reply !== undefined && reply._tag === "Stall") {
        res.writeHead(reply.status, { "content-type": reply.contentType })
        res.write(reply.body)
        return
      }
      const up = await forward(target, req, body)
      let out = up.body
      if (method.toLowerCase() === "login" && up.status === 200) {
        const t = (JSON.parse(up.body.toString("utf8")) as { sessionToken?: string }).sessionToken
        if (t !== undefined) tokens.add(t)
      }
      if (reply !== undefined && reply._tag === "Edit" && up.status === 200) {
        out = Buffer.from(JSON.stringify(reply.edit(JSON.parse(up.body.toString("utf8")))))
      }
      res.writeHead(up.status, { "content-type": up.headers["content-type"] ?? "application/json", "content-length": out.length })
      res.end(out)
    })().catch((e) => {
      res.destroy(e as Error)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    set: (o) => {
      override = o
    },
    counts,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
