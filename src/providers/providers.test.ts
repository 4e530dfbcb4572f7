import type { IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import { injectKey, keySlots } from './credentials.js'
import { providerByCompatPrefix, providerBySlug, providers } from './index.js'
import { resolveUpstream } from './resolve-upstream.js'

const settings = { workersAiAccountId: 'acc123' }
const MOCK = 'http://127.0.0.1:9000'

interface Row {
  slug: string
  /** A documented gateway path (providers.md §3), after `/{slug}`. */
  rest: string
  search?: string
  url: string
  /** Override base as an operator would write it (`AIGW_UPSTREAM_<SLUG>`). */
  override: string
  overrideUrl: string
  host?: string
  slots: string[]
  /** Headers a stored key `sk-1` becomes; `undefined` when injection must be refused. */
  injected: Record<string, string> | undefined
  model?: string
}

const rows: Row[] = [
  {
    slug: 'openai',
    rest: '/chat/completions',
    url: 'https://api.openai.com/v1/chat/completions',
    override: `${MOCK}/v1`,
    overrideUrl: `${MOCK}/v1/chat/completions`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'anthropic',
    rest: '/v1/messages',
    url: 'https://api.anthropic.com/v1/messages',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/messages`,
    slots: ['x-api-key', 'authorization'],
    injected: { 'x-api-key': 'sk-1' },
  },
  {
    slug: 'azure-openai',
    rest: '/my-resource/my-deployment/chat/completions',
    search: '?api-version=2023-05-15',
    url: 'https://my-resource.openai.azure.com/openai/deployments/my-deployment/chat/completions?api-version=2023-05-15',
    override: MOCK,
    overrideUrl: `${MOCK}/openai/deployments/my-deployment/chat/completions?api-version=2023-05-15`,
    slots: ['api-key'],
    injected: { 'api-key': 'sk-1' },
    model: 'my-deployment',
  },
  {
    slug: 'baseten',
    rest: '/v1/chat/completions',
    url: 'https://inference.baseten.co/v1/chat/completions',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/chat/completions`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'aws-bedrock',
    rest: '/bedrock-runtime/us-east-1/model/amazon.titan-embed-text-v1/invoke',
    url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v1/invoke',
    override: MOCK,
    overrideUrl: `${MOCK}/model/amazon.titan-embed-text-v1/invoke`,
    host: 'bedrock-runtime.us-east-1.amazonaws.com',
    slots: [],
    injected: undefined,
    model: 'amazon.titan-embed-text-v1',
  },
  {
    slug: 'cartesia',
    rest: '/tts/bytes',
    url: 'https://api.cartesia.ai/tts/bytes',
    override: MOCK,
    overrideUrl: `${MOCK}/tts/bytes`,
    slots: ['x-api-key', 'authorization'],
    injected: { 'x-api-key': 'sk-1' },
  },
  {
    slug: 'cerebras',
    rest: '/chat/completions',
    url: 'https://api.cerebras.ai/v1/chat/completions',
    override: `${MOCK}/v1`,
    overrideUrl: `${MOCK}/v1/chat/completions`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'cohere',
    rest: '/v1/chat',
    url: 'https://api.cohere.ai/v1/chat',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/chat`,
    slots: ['authorization'],
    injected: { authorization: 'Token sk-1' },
  },
  {
    slug: 'deepgram',
    rest: '/v1/listen',
    search: '?model=nova-3',
    url: 'https://api.deepgram.com/v1/listen?model=nova-3',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/listen?model=nova-3`,
    slots: ['authorization'],
    injected: { authorization: 'Token sk-1' },
  },
  {
    slug: 'deepseek',
    rest: '/chat/completions',
    url: 'https://api.deepseek.com/chat/completions',
    override: MOCK,
    overrideUrl: `${MOCK}/chat/completions`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'elevenlabs',
    rest: '/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb',
    search: '?output_format=mp3_44100_128',
    url: 'https://api.elevenlabs.io/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb?output_format=mp3_44100_128',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb?output_format=mp3_44100_128`,
    slots: ['xi-api-key'],
    injected: { 'xi-api-key': 'sk-1' },
  },
  {
    slug: 'fal',
    rest: '/fal-ai/fast-sdxl',
    url: 'https://fal.run/fal-ai/fast-sdxl',
    override: MOCK,
    overrideUrl: `${MOCK}/fal-ai/fast-sdxl`,
    slots: ['authorization'],
    injected: { authorization: 'Key sk-1' },
    model: 'fal-ai/fast-sdxl',
  },
  {
    slug: 'google-ai-studio',
    rest: '/v1/models/gemini-2.5-flash:generateContent',
    url: 'https://generativelanguage.googleapis.com/v1/models/gemini-2.5-flash:generateContent',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/models/gemini-2.5-flash:generateContent`,
    slots: ['x-goog-api-key'],
    injected: { 'x-goog-api-key': 'sk-1' },
    model: 'gemini-2.5-flash',
  },
  {
    slug: 'grok',
    rest: '/v1/chat/completions',
    url: 'https://api.x.ai/v1/chat/completions',
    override: `${MOCK}/v1`,
    overrideUrl: `${MOCK}/v1/chat/completions`,
    slots: ['authorization', 'x-api-key'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'groq',
    rest: '/chat/completions',
    url: 'https://api.groq.com/openai/v1/chat/completions',
    override: `${MOCK}/openai/v1`,
    overrideUrl: `${MOCK}/openai/v1/chat/completions`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'huggingface',
    rest: '/bigcode/starcoder',
    url: 'https://api-inference.huggingface.co/models/bigcode/starcoder',
    override: `${MOCK}/models`,
    overrideUrl: `${MOCK}/models/bigcode/starcoder`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
    model: 'bigcode/starcoder',
  },
  {
    slug: 'ideogram',
    rest: '/v1/ideogram-v3/generate',
    url: 'https://api.ideogram.ai/v1/ideogram-v3/generate',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/ideogram-v3/generate`,
    slots: ['api-key'],
    injected: { 'api-key': 'sk-1' },
  },
  {
    slug: 'mistral',
    rest: '/v1/chat/completions',
    url: 'https://api.mistral.ai/v1/chat/completions',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/chat/completions`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'openrouter',
    rest: '/chat/completions',
    url: 'https://openrouter.ai/api/v1/chat/completions',
    override: `${MOCK}/api/v1`,
    overrideUrl: `${MOCK}/api/v1/chat/completions`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'parallel',
    rest: '/v1beta/search',
    url: 'https://api.parallel.ai/v1beta/search',
    override: MOCK,
    overrideUrl: `${MOCK}/v1beta/search`,
    slots: ['x-api-key', 'authorization'],
    injected: { 'x-api-key': 'sk-1' },
  },
  {
    slug: 'perplexity-ai',
    rest: '/chat/completions',
    url: 'https://api.perplexity.ai/chat/completions',
    override: MOCK,
    overrideUrl: `${MOCK}/chat/completions`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'replicate',
    rest: '/predictions/xyz789',
    url: 'https://api.replicate.com/v1/predictions/xyz789',
    override: `${MOCK}/v1`,
    overrideUrl: `${MOCK}/v1/predictions/xyz789`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
  },
  {
    slug: 'google-vertex-ai',
    rest: '/v1/projects/my-project/locations/us-east4/publishers/google/models/gemini-2.5-flash:generateContent',
    url: 'https://us-east4-aiplatform.googleapis.com/v1/projects/my-project/locations/us-east4/publishers/google/models/gemini-2.5-flash:generateContent',
    override: MOCK,
    overrideUrl: `${MOCK}/v1/projects/my-project/locations/us-east4/publishers/google/models/gemini-2.5-flash:generateContent`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
    model: 'gemini-2.5-flash',
  },
  {
    slug: 'workers-ai',
    rest: '/@cf/meta/llama-3.1-8b-instruct',
    url: 'https://api.cloudflare.com/client/v4/accounts/acc123/ai/run/@cf/meta/llama-3.1-8b-instruct',
    override: MOCK,
    overrideUrl: `${MOCK}/accounts/acc123/ai/run/@cf/meta/llama-3.1-8b-instruct`,
    slots: ['authorization'],
    injected: { authorization: 'Bearer sk-1' },
    model: '@cf/meta/llama-3.1-8b-instruct',
  },
]

function provider(slug: string) {
  const found = providerBySlug(slug)
  if (!found) throw new Error(`no provider ${slug}`)
  return found
}

describe('provider descriptors', () => {
  it('the table covers every built-in provider of providers.md exactly once', () => {
    expect(rows.map((row) => row.slug).sort()).toEqual(providers.map((p) => p.slug).sort())
    expect(providers).toHaveLength(24)
  })

  describe.each(rows)('$slug', (row) => {
    const descriptor = provider(row.slug)
    const input = { rest: row.rest, headers: {} satisfies IncomingHttpHeaders, settings }

    it('F002 maps the documented gateway path onto the upstream', () => {
      const upstream = resolveUpstream(descriptor, input, row.search ?? '')
      expect(upstream.url).toBe(row.url)
      expect(upstream.host).toBe(row.host)
    })

    it('AIGW_UPSTREAM override replaces the base and keeps the templated path', () => {
      const upstream = resolveUpstream(descriptor, input, row.search ?? '', row.override)
      expect(upstream.url).toBe(row.overrideUrl)
      expect(upstream.host).toBe(row.host)
    })

    it('F083 key slots and F025 stored-key placement', () => {
      expect(keySlots(descriptor.auth, descriptor.slug)).toEqual(row.slots)
      const headers: Record<string, string> = { 'Content-Type': 'application/json' }
      for (const slot of row.slots) headers[slot.toUpperCase()] = 'gateway-token'
      if (row.injected === undefined) {
        expect(() => injectKey(headers, descriptor.auth, 'sk-1', descriptor.slug)).toThrow(GatewayError)
        return
      }
      expect(injectKey(headers, descriptor.auth, 'sk-1', descriptor.slug)).toEqual({
        'Content-Type': 'application/json',
        ...row.injected,
      })
    })

    it('reads the model from the path where the provider puts it there', () => {
      expect(descriptor.modelFromPath?.(row.rest)).toBe(row.model)
    })
  })
})

describe('provider lookup', () => {
  it('F043 matches slugs case-insensitively', () => {
    expect(providerBySlug('OpenAI')?.slug).toBe('openai')
    expect(providerBySlug('PERPLEXITY-AI')?.slug).toBe('perplexity-ai')
    expect(providerBySlug('Workers-AI')?.slug).toBe('workers-ai')
  })

  it('accepts the realtime alias google and knows no other slugs', () => {
    expect(providerBySlug('google')?.slug).toBe('google-ai-studio')
    expect(providerBySlug('perplexity')).toBeUndefined()
    expect(providerBySlug('custom-my-llm')).toBeUndefined()
    expect(providerBySlug('compat')).toBeUndefined()
  })

  it('F014 resolves every documented /compat prefix', () => {
    const prefixes: Record<string, string> = {
      anthropic: 'anthropic',
      openai: 'openai',
      groq: 'groq',
      mistral: 'mistral',
      cohere: 'cohere',
      perplexity: 'perplexity-ai',
      'workers-ai': 'workers-ai',
      'google-ai-studio': 'google-ai-studio',
      'google-vertex-ai': 'google-vertex-ai',
      grok: 'grok',
      deepseek: 'deepseek',
      cerebras: 'cerebras',
      baseten: 'baseten',
      parallel: 'parallel',
    }
    for (const [prefix, slug] of Object.entries(prefixes)) {
      expect(providerByCompatPrefix(prefix)?.slug, prefix).toBe(slug)
    }
    expect(
      providers
        .filter((p) => p.compat)
        .map((p) => p.compat?.prefix)
        .sort(),
    ).toEqual(Object.keys(prefixes).sort())
  })

  it('F015 google/ is an alias of google-ai-studio/; perplexity-ai/ is not a compat prefix', () => {
    expect(providerByCompatPrefix('google')?.slug).toBe('google-ai-studio')
    expect(providerByCompatPrefix('Google')?.slug).toBe('google-ai-studio')
    expect(providerByCompatPrefix('perplexity-ai')).toBeUndefined()
    expect(providerByCompatPrefix('azure-openai')).toBeUndefined()
    expect(providerByCompatPrefix('replicate')).toBeUndefined()
  })
})

describe('compat paths', () => {
  const vars: Record<string, string> = {
    model: 'm-1',
    project: 'p-1',
    region: 'us-central1',
    publisher: 'google',
  }
  const expected: Record<string, string> = {
    openai: 'https://api.openai.com/v1/chat/completions',
    anthropic: 'https://api.anthropic.com/v1/messages',
    baseten: 'https://inference.baseten.co/v1/chat/completions',
    cerebras: 'https://api.cerebras.ai/v1/chat/completions',
    cohere: 'https://api.cohere.ai/v2/chat',
    deepseek: 'https://api.deepseek.com/chat/completions',
    'google-ai-studio': 'https://generativelanguage.googleapis.com/v1beta/models/m-1:generateContent',
    grok: 'https://api.x.ai/v1/chat/completions',
    groq: 'https://api.groq.com/openai/v1/chat/completions',
    mistral: 'https://api.mistral.ai/v1/chat/completions',
    parallel: 'https://api.parallel.ai/chat/completions',
    'perplexity-ai': 'https://api.perplexity.ai/chat/completions',
    'google-vertex-ai':
      'https://us-central1-aiplatform.googleapis.com/v1/projects/p-1/locations/us-central1/publishers/google/models/m-1:generateContent',
    'workers-ai': 'https://api.cloudflare.com/client/v4/accounts/acc123/ai/v1/chat/completions',
  }

  it('F019 each compat path is a gateway path that resolves to the provider chat endpoint', () => {
    for (const descriptor of providers) {
      if (!descriptor.compat) continue
      const rest = descriptor.compat.path.replace(/\{(\w+)\}/g, (_m, name: string) => vars[name] ?? '')
      const { url } = resolveUpstream(descriptor, { rest, headers: {}, settings }, '')
      expect(url, descriptor.slug).toBe(expected[descriptor.slug])
    }
  })
})
