import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SpendLimitRule } from '../../src/core/gateway-settings.js'
import type { SpendWindow } from '../../src/core/stores.js'
import { budgetsFor } from '../../src/spend/spend-rules.js'
import { gate, json, MockUpstream, type RecordedRequest } from './support/mock-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

/** 2025-03-01T12:00:00Z */
const NOON = Date.UTC(2025, 2, 1, 12)
const MIDNIGHT = Date.UTC(2025, 2, 2)
const DAY_S = 86_400

/** Priced by the config file: $1 per million input tokens, $100 per million output tokens. */
const MODEL = 'mock-priced'
const INPUT_USD = 1e-6
const OUTPUT_USD = 1e-4
const MAX_TOKENS = 100
/** What the mock reports for every answer: 10 prompt tokens and all of max_tokens. */
const PROMPT_TOKENS = 10
const ACTUAL_NANOS = Math.round((PROMPT_TOKENS * INPUT_USD + MAX_TOKENS * OUTPUT_USD) * 1e9)

function answer(request: RecordedRequest, response: Parameters<typeof json>[0]): void {
  const body = JSON.parse(request.body.toString()) as { model: string; max_tokens?: number }
  const completionTokens = body.max_tokens ?? 50
  json(response, 200, {
    id: 'chatcmpl-spend',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: body.model,
    choices: [
      { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', logprobs: null },
    ],
    usage: {
      prompt_tokens: PROMPT_TOKENS,
      completion_tokens: completionTokens,
      total_tokens: PROMPT_TOKENS + completionTokens,
    },
  })
}

function apiError(caught: unknown): InstanceType<typeof OpenAI.APIError> {
  if (!(caught instanceof OpenAI.APIError)) throw new Error(`expected an APIError, got ${String(caught)}`)
  return caught
}

const rule = (overrides: Partial<SpendLimitRule> & { limit: number }): SpendLimitRule => ({
  limitType: 'cost',
  window: DAY_S,
  ...overrides,
})

describe('gateway spend limits (F147, F233) with the official openai SDK', () => {
  const mock = new MockUpstream()
  let time = NOON
  const clock = { now: () => time }
  let app: TestApp

  const client = (gateway: string, metadata?: Record<string, string>, path = 'openai'): OpenAI =>
    new OpenAI({
      apiKey: 'sk-provider',
      baseURL: `${app.gatewayUrl(gateway)}/${path}`,
      maxRetries: 0,
      defaultHeaders: metadata ? { 'cf-aig-metadata': JSON.stringify(metadata) } : {},
    })
  const ask = (openai: OpenAI, model = MODEL) =>
    openai.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'How much is this?' }],
      max_tokens: MAX_TOKENS,
    })
  const refusal = async (request: Promise<unknown>) =>
    apiError(await request.catch((caught: unknown) => caught))
  /** The ledger's view of one rule's budget, keyed exactly as the gateway keys it. */
  const totals = async (gateway: string, spend: SpendLimitRule, metadata: Record<string, string> = {}) => {
    const [budget] = budgetsFor([spend], {
      accountId: app.accountId,
      gatewayId: gateway,
      provider: 'openai',
      model: MODEL,
      metadata,
    })
    if (!budget) throw new Error('the rule does not apply')
    return app.stores.spend.totals(budget.key, budget.window as SpendWindow, time)
  }
  /** Worst case held for one `ask`: the body as sent, at 4 bytes a token, plus max_tokens. */
  const reservationOf = (request: RecordedRequest): number =>
    Math.ceil(request.body.length / 4) * INPUT_USD * 1e9 + MAX_TOKENS * OUTPUT_USD * 1e9

  const daily = rule({ id: 'daily', limit: 0.03 })
  const perUser = rule({ id: 'per-user', limit: 0.015, metadata: { user_id: { mode: 'partition' } } })
  const sliding = rule({ id: 'hourly', limit: 0.015, window: 3600, technique: 'sliding' })
  const burst = rule({ id: 'burst', limit: 0.5 })

  beforeAll(async () => {
    await mock.start()
    app = await startTestApp(
      { AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`, AIGW_UPSTREAM_ANTHROPIC: mock.url },
      {
        clock,
        configure: (config) => {
          config.pricing = [
            { provider: 'openai', model: MODEL, input_per_token: INPUT_USD, output_per_token: OUTPUT_USD },
          ]
        },
      },
    )
    const withRules = (...rules: SpendLimitRule[]) => ({ spend_limits: { enabled: true, rules } })
    await app.createGateway('daily', withRules(daily))
    await app.createGateway('per-user', withRules(perUser))
    await app.createGateway('sliding', withRules(sliding))
    await app.createGateway('burst', withRules(burst))
    await app.createGateway(
      'filtered',
      withRules(
        rule({ id: 'no-expensive', limit: 0, model: { mode: 'filter', values: ['mock-expensive'] } }),
        rule({ id: 'no-anthropic', limit: 0, provider: { mode: 'filter', values: ['anthropic'] } }),
        rule({ id: 'no-ml-team', limit: 0, metadata: { team: { mode: 'filter', values: ['ml'] } } }),
      ),
    )
    await app.createGateway('disabled', { spend_limits: { enabled: false, rules: [rule({ limit: 0 })] } })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => {
    mock.reset()
    mock.handle(answer)
  })

  it('F147 requests are refused with 429 and code 2013 once the budget is spent, and never forwarded', async () => {
    time = NOON
    const openai = client('daily')
    await ask(openai)
    await settled(app)
    await ask(openai)
    await settled(app)
    expect(await totals('daily', daily)).toEqual({ spentNanos: 2 * ACTUAL_NANOS, reservedNanos: 0 })

    const error = await refusal(ask(openai))
    expect(error.status).toBe(429)
    const reservation = reservationOf(mock.last())
    expect(error.error).toEqual([
      {
        code: 2013,
        message:
          `Spend limit reached: spend limit 'daily' ($0.03 per 86400 s, fixed window) is used up: ` +
          `$0.02002 spent; this request may cost up to $${(reservation / 1e9).toFixed(6).replace(/0+$/, '')}; retry in 43200 s`,
      },
    ])
    // The daily window ends at midnight UTC, twelve hours on.
    expect(error.headers?.get('retry-after')).toBe('43200')
    expect(error.headers?.get('cf-aig-log-id')).toBeTruthy()
    expect(mock.requests).toHaveLength(2)
    expect(await totals('daily', daily)).toEqual({ spentNanos: 2 * ACTUAL_NANOS, reservedNanos: 0 })
  })

  it('F147 a fixed window resets at its clock-aligned end', async () => {
    time = MIDNIGHT - 10_000
    const openai = client('daily')
    const error = await refusal(ask(openai))
    expect(error.headers?.get('retry-after')).toBe('10')
    time = MIDNIGHT
    await expect(ask(openai)).resolves.toMatchObject({ id: 'chatcmpl-spend' })
    await settled(app)
    expect(await totals('daily', daily)).toEqual({ spentNanos: ACTUAL_NANOS, reservedNanos: 0 })
  })

  it('F233 a sliding window frees spend as it leaves the trailing hour', async () => {
    time = NOON
    const openai = client('sliding')
    await ask(openai)
    await settled(app)
    time = NOON + 59 * 60_000
    const error = await refusal(ask(openai))
    // One-minute buckets: the 12:00 spend stops counting at 13:01.
    expect(error.headers?.get('retry-after')).toBe('120')
    time = NOON + 61 * 60_000
    await expect(ask(openai)).resolves.toMatchObject({ id: 'chatcmpl-spend' })
    expect(mock.requests).toHaveLength(2)
  })

  it('F233 F110 a partition rule keeps one budget per metadata.user_id', async () => {
    time = NOON
    const alice = client('per-user', { user_id: 'alice' })
    await ask(alice)
    await settled(app)
    const error = await refusal(ask(alice))
    expect(error.status).toBe(429)
    expect((error.error as Array<{ message: string }>)[0]!.message).toContain(
      "spend limit 'per-user' ($0.015 per 86400 s, fixed window, user_id=alice) is used up",
    )
    await expect(ask(client('per-user', { user_id: 'bob' }))).resolves.toMatchObject({ id: 'chatcmpl-spend' })
    await settled(app)
    expect(await totals('per-user', perUser, { user_id: 'alice' })).toEqual({
      spentNanos: ACTUAL_NANOS,
      reservedNanos: 0,
    })
    expect(await totals('per-user', perUser, { user_id: 'bob' })).toEqual({
      spentNanos: ACTUAL_NANOS,
      reservedNanos: 0,
    })
  })

  it('F147 provider, model and metadata filters pick the requests a rule limits', async () => {
    time = NOON
    const allowed = await ask(client('filtered', { team: 'web' }))
    expect(allowed.id).toBe('chatcmpl-spend')

    const expensive = await refusal(ask(client('filtered'), 'mock-expensive'))
    expect(expensive.status).toBe(429)
    expect(expensive.headers?.get('retry-after')).toBeNull()
    expect((expensive.error as Array<{ code: number; message: string }>)[0]).toEqual({
      code: 2013,
      message:
        "Spend limit reached: spend limit 'no-expensive' ($0.00 per 86400 s, fixed window) allows no spend",
    })

    const ml = await refusal(ask(client('filtered', { team: 'ml' })))
    expect((ml.error as Array<{ message: string }>)[0]!.message).toContain("'no-ml-team'")

    // F024: the same limits apply on /compat, where the provider comes from the model name.
    const compat = await refusal(
      ask(client('filtered', undefined, 'compat'), 'anthropic/claude-3-5-haiku-latest'),
    )
    expect(compat.status).toBe(429)
    expect(compat.code).toBe('2013')
    expect(compat.message).toContain("spend limit 'no-anthropic'")
    expect(mock.requests).toHaveLength(1)
  })

  it('GET …/gateways/{id}/spend (aigw extension) shows each rule’s spend per partition', async () => {
    const get = (gateway: string) =>
      fetch(`${app.url}/client/v4/accounts/${app.accountId}/ai-gateway/gateways/${gateway}/spend`, {
        headers: { authorization: `Bearer ${app.adminToken}` },
      })
    const response = await get('per-user')
    expect(response.status).toBe(200)
    const body = (await response.json()) as { success: boolean; result: { rules: unknown[] } }
    expect(body.success).toBe(true)
    expect(body.result.rules).toEqual([
      {
        id: 'per-user',
        enabled: true,
        limit: 0.015,
        window: DAY_S,
        technique: 'fixed',
        resets_at: new Date(MIDNIGHT).toISOString(),
        budgets: [
          { partition: { user_id: 'alice' }, spent: 0.01001, reserved: 0, remaining: 0.00499 },
          { partition: { user_id: 'bob' }, spent: 0.01001, reserved: 0, remaining: 0.00499 },
        ],
        truncated: false,
      },
    ])
    expect((await get('no-such-gateway')).status).toBe(404)
  })

  it('F233 spend_limits with enabled: false limit nothing', async () => {
    time = NOON
    await expect(ask(client('disabled'))).resolves.toMatchObject({ id: 'chatcmpl-spend' })
  })

  it('F147 200 concurrent requests never overshoot: exactly the reservations that fit are admitted', async () => {
    time = NOON
    const release = gate()
    mock.handle(async (request, response) => {
      await release.wait
      answer(request, response)
    })
    const openai = client('burst')
    // The body the SDK sends, and so the reservation each request holds.
    const sent = Buffer.from(
      JSON.stringify({
        model: MODEL,
        messages: [{ role: 'user', content: 'How much is this?' }],
        max_tokens: MAX_TOKENS,
      }),
    )
    const reservation = reservationOf({ method: 'POST', url: '', headers: {}, body: sent })
    const fitting = Math.floor(0.5e9 / reservation)

    let refused = 0
    const outcomes = Array.from({ length: 200 }, () =>
      ask(openai).then(
        () => 'ok' as const,
        (caught: unknown) => {
          refused += 1
          return apiError(caught)
        },
      ),
    )
    // Every request has either been refused or holds its reservation; only then may any of them finish.
    for (let polls = 0; ; polls += 1) {
      const { reservedNanos } = await totals('burst', burst)
      if (refused + reservedNanos / reservation >= 200) break
      if (polls === 4000) throw new Error(`only ${refused} refused and ${reservedNanos} nanos held`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(await totals('burst', burst)).toEqual({ spentNanos: 0, reservedNanos: fitting * reservation })
    release.open()
    const results = await Promise.all(outcomes)
    await settled(app)

    const errors = results.filter((result) => result !== 'ok')
    expect(results.length - errors.length).toBe(fitting)
    expect(errors.every((error) => error.status === 429)).toBe(true)
    expect(errors.every((error) => (error.error as Array<{ code: number }>)[0]?.code === 2013)).toBe(true)
    expect(mock.requests).toHaveLength(fitting)
    expect(mock.requests.every((request) => request.body.equals(sent))).toBe(true)
    const after = await totals('burst', burst)
    expect(after).toEqual({ spentNanos: fitting * ACTUAL_NANOS, reservedNanos: 0 })
    // Each answer cost less than its reservation, so the limit holds exactly; the guarantee is one reservation.
    expect(after.spentNanos).toBeLessThanOrEqual(0.5e9)
    expect(after.spentNanos).toBeLessThanOrEqual(0.5e9 + reservation)
  })
})
