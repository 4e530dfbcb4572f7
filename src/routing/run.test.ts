import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import { END, fallbackChain, singleModelRoute } from './build.js'
import type { ModelNode, StartNode } from './graph.js'
import { runRoute, type StepInfo, type StepOutcome, type StepRunner } from './run.js'

interface Reply {
  status: number
  from: string
}

/** A runner scripted per target: a status answers, an Error is thrown. */
function scripted(script: Record<string, number | Error>) {
  const calls: Array<{ target: string; step: StepInfo }> = []
  const discarded: Reply[] = []
  const runner: StepRunner<string, Reply> = {
    async run(node: ModelNode<string>, step: StepInfo): Promise<StepOutcome<Reply>> {
      calls.push({ target: node.target, step })
      const planned = script[node.target]
      if (planned instanceof Error) return { ok: false, error: planned, reason: planned.message }
      const value = { status: planned ?? 200, from: node.target }
      return value.status < 400 ? { ok: true, value } : { ok: false, value, reason: `status ${value.status}` }
    },
    discard: (value) => discarded.push(value),
  }
  return { runner, calls, discarded }
}

describe('runRoute', () => {
  it('a single model route returns its answer as step 0', async () => {
    const { runner, calls } = scripted({ only: 200 })
    const result = await runRoute(singleModelRoute('only'), runner)
    expect(result).toMatchObject({ value: { from: 'only' }, step: 0 })
    expect(calls).toEqual([{ target: 'only', step: { index: 0, canFallBack: false } }])
  })

  it('F037 a failed step hands over to the next; the first success answers and later steps never run', async () => {
    const { runner, calls, discarded } = scripted({ a: 503, b: 200, c: 200 })
    const result = await runRoute(fallbackChain(['a', 'b', 'c']), runner)
    expect(result.value.from).toBe('b')
    expect(result.step).toBe(1)
    expect(calls.map((call) => call.target)).toEqual(['a', 'b'])
    expect(calls.map((call) => call.step.canFallBack)).toEqual([true, true])
    expect(discarded).toEqual([{ status: 503, from: 'a' }])
  })

  it('F037 a step that failed with an error (timeout, network) falls back too', async () => {
    const { runner } = scripted({ a: new GatewayError('upstream_timeout', 'slow'), b: 200 })
    const result = await runRoute(fallbackChain(['a', 'b']), runner)
    expect(result).toMatchObject({ value: { from: 'b' }, step: 1 })
  })

  it('when every step fails, the last failure is what comes back: an error response passes through untouched', async () => {
    const { runner, discarded } = scripted({ a: 500, b: 429 })
    const result = await runRoute(fallbackChain(['a', 'b']), runner)
    expect(result).toMatchObject({ value: { status: 429, from: 'b' }, step: 1 })
    expect(discarded).toEqual([{ status: 500, from: 'a' }])
  })

  it('when the last step throws, its error is thrown', async () => {
    const last = new GatewayError('upstream_unreachable', 'b is down')
    const { runner } = scripted({ a: 500, b: last })
    await expect(runRoute(fallbackChain(['a', 'b']), runner)).rejects.toBe(last)
  })

  it('what a runner throws ends the route even when a fallback exists (client gone, request refused)', async () => {
    const refused = new GatewayError('rate_limited', 'over the limit')
    const calls: string[] = []
    const runner: StepRunner<string, Reply> = {
      async run(node) {
        calls.push(node.target)
        throw refused
      },
      discard: () => undefined,
    }
    await expect(runRoute(fallbackChain(['a', 'b']), runner)).rejects.toBe(refused)
    expect(calls).toEqual(['a'])
  })

  it('F188 node types not evaluated yet fail with not_implemented naming the element', async () => {
    const { runner } = scripted({})
    const start: StartNode<string> = {
      type: 'start',
      id: 'start',
      next: { type: 'percentage', id: 'split', branches: [], otherwise: END },
    }
    await expect(runRoute(start, runner)).rejects.toMatchObject({
      kind: 'not_implemented',
      message: expect.stringContaining("'split' of type percentage"),
    })
  })

  it('F195 an end reached before any model ran is an error', async () => {
    const { runner } = scripted({})
    await expect(runRoute({ type: 'start', id: 'start', next: END }, runner)).rejects.toMatchObject({
      kind: 'upstream_unreachable',
    })
  })

  it('fallbackChain links each step to the next and leaves the last without a fallback', () => {
    const start = fallbackChain(['x', 'y'])
    const first = start.next as ModelNode<string>
    const second = first.fallback as ModelNode<string>
    expect([first.id, first.target, first.success]).toEqual(['step-0', 'x', END])
    expect([second.id, second.target, second.fallback]).toEqual(['step-1', 'y', undefined])
    expect(() => fallbackChain([])).toThrow()
  })
})
