import { describe, expect, it } from 'vitest'
import { testRecord } from '../billing/test-record.js'
import type { ProviderConfigRecord } from '../core/stores.js'
import { MemoryProviderConfigStore } from '../store/memory/memory-provider-config-store.js'
import { KeyUsageRecorder } from './key-usage-recorder.js'

const config: ProviderConfigRecord = {
  id: 'cfg-1',
  accountId: 'acct',
  gatewayId: 'gw',
  providerSlug: 'openai',
  alias: 'default',
  defaultConfig: true,
  secretId: 's',
  secretPreview: '…',
  rateLimit: null,
  rateLimitPeriod: null,
  description: null,
  region: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  modifiedAt: '2025-01-01T00:00:00.000Z',
  lastUsedAt: null,
  lastStatus: null,
}

describe('KeyUsageRecorder (F225)', () => {
  it('records the latest use of each stored key and the status the provider gave', async () => {
    const configs = new MemoryProviderConfigStore()
    await configs.create(config)
    const recorder = new KeyUsageRecorder({ configs, flushIntervalMs: 60_000 })
    recorder.accept(testRecord({ startedAt: Date.parse('2025-06-01T10:00:00Z') }))
    const refused = [{ provider: 'openai', step: 0, status: 401, startedAt: 0, durationMs: 1 }]
    recorder.accept(testRecord({ startedAt: Date.parse('2025-06-01T11:00:00Z'), attempts: refused }))
    await recorder.flush()
    const got = await configs.get('acct', 'gw', 'cfg-1')
    expect([got?.lastUsedAt, got?.lastStatus]).toEqual(['2025-06-01T11:00:00.000Z', 401])
  })

  it('ignores requests that never reached the provider, cache hits and keyless requests', async () => {
    const configs = new MemoryProviderConfigStore()
    await configs.create(config)
    const recorder = new KeyUsageRecorder({ configs, flushIntervalMs: 60_000 })
    recorder.accept(testRecord({ attempts: [] }))
    recorder.accept(
      testRecord({ attempts: [{ provider: 'openai', step: 0, status: 0, startedAt: 0, durationMs: 1 }] }),
    )
    recorder.accept(testRecord({ cached: true }))
    const { storedKey: _omit, ...keyless } = testRecord()
    recorder.accept(keyless)
    await recorder.flush()
    expect((await configs.get('acct', 'gw', 'cfg-1'))?.lastUsedAt).toBeNull()
  })
})
