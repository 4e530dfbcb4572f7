import type { AttemptContext } from '../attempt-context.js'
import type { Reply } from '../exchange.js'
import { forwardResponseHeaders } from '../../upstream/forward-headers.js'

/** The innermost attempt stage: one upstream call; its response streams back untouched (F029, F030). */
export async function send(attempt: AttemptContext): Promise<Reply> {
  const context = attempt.request
  const { upstream, config, clock } = context.services
  const startedAt = clock.now()
  const startedHr = performance.now()
  try {
    const response = await upstream.send({
      url: attempt.url,
      method: attempt.method,
      headers: attempt.headers,
      body: attempt.body,
      signal: attempt.signal ?? context.request.signal,
      headersTimeoutMs: config.limits.upstreamTimeoutMs,
      bodyTimeoutMs: config.limits.upstreamTimeoutMs,
    })
    context.attempts.push({
      provider: attempt.provider.slug,
      step: attempt.step,
      status: response.status,
      startedAt,
      durationMs: performance.now() - startedHr,
    })
    return { status: response.status, headers: forwardResponseHeaders(response.headers), body: response.body }
  } catch (error) {
    context.attempts.push({
      provider: attempt.provider.slug,
      step: attempt.step,
      status: 0,
      startedAt,
      durationMs: performance.now() - startedHr,
      error: error instanceof Error ? error.message : String(error),
    })
    throw error
  }
}
