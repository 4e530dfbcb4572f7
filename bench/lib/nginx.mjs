// Renders bench/nginx.conf.template into a private prefix directory and runs nginx in the foreground.
//
//   node bench/lib/nginx.mjs --port 9300 --upstream-port 9100     (standalone, Ctrl-C to stop)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { hasCommand, startProcess, waitForHttp } from './procs.mjs'

const TEMPLATE = fileURLToPath(new URL('../nginx.conf.template', import.meta.url))

export function renderNginxConf({ prefix, port, upstreamPort }) {
  const vars = { PREFIX: prefix, PORT: String(port), UPSTREAM_PORT: String(upstreamPort) }
  return fs.readFileSync(TEMPLATE, 'utf8').replace(/\{\{(\w+)\}\}/g, (whole, key) => {
    if (!(key in vars)) throw new Error(`nginx.conf.template: unknown placeholder ${whole}`)
    return vars[key]
  })
}

/** Starts nginx (1 worker) on 127.0.0.1:`port` proxying to the mock; resolves once it answers HTTP. */
export async function startNginx({ prefix, port, upstreamPort, cpu, pin }) {
  if (!hasCommand('nginx')) throw new Error('nginx is not installed (apt-get install -y nginx)')
  fs.mkdirSync(path.join(prefix, 'tmp'), { recursive: true })
  // The master runs as root here and drops its worker to `nobody`, which must still reach the temp paths.
  fs.chmodSync(prefix, 0o755)
  fs.chmodSync(path.join(prefix, 'tmp'), 0o777)
  const conf = path.join(prefix, 'nginx.conf')
  fs.writeFileSync(conf, renderNginxConf({ prefix, port, upstreamPort }))
  const handle = startProcess({
    name: 'nginx',
    command: 'nginx',
    args: ['-p', prefix, '-c', conf],
    cpu,
    pin,
    logFile: path.join(prefix, 'stdout.log'),
  })
  handle.tail = (lines = 15) => readLogs(prefix, lines)
  try {
    await waitForHttp(`http://127.0.0.1:${port}/__stats`, { handle })
  } catch (err) {
    await handle.stop()
    throw err
  }
  return handle
}

function readLogs(prefix, lines) {
  const read = (f) => {
    try {
      return fs.readFileSync(path.join(prefix, f), 'utf8').trimEnd()
    } catch {
      return ''
    }
  }
  return [read('stdout.log'), read('error.log')].join('\n').trim().split('\n').slice(-lines).join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9300' },
      'upstream-port': { type: 'string', default: '9100' },
    },
  })
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'aigw-bench-nginx-'))
  const handle = await startNginx({
    prefix,
    port: Number(values.port),
    upstreamPort: Number(values['upstream-port']),
    pin: false,
  })
  console.log(`nginx listening on http://127.0.0.1:${values.port} (prefix ${prefix}); Ctrl-C stops it`)
  process.on('SIGINT', () => void handle.stop().then(() => process.exit(0)))
}
