// Drives wrk with a generated Lua script (wrk cannot POST a body otherwise) whose done() hook prints the
// summary as one JSON line, so nothing depends on parsing wrk's human-readable output.
import { execFile } from 'node:child_process'
import fs from 'node:fs'

const MARK = 'WRK_JSON '

// Lua long brackets need no escaping; the level grows until the closing bracket cannot occur in the text.
// Callers must leave a space after an opening `[`, since `[[[` would start a long string itself.
function luaLongString(text) {
  let level = ''
  while (text.includes(`]${level}]`)) level += '='
  return `[${level}[${text}]${level}]`
}

/** Writes the Lua script that makes wrk send `request` (method POST, headers, body). */
export function writeWrkScript(file, { headers, body }) {
  const lines = ['wrk.method = "POST"', `wrk.body = ${luaLongString(body)}`]
  lines.push(`wrk.headers["Content-Type"] = "application/json"`)
  for (const [name, value] of Object.entries(headers)) {
    lines.push(`wrk.headers[ ${luaLongString(name)} ] = ${luaLongString(value)}`)
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format('\\n${MARK}{"requests":%d,"duration_us":%d,"bytes":%d,' ..`,
    `    '"p50_us":%.1f,"p90_us":%.1f,"p99_us":%.1f,"mean_us":%.1f,"max_us":%.1f,' ..`,
    `    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',`,
    '    summary.requests, summary.duration, summary.bytes,',
    '    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,',
    '    e.connect, e.read, e.write, e.status, e.timeout))',
    'end',
  )
  fs.writeFileSync(file, lines.join('\n') + '\n')
}

/**
 * Runs one wrk measurement and resolves to its summary. Latencies in ms; `errors` counts socket errors,
 * timeouts and HTTP statuses >= 400 (wrk's "Non-2xx or 3xx responses").
 */
export function runWrk({ url, script, connections, durationSec, cpu, pin }) {
  const wrkArgs = ['-t1', `-c${connections}`, `-d${durationSec}s`, '--timeout', '10s', '-s', script, url]
  const [cmd, args] = pin ? ['taskset', ['-c', String(cpu), 'wrk', ...wrkArgs]] : ['wrk', wrkArgs]
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 4 << 20, timeout: (durationSec + 30) * 1000 }, (err, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith(MARK))
      if (!line) {
        const why = err ? err.message : 'no summary line'
        reject(new Error(`wrk failed (${why}): ${(stderr || stdout).trim().slice(-400)}`))
        return
      }
      resolve(parseSummary(JSON.parse(line.slice(MARK.length))))
    })
  })
}

function parseSummary(s) {
  const durationS = s.duration_us / 1e6
  return {
    requests: s.requests,
    durationS,
    rps: s.requests / durationS,
    p50Ms: s.p50_us / 1000,
    p90Ms: s.p90_us / 1000,
    p99Ms: s.p99_us / 1000,
    meanMs: s.mean_us / 1000,
    maxMs: s.max_us / 1000,
    bytes: s.bytes,
    errors: {
      connect: s.connect,
      read: s.read,
      write: s.write,
      timeout: s.timeout,
      status: s.status,
    },
    errorCount: s.connect + s.read + s.write + s.timeout + s.status,
  }
}
