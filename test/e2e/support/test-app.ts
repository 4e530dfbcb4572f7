import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Cloudflare from 'cloudflare'
import { startApp, type App } from '../../../src/app.js'
import type { Config } from '../../../src/config/config.js'
import { loadConfig } from '../../../src/config/load-config.js'
import type { Clock } from '../../../src/core/clock.js'
import type { Sleep } from '../../../src/limits/sleep.js'

export interface TestApp extends App {
  adminToken: string
  dataDir: string
  cloudflare: Cloudflare
  /** `${url}/v1/${accountId}/${gateway}` */
  gatewayUrl(gateway: string): string
  createGateway(id: string, settings?: Record<string, unknown>): Promise<void>
  stop(): Promise<void>
}

/** Starts aigw in-process on a free port, configured exactly as `npm start` would be from this environment. */
export interface TestAppOptions {
  clock?: Clock
  sleep?: Sleep
  /** Adjust the loaded config before start (limits, cache sizes…). */
  configure?: (config: Config) => void
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aigw-test-'))
  const adminToken = `test-admin-${randomBytes(12).toString('hex')}`
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    AIGW_DATA_DIR: dataDir,
    AIGW_ACCOUNT_ID: randomBytes(16).toString('hex'),
    AIGW_ADMIN_TOKEN: adminToken,
    ...env,
  })
  config.logs.flushIntervalMs = 20
  options.configure?.(config)
  const app = await startApp(config, options.clock, options.sleep ? { sleep: options.sleep } : {})
  const cloudflare = new Cloudflare({ apiToken: adminToken, baseURL: `${app.url}/client/v4`, maxRetries: 0 })
  return {
    ...app,
    adminToken,
    dataDir,
    cloudflare,
    gatewayUrl: (gateway) => `${app.url}/v1/${app.accountId}/${gateway}`,
    async createGateway(id, settings = {}) {
      await cloudflare.aiGateway.create({
        account_id: app.accountId,
        id,
        cache_invalidate_on_update: false,
        cache_ttl: 0,
        collect_logs: true,
        rate_limiting_interval: 0,
        rate_limiting_limit: 0,
        ...settings,
      })
    },
    async stop() {
      await app.shutdown()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Log writes are batched off the request path; tests flush instead of sleeping. */
export async function settled(app: App): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
  await app.flushLogs()
}
