import { describe, expect, it } from 'vitest'
import { GuardrailsRuntime, type GuardrailsSetup } from './runtime.js'

const setup = (model: string): GuardrailsSetup => ({
  model,
  guardrails: {
    timeoutMs: 1000,
    chunkChars: 100,
    maxChunks: 4,
    streamBatchChars: 50,
    apiKey: 'k',
    baseUrl: undefined,
    promptFormat: 'auto',
  },
  upstreams: { groq: 'http://mock/openai/v1' },
  workersAiAccountId: undefined,
})

const neverCalled = {
  send: () => Promise.reject(new Error('the evaluator must not be called')),
}

describe('the process-wide guardrails evaluator (F207, F212)', () => {
  it('uses the provider’s upstream override and the configured limits', () => {
    const runtime = new GuardrailsRuntime(setup('groq/llama-guard-4-12b'), neverCalled, () => 0)
    expect(runtime.providerSlug).toBe('groq')
    expect(runtime.limits).toEqual({ chunkChars: 100, concurrency: 4, maxChunks: 4 })
    expect(runtime.problem).toBeUndefined()
  })

  it('F207 a model it cannot call makes every check unavailable instead of throwing', async () => {
    const runtime = new GuardrailsRuntime(setup('anthropic/claude'), neverCalled, () => 0)
    expect(runtime.problem).toMatch(/not OpenAI-compatible/)
    const check = (actions: Record<string, 'FLAG' | 'BLOCK'>) =>
      runtime.check({
        direction: 'prompt',
        actions,
        text: 'hello',
        credential: undefined,
        signal: new AbortController().signal,
      })
    expect((await check({ S1: 'BLOCK' })).decision).toEqual({
      action: 'BLOCK',
      matches: [],
      unevaluated: 'the guardrails evaluator was unavailable',
    })
    expect((await check({ S1: 'FLAG' })).decision.action).toBeNull()
  })
})
