import { describe, expect, it } from 'vitest'
import { MemoryCreditStore } from '../store/memory/memory-credit-store.js'
import { CreditLedger } from './credit-ledger.js'
import { SpendRecorder } from './spend-recorder.js'
import { testRecord } from './test-record.js'

async function setup() {
  const store = new MemoryCreditStore()
  const ledger = new CreditLedger({ store, clock: { now: () => 0 } })
  // $1 per 1000 input tokens, $2 per 1000 output tokens.
  const cost = (_provider: string, _model: string, usage: { inputTokens: number; outputTokens: number }) =>
    usage.inputTokens * 0.001 + usage.outputTokens * 0.002
  const recorder = new SpendRecorder({ ledger, cost, flushIntervalMs: 60_000 })
  await ledger.addCredits('acct', 10, 'start')
  return { store, recorder }
}

describe('SpendRecorder (F231)', () => {
  it('spends the catalogue cost of each stored-key request, read from the response', async () => {
    const { store, recorder } = await setup()
    recorder.accept(testRecord())
    await recorder.flush()
    const entries = (await store.list('acct', { page: 1, perPage: 10 })).items
    expect(entries.filter((entry) => entry.kind === 'spend')).toEqual([
      {
        id: 'spend:log-1',
        accountId: 'acct',
        kind: 'spend',
        amountNanos: -2_000_000_000,
        at: Date.parse('2025-06-01T10:00:00.250Z'),
        logId: 'log-1',
        note: null,
      },
    ])
  })

  it('ignores a client’s cf-aig-custom-cost: a request does not set its own price', async () => {
    const { store, recorder } = await setup()
    const controls = {
      metadata: {},
      collectLog: undefined,
      collectLogPayload: true,
      customCost: { per_token_in: 0, per_token_out: 0 },
      byokAlias: undefined,
    }
    recorder.accept(testRecord({ controls }))
    await recorder.flush()
    expect((await store.balance('acct')).nanos).toBe(8_000_000_000)
  })

  it('skips requests without a stored key, cache hits and unpriced responses', async () => {
    const { store, recorder } = await setup()
    const { storedKey: _omit, ...withoutKey } = testRecord({ logId: 'a' })
    recorder.accept(withoutKey)
    recorder.accept(testRecord({ logId: 'b', cached: true }))
    const empty = Buffer.from('{}')
    recorder.accept(
      testRecord({
        logId: 'c',
        response: { size: 2, truncated: false, full: empty, head: empty, tail: empty },
      }),
    )
    await recorder.flush()
    expect(await store.balance('acct')).toEqual({ nanos: 10_000_000_000, entries: 1 })
  })
})
