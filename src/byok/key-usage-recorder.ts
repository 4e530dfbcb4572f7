import type { ProviderConfigStore } from '../core/stores.js'
import type { RequestRecord } from '../pipeline/record.js'

export interface KeyUsageRecorderOptions {
  configs: ProviderConfigStore
  flushIntervalMs: number
}

/**
 * F225: each stored key's last-used time and the upstream status it last got (a 401/403 shows the key as
 * invalid). Subscribes to `request:end`, keeps only the latest use per key and writes them in batches,
 * off the request path.
 */
export class KeyUsageRecorder {
  private pending = new Map<string, { at: string; status: number }>()
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> = Promise.resolve()

  constructor(private readonly options: KeyUsageRecorderOptions) {}

  readonly accept = (record: RequestRecord): void => {
    if (!record.storedKey || record.cached) return
    const status = upstreamStatus(record)
    if (status === undefined) return
    this.pending.set(record.storedKey.configId, { at: new Date(record.startedAt).toISOString(), status })
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs)
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.pending
    this.pending = new Map()
    this.flushing = this.flushing
      .then(async () => {
        for (const [id, use] of batch) await this.options.configs.touch(id, use.at, use.status)
      })
      .catch((error: unknown) => {
        console.error(`aigw: failed to record the last use of ${batch.size} stored keys`, error)
      })
    return this.flushing
  }
}

/** The status the provider answered with; requests that never reached it do not count as a use. */
function upstreamStatus(record: RequestRecord): number | undefined {
  const last = record.attempts.at(-1)
  if (!last || last.status === 0) return undefined
  return last.status
}
