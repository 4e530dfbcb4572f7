// The phases of a run: prepare targets (start, set up, probe), warm up, measure interleaved rounds, paced test.
// A target or cell that fails is recorded with its reason and the run goes on.
import path from 'node:path'
import { LOADGEN_CPU, measureCell, probe, runPacedClient, setMockPacing } from './measure.mjs'
import { describeExit } from './procs.mjs'
import { runWrk, writeWrkScript } from './wrk.mjs'

export const log = (msg) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Starts every process the selected targets need (once per process), runs their setup and probes each mode.
 * `children` collects started processes so the caller can stop them whatever happens.
 */
export async function prepareTargets({ table, launchers, mock, children, modes, runDir }) {
  const processes = new Map([['mock', Promise.resolve(mock)]])
  const targets = []
  for (const def of table) {
    const target = { def, name: def.name, description: def.description, status: 'ok', note: '', modes: {} }
    targets.push(target)
    try {
      if (!processes.has(def.process)) {
        log(`starting ${def.process}`)
        processes.set(
          def.process,
          launchers[def.process]().then((h) => (children.push(h), h)),
        )
      }
      target.proc = await processes.get(def.process)
      if (def.setup) await def.setup(target.proc)
    } catch (err) {
      Object.assign(target, { status: 'skipped', note: err.message, proc: undefined })
      log(`${def.name}: SKIPPED: ${err.message.split('\n')[0]}`)
      continue
    }
    for (const mode of modes) {
      const request = def.request(target.proc, mode)
      const url = target.proc.baseUrl + request.path
      const script = path.join(runDir, `${def.name}-${mode}.lua`)
      writeWrkScript(script, request)
      const error = await probe(url, request, mode, def.expectStatus)
      if (error) log(`${def.name} ${mode}: probe failed, not measured: ${error}`)
      target.modes[mode] = { request, url, script, error }
    }
  }
  return targets
}

const usable = (t, mode) => t.status === 'ok' && t.modes[mode] && !t.modes[mode].error
const targetPid = (t) => (t.def.process === 'mock' ? null : t.proc.pid)

export async function warmUp({ targets, options, pin }) {
  const concurrency = Math.min(16, Math.max(...options.concurrency))
  for (const t of targets) {
    const seconds = t.def.node ? options.warmupNodeSec : options.warmupNativeSec
    // Every prepared mode, which includes sse for the paced test even when --modes leaves it out.
    for (const mode of Object.keys(t.modes)) {
      if (!usable(t, mode) || seconds === 0) continue
      log(`warm-up ${t.name} ${mode} ${seconds} s`)
      const { url, script } = t.modes[mode]
      try {
        await runWrk({ url, script, connections: concurrency, durationSec: seconds, cpu: LOADGEN_CPU, pin })
      } catch (err) {
        log(`warm-up ${t.name} ${mode} failed: ${err.message}`)
      }
    }
  }
}

function describeErrors(sample) {
  const e = sample.errors
  const parts = []
  if (e.status) parts.push(`${e.status} HTTP >= 400`)
  if (e.connect + e.read + e.write) parts.push(`${e.connect + e.read + e.write} socket errors`)
  if (e.timeout) parts.push(`${e.timeout} timeouts`)
  if (sample.upstreamNotFound) parts.push(`mock saw ${sample.upstreamNotFound} requests to unknown paths`)
  return parts.join(', ')
}

