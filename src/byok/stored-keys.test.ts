import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ProviderConfigRecord } from '../core/stores.js'
import { SecretVault } from '../secrets/secret-vault.js'
import { MemoryProviderConfigStore } from '../store/memory/memory-provider-config-store.js'
import { MemorySecretStore } from '../store/memory/memory-secret-store.js'
import { StoredKeys } from './stored-keys.js'

async function setup() {
  let now = 0
  const clock = { now: () => now }
  const configs = new MemoryProviderConfigStore()
  const vault = new SecretVault({
    store: new MemorySecretStore(),
    masterKey: { key: randomBytes(32), id: 'k', source: 'raw' },
    clock,
  })
  const keys = new StoredKeys({ configs, vault, clock, ttlMs: 1_000 })
  let counter = 0
  const add = async (alias: string, value: string, extra: Partial<ProviderConfigRecord> = {}) => {
    const secret = await vault.create('acct', value)
    const config: ProviderConfigRecord = {
      id: `c${++counter}`,
      accountId: 'acct',
      gatewayId: 'gw',
      providerSlug: 'openai',
      alias,
      defaultConfig: false,
      secretId: secret.id,
      secretPreview: secret.preview,
      rateLimit: null,
      rateLimitPeriod: null,
      description: null,
      region: null,
      createdAt: `2025-01-0${counter}T00:00:00.000Z`,
      modifiedAt: '2025-01-01T00:00:00.000Z',
      lastUsedAt: null,
      lastStatus: null,
      ...extra,
    }
    await configs.create(config)
    return config
  }
  return { keys, configs, vault, add, advance: (ms: number) => void (now += ms) }
}

const valueOf = (key: Awaited<ReturnType<StoredKeys['find']>>) =>
  key?.value.kind === 'key' ? key.value.key : undefined

describe('StoredKeys', () => {
  it('F224 picks the requested alias, else "default", else the config marked default_config', async () => {
    const { keys, add } = await setup()
    await add('production', 'sk-production-key-000', { defaultConfig: true })
    expect(valueOf(await keys.find('acct', 'gw', 'openai', undefined))).toBe('sk-production-key-000')
    await add('default', 'sk-default-key-00000')
    keys.invalidate('acct', 'gw')
    expect(valueOf(await keys.find('acct', 'gw', 'openai', undefined))).toBe('sk-default-key-00000')
    expect(valueOf(await keys.find('acct', 'gw', 'openai', 'production'))).toBe('sk-production-key-000')
    expect(await keys.find('acct', 'gw', 'openai', 'testing')).toBeUndefined()
    expect(await keys.find('acct', 'gw', 'anthropic', undefined)).toBeUndefined()
    expect(await keys.find('acct', 'other-gw', 'openai', undefined)).toBeUndefined()
  })

  it('F227 a rotated key is used at once after invalidate, and within the TTL otherwise', async () => {
    const { keys, configs, vault, add, advance } = await setup()
    const config = await add('default', 'sk-old-key-0000000000')
    expect(valueOf(await keys.find('acct', 'gw', 'openai', undefined))).toBe('sk-old-key-0000000000')
    const fresh = await vault.create('acct', 'sk-new-key-0000000000')
    await configs.update({ ...config, secretId: fresh.id })
    expect(valueOf(await keys.find('acct', 'gw', 'openai', undefined))).toBe('sk-old-key-0000000000')
    keys.invalidate('acct', 'gw')
    expect(valueOf(await keys.find('acct', 'gw', 'openai', undefined))).toBe('sk-new-key-0000000000')
    await configs.delete('acct', 'gw', config.id)
    advance(1_001)
    expect(await keys.find('acct', 'gw', 'openai', undefined)).toBeUndefined()
  })

  it('reports the config and alias that served, with the parsed value', async () => {
    const { keys, add } = await setup()
    const config = await add('default', 'sk-default-key-00000', { region: null })
    expect(await keys.find('acct', 'gw', 'openai', undefined)).toEqual({
      configId: config.id,
      providerSlug: 'openai',
      alias: 'default',
      value: { kind: 'key', key: 'sk-default-key-00000' },
      region: null,
    })
  })
})
