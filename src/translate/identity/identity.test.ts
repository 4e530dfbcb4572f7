import { describe, expect, it } from 'vitest'
import { UpstreamStreamError } from './hub-errors.js'
import type { HubContext } from './hub-context.js'
import { identityTranslator } from './index.js'
import { validateOpenAIRequest } from './test-support/validate-openai-request.js'
import {
  FIXED_ID,
  FIXED_NOW_SECONDS,
  fixedOptions,
  fixtureJson,
  fixtureText,
  replay,
  thrown,
} from './test-support/fixtures.js'

const translator = identityTranslator({ ...fixedOptions, provider: 'OpenAI' })
const ctx = (extra: Partial<HubContext> = {}): HubContext => ({
  model: 'gpt-4o-mini',
  stream: false,
  warnings: [],
  ...extra,
})

describe('identity request (F013, F023)', () => {
  it('replaces the prefixed model with the provider model and keeps every other field', () => {
    const body = {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'Hi' }],
      temperature: 0.1,
      logit_bias: { '50256': -100 },
    }
    expect(validateOpenAIRequest(translator.request(body, ctx()).body)).toEqual([])
    expect(translator.request(body, ctx())).toEqual({
      path: '/chat/completions',
      body: { ...body, model: 'gpt-4o-mini' },
      warnings: [],
    })
  })

  it('asks for usage upstream on streams, keeping the client stream_options', () => {
    const request = translator.request(
      {
        model: 'openai/gpt-4o-mini',
        messages: [],
        stream: true,
        stream_options: { include_obfuscation: false } as never,
      },
      ctx({ stream: true }),
    )
    expect(request.body).toMatchObject({
      stream: true,
      stream_options: { include_obfuscation: false, include_usage: true },
    })
  })

  it('removes stream_options from non-streaming calls, which OpenAI rejects', () => {
    const request = translator.request(
      { model: 'openai/gpt-4o-mini', messages: [], stream_options: { include_usage: true } },
      ctx(),
    )
    expect(request.body).not.toHaveProperty('stream_options')
    expect(
      validateOpenAIRequest({ ...(request.body as object), messages: [{ role: 'user', content: 'Hi' }] }),
    ).toEqual([])
  })

  it('leaves stream_options alone when forcing usage is turned off', () => {
    const plain = identityTranslator({ forceStreamUsage: false, path: '/v1/chat/completions' })
    const request = plain.request(
      { model: 'mistral/mistral-large-latest', messages: [], stream: true },
      ctx({ model: 'mistral-large-latest', stream: true }),
    )
    expect(request).toEqual({
      path: '/v1/chat/completions',
      body: { model: 'mistral-large-latest', messages: [], stream: true },
      warnings: [],
    })
  })
})

describe('identity response', () => {
  it('passes a completion through, keeping the upstream model version', () => {
    const body = fixtureJson(import.meta.url, 'openai-completion.json')
    const context = ctx()
    expect(translator.response(body, context)).toEqual(body)
    expect(context.warnings).toEqual([])
  })

  it('fills missing usage with zeros and a warning, and missing id/created/model', () => {
    const context = ctx({ model: 'sonar' })
    const completion = translator.response(
      { choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: 'stop' }] },
      context,
    )
    expect(completion).toMatchObject({
      id: FIXED_ID,
      created: FIXED_NOW_SECONDS,
      model: 'sonar',
      object: 'chat.completion',
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    })
    expect(context.warnings).toEqual(['upstream reported no token usage; usage is reported as zeros'])
  })
})

describe('identity stream', () => {
  it('drops the usage chunk and usage: null fields when the client did not ask for usage', () => {
    const chunks = replay(
      translator.stream(ctx({ stream: true })),
      fixtureText(import.meta.url, 'openai-stream-with-usage.sse'),
    )
    expect(chunks).toHaveLength(3)
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false)
    expect(chunks[1]).toEqual({
      id: 'chatcmpl-BqS5a1bQw9ZcX8nV2mL4kJ7hG3fD',
      object: 'chat.completion.chunk',
      created: 1751628482,
      model: 'gpt-4o-mini-2024-07-18',
      service_tier: 'default',
      system_fingerprint: 'fp_34a54ae93c',
      choices: [{ index: 0, delta: { content: 'Paris' }, logprobs: null, finish_reason: null }],
      obfuscation: 'Zk2',
    })
  })

  it('passes the usage chunk through when the client asked for it', () => {
    const chunks = replay(
      translator.stream(ctx({ stream: true, includeUsage: true })),
      fixtureText(import.meta.url, 'openai-stream-with-usage.sse'),
    )
    expect(chunks).toHaveLength(4)
    expect(chunks[3]?.usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 1, total_tokens: 15 })
  })

  it('raises a mid-stream error event as an UpstreamStreamError carrying the OpenAI error', () => {
    const body = {
      error: {
        message: 'The server had an error while processing your request.',
        type: 'server_error',
        param: null,
        code: null,
      },
    }
    const error = thrown(() => translator.stream(ctx({ stream: true })).push({ data: JSON.stringify(body) }))
    expect(error).toBeInstanceOf(UpstreamStreamError)
    expect((error as UpstreamStreamError).body).toEqual(body)
  })
})

describe('identity errors', () => {
  it('passes OpenAI-shaped errors through, extra fields included', () => {
    const body = fixtureJson(import.meta.url, 'openai-error-401.json')
    expect(translator.error(401, body)).toEqual(body)
    expect(translator.error(429, fixtureJson(import.meta.url, 'groq-error-429.json'))).toEqual({
      error: {
        message: expect.stringContaining(
          'Rate limit reached for model `llama-3.3-70b-versatile`',
        ) as unknown as string,
        type: 'tokens',
        param: null,
        code: 'rate_limit_exceeded',
      },
    })
  })

  it('maps Mistral’s object-message errors, FastAPI detail and bare strings', () => {
    expect(translator.error(422, fixtureJson(import.meta.url, 'mistral-error-422.json'))).toEqual({
      error: {
        message:
          '{"detail":[{"type":"extra_forbidden","loc":["body","foo"],"msg":"Extra inputs are not permitted","input":1}]}',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    })
    expect(translator.error(400, { detail: 'Model not supported' }).error.message).toBe('Model not supported')
    expect(translator.error(400, { error: 'bad things' }).error).toEqual({
      message: 'bad things',
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
    expect(translator.error(503, 'upstream connect error').error).toEqual({
      message: 'OpenAI returned HTTP 503: upstream connect error',
      type: 'server_error',
      param: null,
      code: null,
    })
  })
})
