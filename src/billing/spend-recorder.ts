import type { Usage } from '../core/log-entry.js'
import { toLogEntry } from '../logging/to-log-entry.js'
import type { RequestRecord } from '../pipeline/record.js'
import type { CreditLedger, Spend } from './credit-ledger.js'
import { usdToNanos } from './money.js'

export interface SpendRecorderOptions {
  ledger: CreditLedger
  cost: (provider: string, model: string, usage: Usage) => number | undefined
  flushIntervalMs: number
}

/**
 * Subscriber to `request:end` (F231): every request served with a stored key spends its cost from the
 * account's credits. The cost is computed the way the log writer computes it (usage read from the bytes,
 * the pricing catalogue), off the request path, but a client's `cf-aig-custom-cost` is ignored: a request
 * must not set its own price. A model the catalogue does not price costs nothing; operators can price it
 * with `pricing:` in the config file.
 */
export class SpendRecorder {
  private queue: RequestRecord[] = []
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> = Promise.resolve()

  constructor(private readonly options: SpendRecorderOptions) {}

  readonly accept = (record: RequestRecord): void => {
    if (!record.storedKey || record.cached) return
    this.queue.push(record)
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs)
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.queue
    this.queue = []
    this.flushing = this.flushing
      .then(() => this.options.ledger.recordSpends(batch.flatMap((record) => this.spendOf(record))))
      .catch((error: unknown) => {
        console.error(`aigw: failed to record credit spend for ${batch.length} requests`, error)
      })
    return this.flushing
  }

  private spendOf(record: RequestRecord): Spend[] {
    try {
      const priced = { ...record, controls: record.controls && { ...record.controls, customCost: undefined } }
      const usd = toLogEntry(priced, this.options.cost).cost
      const nanos = usdToNanos(usd)
      if (!(nanos > 0)) return []
      return [
        {
          accountId: record.accountId,
          logId: record.logId,
          nanos,
          at: Math.round(record.startedAt + record.durationMs),
        },
      ]
    } catch (error) {
      console.error(`aigw: could not price request ${record.logId} for credits`, error)
      return []
    }
  }
}
