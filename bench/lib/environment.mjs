// Tool checks and the facts about the machine that belong next to every set of figures.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hasCommand } from './procs.mjs'

// nginx -v prints to stderr, and wrk -v exits non-zero, so both streams count whatever the exit code.
function firstLine(cmd, args, { mustSucceed = false } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (r.error || (mustSucceed && r.status !== 0)) return null
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim()
  return text ? text.split('\n')[0] : null
}

/**
 * What is installed. wrk is required; nginx and taskset are optional (nginx is skipped, pinning is
 * turned off), each with a message saying how to install it.
 */
export function checkTools() {
  const problems = []
  const warnings = []
  const wrk = hasCommand('wrk')
  if (!wrk)
    problems.push('wrk is not installed; it is the load generator. Install it: apt-get install -y wrk')
  if (!hasCommand('nginx'))
    warnings.push('nginx is not installed, the nginx target is skipped: apt-get install -y nginx')
  const cpus = os.cpus().length
  let pin = hasCommand('taskset') && cpus >= 2
  if (!hasCommand('taskset'))
    warnings.push('taskset is missing (util-linux): running unpinned, figures will be noisier')
  else if (cpus < 2)
    warnings.push(`only ${cpus} CPU: cannot pin load generator and target apart, running unpinned`)
  return { ok: problems.length === 0, problems, warnings, pin }
}

export function collectVersions({ repoRoot, benchDir }) {
  let portkey = null
  try {
    const pkg = path.join(benchDir, 'node_modules', '@portkey-ai', 'gateway', 'package.json')
    portkey = JSON.parse(fs.readFileSync(pkg, 'utf8')).version
  } catch {
    // Not installed; the portkey target reports it.
  }
  let honoNodeServer = null
  try {
    const pkg = path.join(benchDir, 'node_modules', '@hono', 'node-server', 'package.json')
    honoNodeServer = JSON.parse(fs.readFileSync(pkg, 'utf8')).version
  } catch {
    // Comes with Portkey.
  }
  const git = (...args) => firstLine('git', ['-C', repoRoot, ...args], { mustSucceed: true })
  const commit = git('rev-parse', '--short', 'HEAD')
  const dirty = git('status', '--porcelain', '--untracked-files=no')
  return {
    node: process.versions.node,
    nginx: hasCommand('nginx') ? firstLine('nginx', ['-v']) : null,
    wrk: hasCommand('wrk') ? (firstLine('wrk', ['-v'])?.split(' [')[0] ?? null) : null,
    portkey,
    honoNodeServer,
    aigwCommit: commit ? `${commit}${dirty ? ' (dirty tree)' : ''}` : null,
  }
}

export function cpuInfo() {
  const cpus = os.cpus()
  return { count: cpus.length, model: cpus[0]?.model?.trim() ?? 'unknown CPU' }
}

/** Pins this orchestrating process (all its threads) to the load generator's CPU. */
export function pinSelf(cpu) {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
