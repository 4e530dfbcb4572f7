import { beforeEach, describe, expect, it } from 'vitest'
import { testRecord } from '../billing/test-record.js'
import { GatewayError } from '../core/errors.js'
import type { SpendLimitRule } from '../core/gateway-settings.js'
import type { Usage } from '../core/log-entry.js'
import type { SpendWindow } from '../core/stores.js'
import { MemorySpendLedger } from '../store/memory/memory-spend-ledger.js'
import { DEFAULT_OUTPUT_TOKEN_CAP } from './estimate.js'
import { SpendLimiter, type SpendRequest } from './spend-limiter.js'

const NOON = Date.UTC(2025, 0, 1, 12)
const DAY: SpendWindow = { technique: 'fixed', windowMs: 86_400_000 }
const KEY = 'acct/gw/id%3Adaily/fixed:86400/*'

/** $1 per million input tokens, $2 per million output tokens for model `known`. */
const pricing = {
  price: (_provider: string, model: string) =>
    model === 'known' ? { input: 1e-6, output: 2e-6 } : undefined,
  cost: (_provider: string, model: string, usage: Usage) =>
    model === 'known' ? usage.inputTokens * 1e-6 + usage.outputTokens * 2e-6 : undefined,
}

const daily = (limit: number): SpendLimitRule => ({ id: 'daily', limit, limitType: 'cost', window: 86_400 })

