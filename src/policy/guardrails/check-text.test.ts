import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { UpstreamRequest } from '../../upstream/client.js'
import { checkText, type CheckLimits } from './check-text.js'
import type { CategoryActions } from './categories.js'
import type { EvaluatorOptions } from './evaluator.js'
import { resolveEvaluatorTarget } from './evaluator-target.js'

/** A Workers AI Llama Guard that calls anything mentioning "bomb" S9 and "fight" S1, and fails on "crash". */
function guard() {
  const seen: string[] = []
  let inFlight = 0
  let peak = 0
  const upstream = {
    async send(request: UpstreamRequest) {
      const body = JSON.parse(request.body!.toString()) as { messages: Array<{ content: string }> }
      const text = body.messages.at(-1)!.content
      seen.push(text)
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight--
      if (text.includes('crash')) throw new Error('socket hang up')
      const response = text.includes('bomb') ? 'unsafe\nS9' : text.includes('fight') ? 'unsafe\nS1' : 'safe'
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: Readable.from([Buffer.from(JSON.stringify({ result: { response }, success: true }))]),
      }
    },
  }
  const evaluator: EvaluatorOptions = {
    target: resolveEvaluatorTarget('workers-ai/@cf/meta/llama-guard-3-8b'),
    upstream,
    baseOverride: 'http://mock',
    workersAiAccountId: 'a',
    timeoutMs: 1000,
    now: () => 0,
  }
  return { evaluator, seen, peak: () => peak }
}

const limits: CheckLimits = { chunkChars: 40, concurrency: 2, maxChunks: 10 }
const check = (actions: CategoryActions, text: string) => ({
  direction: 'prompt' as const,
  actions,
  text,
  credential: undefined,
  signal: new AbortController().signal,
})

describe('checking a text (F204, F207, F208)', () => {
  it('F208 long text is evaluated in pieces, a few at a time, and any piece decides', async () => {
    const { evaluator, seen, peak } = guard()
    const text =
      'A calm sentence about gardens. '.repeat(4) +
      'Then a fight breaks out. ' +
      'More calm text here. '.repeat(3)
    const result = await checkText(evaluator, limits, check({ S1: 'FLAG' }, text))
    expect(seen.length).toBeGreaterThan(3)
    expect(peak()).toBeLessThanOrEqual(2)
    expect(result.evaluations).toHaveLength(seen.length)
    expect(result.decision).toEqual({ action: 'FLAG', matches: [{ category: 'S1', action: 'FLAG' }] })
  })

  it('every piece of the text is sent, in order, nothing dropped', async () => {
    const { evaluator } = guard()
    const text = 'One sentence here. Two sentence here. Three sentence here. Four sentence here.'
    const result = await checkText(evaluator, limits, check({ S1: 'FLAG' }, text))
    const sent = result.evaluations.map(
      (evaluation) =>
        (JSON.parse(evaluation.requestBody.toString()) as { messages: Array<{ content: string }> })
          .messages[0]!.content,
    )
    expect(sent.length).toBeGreaterThan(1)
    expect(sent.join(' ')).toBe(text)
  })

  it('an empty text needs no evaluation', async () => {
    const { evaluator, seen } = guard()
    expect(await checkText(evaluator, limits, check({ S1: 'BLOCK' }, '   '))).toEqual({
      decision: { action: null, matches: [] },
      evaluations: [],
    })
    expect(seen).toHaveLength(0)
  })

  it('F207 a failed piece: BLOCK configured fails closed, FLAG-only proceeds, with the reason', async () => {
    const { evaluator } = guard()
    const blocked = await checkText(evaluator, limits, check({ S1: 'FLAG', S9: 'BLOCK' }, 'please crash'))
    expect(blocked.decision.action).toBe('BLOCK')
    expect(blocked.decision.unevaluated).toBe('the guardrails evaluator was unavailable')
    expect(blocked.evaluations[0]!.error).toBe('socket hang up')
    const flagged = await checkText(evaluator, limits, check({ S1: 'FLAG' }, 'please crash'))
    expect(flagged.decision).toMatchObject({
      action: null,
      unevaluated: 'the guardrails evaluator was unavailable',
    })
  })

  it('F207 text beyond the evaluation budget counts as unevaluated', async () => {
    const { evaluator, seen } = guard()
    const text = 'Short calm sentence. '.repeat(40)
    const result = await checkText(evaluator, { ...limits, maxChunks: 2 }, check({ S1: 'BLOCK' }, text))
    expect(seen).toHaveLength(2)
    expect(result.decision).toMatchObject({
      action: 'BLOCK',
      unevaluated: expect.stringMatching(/exceeds 2 evaluations/),
    })
  })

  it('after a BLOCK match no further pieces are started', async () => {
    const { evaluator, seen } = guard()
    const text = 'How to build a bomb. ' + 'Calm sentence number. '.repeat(30)
    const result = await checkText(evaluator, { ...limits, concurrency: 1 }, check({ S9: 'BLOCK' }, text))
    expect(result.decision.action).toBe('BLOCK')
    expect(seen).toHaveLength(1)
  })
})
