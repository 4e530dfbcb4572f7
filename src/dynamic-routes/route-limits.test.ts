import { describe, expect, it } from 'vitest'
import { testRecord } from '../billing/test-record.js'
import type { LimitNode } from '../routing/graph.js'
import { MemoryCounterStore } from '../store/memory/memory-counter-store.js'
import { MemorySpendLedger } from '../store/memory/memory-spend-ledger.js'
import type { ModelSpec } from './compile-route.js'
import type { ConditionDocument } from './condition.js'
import { requestCost } from './dynamic-routes.js'
import { keyValue, RouteLimits } from './route-limits.js'

const NOON = Date.UTC(2025, 0, 1, 12, 0, 0)
const END = { type: 'end' as const, id: 'end' }

function limitNode(overrides: Partial<LimitNode<ModelSpec>> = {}): LimitNode<ModelSpec> {
  return {
    type: 'limit',
    id: 'quota',
    limitType: 'count',
    key: 'metadata.user_id',
    limit: 2,
    intervalSeconds: 60,
    technique: 'fixed',
    success: END,
    fallback: undefined,
    ...overrides,
  }
}

function setup(costUsd = 0) {
  let now = NOON
  const spend = new MemorySpendLedger()
  const limits = new RouteLimits({
    counters: new MemoryCounterStore(),
    spend,
    clock: { now: () => now },
    costOf: () => costUsd,
  })
  let requests = 0
  const scope = () => ({ accountId: 'a', gatewayId: 'g', routeId: 'r', logId: `log-${++requests}` })
  return { limits, spend, scope, advance: (ms: number) => void (now += ms) }
}

const user = (id: string | undefined): ConditionDocument => ({
  metadata: id === undefined ? {} : { user_id: id },
  headers: {},
  body: {},
})

describe('dynamic route limits (F173, F193)', () => {
  it('F173 count limits are per key value: each user gets their own quota', async () => {
    const { limits, scope } = setup()
    const node = limitNode()
    const decide = (id: string) => limits.decide(scope(), node, user(id)).then((d) => d.allowed)
    expect([await decide('u1'), await decide('u1'), await decide('u1')]).toEqual([true, true, false])
    expect(await decide('u2')).toBe(true)
    const refused = await limits.decide(scope(), node, user('u1'))
    expect(refused.detail).toBe('2 requests per 60 s (fixed window) for metadata.user_id "u1"')
    expect(refused.retryAfterMs).toBe(60_000)
  })

  it('F170 the window follows the technique: a fixed window admits again at the next boundary', async () => {
    const { limits, scope, advance } = setup()
    const node = limitNode({ limit: 1 })
    expect((await limits.decide(scope(), node, user('u1'))).allowed).toBe(true)
    advance(59_999)
    expect((await limits.decide(scope(), node, user('u1'))).allowed).toBe(false)
    advance(1)
    expect((await limits.decide(scope(), node, user('u1'))).allowed).toBe(true)
  })

  it('requests without the key field share one counter instead of escaping the limit', async () => {
    const { limits, scope } = setup()
    const node = limitNode({ limit: 1 })
    expect((await limits.decide(scope(), node, user(undefined))).allowed).toBe(true)
    expect((await limits.decide(scope(), node, user(undefined))).allowed).toBe(false)
    expect((await limits.decide(scope(), node, user('u1'))).allowed).toBe(true)
  })

  it('F193 cost limits admit while the budget lasts; each request’s cost settles when it ends', async () => {
    const { limits, scope } = setup(0.4)
    const node = limitNode({ limitType: 'cost', limit: 1 })
    for (let i = 0; i < 3; i++) {
      const request = scope()
      expect((await limits.decide(request, node, user('u1'))).allowed).toBe(true)
      limits.accept(testRecord({ logId: request.logId, startedAt: NOON, durationMs: 10 }))
    }
    // 1.2 USD spent of 1: the next request is refused until the window ends.
    const refused = await limits.decide(scope(), node, user('u1'))
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 60_000 })
    expect(refused.detail).toBe('USD 1 per 60 s (fixed window) for metadata.user_id "u1"')
    expect((await limits.decide(scope(), node, user('u2'))).allowed).toBe(true)
  })

  it('F193 a request that was never admitted through a cost limit charges nothing', async () => {
    const { limits, scope } = setup(5)
    const node = limitNode({ limitType: 'cost', limit: 1 })
    limits.accept(testRecord({ logId: 'unrelated' }))
    expect((await limits.decide(scope(), node, user('u1'))).allowed).toBe(true)
  })

  it('keyValue reads metadata, lower-cased headers and body paths; long values are hashed', () => {
    const document: ConditionDocument = {
      metadata: { user_id: 42 },
      headers: { 'x-team': 'blue' },
      body: { user: 'u7', nested: { id: true }, big: 'x'.repeat(500) },
    }
    expect(keyValue(document, 'metadata.user_id')).toBe('42')
    expect(keyValue(document, 'headers.X-Team')).toBe('"blue"')
    expect(keyValue(document, 'body.user')).toBe('"u7"')
    expect(keyValue(document, 'body.nested')).toBe('{"id":true}')
    expect(keyValue(document, 'body.missing')).toBe('-')
    expect(keyValue(document, 'body.big')).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it('requestCost prices like the log but ignores the client’s own custom cost', () => {
    const record = testRecord({
      controls: {
        metadata: {},
        collectLog: undefined,
        collectLogPayload: true,
        customCost: { per_token_in: 0, per_token_out: 0 },
        byokAlias: undefined,
      },
    })
    expect(requestCost(record, () => 0.25)).toBe(0.25)
  })
})
