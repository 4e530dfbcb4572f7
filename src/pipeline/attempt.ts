import type { Reply } from './exchange.js'
import { compose, type Stage } from './compose.js'
import type { AttemptContext } from './attempt-context.js'
import { send } from './stages/send.js'

/**
 * Runs once per model step (a provider call, a Universal step, a dynamic-route model node): cache, rate
 * limit, retries and timeouts sit here because each step may configure them differently (F040, F179).
 */
export const ATTEMPT_STAGES: ReadonlyArray<Stage<AttemptContext, Reply>> = []

export const runAttempt = compose(ATTEMPT_STAGES, send)
