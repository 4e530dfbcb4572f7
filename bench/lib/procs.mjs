// Child-process plumbing: start pinned processes with their output in a log file, wait for them to answer,
// stop them, and read their CPU time and peak RSS from /proc.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'

let clockTicks
/** Kernel clock ticks per second (the unit of utime/stime in /proc/<pid>/stat). */
export function clockTicksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      clockTicks = 100
    }
  }
  return clockTicks
}

export function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; released before the caller binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Spawns `command args` pinned to `cpu` (through taskset when `pin` is set), stdout and stderr appended to
 * `logFile` rather than piped, so a chatty child can never block on a full pipe.
 */
export function startProcess({ name, command, args, cpu, pin, env, cwd, logFile }) {
  const fd = fs.openSync(logFile, 'a')
  const [cmd, argv] = pin ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args]
  const child = spawn(cmd, argv, { cwd, env: env ?? process.env, stdio: ['ignore', fd, fd] })
  fs.closeSync(fd)
  const handle = {
    name,
    child,
    pid: child.pid,
    logFile,
    exit: null,
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        handle.exit = { code, signal }
        resolve(handle.exit)
      })
      child.on('error', (err) => {
        handle.exit = { code: null, signal: null, error: err.message }
        resolve(handle.exit)
      })
    }),
    alive: () => handle.exit === null,
    stop: (graceMs = 3000) => stopProcess(handle, graceMs),
    tail: (lines = 15) => tailFile(logFile, lines),
  }
  return handle
}

async function stopProcess(handle, graceMs) {
  if (!handle.alive()) return handle.exit
  handle.child.kill('SIGTERM')
  const timer = setTimeout(() => handle.alive() && handle.child.kill('SIGKILL'), graceMs)
  const exit = await handle.exited
  clearTimeout(timer)
  return exit
}

export function tailFile(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `url` until `isReady(status)` holds. Fails early, with the log tail, when the process exits first.
 */
export async function waitForHttp(url, { handle, timeoutMs = 20_000, isReady = () => true }) {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (handle && !handle.alive()) {
      throw new Error(
        `${handle.name} exited (${describeExit(handle.exit)}) before answering ${url}:\n${handle.tail()}`,
      )
    }
    try {
      const res = await fetch(url, { signal: globalThis.AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (isReady(res.status)) return
      last = `HTTP ${res.status}`
    } catch (err) {
      last = err.cause?.code ?? err.message
    }
    await sleep(100)
  }
  const logs = handle ? `\n${handle.tail()}` : ''
  throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last})${logs}`)
}

export function describeExit(exit) {
  if (!exit) return 'running'
  if (exit.error) return exit.error
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`
}

function readStatFields(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name is in parentheses and may contain spaces; fields after it are space separated.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
}

/** `pid` and all its descendants (nginx master + worker, a Node process that forks helpers). */
export function processTree(pid) {
  const parentOf = new Map()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      parentOf.set(Number(entry), Number(readStatFields(entry)[1]))
    } catch {
      // The process ended while we were listing.
    }
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child)
  }
  return tree.filter((p) => parentOf.has(p))
}

/** utime + stime of the process tree, in clock ticks (all threads included). */
export function cpuTicks(pid) {
  let ticks = 0
  for (const p of processTree(pid)) {
    try {
      const f = readStatFields(p)
      // Fields 14 and 15 of stat(5); index 11/12 once pid and comm are cut off.
      ticks += Number(f[11]) + Number(f[12])
    } catch {
      // Exited between listing and reading.
    }
  }
  return ticks
}

/** Peak resident set size (VmHWM) summed over the process tree, in kB. */
export function peakRssKb(pid) {
  let kb = 0
  for (const p of processTree(pid)) {
    try {
      const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))
      if (m) kb += Number(m[1])
    } catch {
      // Exited.
    }
  }
  return kb
}
