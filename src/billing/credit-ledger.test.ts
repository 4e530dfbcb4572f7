import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import { MemoryCreditStore } from '../store/memory/memory-credit-store.js'
import { CreditLedger } from './credit-ledger.js'

function setup() {
  let now = 1_000_000
  const store = new MemoryCreditStore()
  const ledger = new CreditLedger({ store, clock: { now: () => now }, cacheTtlMs: 5_000 })
  return { ledger, store, advance: (ms: number) => void (now += ms) }
}

describe('CreditLedger (F231, F232)', () => {
  it('an account that never received credits is not metered, and its traffic is not charged later', async () => {
    const { ledger, store } = setup()
    await expect(ledger.assertCanSpend('acct')).resolves.toBeUndefined()
    await ledger.recordSpends([{ accountId: 'acct', logId: 'l0', nanos: 5_000, at: 1 }])
    expect(await store.balance('acct')).toEqual({ nanos: 0, entries: 0 })
    await ledger.addCredits('acct', 1, null)
    expect((await ledger.balance('acct')).nanos).toBe(1_000_000_000)
  })

  it('F231 spends lower the balance; at zero or below, stored-key requests are refused with 402', async () => {
    const { ledger } = setup()
    await ledger.addCredits('acct', 0.01, 'trial')
    await ledger.assertCanSpend('acct')
    await ledger.recordSpends([{ accountId: 'acct', logId: 'l1', nanos: 6_000_000, at: 1 }])
    await ledger.assertCanSpend('acct')
    await ledger.recordSpends([{ accountId: 'acct', logId: 'l2', nanos: 6_000_000, at: 2 }])
    const failure = await ledger.assertCanSpend('acct').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(GatewayError)
    expect([(failure as GatewayError).status, (failure as GatewayError).code]).toEqual([402, 2051])
    expect((failure as GatewayError).message).toMatch(/-0\.002000/)
    expect((await ledger.balance('acct')).nanos).toBe(-2_000_000)
  })

  it('a spend recorded twice (same log id) counts once; zero-cost requests leave no entry', async () => {
    const { ledger, store } = setup()
    await ledger.addCredits('acct', 1, null)
    const spend = { accountId: 'acct', logId: 'l1', nanos: 1_000, at: 1 }
    await ledger.recordSpends([spend, spend, { ...spend, logId: 'free', nanos: 0 }])
    await ledger.recordSpends([spend])
    expect(await store.balance('acct')).toEqual({ nanos: 1_000_000_000 - 1_000, entries: 2 })
  })

  it('adding credits lifts a refusal at once in this process', async () => {
    const { ledger } = setup()
    await ledger.addCredits('acct', 0.000001, null)
    await ledger.recordSpends([{ accountId: 'acct', logId: 'l1', nanos: 5_000, at: 1 }])
    await expect(ledger.assertCanSpend('acct')).rejects.toThrow(/Insufficient credit/)
    await ledger.addCredits('acct', 5, 'top-up')
    await expect(ledger.assertCanSpend('acct')).resolves.toBeUndefined()
  })

  it('refuses non-positive amounts', async () => {
    const { ledger } = setup()
    await expect(ledger.addCredits('acct', 0, null)).rejects.toThrow(RangeError)
    await expect(ledger.addCredits('acct', -1, null)).rejects.toThrow(RangeError)
  })
})
