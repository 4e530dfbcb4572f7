import { existing } from '../admin/gateways.js'
import { ok, type Route, type RouteContext } from '../admin/index.js'
import { nanosToUsd, usdToNanos } from '../billing/money.js'
import type { SpendLimitRule } from '../core/gateway-settings.js'
import type { SpendLedger, SpendWindow } from '../core/stores.js'
import { budgetPrefix, parsePartition } from './spend-rules.js'
import { bucketLeavesAt, bucketStart } from './spend-window.js'

/** Partitions shown per rule; an operator with more users looks one up by its `user_id` in the logs. */
export const MAX_BUDGETS_PER_RULE = 1000

/**
 * aigw extension (no Cloudflare counterpart): `GET …/gateways/{gateway_id}/spend` shows, for each rule of
 * the gateway's `spend_limits`, what every budget (one per partition) has spent and holds right now.
 */
export function spendRoutes(ledger: SpendLedger): Route[] {
  return [
    {
      pattern: '/accounts/:account_id/ai-gateway/gateways/:gateway_id/spend',
      methods: { GET: { access: 'read', handle: (context) => showSpend(context, ledger) } },
    },
  ]
}

async function showSpend({ deps, accountId, params }: RouteContext, ledger: SpendLedger) {
  const gatewayId = params.gateway_id!
  const settings = await existing(deps, accountId, gatewayId)
  const at = deps.clock.now()
  const limits = settings.spend_limits
  const rules = await Promise.all(
    (limits?.rules ?? []).map(async (rule) => ({
      ...(await ruleSpend(ledger, accountId, gatewayId, rule, at)),
      enabled: limits?.enabled !== false && rule.enabled !== false,
    })),
  )
  return ok({ gateway_id: gatewayId, at: new Date(at).toISOString(), rules })
}

async function ruleSpend(
  ledger: SpendLedger,
  accountId: string,
  gatewayId: string,
  rule: SpendLimitRule,
  at: number,
) {
  const technique = rule.technique ?? 'fixed'
  const window: SpendWindow = { technique, windowMs: rule.window * 1000 }
  const prefix = budgetPrefix(accountId, gatewayId, rule)
  const found = await ledger.list(prefix, window, at, MAX_BUDGETS_PER_RULE + 1)
  const limitNanos = usdToNanos(rule.limit)
  return {
    id: rule.id ?? null,
    limit: rule.limit,
    window: rule.window,
    technique,
    resets_at:
      technique === 'fixed' ? new Date(bucketLeavesAt(window, bucketStart(window, at))).toISOString() : null,
    budgets: found.slice(0, MAX_BUDGETS_PER_RULE).map((budget) => ({
      partition: parsePartition(budget.key.slice(prefix.length)),
      spent: nanosToUsd(budget.spentNanos),
      reserved: nanosToUsd(budget.reservedNanos),
      remaining: nanosToUsd(Math.max(0, limitNanos - budget.spentNanos - budget.reservedNanos)),
    })),
    truncated: found.length > MAX_BUDGETS_PER_RULE,
  }
}
