import { describe, expect, it } from 'vitest'
import type { StoredKey, StoredKeys } from '../../byok/stored-keys.js'
import { evaluatorCredential } from './guardrails.js'

function keys(found: StoredKey | Error | undefined) {
  const asked: unknown[][] = []
  const store = {
    async find(...args: unknown[]) {
      asked.push(args)
      if (found instanceof Error) throw found
      return found
    },
  } as unknown as StoredKeys
  return { store, asked }
}

const context = (storedKeys?: StoredKeys) => ({
  accountId: 'acct',
  gatewayId: 'gw',
  warnings: [] as string[],
  services: { storedKeys },
})

const stored = (value: StoredKey['value']): StoredKey => ({
  configId: 'c1',
  providerSlug: 'workers-ai',
  alias: 'default',
  value,
  region: null,
})

describe('the key guardrails evaluations are sent with (F212)', () => {
  const runtime = { providerSlug: 'workers-ai', apiKey: 'operator-key' }

  it('the gateway’s stored key for the evaluator’s provider comes first, with its own Workers AI account', async () => {
    const { store, asked } = keys(stored({ kind: 'workers-ai', apiToken: 'cf-token', accountId: 'acct-2' }))
    expect(await evaluatorCredential(context(store), runtime)).toEqual({
      key: 'cf-token',
      workersAiAccountId: 'acct-2',
    })
    expect(asked).toEqual([['acct', 'gw', 'workers-ai', undefined]])
    const plain = keys({ ...stored({ kind: 'key', key: 'gsk' }), providerSlug: 'groq' })
    expect(await evaluatorCredential(context(plain.store), { ...runtime, providerSlug: 'groq' })).toEqual({
      key: 'gsk',
    })
  })

  it('without a stored key the operator key is used, and without either none', async () => {
    expect(await evaluatorCredential(context(keys(undefined).store), runtime)).toEqual({
      key: 'operator-key',
    })
    expect(await evaluatorCredential(context(), { ...runtime, apiKey: undefined })).toBeUndefined()
  })

  it('a stored key that cannot be read is noted on the request and the operator key tried', async () => {
    const request = context(keys(new Error('the stored workers-ai secret is not valid JSON')).store)
    expect(await evaluatorCredential(request, runtime)).toEqual({ key: 'operator-key' })
    expect(request.warnings).toEqual([
      'guardrails: the stored workers-ai key could not be used: the stored workers-ai secret is not valid JSON',
    ])
  })
})
