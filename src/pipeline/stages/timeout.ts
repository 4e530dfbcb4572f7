import { GatewayError } from '../../core/errors.js'
import type { AttemptContext } from '../attempt-context.js'
import type { Next } from '../compose.js'
import type { Reply } from '../exchange.js'

/**
 * F118, F177: `cf-aig-request-timeout` bounds each try from its start (connect, request, waiting) until the
 * response headers arrive. Once they have, the body streams for as long as it takes (only the process-wide
 * silence limit applies, F184), which is how the final try "waits for completion" (F178). Expiry aborts the
 * upstream call with `upstream_timeout` (504, F150); the retry loop around this stage decides whether to try
 * again. An own timer, not undici's headers timeout: undici's fires on a ~1 s tick, too coarse for a timeout
 * a client sets in milliseconds.
 */
export async function timeout(attempt: AttemptContext, next: Next<Reply>): Promise<Reply> {
  const requested = attempt.controls.requestTimeoutMs
  if (requested === undefined) return next()
  // The operator's ceiling (F184) wins over a longer client request.
  const limitMs = Math.min(requested, attempt.request.services.config.limits.upstreamTimeoutMs)
  const client = attempt.request.request.signal
  const controller = new AbortController()
  const forward = (): void => controller.abort(client.reason)
  if (client.aborted) forward()
  else client.addEventListener('abort', forward, { once: true })
  let expired: GatewayError | undefined
  const timer = setTimeout(() => {
    expired = new GatewayError(
      'upstream_timeout',
      `${attempt.provider.name} sent no response within ${limitMs} ms (cf-aig-request-timeout)`,
    )
    controller.abort(expired)
  }, limitMs)
  attempt.signal = controller.signal
  try {
    return await next()
  } catch (error) {
    throw expired ?? error
  } finally {
    clearTimeout(timer)
  }
}
