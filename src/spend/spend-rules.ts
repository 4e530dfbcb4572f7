import { createHash } from 'node:crypto'
import type { Metadata } from '../core/controls.js'
import type { GatewaySettings, SpendLimitRule } from '../core/gateway-settings.js'
import type { SpendBudget } from '../core/stores.js'
import { usdToNanos } from '../billing/money.js'

/** What a spend-limit rule is matched against: one model step of a request (F147, F233). */
export interface SpendSubject {
  accountId: string
  gatewayId: string
  /** The step's provider slug. */
  provider: string
  /** The model id the provider sees, when known. */
  model: string | undefined
  metadata: Metadata
}

/** One budget a step must fit in, with what an error message needs to name it. */
export interface MatchedBudget extends SpendBudget {
  /** `'daily-cap'` for a rule with an id, `#2` for the second rule without one. */
  ruleName: string
  windowSeconds: number
  /** e.g. `user_id=alice`; empty for a rule without partitions. */
  partition: string
}

/** The rules in force: `spend_limits` and each rule are on unless `enabled: false` says otherwise. */
export function activeRules(settings: GatewaySettings | undefined): SpendLimitRule[] {
  const limits = settings?.spend_limits
  if (!limits || limits.enabled === false) return []
  return (limits.rules ?? []).filter((rule) => rule.enabled !== false)
}

const folded = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.toLowerCase()))

/**
 * Filters select by membership (provider slugs and model ids compare case-insensitively; a model filter
 * also accepts the `/compat` spelling `provider/model`). A metadata filter needs the key present with one
 * of the values; partition keys never exclude a request.
 */
export function ruleMatches(rule: SpendLimitRule, subject: SpendSubject): boolean {
  const provider = subject.provider.toLowerCase()
  if (rule.provider && !folded(rule.provider.values).has(provider)) return false
  if (rule.model) {
    const model = subject.model?.toLowerCase()
    if (model === undefined) return false
    const values = folded(rule.model.values)
    if (!values.has(model) && !values.has(`${provider}/${model}`)) return false
  }
  for (const [key, spec] of Object.entries(rule.metadata ?? {})) {
    if (spec.mode !== 'filter') continue
    const value = subject.metadata[key]
    if (value === undefined || !spec.values.includes(String(value))) return false
  }
  return true
}

/**
 * One budget per partition value: requests with the same values share it. A request without a partition
 * key shares one budget with every other request lacking it, so leaving out `user_id` never escapes a
 * per-user limit.
 */
export function partitionOf(rule: SpendLimitRule, metadata: Metadata): string {
  const keys = Object.entries(rule.metadata ?? {})
    .filter(([, spec]) => spec.mode === 'partition')
    .map(([key]) => key)
    .sort()
  return keys
    .map((key) => {
      const value = metadata[key]
      const name = encodeURIComponent(key)
      return value === undefined ? name : `${name}=${encodeURIComponent(String(value))}`
    })
    .join('&')
}

const ruleIds = new WeakMap<SpendLimitRule, string>()

/**
 * A rule's identity in the ledger: its `id`, else a hash of what it selects. The limit is left out so
 * raising it keeps the spend already counted (F147: requests resume when the limit is raised); changing
 * the window or filters starts a fresh budget.
 */
export function ruleIdentity(rule: SpendLimitRule): string {
  if (rule.id !== undefined && rule.id !== '') return `id:${rule.id}`
  let identity = ruleIds.get(rule)
  if (identity === undefined) {
    const selects = JSON.stringify([
      rule.provider?.values ?? null,
      rule.model?.values ?? null,
      Object.entries(rule.metadata ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ])
    identity = `h:${createHash('sha256').update(selects).digest('hex').slice(0, 16)}`
    ruleIds.set(rule, identity)
  }
  return identity
}

/** What every budget key of one rule starts with; the partition (or `*`) follows. */
export function budgetPrefix(accountId: string, gatewayId: string, rule: SpendLimitRule): string {
  const technique = rule.technique ?? 'fixed'
  const parts = [accountId, gatewayId, ruleIdentity(rule)].map(encodeURIComponent)
  return `${parts.join('/')}/${technique}:${rule.window}/`
}

/** The metadata values a partition string stands for; a key the request lacked maps to null. */
export function parsePartition(partition: string): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  if (partition === '*' || partition === '') return out
  for (const part of partition.split('&')) {
    const [key = '', value] = part.split('=')
    out[decodeURIComponent(key)] = value === undefined ? null : decodeURIComponent(value)
  }
  return out
}

/**
 * The budgets one step must fit in. Two rules that select the same budget (same identity, window and
 * partition) merge into one with the lower limit.
 */
export function budgetsFor(rules: readonly SpendLimitRule[], subject: SpendSubject): MatchedBudget[] {
  const byKey = new Map<string, MatchedBudget>()
  rules.forEach((rule, index) => {
    if (!ruleMatches(rule, subject)) return
    const technique = rule.technique ?? 'fixed'
    const partition = partitionOf(rule, subject.metadata)
    const key =
      budgetPrefix(subject.accountId, subject.gatewayId, rule) + (partition === '' ? '*' : partition)
    const limitNanos = Math.max(0, usdToNanos(rule.limit))
    const existing = byKey.get(key)
    if (existing && existing.limitNanos <= limitNanos) return
    byKey.set(key, {
      key,
      window: { technique, windowMs: rule.window * 1000 },
      limitNanos,
      ruleName: rule.id ? `'${rule.id}'` : `#${index + 1}`,
      windowSeconds: rule.window,
      partition,
    })
  })
  return [...byKey.values()]
}
