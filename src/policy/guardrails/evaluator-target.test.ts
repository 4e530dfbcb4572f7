import { describe, expect, it } from 'vitest'
import { EvaluatorConfigError, resolveEvaluatorTarget } from './evaluator-target.js'

describe('guardrails evaluator model (F212)', () => {
  it('the default is Llama Guard 3 on Workers AI, asked with chat messages', () => {
    expect(resolveEvaluatorTarget('workers-ai/@cf/meta/llama-guard-3-8b')).toMatchObject({
      kind: 'workers-ai',
      model: '@cf/meta/llama-guard-3-8b',
      format: 'messages',
      provider: { slug: 'workers-ai' },
    })
  })

  it('OpenAI-compatible providers are chat completions; other models get Meta’s prompt rendered here', () => {
    expect(resolveEvaluatorTarget('groq/llama-guard-4-12b')).toMatchObject({
      kind: 'chat',
      format: 'messages',
    })
    expect(resolveEvaluatorTarget('openrouter/openai/gpt-4o-mini')).toMatchObject({
      kind: 'chat',
      model: 'openai/gpt-4o-mini',
      format: 'template',
    })
    expect(resolveEvaluatorTarget('groq/llama-guard-4-12b', 'template').format).toBe('template')
  })

  it('OpenAI moderation models use /moderations', () => {
    expect(resolveEvaluatorTarget('openai/omni-moderation-latest').kind).toBe('openai-moderation')
    expect(resolveEvaluatorTarget('openai/gpt-4o-mini').kind).toBe('chat')
  })

  it('names what is wrong with a model it cannot call', () => {
    expect(() => resolveEvaluatorTarget('llama-guard')).toThrow(/must be "provider\/model"/)
    expect(() => resolveEvaluatorTarget('nope/x')).toThrow(/unknown provider 'nope'/)
    expect(() => resolveEvaluatorTarget('anthropic/claude-haiku-4-5')).toThrow(/not OpenAI-compatible/)
    expect(() => resolveEvaluatorTarget('custom-guard/llama-guard')).toThrow(EvaluatorConfigError)
  })
})
