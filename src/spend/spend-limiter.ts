import type { Clock } from '../core/clock.js'
import type { CustomCost } from '../core/custom-cost.js'
import type { SpendLimitRule } from '../core/gateway-settings.js'
import type { Usage } from '../core/log-entry.js'
import type { SpendLedger } from '../core/stores.js'
import { toLogEntry } from '../logging/to-log-entry.js'
import type { RequestRecord } from '../pipeline/record.js'
import type { Pricing } from '../usage/pricing.js'
import { BYTES_PER_TOKEN, costNanos, estimateTokens, nanosFromUsd, type TokenRates } from './estimate.js'
import { refusal } from './refusal.js'
import { budgetsFor, type SpendSubject } from './spend-rules.js'

/** One model step about to be sent, as the spend stage sees it. */
export interface SpendRequest {
  logId: string
  /** Route step index: a request holds once per step (fallbacks are checked against their own rules). */
  step: number
  rules: readonly SpendLimitRule[]
  subject: SpendSubject
  /** The bytes going upstream. */
  body: Buffer | null
  /** The same parsed, when they are a JSON object; called only when a rule applies. */
  readJson(): unknown
  /** `cf-aig-custom-cost` prices the request like its log entry (F117). */
  customCost: CustomCost | undefined
}

export interface SpendLimiterOptions {
  ledger: SpendLedger
  pricing: Pick<Pricing, 'cost' | 'price'>
  clock: Clock
  /** How long an unsettled hold counts (a crashed process never settles); default 15 minutes. */
  holdTtlMs?: number
}

interface PendingHold {
  id: string
  step: number
  amountNanos: number
  inputTokens: number
  rates: TokenRates | undefined
}

interface PendingRequest {
  holds: PendingHold[]
  since: number
}

export const DEFAULT_HOLD_TTL_MS = 15 * 60_000
const SWEEP_EVERY_MS = 60_000
/**
 * A request still running when its hold expired is still charged when it ends (the ledger keeps the hold
 * until its window passed); only requests whose end never came a day later are forgotten.
 */
const FORGET_AFTER_MS = 24 * 60 * 60_000

/**
 * Gateway spend limits (F147, F233), enforced before the money is spent: each model step reserves its
 * worst-case cost in every budget it falls under, atomically in the ledger, and is refused with 429
 * `spend_limited` when that would take a budget past its limit. When the request ends (`request:end`) the
 * step that answered is charged its actual cost, priced like its log entry, and every other hold released.
 */
export class SpendLimiter {
  private readonly pending = new Map<string, PendingRequest>()
  private readonly settling = new Set<Promise<void>>()
  private readonly holdTtlMs: number
  private nextSweepAt = Number.NEGATIVE_INFINITY

  constructor(private readonly options: SpendLimiterOptions) {
    this.holdTtlMs = options.holdTtlMs ?? DEFAULT_HOLD_TTL_MS
  }

  /** Throws `spend_limited` when a budget has no room for this step; otherwise holds its worst case. */
  async admit(request: SpendRequest): Promise<void> {
    const budgets = budgetsFor(request.rules, request.subject)
    if (budgets.length === 0) return
    const at = this.options.clock.now()
    this.sweep(at)
    const rates = this.ratesFor(request)
    const tokens = estimateTokens(request.body, request.readJson())
    const amountNanos = rates ? costNanos(tokens, rates) : 0
    const entry = this.pending.get(request.logId)
    // Unique even if a route visited the same step index twice.
    const id = `${request.logId}/${request.step}/${entry?.holds.length ?? 0}`
    const result = await this.options.ledger.reserve({
      id,
      budgets,
      amountNanos,
      at,
      expiresAt: at + this.holdTtlMs,
    })
    if (!result.ok) throw refusal(budgets, result, amountNanos, rates !== undefined)
    const hold: PendingHold = { id, step: request.step, amountNanos, inputTokens: tokens.inputTokens, rates }
    if (entry) entry.holds.push(hold)
    else this.pending.set(request.logId, { holds: [hold], since: at })
  }

  /** Subscriber to `request:end`: charge the step that answered, release the others. */
  readonly settleRequest = (record: RequestRecord): void => {
    const entry = this.pending.get(record.logId)
    if (!entry) return
    this.pending.delete(record.logId)
    const at = this.options.clock.now()
    const answered = record.cached ? undefined : entry.holds.findLast((hold) => hold.step === record.step)
    for (const hold of entry.holds) {
      const actual = hold === answered ? this.actualCost(record, hold) : 0
      this.track(hold.id, this.options.ledger.settle(hold.id, actual, at))
    }
  }

  /** Resolves once every settlement started so far is in the ledger (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.settling.size > 0) await Promise.all([...this.settling])
  }

  private ratesFor(request: SpendRequest): TokenRates | undefined {
    const custom = request.customCost
    if (custom) return { input: custom.per_token_in, output: custom.per_token_out }
    const { provider, model } = request.subject
    if (model === undefined || model === '') return undefined
    const price = this.options.pricing.price(provider, model)
    return price ? { input: price.input, output: price.output } : undefined
  }

  /**
   * The cost the log records (usage from the response, the catalogue or the custom cost, a cache hit free).
   * An answer without usage (a stream cut short, or one that never reports it, like an OpenAI stream without
   * `include_usage`) is charged its estimated input plus the bytes it sent as output tokens (an
   * overestimate), never more than was held: otherwise such requests would be free. Errors without usage
   * cost nothing.
   */
  private actualCost(record: RequestRecord, hold: PendingHold): number {
    try {
      const entry = toLogEntry(record, (provider: string, model: string, usage: Usage) =>
        this.options.pricing.cost(provider, model, usage),
      )
      if (entry.tokensIn > 0 || entry.tokensOut > 0 || entry.cost > 0) {
        return nanosFromUsd(entry.cost)
      }
      if (record.statusCode >= 400 || !hold.rates) return 0
      const streamed = {
        inputTokens: hold.inputTokens,
        outputTokens: Math.ceil(record.response.size / BYTES_PER_TOKEN),
      }
      return Math.min(hold.amountNanos, costNanos(streamed, hold.rates))
    } catch (error) {
      // A response we cannot price is charged its reservation: a spend limit errs on the side of the budget.
      console.error(`aigw: could not price request ${record.logId} for its spend limit`, error)
      return record.statusCode < 400 ? hold.amountNanos : 0
    }
  }

  private track(holdId: string, settlement: Promise<boolean>): void {
    const done: Promise<void> = settlement
      .then((found) => {
        if (!found) console.warn(`aigw: spend hold ${holdId} expired before its request ended`)
      })
      .catch((error: unknown) => console.error(`aigw: could not settle spend hold ${holdId}`, error))
      .finally(() => this.settling.delete(done))
    this.settling.add(done)
  }

  /** Requests whose end never came (their holds expire in the ledger on their own) are forgotten here too. */
  private sweep(at: number): void {
    if (at < this.nextSweepAt) return
    this.nextSweepAt = at + SWEEP_EVERY_MS
    const horizon = Math.max(FORGET_AFTER_MS, this.holdTtlMs)
    for (const [logId, entry] of this.pending) {
      if (entry.since + horizon < at) this.pending.delete(logId)
    }
  }
}
