import type { GuardrailsConfig } from '../../config/config.js'
import type { UpstreamClient } from '../../upstream/client.js'
import { checkText, UNAVAILABLE, type CheckLimits, type CheckResult, type TextCheck } from './check-text.js'
import type { EvaluatorOptions } from './evaluator.js'
import { EvaluatorConfigError, resolveEvaluatorTarget, type EvaluatorTarget } from './evaluator-target.js'
import { decideUnavailable } from './policy.js'

/** What the process-wide evaluator is built from (config, read once). */
export interface GuardrailsSetup {
  model: string
  guardrails: GuardrailsConfig
  upstreams: Readonly<Record<string, string>>
  workersAiAccountId: string | undefined
}

/** Evaluations in flight per checked text: enough to hide latency, few enough not to flood the model. */
const CONCURRENCY = 4

/**
 * The guardrails evaluator of one process. A model aigw cannot call does not take the gateway down: every
 * check then counts as unavailable and the availability rule decides (F207); start-up reports it too.
 */
export class GuardrailsRuntime {
  readonly target: EvaluatorTarget | undefined
  readonly problem: string | undefined
  readonly limits: CheckLimits
  readonly streamBatchChars: number
  readonly apiKey: string | undefined
  private readonly evaluator: EvaluatorOptions | undefined

  constructor(setup: GuardrailsSetup, upstream: Pick<UpstreamClient, 'send'>, now: () => number) {
    const config = setup.guardrails
    this.limits = { chunkChars: config.chunkChars, concurrency: CONCURRENCY, maxChunks: config.maxChunks }
    this.streamBatchChars = config.streamBatchChars
    this.apiKey = config.apiKey
    try {
      this.target = resolveEvaluatorTarget(setup.model, config.promptFormat)
    } catch (error) {
      if (!(error instanceof EvaluatorConfigError)) throw error
      this.problem = error.message
    }
    this.evaluator = this.target && {
      target: this.target,
      upstream,
      baseOverride: config.baseUrl ?? setup.upstreams[this.target.provider.slug],
      workersAiAccountId: setup.workersAiAccountId,
      timeoutMs: config.timeoutMs,
      now,
    }
  }

  /** The evaluator's provider slug, for looking up the gateway's stored key. */
  get providerSlug(): string | undefined {
    return this.target?.provider.slug
  }

  check(check: TextCheck): Promise<CheckResult> {
    if (!this.evaluator) {
      return Promise.resolve({ decision: decideUnavailable(check.actions, [], UNAVAILABLE), evaluations: [] })
    }
    return checkText(this.evaluator, this.limits, check)
  }
}