describe('SpendLimiter (F147, F233)', () => {
  let now = NOON
  let ledger: MemorySpendLedger
  let limiter: SpendLimiter
  const clock = { now: () => now }

  const request = (overrides: Partial<SpendRequest> = {}): SpendRequest => {
    const body = Buffer.from(JSON.stringify({ model: 'known', max_tokens: 1000, pad: 'x'.repeat(3956) }))
    return {
      logId: 'log-1',
      step: 0,
      rules: [daily(1)],
      subject: { accountId: 'acct', gatewayId: 'gw', provider: 'openai', model: 'known', metadata: {} },
      body,
      readJson: () => JSON.parse(body.toString()) as unknown,
      customCost: undefined,
      ...overrides,
    }
  }
  const totals = () => ledger.totals(KEY, DAY, now)
  const refusalOf = async (promise: Promise<unknown>): Promise<GatewayError> => {
    const caught = await promise.then(
      () => undefined,
      (error: unknown) => error,
    )
    if (!(caught instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(caught)}`)
    return caught
  }

  beforeEach(() => {
    now = NOON
    ledger = new MemorySpendLedger()
    limiter = new SpendLimiter({ ledger, pricing, clock })
  })

  it('F147 holds the worst case: body bytes / 4 input tokens plus max_tokens output', async () => {
    await limiter.admit(request())
    // 4000 bytes → 1000 input tokens ($0.001) + 1000 output tokens ($0.002).
    expect(await totals()).toEqual({ spentNanos: 0, reservedNanos: 3_000_000 })
  })

  it('uses the default output cap when the body sets none', async () => {
    const body = Buffer.from('{}')
    await limiter.admit(request({ body, readJson: () => ({}) }))
    expect((await totals()).reservedNanos).toBe(1_000 + DEFAULT_OUTPUT_TOKEN_CAP * 2_000)
  })

  it('does nothing, not even parse the body, when no rule applies', async () => {
    let parsed = false
    const rules = [{ ...daily(1), provider: { mode: 'filter' as const, values: ['anthropic'] } }]
    await limiter.admit(request({ rules, readJson: () => (parsed = true) }))
    expect(parsed).toBe(false)
    expect(await totals()).toEqual({ spentNanos: 0, reservedNanos: 0 })
  })

  it('F147 refuses with spend_limited naming the rule and window, and Retry-After at the window end', async () => {
    const rules = [daily(0.005)]
    await limiter.admit(request({ rules, logId: 'a' }))
    const error = await refusalOf(limiter.admit(request({ rules, logId: 'b' })))
    expect(error.kind).toBe('spend_limited')
    expect(error.status).toBe(429)
    expect(error.code).toBe(2013)
    expect(error.message).toContain("spend limit 'daily' ($0.005 per 86400 s, fixed window)")
    expect(error.message).toContain('$0.003 held by requests in flight')
    // Only a hold is in the way: it settles when its request ends.
    expect(error.headers).toEqual({ 'retry-after': '1' })

    limiter.settleRequest(testRecord({ logId: 'a', model: 'known', storedKey: undefined }))
    await limiter.flush()
    // testRecord's usage: 1000 in, 500 out = $0.002; the rest of the day is 12 h away.
    expect(await totals()).toEqual({ spentNanos: 2_000_000, reservedNanos: 0 })
    const spent = await refusalOf(limiter.admit(request({ rules: [daily(0.004)], logId: 'c' })))
    expect(spent.message).toMatch(/\$0\.002 spent; this request may cost up to \$0\.003; retry in 43200 s/)
    expect(spent.headers).toEqual({ 'retry-after': '43200' })
  })

  it('names the partition, and promises no retry to a request that can never fit', async () => {
    const rules = [{ ...daily(0.001), metadata: { user_id: { mode: 'partition' as const } } }]
    const subject = { ...request().subject, metadata: { user_id: 'alice' } }
    const error = await refusalOf(limiter.admit(request({ rules, subject })))
    expect(error.message).toContain('fixed window, user_id=alice)')
    expect(error.message).toContain('worst-case cost of $0.003; lower max_tokens')
    expect(error.headers).toBeUndefined()
  })

  it('admits an unpriced model without a hold while the budget lasts', async () => {
    const subject = { ...request().subject, model: 'mystery' }
    await limiter.admit(request({ subject }))
    expect(await totals()).toEqual({ spentNanos: 0, reservedNanos: 0 })
    await limiter.admit(
      request({ subject, logId: 'priced-by-header', customCost: { per_token_in: 1e-6, per_token_out: 0 } }),
    )
    expect((await totals()).reservedNanos).toBe(1_000_000)
  })

  it('charges the step that answered and releases the steps that failed before it', async () => {
    await limiter.admit(request({ step: 0 }))
    await limiter.admit(request({ step: 1 }))
    expect((await totals()).reservedNanos).toBe(6_000_000)
    limiter.settleRequest(testRecord({ model: 'known', step: 1 }))
    await limiter.flush()
    expect(await totals()).toEqual({ spentNanos: 2_000_000, reservedNanos: 0 })
  })

  it('F163 a request answered from the cache at a later step is charged nothing', async () => {
    await limiter.admit(request({ step: 0 }))
    limiter.settleRequest(testRecord({ model: 'known', step: 1, cached: true }))
    await limiter.flush()
    expect(await totals()).toEqual({ spentNanos: 0, reservedNanos: 0 })
  })

  it('F117 a custom cost prices the actual charge like the log', async () => {
    const customCost = { per_token_in: 1e-5, per_token_out: 0 }
    await limiter.admit(request({ customCost }))
    const controls = {
      metadata: {},
      collectLog: undefined,
      collectLogPayload: true,
      customCost,
      byokAlias: undefined,
    }
    limiter.settleRequest(testRecord({ model: 'known', controls }))
    await limiter.flush()
    expect((await totals()).spentNanos).toBe(10_000_000)
  })

  it('an answer that never reports usage is charged what it sent, so it is not free', async () => {
    await limiter.admit(request())
    const stream = Buffer.from('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n')
    limiter.settleRequest(
      testRecord({
        model: 'known',
        responseContentType: 'text/event-stream',
        responseHeaders: { 'content-type': 'text/event-stream' },
        response: { size: stream.length, truncated: false, full: stream, head: stream, tail: stream },
      }),
    )
    await limiter.flush()
    // 1000 input tokens ($0.001) + ceil(62 / 4) = 16 output tokens ($0.000032).
    expect(stream.length).toBe(62)
    expect((await totals()).spentNanos).toBe(1_032_000)
  })

  it('a stream cut short before its usage is charged what it streamed, at most its hold', async () => {
    const cut = (size: number, logId: string) =>
      testRecord({
        logId,
        model: 'known',
        outcome: 'client-closed',
        response: { size, truncated: false, full: null, head: Buffer.alloc(0), tail: Buffer.alloc(0) },
      })
    await limiter.admit(request({ logId: 'short' }))
    limiter.settleRequest(cut(400, 'short'))
    await limiter.flush()
    // 1000 input tokens ($0.001) + 100 output tokens ($0.0002).
    expect((await totals()).spentNanos).toBe(1_200_000)
    await limiter.admit(request({ logId: 'long' }))
    limiter.settleRequest(cut(4_000_000, 'long'))
    await limiter.flush()
    expect((await totals()).spentNanos).toBe(1_200_000 + 3_000_000)
  })

  it('a failed request without usage releases its hold', async () => {
    await limiter.admit(request())
    const body = Buffer.from('{"error":{"message":"overloaded"}}')
    limiter.settleRequest(
      testRecord({
        model: 'known',
        statusCode: 529,
        success: false,
        response: { size: body.length, truncated: false, full: body, head: body, tail: body },
      }),
    )
    await limiter.flush()
    expect(await totals()).toEqual({ spentNanos: 0, reservedNanos: 0 })
  })

  it('ignores the end of requests it holds nothing for', async () => {
    limiter.settleRequest(testRecord({ logId: 'never-admitted', model: 'known' }))
    await limiter.flush()
    expect(await totals()).toEqual({ spentNanos: 0, reservedNanos: 0 })
  })
})
