import { GatewayError } from '../../core/errors.js'
import {
  describeWindow,
  gatewayRateKey,
  gatewayRateWindow,
  retryAfterSeconds,
} from '../../limits/rate-window.js'
import type { AttemptContext } from '../attempt-context.js'
import type { Next } from '../compose.js'
import type { Reply } from '../exchange.js'

/**
 * F138, F169–F172: the gateway's request limit. Sits behind the cache stage, so cache hits are neither limited
 * nor counted (F164). A request is counted once however many steps or retries it takes; one over the limit is
 * answered 429 with `Retry-After` and never forwarded (F171), and is still logged like any other reply.
 */
export async function rateLimit(attempt: AttemptContext, next: Next<Reply>): Promise<Reply> {
  const context = attempt.request
  if (context.rateLimitChecked === true) return next()
  const window = gatewayRateWindow(context.gateway)
  if (window === undefined) return next()
  context.rateLimitChecked = true
  const { counters, clock } = context.services
  const decision = await counters.hit(
    gatewayRateKey(context.accountId, context.gatewayId),
    window,
    clock.now(),
  )
  if (decision.allowed) return next()
  const seconds = retryAfterSeconds(decision.retryAfterMs)
  throw new GatewayError(
    'rate_limited',
    `gateway '${context.gatewayId}' allows ${describeWindow(window)}; retry in ${seconds} s`,
    { headers: { 'retry-after': String(seconds) } },
  )
}
