#!/usr/bin/env node
// Overhead benchmark: client → mock upstream directly, through nginx, a minimal Node passthrough, Portkey and
// aigw, for JSON and 20-event SSE at several concurrencies, interleaved. See bench/README.md.
//
//   node bench/run.mjs [--quick] [--targets direct,nginx,aigw] …   (node bench/run.mjs --help)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { addComparisons, summarizeCell, summarizePaced } from './lib/aggregate.mjs'
import { checkTools, collectVersions, cpuInfo, pinSelf } from './lib/environment.mjs'
import { LOADGEN_CPU, mockStats, TARGET_CPU } from './lib/measure.mjs'
import { parseOptions, USAGE } from './lib/options.mjs'
import { log, measureRounds, pacedStreams, prepareTargets, warmUp } from './lib/phases.mjs'
import { freePort, peakRssKb, startProcess, waitForHttp } from './lib/procs.mjs'
import { renderMarkdown } from './lib/report.mjs'
import { processLaunchers, targetTable } from './lib/targets.mjs'

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.dirname(benchDir)

async function startMock({ runDir, pin }) {
  const port = await freePort()
  const handle = startProcess({
    name: 'mock',
    command: process.execPath,
    args: [path.join(benchDir, 'mock-upstream.mjs'), '--port', String(port)],
    cpu: TARGET_CPU,
    pin,
    env: { ...process.env, NODE_ENV: 'production' },
    logFile: path.join(runDir, 'mock.log'),
  })
  const baseUrl = `http://127.0.0.1:${port}`
  await waitForHttp(`${baseUrl}/__stats`, { handle })
  return Object.assign(handle, { baseUrl, port })
}

function estimateSeconds(targets, options) {
  const ok = targets.filter((t) => t.status === 'ok')
  const cells = ok.reduce(
    (n, t) => n + options.modes.filter((m) => t.modes[m] && !t.modes[m].error).length,
    0,
  )
  const perCell = options.durationSec + options.settleSec + 0.5
  const warm = ok.reduce((n, t) => n + (t.def.node ? options.warmupNodeSec : options.warmupNativeSec), 0)
  const paced = options.paced.enabled ? ok.length * (options.paced.n + 3) * 0.1 : 0
  const warmModes = new Set([...options.modes, ...(options.paced.enabled ? ['sse'] : [])]).size
  return cells * options.concurrency.length * options.rounds * perCell + warm * warmModes + paced
}

function parseOrExit() {
  const names = targetTable({ mockPort: 0 }).map((t) => t.name)
  try {
    const options = parseOptions(process.argv.slice(2), names)
    if (options.help) {
      console.log(USAGE.replace('TARGETS', names.join(', ')))
      process.exit(0)
    }
    return options
  } catch (err) {
    console.error(`bench: ${err.message}\n\n${USAGE.replace('TARGETS', names.join(', '))}`)
    process.exit(2)
  }
}

async function stopAll(children) {
  for (const child of [...children].reverse()) await child.stop()
}

async function runPhases({ options, runDir, pin, children }) {
  const mock = await startMock({ runDir, pin })
  children.push(mock)
  const table = targetTable({ mockPort: mock.port }).filter((t) => options.targets.includes(t.name))
  const aigwRoot = options.aigwRoot ? path.resolve(options.aigwRoot) : repoRoot
  const launchers = processLaunchers({
    repoRoot: aigwRoot,
    benchDir,
    runDir,
    mockPort: mock.port,
    cpu: TARGET_CPU,
    pin,
  })
  const modes = [...new Set([...options.modes, ...(options.paced.enabled ? ['sse'] : [])])]
  const targets = await prepareTargets({ table, launchers, mock, children, modes, runDir })
  log(`estimated duration ≈ ${Math.ceil(estimateSeconds(targets, options) / 60)} min`)
  await warmUp({ targets, options, pin })
  const cells = await measureRounds({ targets, mock, options, pin })
  const paced = options.paced.enabled ? await pacedStreams({ targets, mock, options, pin }) : []
  for (const t of targets) {
    t.peakRssKb = t.proc && t.def.process !== 'mock' && t.proc.alive() ? peakRssKb(t.proc.pid) : null
  }
  const finalMockStats = await mockStats(mock).catch(() => null)
  return { targets, cells, paced, mockStats: finalMockStats }
}

function writeResults(results, options) {
  const outDir = options.out ? path.resolve(options.out) : path.join(benchDir, 'results')
  fs.mkdirSync(outDir, { recursive: true })
  const stamp = results.meta.startedAt.replace(/[:.]/g, '-')
  const markdown = renderMarkdown(results)
  const serializable = {
    ...results,
    targets: results.targets.map((t) => ({
      name: t.name,
      description: t.description,
      process: t.def.process,
      status: t.status,
      note: t.note,
      peakRssKb: t.peakRssKb,
      modes: Object.fromEntries(Object.entries(t.modes).map(([m, v]) => [m, { url: v.url, error: v.error }])),
    })),
  }
  fs.writeFileSync(path.join(outDir, `${stamp}.json`), JSON.stringify(serializable, null, 2) + '\n')
  fs.writeFileSync(path.join(outDir, `${stamp}.md`), markdown)
  return { markdown, files: [path.join(outDir, `${stamp}.md`), path.join(outDir, `${stamp}.json`)] }
}

async function main() {
  const options = parseOrExit()
  const tools = checkTools()
  for (const w of tools.warnings) log(`warning: ${w}`)
  if (!tools.ok) {
    for (const p of tools.problems) console.error(`bench: ${p}`)
    process.exit(1)
  }
  const pin = tools.pin && pinSelf(LOADGEN_CPU)
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aigw-bench-'))
  const children = []
  process.on('SIGINT', () => {
    log(`interrupted; stopping children (logs in ${runDir})`)
    void stopAll(children).finally(() => process.exit(130))
  })
  const meta = {
    startedAt: new Date().toISOString(),
    versions: collectVersions({
      repoRoot: options.aigwRoot ? path.resolve(options.aigwRoot) : repoRoot,
      benchDir,
    }),
    cpu: cpuInfo(),
    pinned: pin,
    loadavg: { start: os.loadavg(), end: [] },
    runDir,
  }
  log(`run directory ${runDir}; pinning ${pin ? 'on' : 'OFF'}`)
  let phases
  try {
    phases = await runPhases({ options, runDir, pin, children })
  } finally {
    await stopAll(children)
  }
  meta.loadavg.end = os.loadavg()
  meta.finishedAt = new Date().toISOString()
  for (const cell of phases.cells) cell.summary = summarizeCell(cell)
  addComparisons(phases.cells)
  summarizePaced(phases.paced)
  const results = { meta, options, ...phases }
  const { markdown, files } = writeResults(results, options)
  process.stdout.write(`\n${markdown}`)
  log(`wrote ${files.join(' and ')}`)
  const failures = phases.targets.some((t) => t.status !== 'ok') || phases.cells.some((c) => c.error)
  if (options.keepTmp || failures) log(`logs kept in ${runDir}`)
  else fs.rmSync(runDir, { recursive: true, force: true })
}

main().catch((err) => {
  console.error(`bench: ${err.stack ?? err}`)
  process.exit(1)
})
