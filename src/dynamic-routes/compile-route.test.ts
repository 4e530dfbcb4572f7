import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import type { LimitNode, ModelNode, PercentageNode } from '../routing/graph.js'
import { pickShare, runRoute, type BranchEvaluator, type StepRunner } from '../routing/run.js'
import { compileRoute, type ModelSpec } from './compile-route.js'
import type { ConditionDocument } from './condition.js'
import { parseRouteElements } from './parse-route.js'

/** Free users: 10 % to a canary, the rest to mini; paid users are limited, then fall back. */
const route = compileRoute(
  parseRouteElements([
    { id: 'start', type: 'start', outputs: { next: { elementId: 'plan' } } },
    {
      id: 'plan',
      type: 'conditional',
      properties: { condition: { 'metadata.plan': { $eq: 'free' } } },
      outputs: { true: { elementId: 'split' }, false: { elementId: 'quota' } },
    },
    {
      id: 'split',
      type: 'percentage',
      outputs: { '10%': { elementId: 'canary' }, else: { elementId: 'mini' } },
    },
    {
      id: 'quota',
      type: 'rate_limit',
      properties: { limitType: 'count', key: 'metadata.user_id', limit: 2, interval: 60 },
      outputs: { success: { elementId: 'big' } },
    },
    ...['canary', 'mini', 'big'].map((id) => ({
      id,
      type: 'model',
      properties: { provider: 'openai', model: `model-${id}` },
      outputs: {
        success: { elementId: 'end' },
        ...(id === 'big' ? { fallback: { elementId: 'mini' } } : {}),
      },
    })),
    { id: 'end', type: 'end' },
  ]),
)

function harness(options: { draw?: number; allowed?: boolean; failing?: string[] } = {}) {
  const called: string[] = []
  const path: string[] = []
  const runner: StepRunner<ModelSpec, string> = {
    async run(node: ModelNode<ModelSpec>) {
      called.push(node.target.model)
      if (options.failing?.includes(node.id))
        return { ok: false, value: `${node.id} failed`, reason: 'status 500' }
      return { ok: true, value: node.target.model }
    },
    discard: () => undefined,
  }
  const evaluator = (document: ConditionDocument): BranchEvaluator<ModelSpec> => ({
    condition: (node) => route.predicates.get(node.id)!(document),
    draw: () => options.draw ?? 50,
    limit: async () => ({
      allowed: options.allowed ?? true,
      retryAfterMs: 30_000,
      detail: '2 requests per 60 s',
    }),
    visit: (node) => void path.push(node.id),
  })
  return { runner, evaluator, called, path }
}

const doc = (plan: string): ConditionDocument => ({
  metadata: { plan, user_id: 'u1' },
  headers: {},
  body: {},
})

describe('compiled dynamic routes on the interpreter (F190–F195)', () => {
  it('F191 F192 a conditional then a percentage split picks the share the draw falls in', async () => {
    const low = harness({ draw: 9.99 })
    expect((await runRoute(route.start, low.runner, low.evaluator(doc('free')))).value).toBe('model-canary')
    expect(low.path).toEqual(['start', 'plan', 'split', 'canary', 'end'])
    const high = harness({ draw: 10 })
    expect((await runRoute(route.start, high.runner, high.evaluator(doc('free')))).value).toBe('model-mini')
  })

  it('F193 a limit that admits continues on success', async () => {
    const h = harness()
    expect((await runRoute(route.start, h.runner, h.evaluator(doc('paid')))).value).toBe('model-big')
    expect(h.path).toEqual(['start', 'plan', 'quota', 'big', 'end'])
  })

  it('F149 a limit without fallback ends the route with a 429 naming the element, Retry-After in seconds', async () => {
    const h = harness({ allowed: false })
    const failure = runRoute(route.start, h.runner, h.evaluator(doc('paid')))
    await expect(failure).rejects.toBeInstanceOf(GatewayError)
    await expect(failure).rejects.toMatchObject({
      kind: 'route_limited',
      status: 429,
      message: expect.stringContaining("route element 'quota' allows 2 requests per 60 s"),
      headers: { 'retry-after': '30' },
    })
    expect(h.called).toEqual([])
  })

  it('F194 a failed model takes its fallback', async () => {
    const h = harness({ failing: ['big'] })
    const result = await runRoute(route.start, h.runner, h.evaluator(doc('paid')))
    expect(result).toMatchObject({ value: 'model-mini', step: 1 })
    expect(h.called).toEqual(['model-big', 'model-mini'])
  })

  it('without an evaluator, branch elements are not_implemented (never silently skipped)', async () => {
    const h = harness()
    await expect(runRoute(route.start, h.runner)).rejects.toMatchObject({ kind: 'not_implemented' })
  })

  it('F192 pickShare lays shares end to end; a draw past them takes else', () => {
    const node = (otherwise: boolean): PercentageNode<string> => ({
      type: 'percentage',
      id: 'p',
      branches: [
        { label: '10%', percent: 10, next: { type: 'end', id: 'a' } },
        { label: '30%', percent: 30, next: { type: 'end', id: 'b' } },
      ],
      otherwise: otherwise ? { type: 'end', id: 'rest' } : undefined,
    })
    expect(pickShare(node(true), 0).id).toBe('a')
    expect(pickShare(node(true), 10).id).toBe('b')
    expect(pickShare(node(true), 39.999).id).toBe('b')
    expect(pickShare(node(true), 40).id).toBe('rest')
    expect(pickShare(node(false), 99.9).id).toBe('b')
  })

  it('compiles limit properties onto the limit node', () => {
    const quota = (route.start.next as { whenFalse: LimitNode<ModelSpec> }).whenFalse
    expect(quota).toMatchObject({
      type: 'limit',
      limitType: 'count',
      key: 'metadata.user_id',
      limit: 2,
      intervalSeconds: 60,
      technique: 'fixed',
      fallback: undefined,
    })
  })
})
