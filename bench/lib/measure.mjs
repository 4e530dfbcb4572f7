// One measurement of each kind: a probe that checks a target really proxies, a warm-up, a wrk cell with the
// /proc and mock-counter deltas around it, and a paced-stream run.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { clockTicksPerSecond, cpuTicks } from './procs.mjs'
import { runWrk } from './wrk.mjs'

export const LOADGEN_CPU = 0
export const TARGET_CPU = 1

const PACED_CLIENT = fileURLToPath(new URL('../paced-client.mjs', import.meta.url))

export async function mockStats(mock) {
  const res = await fetch(`${mock.baseUrl}/__stats`)
  if (!res.ok) throw new Error(`mock /__stats returned HTTP ${res.status}`)
  return res.json()
}

export async function setMockPacing(mock, pacing) {
  const res = await fetch(`${mock.baseUrl}/__config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(pacing),
  })
  if (!res.ok) throw new Error(`mock /__config returned HTTP ${res.status}: ${await res.text()}`)
}

/**
 * Sends one request of `mode` and checks it came back as a successful OpenAI-shaped answer; resolves to an
 * error message, or null when the target works. Catches mis-routing before minutes are spent measuring it.
 */
export async function probe(url, request, mode, expectStatus = 200) {
  let res
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      signal: globalThis.AbortSignal.timeout(15_000),
    })
  } catch (err) {
    return `request failed: ${err.cause?.code ?? err.message}`
  }
  const text = await res.text()
  const snippet = text.slice(0, 300).replace(/\s+/g, ' ')
  if (expectStatus !== 200)
    return res.status === expectStatus ? null : `expected HTTP ${expectStatus}, got ${res.status}: ${snippet}`
  if (res.status !== 200) return `HTTP ${res.status}: ${snippet}`
  if (mode === 'sse') {
    const type = res.headers.get('content-type') ?? ''
    if (!type.includes('text/event-stream')) return `expected text/event-stream, got "${type}": ${snippet}`
    if (!text.includes('data: [DONE]')) return `stream did not end with data: [DONE]: …${text.slice(-200)}`
    return null
  }
  try {
    const body = JSON.parse(text)
    if (!Array.isArray(body.choices)) return `JSON without "choices": ${snippet}`
  } catch {
    return `response is not JSON: ${snippet}`
  }
  return null
}

/**
 * Runs wrk once and attributes CPU time and upstream traffic to it. `targetPid` is null for `direct`, whose
 * only server is the mock.
 */
export async function measureCell({ url, script, concurrency, durationSec, targetPid, mock, pin }) {
  const usPerTick = 1e6 / clockTicksPerSecond()
  const before = {
    target: targetPid ? cpuTicks(targetPid) : 0,
    mock: cpuTicks(mock.pid),
    stats: await mockStats(mock),
  }
  const wrk = await runWrk({ url, script, connections: concurrency, durationSec, cpu: LOADGEN_CPU, pin })
  const after = {
    target: targetPid ? cpuTicks(targetPid) : 0,
    mock: cpuTicks(mock.pid),
    stats: await mockStats(mock),
  }
  const perRequest = (ticks) => (wrk.requests > 0 ? (ticks * usPerTick) / wrk.requests : NaN)
  return {
    ...wrk,
    targetCpuUsPerReq: targetPid ? perRequest(after.target - before.target) : NaN,
    mockCpuUsPerReq: perRequest(after.mock - before.mock),
    upstreamRequests: after.stats.requests - before.stats.requests,
    upstreamConnections: after.stats.connections - before.stats.connections,
    upstreamNotFound: after.stats.notFound - before.stats.notFound,
  }
}

/**
 * Runs the paced client pinned to the load-generator CPU against all `targets` ({name, url, request}) at once,
 * interleaved; resolves to samples keyed by target name.
 */
export function runPacedClient({ targets, n, pin }) {
  const config = JSON.stringify({
    n,
    warm: 3,
    targets: targets.map((t) => ({
      name: t.name,
      url: t.url,
      headers: t.request.headers,
      body: t.request.body,
    })),
  })
  const nodeArgs = [PACED_CLIENT, config]
  const [cmd, args] = pin
    ? ['taskset', ['-c', String(LOADGEN_CPU), process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs]
  const timeout = (n + 3) * targets.length * 11_000
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd: path.dirname(PACED_CLIENT), timeout, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`paced client failed: ${err.message} ${stderr.trim().slice(-300)}`))
          return
        }
        resolve(JSON.parse(stdout).samples)
      },
    )
  })
}
