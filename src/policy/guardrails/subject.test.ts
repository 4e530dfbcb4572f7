import { describe, expect, it } from 'vitest'
import { answeringStep, describeRequest, schemaOfSlug } from './subject.js'

describe('what guardrails read from a request (F002, F024, F205)', () => {
  it('provider-native: the provider’s schema and the path’s model type', () => {
    const request = describeRequest(
      { kind: 'provider', schema: 'anthropic-messages', path: '/v1/messages' },
      { system: 'Be brief.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] },
    )!
    expect(request.modelType).toBe('text-generation')
    expect(request.responseSchema).toBe('anthropic-messages')
    expect(request.segments.map((segment) => segment.text)).toEqual(['Be brief.', 'Hi'])
  })

  it('/compat: OpenAI chat or Anthropic messages; the models list carries no prompt', () => {
    const chat = describeRequest(
      { kind: 'compat', endpoint: 'chat/completions' },
      { messages: [{ role: 'user', content: 'q' }] },
    )
    expect(chat).toMatchObject({ modelType: 'text-generation', responseSchema: 'openai-chat' })
    expect(describeRequest({ kind: 'compat', endpoint: 'v1/messages' }, {})?.responseSchema).toBe(
      'anthropic-messages',
    )
    expect(describeRequest({ kind: 'compat', endpoint: 'v1/models' }, {})).toBeUndefined()
  })

  it('Universal: every step’s query in its own schema; the answer’s schema is the answering step’s', () => {
    const steps = [
      {
        provider: 'anthropic',
        endpoint: 'v1/messages',
        headers: {},
        query: { messages: [{ role: 'user', content: 'first' }] },
      },
      { provider: 'openai', endpoint: 'embeddings', headers: {}, query: { input: 'second' } },
    ]
    const request = describeRequest({ kind: 'universal' }, steps)!
    expect(request.segments.map((segment) => segment.text)).toEqual(['first', 'second'])
    expect(request.responseSchema).toBeUndefined()
    expect(answeringStep(steps, 0)).toEqual({ schema: 'anthropic-messages', modelType: 'text-generation' })
    expect(answeringStep(steps, 1)).toEqual({ schema: 'openai-chat', modelType: 'embeddings' })
  })

  it('Universal step providers map to schemas; compat and custom providers speak OpenAI', () => {
    expect(schemaOfSlug('google-ai-studio')).toBe('gemini')
    expect(schemaOfSlug('compat')).toBe('openai-chat')
    expect(schemaOfSlug('custom-mine')).toBe('openai-chat')
    expect(schemaOfSlug('nope')).toBe('opaque')
  })
})
