import { describe, expect, it } from 'vitest'
import type { ModelNode } from '../routing/graph.js'
import { compileUniversal } from './compile-steps.js'
import type { ModelCall } from './model-call.js'
import { parseUniversalBody } from './parse-steps.js'

const workersAiStep = {
  provider: 'workers-ai',
  endpoint: '@cf/meta/llama-3.1-8b-instruct',
  headers: { Authorization: 'Bearer cf-token', 'Content-Type': 'application/json' },
  query: { messages: [{ role: 'user', content: 'What is Cloudflare?' }] },
}
const openaiStep = {
  provider: 'openai',
  endpoint: 'chat/completions',
  headers: { Authorization: 'Bearer sk-openai', 'Content-Type': 'application/json', 'cf-aig-cache-ttl': '0' },
  query: { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'What is Cloudflare?' }] },
}

/** The model calls of a compiled chain, in order. */
function calls(body: unknown, outer: Record<string, string> = {}): ModelCall[] {
  const out: ModelCall[] = []
  let node = compileUniversal(parseUniversalBody(body), outer).next as ModelNode<ModelCall> | undefined
  while (node) {
    out.push(node.target)
    node = node.fallback as ModelNode<ModelCall> | undefined
  }
  return out
}

function providerCall(call: ModelCall | undefined) {
  if (call?.kind !== 'provider') throw new Error('expected a provider call')
  return call.step
}

describe('compileUniversal', () => {
  it('F040 worked example: outer cf-aig-cache-ttl 3600 caches the Workers AI step 1 h; the OpenAI step header 0 turns caching off', () => {
    const [workersAi, openai] = calls([workersAiStep, openaiStep], { 'cf-aig-cache-ttl': '3600' })
    expect(providerCall(workersAi).controls.cacheTtl).toBe(3600)
    expect(providerCall(openai).controls.cacheTtl).toBe(0)
  })

  it('F039/F128 a step config beats the same control in its headers, which beats the outer request', () => {
    const [step] = calls(
      [
        {
          ...openaiStep,
          headers: { ...openaiStep.headers, 'cf-aig-request-timeout': '9000', 'cf-aig-max-attempts': '2' },
          config: { requestTimeout: 1000, backoff: 'exponential' },
        },
      ],
      { 'cf-aig-request-timeout': '20000', 'cf-aig-max-attempts': '4', 'cf-aig-retry-delay': '300' },
    )
    expect(providerCall(step).controls).toMatchObject({
      requestTimeoutMs: 1000,
      maxAttempts: 2,
      retryDelayMs: 300,
      backoff: 'exponential',
    })
  })

  it('F035 a provider step: path under the provider, the step headers only, query as the JSON body', () => {
    const [workersAi, openai] = calls([workersAiStep, openaiStep], { authorization: 'Bearer outer-secret' })
    const step = providerCall(workersAi)
    expect(step.provider.slug).toBe('workers-ai')
    expect(step.rest).toBe('/@cf/meta/llama-3.1-8b-instruct')
    expect(step.headers).toEqual({ authorization: 'Bearer cf-token', 'content-type': 'application/json' })
    expect(JSON.parse(step.body!.toString())).toEqual(workersAiStep.query)
    expect(step.model).toBe('@cf/meta/llama-3.1-8b-instruct')
    expect(step.stream).toBe(false)
    expect(workersAi!.logPath).toBe('@cf/meta/llama-3.1-8b-instruct')
    expect(providerCall(openai)).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      rest: '/chat/completions',
    })
  })

  it('F043 provider slugs match case-insensitively', () => {
    expect(providerCall(calls([{ ...openaiStep, provider: 'OpenAI' }])[0]).provider.slug).toBe('openai')
  })

  it('an endpoint keeps its query string; a version segment the provider base already has is not repeated', () => {
    const [azureLike, versioned] = calls([
      { ...openaiStep, endpoint: '/chat/completions?api-version=2024-02-01' },
      { ...openaiStep, endpoint: 'v1/chat/completions' },
    ])
    expect(providerCall(azureLike)).toMatchObject({
      rest: '/chat/completions',
      search: '?api-version=2024-02-01',
    })
    expect(providerCall(versioned).rest).toBe('/chat/completions')
  })

  it('F035 a compat step carries the OpenAI chat request and the step headers as the key source', () => {
    const [call] = calls([
      {
        provider: 'compat',
        endpoint: 'chat/completions',
        headers: { Authorization: 'Bearer sk-ant' },
        query: { model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] },
      },
    ])
    if (call?.kind !== 'compat') throw new Error('expected a compat call')
    expect(call.step.request.model).toBe('anthropic/claude-sonnet-4-5')
    expect(call.step.headers).toEqual({ authorization: 'Bearer sk-ant' })
    expect(call.step.tokenSlots).toEqual([])
  })

  it.each([
    [
      'an unknown provider',
      [{ ...openaiStep, provider: 'nope' }],
      "[0].provider: 'nope' is not a provider slug",
    ],
    [
      'a compat step to another endpoint',
      [openaiStep, { ...openaiStep, provider: 'compat', endpoint: 'embeddings' }],
      '[1].endpoint: compat steps take "chat/completions"',
    ],
    [
      'a compat step without a provider prefix',
      [{ ...openaiStep, provider: 'compat' }],
      '[0].query.model: "gpt-4o-mini" must be "{provider}/{model}"',
    ],
    [
      'a compat step without messages',
      [{ ...openaiStep, provider: 'compat', query: { model: 'openai/gpt-4o' } }],
      '[0].query.messages: required',
    ],
    [
      'a bad control header inside a step',
      [openaiStep, { ...openaiStep, headers: { 'cf-aig-max-attempts': '9' } }],
      '[1].headers: cf-aig-max-attempts must be between 1 and 5',
    ],
  ])('400 naming the field for %s', (_name, body, message) => {
    expect(() => calls(body)).toThrow(message)
  })
})
