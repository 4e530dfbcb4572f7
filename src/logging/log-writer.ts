import type { GatewaySettings } from '../core/gateway-settings.js'
import type { LogEntry } from '../core/log-entry.js'
import type { LogStore } from '../core/stores.js'
import type { RequestRecord } from '../pipeline/record.js'
import { toLogEntry, type CostFunction } from './to-log-entry.js'

export interface LogWriterOptions {
  store: LogStore
  cost: CostFunction
  /** Current settings of a gateway, for `log_management` (F099, F249). */
  settings(accountId: string, gatewayId: string): Promise<GatewaySettings | undefined>
  flushIntervalMs: number
  batchSize: number
}

/**
 * Subscriber to `request:end`: queues records and writes them in batches off the request path (F256 allows
 * seconds of lag). `flush()` drains everything; the shutdown path awaits it so no log is lost on SIGTERM.
 */
export class LogWriter {
  private queue: RequestRecord[] = []
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> = Promise.resolve()
  /** Stored-log counts per gateway: COUNT(*) over millions of rows is too dear to run per batch. */
  private readonly counts = new Map<string, { value: number; at: number }>()

  constructor(private readonly options: LogWriterOptions) {}

  readonly accept = (record: RequestRecord): void => {
    if (!record.collectLog) return
    this.queue.push(record)
    if (this.queue.length >= this.options.batchSize) void this.flush()
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs)
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.queue
    this.queue = []
    this.flushing = this.flushing
      .then(() => this.write(batch))
      .catch((error: unknown) => {
        console.error(`aigw: failed to write ${batch.length} log entries`, error)
      })
    return this.flushing
  }

  private async write(batch: RequestRecord[]): Promise<void> {
    if (batch.length === 0) return
    const entries: LogEntry[] = []
    for (const record of batch) {
      try {
        entries.push(toLogEntry(record, this.options.cost))
      } catch (error) {
        console.error(`aigw: could not build log entry ${record.logId}`, error)
      }
    }
    const admitted = await this.applyStorageLimits(entries)
    if (admitted.length > 0) await this.options.store.append(admitted)
  }

  /** F249: a full gateway either stops storing new logs or deletes its oldest ones to make room. */
  private async applyStorageLimits(entries: LogEntry[]): Promise<LogEntry[]> {
    const byGateway = new Map<string, LogEntry[]>()
    for (const entry of entries) {
      const key = `${entry.accountId}/${entry.gatewayId}`
      const list = byGateway.get(key)
      if (list) list.push(entry)
      else byGateway.set(key, [entry])
    }
    const admitted: LogEntry[] = []
    for (const list of byGateway.values()) {
      const { accountId, gatewayId } = list[0]!
      const settings = await this.options.settings(accountId, gatewayId)
      const cap = settings?.log_management ?? null
      if (cap === null || cap <= 0) {
        admitted.push(...list)
        continue
      }
      const key = `${accountId}/${gatewayId}`
      const stored = await this.storedCount(key, accountId, gatewayId)
      const room = cap - stored
      let accepted: LogEntry[]
      if (room >= list.length) accepted = list
      else if (settings?.log_management_strategy === 'DELETE_OLDEST') {
        accepted = list.slice(-cap)
        const deleted = await this.options.store.deleteOldest(
          accountId,
          gatewayId,
          stored + accepted.length - cap,
        )
        this.counts.set(key, { value: stored - deleted, at: Date.now() })
      } else accepted = list.slice(0, Math.max(0, room))
      const current = this.counts.get(key)
      if (current) current.value += accepted.length
      admitted.push(...accepted)
    }
    return admitted
  }

  private async storedCount(key: string, accountId: string, gatewayId: string): Promise<number> {
    const cached = this.counts.get(key)
    if (cached && Date.now() - cached.at < 10_000) return cached.value
    const value = await this.options.store.count(accountId, gatewayId)
    this.counts.set(key, { value, at: Date.now() })
    return value
  }
}
