#!/usr/bin/env node
// Time to first token of a paced SSE stream through aigw with response-side DLP (incremental inspection,
// src/policy/stream-inspector.ts), with DLP off, and with full buffering (what Cloudflare documents for DLP on
// streams, F216: the whole answer is held until the provider finished). Standalone, not part of npm test.
//
//   npm run build && node bench/dlp-ttft.mjs [--chunks 200] [--inter-ms 5] [--first-ms 20] [--n 15] [--aigw-root .]
//
// The mock streams one role event, `--chunks` content events of ~7 characters `--inter-ms` apart, a finish event
// and [DONE]. Targets are interleaved per round so drift on a shared machine hits all alike. "full buffering" is a
// bench-local proxy in front of the DLP-off gateway that holds the whole body before sending it.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { startAigw } from './lib/aigw.mjs'
import { freePort } from './lib/procs.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : args[index + 1]
}
const config = {
  chunks: Number(option('chunks', 200)),
  interMs: Number(option('inter-ms', 5)),
  firstMs: Number(option('first-ms', 20)),
  n: Number(option('n', 15)),
  warm: Number(option('warm', 2)),
  aigwRoot: path.resolve(option('aigw-root', path.join(here, '..'))),
}

const FINANCIAL = 'a087da1b-17fd-403c-94cd-2a0f068e7756'
const PII = '1ed924a9-b9e3-45c1-806c-faf944f1f7f5'
const GOVERNMENT = 'bf105281-c1e4-45e8-8fb5-52c64d8476b7'
const HEALTH = 'fa4c0075-0ba1-4018-8308-35911d6ae6ce'
const CREDENTIALS = '896a3ab2-2370-4248-9445-035a3182cd47'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`

function startMock(port) {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      await sleep(config.firstMs)
      res.write(chunk({ role: 'assistant', content: '' }))
      for (let i = 0; i < config.chunks; i++) {
        res.write(chunk({ content: `tok${String(i).padStart(3, '0')} ` }))
        await sleep(config.interMs)
      }
      res.end(chunk({}, 'stop') + 'data: [DONE]\n\n')
    })
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

/** Emulates full buffering: reads the whole answer from the target, then sends it in one piece. */
function startBufferingProxy(port, target) {
  const server = http.createServer((req, res) => {
    const body = []
    req.on('data', (part) => body.push(part))
    req.on('end', () => {
      const upstream = http.request(target, { method: 'POST', headers: req.headers }, (answer) => {
        const parts = []
        answer.on('data', (part) => parts.push(part))
        answer.on('end', () => {
          const headers = { ...answer.headers }
          delete headers['transfer-encoding']
          res.writeHead(answer.statusCode ?? 502, headers).end(Buffer.concat(parts))
        })
      })
      upstream.end(Buffer.concat(body))
    })
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

function once(target, agent) {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const sample = { status: 0, firstByteMs: NaN, firstTokenMs: NaN, totalMs: NaN, error: null }
    let text = ''
    const req = http.request(target.url, { method: 'POST', agent, headers: target.headers })
    req.on('response', (res) => {
      sample.status = res.statusCode
      res.setEncoding('utf8')
      res.on('data', (part) => {
        if (Number.isNaN(sample.firstByteMs)) sample.firstByteMs = performance.now() - t0
        text += part
        if (Number.isNaN(sample.firstTokenMs) && /"content":"tok/.test(text))
          sample.firstTokenMs = performance.now() - t0
      })
      res.on('end', () => {
        sample.totalMs = performance.now() - t0
        if (!text.includes('[DONE]')) sample.error = 'stream did not finish'
        resolve(sample)
      })
    })
    req.on('error', (error) => resolve({ ...sample, error: error.message }))
    req.end(
      JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'count' }] }),
    )
  })
}

function quantile(values, q) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]
}

async function main() {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aigw-bench-dlp-'))
  const [mockPort, aigwPort, proxyPort] = [await freePort(), await freePort(), await freePort()]
  const mock = await startMock(mockPort)
  const aigw = await startAigw({
    repoRoot: config.aigwRoot,
    port: aigwPort,
    mockPort,
    runDir,
    cpu: 1,
    pin: false,
  })
  const base = {
    cache_invalidate_on_update: false,
    cache_ttl: 0,
    collect_logs: true,
    rate_limiting_interval: 0,
    rate_limiting_limit: 0,
  }
  const every = [FINANCIAL, PII, GOVERNMENT, HEALTH, CREDENTIALS]
  const policy = (check) => ({
    enabled: true,
    policies: [{ id: 'p', action: 'BLOCK', check, enabled: true, profiles: every }],
  })
  await aigw.ensureGateway('dlp-off', base)
  await aigw.ensureGateway('dlp-response', { ...base, dlp: policy(['RESPONSE']) })
  await aigw.ensureGateway('dlp-request', { ...base, dlp: policy(['REQUEST']) })
  const url = (gateway) => `${aigw.baseUrl}/v1/${aigw.accountId}/${gateway}/openai/chat/completions`
  const proxy = await startBufferingProxy(proxyPort, url('dlp-off'))
  const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-test' }
  const targets = [
    { name: 'DLP off', url: url('dlp-off'), headers },
    { name: 'DLP request only', url: url('dlp-request'), headers },
    { name: 'DLP response (incremental)', url: url('dlp-response'), headers },
    { name: 'full buffering (emulated)', url: `http://127.0.0.1:${proxyPort}/`, headers },
  ]
  const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }))
  const samples = Object.fromEntries(targets.map((t) => [t.name, []]))
  try {
    for (let round = 0; round < config.warm + config.n; round++) {
      for (let k = 0; k < targets.length; k++) {
        const i = (k + round) % targets.length
        const sample = await once(targets[i], agents[i])
        if (sample.error || sample.status !== 200)
          throw new Error(`${targets[i].name}: ${sample.error ?? `HTTP ${sample.status}`}`)
        if (round >= config.warm) samples[targets[i].name].push(sample)
      }
    }
  } finally {
    for (const agent of agents) agent.destroy()
    proxy.close()
    mock.close()
    await aigw.stop()
  }
  const off = quantile(
    samples['DLP off'].map((s) => s.firstTokenMs),
    0.5,
  )
  const lines = [
    `# DLP time to first token — ${config.chunks} chunks, ${config.interMs} ms apart, first after ${config.firstMs} ms, n=${config.n}`,
    '',
    '| target | first byte p50 | first token p50 | first token p90 | added TTFT vs off (p50) | total p50 |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const target of targets) {
    const s = samples[target.name]
    const ttft = quantile(
      s.map((x) => x.firstTokenMs),
      0.5,
    )
    lines.push(
      `| ${target.name} | ${quantile(
        s.map((x) => x.firstByteMs),
        0.5,
      ).toFixed(1)} ms | ${ttft.toFixed(1)} ms | ` +
        `${quantile(
          s.map((x) => x.firstTokenMs),
          0.9,
        ).toFixed(1)} ms | ${(ttft - off).toFixed(1)} ms | ` +
        `${quantile(
          s.map((x) => x.totalMs),
          0.5,
        ).toFixed(1)} ms |`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  fs.rmSync(runDir, { recursive: true, force: true })
}

main().catch((error) => {
  console.error(`dlp-ttft: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
