import { activeRules } from '../../spend/spend-rules.js'
import { parseJsonObject } from '../../spend/estimate.js'
import type { AttemptContext } from '../attempt-context.js'
import type { Next } from '../compose.js'
import type { Reply } from '../exchange.js'

/**
 * F147, F233: the gateway's spend limits, once per model step (a fallback step is checked against its own
 * provider's and model's rules). Behind the cache, so hits neither reserve nor spend (F163). A step the
 * limits admit holds its worst-case cost until the request ends; one that would pass a limit is answered
 * 429 `spend_limited` and never sent.
 */
export async function spendLimit(attempt: AttemptContext, next: Next<Reply>): Promise<Reply> {
  const context = attempt.request
  const limiter = context.services.spend
  const rules = activeRules(context.gateway)
  if (!limiter || rules.length === 0) return next()
  await limiter.admit({
    logId: context.logId,
    step: attempt.step,
    rules,
    subject: {
      accountId: context.accountId,
      gatewayId: context.gatewayId,
      provider: attempt.provider.slug,
      model: context.model,
      metadata: context.controls?.metadata ?? {},
    },
    body: attempt.body,
    // Passthrough already parsed exactly these bytes; translated bodies (/compat) are parsed only if a rule applies.
    readJson: () =>
      attempt.body !== null && attempt.body === context.body && context.json !== undefined
        ? context.json
        : parseJsonObject(attempt.body),
    customCost: context.controls?.customCost,
  })
  return next()
}
