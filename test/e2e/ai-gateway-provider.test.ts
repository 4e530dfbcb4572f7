/**
 * Uses the dev dependency `ai-gateway-provider@2.3.1` (the last major for `ai@5` and
 * `@ai-sdk/openai-compatible@1`; 3.x needs ai@6, 4.x ai@7).
 *
 * The package hard-codes `https://gateway.ai.cloudflare.com/v1/{account}/{gateway}` and calls the global
 * `fetch`, with no base-URL or fetch option. Its `binding` form (`{ binding: { run(steps) } }`) is the
 * supported seam for self-hosting: `run` POSTs the Universal steps to aigw (README, "Vercel
 * ai-gateway-provider"). The last test also shows the API-key form working when `fetch` is redirected.
 */
import type { LanguageModelV2 } from '@ai-sdk/provider'
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import { generateText, streamText } from 'ai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { json, MockUpstream } from './support/mock-upstream.js'
import { anthropicMock, openaiMock } from './support/provider-mocks.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

type GatewayOptions = { cacheTtl?: number; skipCache?: boolean; metadata?: Record<string, string> }
interface AiGatewayProvider {
  createAiGateway(
    settings:
      | { binding: { run(data: unknown): Promise<Response> }; options?: GatewayOptions }
      | { accountId: string; gateway: string; apiKey?: string; options?: GatewayOptions },
  ): (models: LanguageModelV2 | LanguageModelV2[]) => LanguageModelV2
}

const installed = (await import('ai-gateway-provider')) as unknown as AiGatewayProvider

describe('Vercel ai-gateway-provider against aigw (F077, F185)', () => {
  const mock = new MockUpstream()
  let app: TestApp

  /** The documented self-host wrapper: the package's binding seam posting to aigw's Universal endpoint. */
  const aigwBinding = () => ({
    run: (steps: unknown) =>
      fetch(app.gatewayUrl('vercel'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-aig-authorization': `Bearer ${app.adminToken}` },
        body: JSON.stringify(steps),
      }),
  })
  // The package maps each model's URL to a Universal step: api.openai.com → provider `openai`, the
  // Cloudflare compat base → provider `compat`.
  const openai = (model: string) =>
    createOpenAICompatible({ name: 'openai', baseURL: 'https://api.openai.com/v1', apiKey: 'sk-openai' })(
      model,
    )
  const claudeViaCompat = () =>
    createOpenAICompatible({
      name: 'compat',
      baseURL: 'https://gateway.ai.cloudflare.com/v1/compat',
      apiKey: 'sk-ant',
      includeUsage: true,
    })('anthropic/claude-sonnet-4-5')
  const gateway = () => installed.createAiGateway({ binding: aigwBinding() })

  beforeAll(async () => {
    await mock.start()
    mock.handle((request, response) => {
      if (request.url === '/v1/messages') return anthropicMock(request, response)
      if (request.url !== '/v1/chat/completions')
        return json(response, 404, { error: { message: request.url } })
      const model = (JSON.parse(request.body.toString()) as { model?: string }).model
      if (model === 'gpt-down') return json(response, 503, { error: { message: 'overloaded' } })
      openaiMock(request, response)
    })
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`, AIGW_UPSTREAM_ANTHROPIC: mock.url })
    await app.createGateway('vercel', { authentication: true, collect_logs: true })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => mock.reset())
  afterEach(() => vi.unstubAllGlobals())

  it('F185 the primary model answers; its `v1/chat/completions` endpoint reaches OpenAI’s /v1/chat/completions', async () => {
    const result = await generateText({
      model: gateway()([openai('gpt-4o-mini'), claudeViaCompat()]),
      prompt: 'Hi',
    })
    expect(result.text).toBe('Hello from OpenAI-compatible')
    expect(mock.requests.map((request) => request.url)).toEqual(['/v1/chat/completions'])
    expect(mock.last().headers.authorization).toBe('Bearer sk-openai')
  })

  it('F185 an array of models is a fallback: OpenAI down (503) → Claude through a compat step answers', async () => {
    const result = await generateText({
      model: gateway()([openai('gpt-down'), claudeViaCompat()]),
      prompt: 'Hi',
    })
    expect(result.text).toBe('Bonjour from Claude')
    expect(result.response.headers?.['cf-aig-step']).toBe('1')
    expect(mock.requests.map((request) => request.url)).toEqual(['/v1/chat/completions', '/v1/messages'])
    expect(mock.last().headers['x-api-key']).toBe('sk-ant')
    await settled(app)
    const log = await app.cloudflare.aiGateway.logs.get(result.response.headers!['cf-aig-log-id']!, {
      account_id: app.accountId,
      gateway_id: 'vercel',
    } as never)
    expect(log).toMatchObject({ request_type: 'universal', step: 1, provider: 'anthropic' })
  })

  it('F041 F185 streamText falls back the same way and streams the answer in parts', async () => {
    const result = streamText({ model: gateway()([openai('gpt-down'), claudeViaCompat()]), prompt: 'Hi' })
    const parts: string[] = []
    for await (const part of result.textStream) parts.push(part)
    expect(parts.join('')).toBe('Bonjour from Claude')
    expect(parts.length).toBeGreaterThan(1)
  })

  it('the API-key form works too when its hard-coded Cloudflare origin is redirected; its options are honoured', async () => {
    const realFetch = globalThis.fetch
    vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
      const target = String(input instanceof Request ? input.url : input)
      return realFetch(target.replace('https://gateway.ai.cloudflare.com', app.url), init)
    })
    const aigateway = installed.createAiGateway({
      accountId: app.accountId,
      gateway: 'vercel',
      apiKey: app.adminToken,
      options: { cacheTtl: 3600 },
    })
    for (let round = 0; round < 2; round++) {
      const result = await generateText({ model: aigateway([openai('gpt-4o-mini')]), prompt: 'cache me' })
      expect(result.text).toBe('Hello from OpenAI-compatible')
    }
    // F114: the package sends the deprecated `cf-cache-ttl`; the second call is a cache hit.
    expect(mock.requests).toHaveLength(1)
  })
})
