import type { LogEntry, LogPatch, LogQuery } from '../../core/log-entry.js'
import type { LogStore, Page } from '../../core/stores.js'
import { logOrderKeys } from '../log-query/log-filter-keys.js'
import { type NormalizedLogQuery, normalizeLogQuery } from '../log-query/normalize-log-query.js'
import { extraJson, validateLogEntry, validateLogPatch } from '../log-query/validate-log-entry.js'
import { compareLogEntries, matchesLogQuery } from './match-log-entry.js'

/** Process-local LogStore with the SQLite store's semantics; for tests and single-process dev runs. */
export class MemoryLogStore implements LogStore {
  /** scope key → log id → entry, the entry owned by the store (never handed out). */
  private readonly scopes = new Map<string, Map<string, LogEntry>>()

  async append(entries: LogEntry[]): Promise<void> {
    entries.forEach(validateLogEntry)
    // Copied before any is stored, so a bad entry leaves nothing of its batch behind.
    const copies = entries.map((entry) => copyEntry(entry, true))
    for (const copy of copies) {
      const scope = this.scope(copy.accountId, copy.gatewayId, true)
      // Idempotent per id, like the SQL backends, so a retried batch does not duplicate rows.
      if (!scope.has(copy.id)) scope.set(copy.id, copy)
    }
  }

  async list(query: LogQuery): Promise<Page<LogEntry>> {
    const normalized = normalizeLogQuery(query)
    const matched = this.matching(normalized)
    const start = normalized.offset
    return {
      items: matched.slice(start, start + normalized.perPage).map((entry) => copyEntry(entry, false)),
      total: matched.length,
    }
  }

  async get(accountId: string, gatewayId: string, id: string): Promise<LogEntry | undefined> {
    const entry = this.scope(accountId, gatewayId, false)?.get(id)
    return entry ? copyEntry(entry, true) : undefined
  }

  async patch(accountId: string, gatewayId: string, id: string, patch: LogPatch): Promise<boolean> {
    validateLogPatch(patch)
    const entry = this.scope(accountId, gatewayId, false)?.get(id)
    if (!entry) return false
    if (patch.feedback !== undefined) entry.feedback = patch.feedback
    if (patch.score !== undefined) entry.score = patch.score
    if (patch.metadata !== undefined) entry.metadata = { ...patch.metadata }
    return true
  }

  async delete(query: LogQuery): Promise<number> {
    const normalized = normalizeLogQuery(query)
    const matched = this.matching(normalized)
    const doomed = normalized.limit === null ? matched : matched.slice(0, normalized.limit)
    return this.remove(query.accountId, query.gatewayId, doomed)
  }

  async count(accountId: string, gatewayId: string): Promise<number> {
    return this.scope(accountId, gatewayId, false)?.size ?? 0
  }

  async deleteOldest(accountId: string, gatewayId: string, count: number): Promise<number> {
    if (!Number.isInteger(count) || count < 0)
      throw new Error(`deleteOldest: count must be a non-negative integer`)
    const entries = [...(this.scope(accountId, gatewayId, false)?.values() ?? [])]
    entries.sort(compareLogEntries(logOrderKeys.created_at, 'asc'))
    return this.remove(accountId, gatewayId, entries.slice(0, count))
  }

  private matching(normalized: NormalizedLogQuery): LogEntry[] {
    const entries = [...(this.scope(normalized.accountId, normalized.gatewayId, false)?.values() ?? [])]
    return entries
      .filter((entry) => matchesLogQuery(entry, normalized))
      .sort(compareLogEntries(normalized.order, normalized.direction))
  }

  private remove(accountId: string, gatewayId: string, entries: LogEntry[]): number {
    const scope = this.scope(accountId, gatewayId, false)
    if (!scope) return 0
    for (const entry of entries) scope.delete(entry.id)
    return entries.length
  }

  private scope(accountId: string, gatewayId: string, create: true): Map<string, LogEntry>
  private scope(accountId: string, gatewayId: string, create: false): Map<string, LogEntry> | undefined
  private scope(accountId: string, gatewayId: string, create: boolean): Map<string, LogEntry> | undefined {
    const key = `${accountId}\u0000${gatewayId}`
    let scope = this.scopes.get(key)
    if (!scope && create) {
      scope = new Map()
      this.scopes.set(key, scope)
    }
    return scope
  }
}

/** Lists never carry bodies (the SQL stores keep them in another table); `extra` round-trips through JSON as it does in SQL. */
function copyEntry(entry: LogEntry, withBodies: boolean): LogEntry {
  return {
    ...entry,
    metadata: { ...entry.metadata },
    extra: JSON.parse(extraJson(entry)) as Record<string, unknown>,
    requestBody: withBodies && entry.requestBody ? entry.requestBody.slice() : null,
    responseBody: withBodies && entry.responseBody ? entry.responseBody.slice() : null,
  }
}
