import { randomUUID } from 'node:crypto'
import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { CreditBalance, CreditEntry, CreditStore } from '../core/stores.js'
import { nanosToUsd, usdToNanos } from './money.js'

export interface CreditLedgerOptions {
  store: CreditStore
  clock: Clock
  /** How long the data plane trusts a balance it read; this process refreshes it after its own writes. */
  cacheTtlMs?: number
}

export interface Spend {
  accountId: string
  logId: string
  nanos: number
  at: number
}

/**
 * Account credits (F231, F232): operators add credits, requests served with a stored key spend their
 * computed cost. An account that never received credits has no ledger and is not metered, so installs
 * that do not use billing never see a refusal. Spends are recorded after the response, so a burst of
 * concurrent requests can take the balance slightly below zero; the next request is then refused.
 */
export class CreditLedger {
  private readonly cache = new Map<string, { balance: CreditBalance; expiresAt: number }>()
  private readonly ttlMs: number

  constructor(private readonly options: CreditLedgerOptions) {
    this.ttlMs = options.cacheTtlMs ?? 5_000
  }

  /** Throws `insufficient_credit` when the account is metered and has nothing left. */
  async assertCanSpend(accountId: string): Promise<void> {
    const balance = await this.cachedBalance(accountId)
    if (balance.entries > 0 && balance.nanos <= 0) {
      throw new GatewayError(
        'insufficient_credit',
        `the account's credit balance is $${nanosToUsd(balance.nanos).toFixed(6)}; add credits to use stored provider keys`,
      )
    }
  }

  async balance(accountId: string): Promise<CreditBalance> {
    const balance = await this.options.store.balance(accountId)
    this.remember(accountId, balance)
    return balance
  }

  async addCredits(accountId: string, usd: number, note: string | null): Promise<CreditBalance> {
    const nanos = usdToNanos(usd)
    if (!Number.isSafeInteger(nanos) || nanos <= 0) throw new RangeError('credit amount must be positive')
    const entry: CreditEntry = {
      id: `credit:${randomUUID()}`,
      accountId,
      kind: 'credit',
      amountNanos: nanos,
      at: this.options.clock.now(),
      logId: null,
      note,
    }
    await this.options.store.append([entry])
    return this.balance(accountId)
  }

  /**
   * Idempotent per log id: a spend recorded twice is counted once. Accounts without a ledger are skipped, so
   * the first credits an operator adds are not eaten by the traffic that came before.
   */
  async recordSpends(spends: Spend[]): Promise<void> {
    const metered = new Set<string>()
    for (const accountId of new Set(spends.map((spend) => spend.accountId))) {
      if ((await this.cachedBalance(accountId)).entries > 0) metered.add(accountId)
    }
    const entries: CreditEntry[] = spends
      .filter((spend) => spend.nanos > 0 && metered.has(spend.accountId))
      .map((spend) => ({
        id: `spend:${spend.logId}`,
        accountId: spend.accountId,
        kind: 'spend',
        amountNanos: -spend.nanos,
        at: spend.at,
        logId: spend.logId,
        note: null,
      }))
    if (entries.length === 0) return
    await this.options.store.append(entries)
    for (const accountId of new Set(entries.map((entry) => entry.accountId))) this.cache.delete(accountId)
  }

  private async cachedBalance(accountId: string): Promise<CreditBalance> {
    const cached = this.cache.get(accountId)
    if (cached && cached.expiresAt > this.options.clock.now()) return cached.balance
    return this.balance(accountId)
  }

  private remember(accountId: string, balance: CreditBalance): void {
    this.cache.set(accountId, { balance, expiresAt: this.options.clock.now() + this.ttlMs })
  }
}
