// Starts aigw from the repository's build output and creates the gateways the bench cases use through the
// management API, exactly as an operator would.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { startProcess, waitForHttp } from './procs.mjs'

/** Gateway settings every aigw case starts from: authentication and logs ON, no cache, no rate limit. */
export const BASE_GATEWAY = {
  cache_invalidate_on_update: false,
  cache_ttl: 0,
  collect_logs: true,
  rate_limiting_interval: 0,
  rate_limiting_limit: 0,
  authentication: true,
}

export async function startAigw({ repoRoot, port, mockPort, runDir, cpu, pin }) {
  const main = path.join(repoRoot, 'dist', 'main.js')
  if (!fs.existsSync(main))
    throw new Error(`${main} not found: run \`npm run build\` in the repository root first`)
  const dataDir = path.join(runDir, 'aigw-data')
  fs.mkdirSync(dataDir, { recursive: true })
  const accountId = crypto.randomBytes(16).toString('hex')
  const adminToken = `bench-${crypto.randomBytes(24).toString('base64url')}`
  const handle = startProcess({
    name: 'aigw',
    command: process.execPath,
    args: [main],
    cpu,
    pin,
    cwd: repoRoot,
    logFile: path.join(runDir, 'aigw.log'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      AIGW_DATA_DIR: dataDir,
      AIGW_ACCOUNT_ID: accountId,
      AIGW_ADMIN_TOKEN: adminToken,
      AIGW_UPSTREAM_OPENAI: `http://127.0.0.1:${mockPort}/v1`,
      AIGW_UPSTREAM_ANTHROPIC: `http://127.0.0.1:${mockPort}`,
    },
  })
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${baseUrl}/healthz`, { handle, timeoutMs: 30_000, isReady: (s) => s === 200 })
  } catch (err) {
    await handle.stop()
    throw err
  }
  const created = new Set()
  return Object.assign(handle, {
    baseUrl,
    accountId,
    adminToken,
    /** Creates gateway `id` once per run (a 409 means it already exists from an earlier case). */
    async ensureGateway(id, settings) {
      if (created.has(id)) return
      await createGateway({ baseUrl, accountId, adminToken, id, settings })
      created.add(id)
    },
  })
}

async function createGateway({ baseUrl, accountId, adminToken, id, settings }) {
  const url = `${baseUrl}/client/v4/accounts/${accountId}/ai-gateway/gateways`
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, ...settings }),
  })
  const text = await res.text()
  if (res.ok || res.status === 409) return
  throw new Error(`creating gateway "${id}": POST ${url} returned HTTP ${res.status}: ${text.slice(0, 300)}`)
}
