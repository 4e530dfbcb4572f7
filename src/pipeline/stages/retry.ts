import { Readable } from 'node:stream'
import { GatewayError } from '../../core/errors.js'
import { parseRetryAfterMs } from '../../limits/retry-after.js'
import {
  isRetryableStatus,
  resolveRetryPolicy,
  retryWaitMs,
  type RetryPolicy,
} from '../../limits/retry-policy.js'
import type { AttemptContext } from '../attempt-context.js'
import type { Reply, ReplyBody } from '../exchange.js'
import type { AttemptRecord } from '../record.js'

export type RunTry = (attempt: AttemptContext) => Promise<Reply>

/** A discarded error body is read to its end (so the keep-alive connection is reused) up to this size. */
const DRAIN_LIMIT_BYTES = 64 * 1024

type Outcome = { reply: Reply } | { error: unknown }

/**
 * F119–F121, F177–F182: runs one try (`runTry`: timeout → send) up to the step's max attempts. Only a try that
 * failed before any byte reached the client is repeated — a retryable error response is returned to no one, its
 * body drained — so a reply handed back up the pipeline is final. Waits go through `services.sleep`, which the
 * client hanging up cancels. Every try is in `context.attempts` (send records it; the wait is noted here).
 */
export function retrying(runTry: RunTry): RunTry {
  return async function retry(attempt) {
    const policy = resolveRetryPolicy(attempt.controls, attempt.request.gateway)
    try {
      return policy.maxAttempts <= 1 ? await runTry(attempt) : await tryRepeatedly(runTry, attempt, policy)
    } catch (error) {
      if (!attempt.request.request.signal.aborted) throw error
      throw new GatewayError('client_closed', 'before the upstream answered', { cause: error })
    }
  }
}

async function tryRepeatedly(runTry: RunTry, attempt: AttemptContext, policy: RetryPolicy): Promise<Reply> {
  const context = attempt.request
  const { services } = context
  const signal = context.request.signal
  for (let tries = 1; ; tries += 1) {
    const outcome = await settle(runTry, attempt)
    const final = tries >= policy.maxAttempts
    if ('error' in outcome) {
      if (final || signal.aborted || !isRetryableError(outcome.error)) throw outcome.error
    } else if (final || !isRetryableStatus(outcome.reply.status)) {
      return outcome.reply
    }
    const retryAfter =
      'reply' in outcome ? parseRetryAfterMs(outcome.reply.headers, services.clock.now()) : undefined
    const wait = retryWaitMs(policy, tries, retryAfter)
    if ('reply' in outcome) {
      // The upstream asked for a longer pause than a request is held open for: its answer goes to the client.
      if (wait === undefined) return outcome.reply
      discardBody(outcome.reply.body)
    }
    noteRetry(context.attempts, wait ?? 0)
    await services.sleep(wait ?? 0, signal)
  }
}

async function settle(runTry: RunTry, attempt: AttemptContext): Promise<Outcome> {
  try {
    return { reply: await runTry(attempt) }
  } catch (error) {
    return { error }
  }
}

/** F180 (design): network failures and timeouts before a response; the error table marks which. */
function isRetryableError(error: unknown): boolean {
  return error instanceof GatewayError && error.retryable
}

function noteRetry(attempts: AttemptRecord[], waitMs: number): void {
  const last = attempts.at(-1)
  if (last) last.retryDelayMs = waitMs
}

/** Reads a body nobody will see, so its socket returns to the pool; an oversized one is cut instead. */
export function discardBody(body: ReplyBody): void {
  if (!(body instanceof Readable)) return
  let seen = 0
  body.on('error', () => undefined)
  body.on('data', (chunk: Buffer) => {
    seen += chunk.length
    if (seen > DRAIN_LIMIT_BYTES) body.destroy()
  })
  body.resume()
}
