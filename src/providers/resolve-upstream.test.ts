import type { IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { GatewayError, type ErrorKind } from '../core/errors.js'
import type { ProviderSettings } from './define.js'
import { customProviderDescriptor, providerBySlug } from './index.js'
import { resolveUpstream } from './resolve-upstream.js'

const MOCK = 'http://127.0.0.1:9000'

interface Call {
  headers?: IncomingHttpHeaders
  search?: string
  override?: string
  settings?: ProviderSettings
}

function resolve(slug: string, rest: string, call: Call = {}) {
  const descriptor = providerBySlug(slug)
  if (!descriptor) throw new Error(`no provider ${slug}`)
  const settings = call.settings ?? { workersAiAccountId: 'acc123' }
  return resolveUpstream(
    descriptor,
    { rest, headers: call.headers ?? {}, settings },
    call.search ?? '',
    call.override,
  )
}

function url(slug: string, rest: string, call: Call = {}): string {
  return resolve(slug, rest, call).url
}

function failure(run: () => unknown): GatewayError {
  try {
    run()
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error('expected a GatewayError')
}

function expectFailure(run: () => unknown, kind: ErrorKind, detail: RegExp): void {
  const error = failure(run)
  expect(error.kind).toBe(kind)
  expect(error.message).toMatch(detail)
}

describe('F348 two-candidate mappings (providers.md §4.1)', () => {
  it.each([
    ['grok', ['/v1/chat/completions', '/chat/completions'], 'https://api.x.ai/v1/chat/completions'],
    ['grok', ['/v1/messages', '/messages'], 'https://api.x.ai/v1/messages'],
    [
      'openrouter',
      ['/chat/completions', '/v1/chat/completions', '/api/v1/chat/completions'],
      'https://openrouter.ai/api/v1/chat/completions',
    ],
    ['cohere', ['/v1/chat', '/chat'], 'https://api.cohere.ai/v1/chat'],
    ['cohere', ['/v2/chat'], 'https://api.cohere.ai/v2/chat'],
    ['cartesia', ['/tts/bytes', '/v1/tts/bytes'], 'https://api.cartesia.ai/tts/bytes'],
  ])('%s: %j → %s', (slug, paths, expected) => {
    for (const rest of paths) expect(url(slug, rest), rest).toBe(expected)
  })

  it('a version-like prefix only matches whole segments', () => {
    expect(url('grok', '/v1beta/x')).toBe('https://api.x.ai/v1/v1beta/x')
  })
})

describe('F033 templated upstreams', () => {
  it('Azure accepts the AzureOpenAI SDK shape …/{resource}/deployments/{deployment}/…', () => {
    const rest = '/my-resource/deployments/gpt-4o/chat/completions'
    expect(url('azure-openai', rest, { search: '?api-version=2024-10-21' })).toBe(
      'https://my-resource.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    )
    expect(providerBySlug('azure-openai')?.modelFromPath?.(rest)).toBe('gpt-4o')
  })

  it('Azure names the missing resource or deployment', () => {
    expectFailure(() => url('azure-openai', ''), 'invalid_request', /resource name is missing/)
    expectFailure(() => url('azure-openai', '/my-resource'), 'invalid_request', /deployment name is missing/)
  })

  it('a path segment can never redirect a templated host', () => {
    expectFailure(() => url('azure-openai', '/evil.example/dep/chat'), 'invalid_request', /resource/)
    expectFailure(() => url('azure-openai', '/evil@x/dep/chat'), 'invalid_request', /resource/)
    expectFailure(() => url('aws-bedrock', '/bedrock-runtime/evil.com/x'), 'invalid_request', /region/)
  })

  it('F028 Bedrock keeps percent-encoded model ids verbatim and reports them decoded', () => {
    const rest = '/bedrock-runtime/eu-west-1/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse'
    expect(resolve('aws-bedrock', rest, { override: MOCK })).toEqual({
      url: `${MOCK}/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse`,
      host: 'bedrock-runtime.eu-west-1.amazonaws.com',
    })
    expect(providerBySlug('aws-bedrock')?.modelFromPath?.(rest)).toBe(
      'anthropic.claude-3-haiku-20240307-v1:0',
    )
  })

  it('Bedrock only reaches Bedrock services and names a missing region', () => {
    expectFailure(() => url('aws-bedrock', '/s3/us-east-1/bucket'), 'invalid_request', /service/)
    expectFailure(() => url('aws-bedrock', '/bedrock-runtime/'), 'invalid_request', /region is missing/)
    expect(url('aws-bedrock', '/bedrock-agent-runtime/us-west-2/agents/A/sessions/S/text')).toBe(
      'https://bedrock-agent-runtime.us-west-2.amazonaws.com/agents/A/sessions/S/text',
    )
  })

  it('Vertex needs a specific region from the path', () => {
    expectFailure(
      () => url('google-vertex-ai', '/v1/projects/p/models/m:predict'),
      'invalid_request',
      /region/,
    )
    expectFailure(
      () => url('google-vertex-ai', '/v1/projects/p/locations/global/publishers/google/models/m:x'),
      'invalid_request',
      /specific region/,
    )
  })

  it('Workers AI OpenAI-compatible endpoints live under /ai/v1', () => {
    expect(url('workers-ai', '/v1/chat/completions')).toBe(
      'https://api.cloudflare.com/client/v4/accounts/acc123/ai/v1/chat/completions',
    )
    expect(url('workers-ai', '/v1/embeddings', { override: MOCK })).toBe(
      `${MOCK}/accounts/acc123/ai/v1/embeddings`,
    )
    expect(providerBySlug('workers-ai')?.modelFromPath?.('/v1/chat/completions')).toBeUndefined()
  })

  it('Workers AI without a configured account id explains the config key', () => {
    expectFailure(
      () => url('workers-ai', '/@cf/meta/llama-3.1-8b-instruct', { settings: {} }),
      'invalid_request',
      /providers\.workers-ai\.account_id/,
    )
    expectFailure(() => url('workers-ai', '/'), 'invalid_request', /model id is missing/)
  })

  it('Baseten model endpoints go to the model host, defaulting to the production predict route', () => {
    expect(url('baseten', '/model/abcd1234')).toBe('https://model-abcd1234.api.baseten.co/production/predict')
    expect(url('baseten', '/model/abcd1234/environments/staging/predict')).toBe(
      'https://model-abcd1234.api.baseten.co/environments/staging/predict',
    )
    expect(url('baseten', '/model/abcd1234', { override: MOCK, search: '?x=1' })).toBe(
      `${MOCK}/production/predict?x=1`,
    )
    expectFailure(() => url('baseten', '/model/'), 'invalid_request', /model id/)
    expectFailure(() => url('baseten', '/model/evil.com'), 'invalid_request', /model id/)
  })
})

describe('F027 Fal target URL', () => {
  const target = 'https://queue.fal.run/fal-ai/bytedance/seedream/v4/edit'

  it('sends the request to the whole target URL, or to its path under an override', () => {
    const headers = { 'x-fal-target-url': target }
    expect(url('fal', '', { headers })).toBe(target)
    expect(url('fal', '', { headers, override: MOCK })).toBe(`${MOCK}/fal-ai/bytedance/seedream/v4/edit`)
    const withQuery = { 'x-fal-target-url': `${target}/requests/r1/status?logs=1` }
    expect(url('fal', '', { headers: withQuery, override: MOCK, search: '?ignored=1' })).toBe(
      `${MOCK}/fal-ai/bytedance/seedream/v4/edit/requests/r1/status?logs=1`,
    )
  })

  it.each([
    'https://evil.example/fal-ai/x',
    'http://queue.fal.run/fal-ai/x',
    'https://fal.run.evil.example/x',
    'https://evilfal.run/x',
    'https://user:secret@fal.run/x',
    'not a url',
  ])('refuses %s (no open proxy)', (value) => {
    expectFailure(
      () => url('fal', '', { headers: { 'x-fal-target-url': value } }),
      'forbidden_target',
      /x-fal-target-url/,
    )
  })

  it.each(['https://fal.ai/x', 'https://rest.alpha.fal.ai/x', 'https://v3.fal.media/files/a.png'])(
    'follows Fal host %s',
    (value) => {
      expect(url('fal', '', { headers: { 'x-fal-target-url': value } })).toBe(value)
    },
  )
})

describe('path hygiene', () => {
  it('never decodes or normalises the path', () => {
    expect(url('openai', '/files/a%2Fb:c//d', { search: '?q=%20x' })).toBe(
      'https://api.openai.com/v1/files/a%2Fb:c//d?q=%20x',
    )
  })

  it.each(['/v1/../admin', '/%2e%2e/x', '/a/.%2E/b', '/a/..\\b', '/..'])(
    'rejects the dot-dot segment in %s',
    (rest) => {
      expectFailure(() => url('openai', rest), 'invalid_request', /\.\./)
      expectFailure(() => url('workers-ai', rest), 'invalid_request', /\.\./)
    },
  )

  it('accepts a search string without its leading ?', () => {
    expect(url('openai', '/models', { search: 'limit=2' })).toBe('https://api.openai.com/v1/models?limit=2')
  })
})

describe('F009/F241 custom providers', () => {
  it.each([
    [
      'some-provider',
      'https://api.myprovider.com',
      '/v1/chat/completions',
      'https://api.myprovider.com/v1/chat/completions',
    ],
    [
      'custom-ai',
      'https://api.custom-ai.com/',
      '/api/coding/paas/v4/chat/completions',
      'https://api.custom-ai.com/api/coding/paas/v4/chat/completions',
    ],
    [
      'internal-llm',
      'https://ml.internal.example.com',
      '/serving/models/my-model:predict',
      'https://ml.internal.example.com/serving/models/my-model:predict',
    ],
  ])('custom-%s%s', (slug, base, rest, expected) => {
    const descriptor = customProviderDescriptor(slug, base)
    expect(descriptor.slug).toBe(`custom-${slug}`)
    expect(descriptor.compat?.prefix).toBe(`custom-${slug}`)
    expect(resolveUpstream(descriptor, { rest, headers: {}, settings: {} }, '?a=1').url).toBe(
      `${expected}?a=1`,
    )
  })

  it('rejects a base_url that is not an http(s) URL', () => {
    expect(() => customProviderDescriptor('x', 'api.example.com')).toThrow(/base_url/)
    expect(() => customProviderDescriptor('x', 'ftp://api.example.com')).toThrow(/http/)
  })
})
