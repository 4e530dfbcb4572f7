// Command-line options of run.mjs. --quick changes the defaults, explicit flags still win.
import { parseArgs } from 'node:util'

export const USAGE = `Usage: node bench/run.mjs [options]

  --quick                 smoke run: 1 round, 2 s cells, 2 s warm-up, 10 paced samples
  --duration <s>          seconds per measured cell (default 8)
  --rounds <n>            interleaved repetitions, medians reported (default 3)
  --warmup <s>            warm-up per mode for Node targets (default 10)
  --warmup-native <s>     warm-up per mode for direct and nginx (default 2)
  --settle <s>            unmeasured load at the cell's concurrency just before each cell, so connection pools
                          are already sized when measuring starts (default 1, 0 = off)
  --concurrency <list>    connections per cell (default 1,16,64)
  --modes <list>          json,sse (default both)
  --targets <list>        subset of: TARGETS (default all)
  --paced-n <n>           paced-stream samples per target (default 50)
  --paced-first-ms <ms>   paced mock: delay to first event (default 20)
  --paced-inter-ms <ms>   paced mock: delay between events (default 2)
  --no-paced              skip the paced-stream test
  --aigw-root <dir>       repository whose dist/main.js is the aigw target (default: this one; handy for
                          comparing two builds, e.g. a git worktree of main vs. your branch)
  --out <dir>             where <timestamp>.json/.md go (default bench/results)
  --keep-tmp              keep the temporary run directory (logs, aigw data) even on success
  -h, --help`

const DEFAULTS = { duration: 8, rounds: 3, warmup: 10, warmupNative: 2, settle: 1, pacedN: 50 }
const QUICK = { duration: 2, rounds: 1, warmup: 2, warmupNative: 1, settle: 1, pacedN: 10 }

function positive(name, raw, fallback, { integer = false, allowZero = false } = {}) {
  if (raw === undefined) return fallback
  const n = Number(raw)
  const ok = Number.isFinite(n) && (allowZero ? n >= 0 : n > 0) && (!integer || Number.isInteger(n))
  if (!ok)
    throw new Error(
      `--${name} must be a ${integer ? 'whole ' : ''}number > ${allowZero ? '= ' : ''}0, got "${raw}"`,
    )
  return n
}

function list(name, raw, fallback, allowed) {
  if (raw === undefined) return fallback
  const items = raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
  for (const item of items) {
    if (allowed && !allowed.includes(item))
      throw new Error(`--${name}: unknown "${item}" (allowed: ${allowed.join(', ')})`)
  }
  if (items.length === 0) throw new Error(`--${name} is empty`)
  return items
}

/** @param {string[]} argv @param {string[]} targetNames */
export function parseOptions(argv, targetNames) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      'warmup-native': { type: 'string' },
      settle: { type: 'string' },
      concurrency: { type: 'string' },
      modes: { type: 'string' },
      targets: { type: 'string' },
      'paced-n': { type: 'string' },
      'paced-first-ms': { type: 'string' },
      'paced-inter-ms': { type: 'string' },
      'no-paced': { type: 'boolean', default: false },
      out: { type: 'string' },
      'aigw-root': { type: 'string' },
      'keep-tmp': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const d = values.quick ? QUICK : DEFAULTS
  const concurrency = list('concurrency', values.concurrency, ['1', '16', '64']).map((c) =>
    positive('concurrency', c, 1, { integer: true }),
  )
  return {
    help: values.help,
    quick: values.quick,
    durationSec: positive('duration', values.duration, d.duration, { integer: true }),
    rounds: positive('rounds', values.rounds, d.rounds, { integer: true }),
    warmupNodeSec: positive('warmup', values.warmup, d.warmup, { integer: true, allowZero: true }),
    warmupNativeSec: positive('warmup-native', values['warmup-native'], d.warmupNative, {
      integer: true,
      allowZero: true,
    }),
    settleSec: positive('settle', values.settle, d.settle, { integer: true, allowZero: true }),
    concurrency,
    modes: list('modes', values.modes, ['json', 'sse'], ['json', 'sse']),
    targets: list('targets', values.targets, targetNames, targetNames),
    paced: {
      enabled: !values['no-paced'],
      n: positive('paced-n', values['paced-n'], d.pacedN, { integer: true }),
      firstDelayMs: positive('paced-first-ms', values['paced-first-ms'], 20, { allowZero: true }),
      interDelayMs: positive('paced-inter-ms', values['paced-inter-ms'], 2, { allowZero: true }),
    },
    out: values.out,
    aigwRoot: values['aigw-root'],
    keepTmp: values['keep-tmp'],
  }
}
