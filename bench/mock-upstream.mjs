#!/usr/bin/env node
// Mock OpenAI + Anthropic upstream for the overhead benchmark.
//
//   node bench/mock-upstream.mjs --port 9100 [--first-delay-ms 20] [--inter-delay-ms 2]
//   (or MOCK_PORT, MOCK_FIRST_DELAY_MS, MOCK_INTER_DELAY_MS)
//
// POST …/chat/completions  OpenAI chat.completion JSON, or with "stream": true 20 chunk events + data: [DONE]
// POST …/messages          Anthropic message JSON, or with "stream": true message_start … message_stop (20 deltas)
// GET  /__stats            request and connection counters (also printed to stderr on SIGTERM/SIGINT)
// POST /__config           {"firstDelayMs": n, "interDelayMs": n} changes pacing at runtime (0/0 = burst)
//
// Paths are matched by suffix so a gateway that keeps or drops a `/v1` prefix still reaches the right handler;
// anything else is a 404 counted in `notFound`, which makes a mis-routed target visible in the report.
import http from 'node:http'
import { parseArgs } from 'node:util'
import {
  anthropicMessage,
  anthropicStreamEvents,
  openaiCompletion,
  openaiDone,
  openaiStreamEvents,
} from './lib/mock-responses.mjs'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.MOCK_PORT ?? '9100' },
    host: { type: 'string', default: '127.0.0.1' },
    'first-delay-ms': { type: 'string', default: process.env.MOCK_FIRST_DELAY_MS ?? '0' },
    'inter-delay-ms': { type: 'string', default: process.env.MOCK_INTER_DELAY_MS ?? '0' },
  },
})

const pacing = {
  firstDelayMs: nonNegative('first-delay-ms', values['first-delay-ms']),
  interDelayMs: nonNegative('inter-delay-ms', values['inter-delay-ms']),
}
const stats = {
  requests: 0,
  connections: 0,
  openConnections: 0,
  byRoute: { openaiJson: 0, openaiStream: 0, anthropicJson: 0, anthropicStream: 0 },
  notFound: 0,
  badRequest: 0,
  clientAborts: 0,
}

function nonNegative(name, raw) {
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) {
    console.error(
      `mock-upstream: --${name} must be a non-negative number of milliseconds, got ${JSON.stringify(raw)}`,
    )
    process.exit(2)
  }
  return n
}

const countedSockets = new WeakSet()

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res, status, body, extraHeaders = {}) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...extraHeaders,
  })
  res.end(body)
}

async function sendStream(res, events, terminator, headers) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...headers,
  })
  const { firstDelayMs, interDelayMs } = pacing
  if (firstDelayMs === 0 && interDelayMs === 0) {
    res.end(events.join('') + terminator)
    return
  }
  res.flushHeaders()
  if (firstDelayMs > 0) await sleep(firstDelayMs)
  for (let i = 0; i < events.length; i++) {
    if (res.destroyed) {
      stats.clientAborts++
      return
    }
    if (i > 0 && interDelayMs > 0) await sleep(interDelayMs)
    const last = i === events.length - 1
    res.write(last ? events[i] + terminator : events[i])
  }
  res.end()
}

async function handleProvider(req, res, route) {
  const raw = await readBody(req)
  let body
  try {
    body = JSON.parse(raw)
  } catch {
    stats.badRequest++
    sendJson(
      res,
      400,
      '{"error":{"message":"mock-upstream: request body is not JSON","type":"invalid_request_error"}}',
    )
    return
  }
  const stream = body?.stream === true
  const model = typeof body?.model === 'string' ? body.model : 'unknown-model'
  const requestId = `req_${stats.requests.toString(36)}`
  if (route === 'openai') {
    stats.byRoute[stream ? 'openaiStream' : 'openaiJson']++
    const headers = {
      'x-request-id': requestId,
      'openai-processing-ms': '312',
      'openai-version': '2020-10-01',
    }
    if (stream) return sendStream(res, openaiStreamEvents(model), openaiDone, headers)
    if (pacing.firstDelayMs > 0) await sleep(pacing.firstDelayMs)
    return sendJson(res, 200, openaiCompletion(model), headers)
  }
  stats.byRoute[stream ? 'anthropicStream' : 'anthropicJson']++
  const headers = { 'request-id': requestId, 'anthropic-organization-id': 'mock-org' }
  if (stream) return sendStream(res, anthropicStreamEvents(model), '', headers)
  if (pacing.firstDelayMs > 0) await sleep(pacing.firstDelayMs)
  return sendJson(res, 200, anthropicMessage(model), headers)
}

async function handleConfig(req, res) {
  try {
    const next = JSON.parse(await readBody(req))
    for (const key of ['firstDelayMs', 'interDelayMs']) {
      if (next[key] === undefined) continue
      if (typeof next[key] !== 'number' || !(next[key] >= 0)) throw new Error(`${key} must be a number >= 0`)
      pacing[key] = next[key]
    }
    sendJson(res, 200, JSON.stringify(pacing))
  } catch (err) {
    sendJson(res, 400, JSON.stringify({ error: `mock-upstream /__config: ${err.message}` }))
  }
}

function route(req) {
  const path = (req.url ?? '/').split('?')[0]
  if (req.method === 'GET' && path === '/__stats') return 'stats'
  if (req.method === 'POST' && path === '/__config') return 'config'
  if (req.method === 'POST' && path.endsWith('/chat/completions')) return 'openai'
  if (req.method === 'POST' && path.endsWith('/messages')) return 'anthropic'
  return 'none'
}

const server = http.createServer((req, res) => {
  const r = route(req)
  if (r === 'stats') return sendJson(res, 200, JSON.stringify({ ...stats, pacing }))
  if (r === 'config') return void handleConfig(req, res)
  stats.requests++
  // Counted on first proxied request rather than on accept, so the bench's own /__stats polling never shows up.
  if (!countedSockets.has(req.socket)) {
    countedSockets.add(req.socket)
    stats.connections++
  }
  if (r === 'none') {
    stats.notFound++
    req.resume()
    return sendJson(
      res,
      404,
      JSON.stringify({ error: { message: `mock-upstream: no route for ${req.method} ${req.url}` } }),
    )
  }
  handleProvider(req, res, r).catch((err) => {
    if (!res.headersSent) sendJson(res, 500, JSON.stringify({ error: { message: String(err) } }))
    else res.destroy()
  })
})

// Longer than any proxy's upstream keep-alive (nginx 60 s, undici 4 s) so the proxy, not the mock, closes idle
// connections; otherwise a POST can race a closing socket and surface as a spurious 502.
server.keepAliveTimeout = 120_000
server.headersTimeout = 125_000
server.on('connection', (socket) => {
  stats.openConnections++
  socket.setNoDelay(true)
  socket.on('close', () => stats.openConnections--)
})

server.listen(Number(values.port), values.host, () => {
  const { port } = server.address()
  console.log(`mock-upstream listening on http://${values.host}:${port} pacing=${JSON.stringify(pacing)}`)
})

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.error(`mock-upstream stats ${JSON.stringify(stats)}`)
    process.exit(0)
  })
}