/** Every (target, mode, concurrency) cell, in report order, with one sample per round. */
export async function measureRounds({ targets, mock, options, pin }) {
  const cells = []
  for (const t of targets.filter((x) => x.status === 'ok')) {
    for (const mode of options.modes) {
      for (const concurrency of options.concurrency) {
        const probeError = t.modes[mode]?.error
        cells.push({
          target: t.name,
          mode,
          concurrency,
          samples: [],
          error: probeError ? `probe: ${probeError}` : null,
        })
      }
    }
  }
  const active = targets.filter((t) => t.status === 'ok')
  for (let round = 0; round < options.rounds; round++) {
    for (const mode of options.modes) {
      for (const concurrency of options.concurrency) {
        // Rotating the order each round keeps any drift (thermal, neighbours) from always hitting one target.
        const order = active.map((_, i) => active[(i + round) % active.length])
        for (const t of order) {
          if (!usable(t, mode)) continue
          const cell = cells.find(
            (c) => c.target === t.name && c.mode === mode && c.concurrency === concurrency,
          )
          await measureOne({ t, cell, mock, options, pin, label: `round ${round + 1}/${options.rounds}` })
          await sleep(200)
        }
      }
    }
  }
  return cells
}

async function measureOne({ t, cell, mock, options, pin, label }) {
  const name = `${t.name} ${cell.mode} c${cell.concurrency}`
  if (!t.proc.alive() || !mock.alive()) {
    const dead = t.proc.alive() ? mock : t.proc
    cell.error = `${dead.name} exited (${describeExit(dead.exit)}): ${dead.tail(3).replace(/\n/g, ' ⏎ ')}`
    log(`${label} ${name}: ${cell.error}`)
    return
  }
  try {
    const { url, script } = t.modes[cell.mode]
    if (options.settleSec > 0) {
      const settle = { url, script, connections: cell.concurrency, durationSec: options.settleSec }
      await runWrk({ ...settle, cpu: LOADGEN_CPU, pin })
    }
    const sample = await measureCell({
      url,
      script,
      concurrency: cell.concurrency,
      durationSec: options.durationSec,
      targetPid: targetPid(t),
      mock,
      pin,
    })
    // A target that answers with an expected error status (e.g. 429 from a rate limit) is not failing.
    if (t.def.expectStatus) {
      sample.errorCount -= sample.errors.status
      sample.errors.status = 0
    }
    cell.samples.push(sample)
    const errors = describeErrors(sample)
    if (errors) cell.error = errors
    const cpu = Number.isFinite(sample.targetCpuUsPerReq)
      ? `, ${Math.round(sample.targetCpuUsPerReq)} µs/req`
      : ''
    log(
      `${label} ${name}: ${Math.round(sample.rps)} req/s, p50 ${sample.p50Ms.toFixed(2)} ms, ` +
        `p99 ${sample.p99Ms.toFixed(2)} ms${cpu}${errors ? ` — ${errors}` : ''}`,
    )
  } catch (err) {
    cell.error = err.message
    log(`${label} ${name}: FAILED: ${err.message}`)
  }
}

/** Re-paces the mock, times first and last byte through every target (interleaved), restores burst mode. */
export async function pacedStreams({ targets, mock, options, pin }) {
  const { firstDelayMs, interDelayMs, n } = options.paced
  const rows = []
  const runnable = []
  for (const t of targets.filter((x) => x.status === 'ok')) {
    if (usable(t, 'sse')) runnable.push({ name: t.name, url: t.modes.sse.url, request: t.modes.sse.request })
    else rows.push({ target: t.name, error: `probe: ${t.modes.sse?.error ?? 'not prepared'}` })
  }
  if (runnable.length === 0) return rows
  log(`paced stream: ${n} requests to each of ${runnable.map((t) => t.name).join(', ')}, interleaved`)
  await setMockPacing(mock, { firstDelayMs, interDelayMs })
  try {
    const samples = await runPacedClient({ targets: runnable, n, pin })
    for (const t of runnable) rows.push({ target: t.name, samples: samples[t.name] })
  } catch (err) {
    for (const t of runnable) rows.push({ target: t.name, error: err.message })
  } finally {
    await setMockPacing(mock, { firstDelayMs: 0, interDelayMs: 0 })
  }
  const order = targets.map((t) => t.name)
  return rows.sort((a, b) => order.indexOf(a.target) - order.indexOf(b.target))
}
