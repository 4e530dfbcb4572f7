import type { Reply } from './exchange.js'
import { compose, type Stage } from './compose.js'
import type { AttemptContext } from './attempt-context.js'
import { cache } from './stages/cache.js'
import { rateLimit } from './stages/rate-limit.js'
import { retrying } from './stages/retry.js'
import { send } from './stages/send.js'
import { spendLimit } from './stages/spend-limit.js'
import { timeout } from './stages/timeout.js'

/**
 * Runs once per model step (a provider call, a Universal step, a dynamic-route model node): cache, rate
 * limit, retries and timeouts sit here because each step may configure them differently (F040, F179).
 */
export const ATTEMPT_STAGES: ReadonlyArray<Stage<AttemptContext, Reply>> = [
  cache, // hits answered here, before and without counting against rate limits (F154–F168, F164)
  rateLimit, // gateway request limit, 429 + Retry-After (F138, F169–F172); behind the cache (F164)
  spendLimit, // worst-case cost held per budget, 429 spend_limited (F147, F233); behind the cache (F163)
]

/**
 * One try of the step, repeated by the retry loop (F119–F121, F177–F180) until a reply is final. Retrying sits
 * between the two arrays because a stage may call `next()` only once.
 */
export const TRY_STAGES: ReadonlyArray<Stage<AttemptContext, Reply>> = [
  timeout, // time to first byte of the response (F118, F150)
]

export const runAttempt = compose(ATTEMPT_STAGES, retrying(compose(TRY_STAGES, send)))
