#!/usr/bin/env node
// The floor for a Node gateway design: node:http in, undici Pool out, bodies streamed both ways, headers
// forwarded minus hop-by-hop ones, no features at all. Whatever aigw costs above this is the price of its features.
//
//   node bench/minimal-passthrough.mjs --port 9200 --upstream http://127.0.0.1:9100
//
// The request path is appended to the upstream URL's path (so --upstream http://h:p/base maps /x to /base/x).
import http from 'node:http'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { Pool } from 'undici'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9200' },
    host: { type: 'string', default: '127.0.0.1' },
    upstream: { type: 'string' },
  },
})
if (!values.upstream) {
  console.error('minimal-passthrough: --upstream <http://host:port[/base]> is required')
  process.exit(2)
}

const upstream = new URL(values.upstream)
const basePath = upstream.pathname.replace(/\/$/, '')
const pool = new Pool(upstream.origin, { connections: 256, keepAliveTimeout: 30_000 })

// RFC 9110 §7.6.1 connection-specific fields, plus Host, which undici sets from the origin.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
])

function forwardableRequestHeaders(rawHeaders) {
  const headers = {}
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase()
    if (HOP_BY_HOP.has(name)) continue
    const prior = headers[name]
    headers[name] = prior === undefined ? rawHeaders[i + 1] : `${prior}, ${rawHeaders[i + 1]}`
  }
  return headers
}

function forwardableResponseHeaders(headers) {
  const out = {}
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value
  }
  return out
}

async function proxy(req, res) {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  const upstreamRes = await pool.request({
    method: req.method,
    path: basePath + req.url,
    headers: forwardableRequestHeaders(req.rawHeaders),
    body: hasBody ? req : null,
  })
  res.writeHead(upstreamRes.statusCode, forwardableResponseHeaders(upstreamRes.headers))
  await pipeline(upstreamRes.body, res)
}

const server = http.createServer((req, res) => {
  proxy(req, res).catch((err) => {
    if (res.headersSent) {
      res.destroy(err)
      return
    }
    const body = JSON.stringify({
      error: { message: `minimal-passthrough: upstream failed: ${err.message}` },
    })
    res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
})
server.keepAliveTimeout = 65_000

server.listen(Number(values.port), values.host, () => {
  const { port } = server.address()
  console.log(`minimal-passthrough listening on http://${values.host}:${port} -> ${upstream.href}`)
})

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close()
    void pool.close().finally(() => process.exit(0))
    setTimeout(() => process.exit(0), 1000).unref()
  })
}
