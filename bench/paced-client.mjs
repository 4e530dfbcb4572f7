#!/usr/bin/env node
// Streamed requests against a paced mock, timing each one: response headers, first body byte, last byte.
// Targets are interleaved (one request to each per round, order rotating) so drift on a shared machine hits
// all of them alike; each target keeps one keep-alive connection. Run by run.mjs on the load-generator CPU.
//
//   node bench/paced-client.mjs '{"n":50,"warm":3,"targets":[{"name":"direct","url":"http://…","headers":{},"body":"…"}]}'
// prints {"samples":{"direct":[{status,headersMs,ttfbMs,totalMs,chunks,bytes,error}, …]}}
import http from 'node:http'
import { performance } from 'node:perf_hooks'

const config = JSON.parse(process.argv[2] ?? '{}')
if (!Number.isInteger(config.n) || !Array.isArray(config.targets) || config.targets.length === 0) {
  console.error('paced-client: config needs "n" (integer) and a non-empty "targets" array')
  process.exit(2)
}
const warm = config.warm ?? 3

function once(target, agent) {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const sample = { status: 0, headersMs: NaN, ttfbMs: NaN, totalMs: NaN, chunks: 0, bytes: 0, error: null }
    const req = http.request(target.url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', ...target.headers },
    })
    req.on('response', (res) => {
      sample.status = res.statusCode
      sample.headersMs = performance.now() - t0
      res.on('data', (chunk) => {
        if (sample.chunks === 0) sample.ttfbMs = performance.now() - t0
        sample.chunks++
        sample.bytes += chunk.length
      })
      res.on('end', () => {
        sample.totalMs = performance.now() - t0
        resolve(sample)
      })
      res.on('error', (err) => resolve({ ...sample, error: err.message }))
    })
    req.on('error', (err) => resolve({ ...sample, error: err.message }))
    req.setTimeout(10_000, () => req.destroy(new Error('timed out after 10 s')))
    req.end(target.body)
  })
}

const agents = config.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }))
const samples = Object.fromEntries(config.targets.map((t) => [t.name, []]))
const count = config.targets.length
for (let round = 0; round < warm + config.n; round++) {
  for (let k = 0; k < count; k++) {
    const i = (k + round) % count
    const s = await once(config.targets[i], agents[i])
    if (round >= warm) samples[config.targets[i].name].push(s)
  }
}
for (const agent of agents) agent.destroy()
process.stdout.write(JSON.stringify({ samples }) + '\n')
