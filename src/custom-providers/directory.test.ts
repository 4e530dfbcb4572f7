import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import type { CustomProviderRecord } from '../core/stores.js'
import { SecretVault } from '../secrets/secret-vault.js'
import { MemoryCustomProviderStore } from '../store/memory/memory-custom-provider-store.js'
import { MemorySecretStore } from '../store/memory/memory-secret-store.js'
import { CustomProviderDirectory } from './directory.js'

async function setup(overrides: Partial<CustomProviderRecord> = {}, allowInsecureHttp = false) {
  const clock = { now: () => 0 }
  const store = new MemoryCustomProviderStore()
  const vault = new SecretVault({
    store: new MemorySecretStore(),
    masterKey: { key: randomBytes(32), id: 'k', source: 'raw' },
    clock,
  })
  const headers = await vault.create('acct', JSON.stringify({ 'X-Api-Key': 'secret-header-value' }))
  const record: CustomProviderRecord = {
    id: 'p1',
    accountId: 'acct',
    name: 'My LLM',
    slug: 'My-LLM',
    baseUrl: 'https://llm.example.com/api',
    description: null,
    link: null,
    enable: true,
    beta: false,
    curlExample: null,
    jsExample: null,
    position: null,
    headersSecretId: headers.id,
    headersPreview: null,
    logo: '',
    createdAt: 0,
    modifiedAt: 0,
    ...overrides,
  }
  await store.create(record)
  const guarded: string[] = []
  const invalidated: string[] = []
  const directory = new CustomProviderDirectory({
    store,
    vault,
    clock,
    allowInsecureHttp,
    guardOrigin: (origin) => guarded.push(origin),
    invalidateProvider: async (slug) => invalidated.push(slug),
  })
  return { directory, store, record, guarded, invalidated }
}

describe('CustomProviderDirectory (F009, F241, F242)', () => {
  it('builds a descriptor from the stored provider, case-insensitively, with its decrypted headers', async () => {
    const { directory, guarded } = await setup()
    const descriptor = await directory.descriptor('acct', 'my-llm')
    expect(descriptor).toMatchObject({
      slug: 'custom-my-llm',
      name: 'My LLM',
      base: 'https://llm.example.com/api',
      auth: { type: 'bearer' },
      compat: { prefix: 'custom-my-llm', schema: 'openai-chat', path: '/v1/chat/completions' },
      defaultHeaders: { 'x-api-key': 'secret-header-value' },
    })
    expect(guarded).toEqual(['https://llm.example.com'])
    expect(await directory.descriptor('acct', 'other')).toBeUndefined()
    expect(await directory.descriptor('other-acct', 'my-llm')).toBeUndefined()
  })

  it('F244 refuses traffic to a provider with enable: false', async () => {
    const { directory } = await setup({ enable: false })
    const failure = await directory.descriptor('acct', 'my-llm').catch((error: unknown) => error)
    expect((failure as GatewayError).kind).toBe('custom_provider_disabled')
  })

  it('F242 a change drops the cached descriptor and the provider’s cached responses at once', async () => {
    const { directory, store, record, invalidated } = await setup()
    await directory.descriptor('acct', 'my-llm')
    await store.update({ ...record, baseUrl: 'https://moved.example.com' })
    expect((await directory.descriptor('acct', 'my-llm'))?.base).toBe('https://llm.example.com/api')
    await directory.changed('acct', ['My-LLM', 'my-llm'])
    expect((await directory.descriptor('acct', 'my-llm'))?.base).toBe('https://moved.example.com')
    expect(invalidated).toEqual(['custom-my-llm'])
    await store.delete('acct', 'p1')
    await directory.changed('acct', ['my-llm'])
    expect(await directory.descriptor('acct', 'my-llm')).toBeUndefined()
  })

  it('refuses an http:// provider unless the operator allows insecure HTTP', async () => {
    const closed = await setup({ baseUrl: 'http://llm.example.com' })
    await expect(closed.directory.descriptor('acct', 'my-llm')).rejects.toThrow(/allow_insecure_http/)
    const open = await setup({ baseUrl: 'http://llm.example.com' }, true)
    expect((await open.directory.descriptor('acct', 'my-llm'))?.base).toBe('http://llm.example.com')
  })
})
