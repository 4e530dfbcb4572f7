import { generateKeyPairSync } from 'node:crypto'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { gate, json, MockUpstream, type MockHandler } from './support/mock-upstream.js'
import {
  anthropicMock,
  cohereMock,
  geminiMock,
  heldAnthropicStream,
  openaiMock,
} from './support/provider-mocks.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const CF_ACCOUNT = 'c'.repeat(32)
const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

describe('/compat: the OpenAI SDK to every schema family (F012–F024)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  let vertexCredential: string
  let dispatch: MockHandler

  beforeAll(async () => {
    await mock.start()
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    vertexCredential = Buffer.from(
      JSON.stringify({
        type: 'service_account',
        client_email: 'svc@proj.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        token_uri: `${mock.url}/token`,
        project_id: 'proj',
        region: 'us-central1',
      }),
    ).toString('base64')
    dispatch = (request, response) => {
      const path = request.url
      if (path === '/token')
        return json(response, 200, { access_token: 'ya29.minted', expires_in: 3600, token_type: 'Bearer' })
      if (path === '/v1/messages') return anthropicMock(request, response)
      if (path.startsWith('/v1beta/models/')) {
        if (request.headers['x-goog-api-key'] !== 'goog-key')
          return json(response, 403, {
            error: { code: 403, message: 'API key not valid', status: 'PERMISSION_DENIED' },
          })
        return geminiMock(request, response)
      }
      if (path.startsWith('/v1/projects/proj/locations/us-central1/publishers/google/models/')) {
        if (request.headers.authorization !== 'Bearer ya29.minted')
          return json(response, 401, {
            error: { code: 401, message: 'UNAUTHENTICATED', status: 'UNAUTHENTICATED' },
          })
        return geminiMock(request, response)
      }
      if (path === `/client/v4/accounts/${CF_ACCOUNT}/ai/v1/chat/completions`)
        return openaiMock(request, response)
      if (path === '/v2/chat') return cohereMock(request, response)
      if (path === '/openai/v1/chat/completions') return openaiMock(request, response)
      json(response, 404, { error: { message: `mock has no ${path}` } })
    }
    mock.handle(dispatch)
    app = await startTestApp({
      AIGW_UPSTREAM_ANTHROPIC: mock.url,
      AIGW_UPSTREAM_GOOGLE_AI_STUDIO: mock.url,
      AIGW_UPSTREAM_GOOGLE_VERTEX_AI: mock.url,
      AIGW_UPSTREAM_WORKERS_AI: `${mock.url}/client/v4`,
      AIGW_UPSTREAM_COHERE: mock.url,
      AIGW_UPSTREAM_GROQ: `${mock.url}/openai/v1`,
      AIGW_WORKERS_AI_ACCOUNT_ID: CF_ACCOUNT,
    })
    await app.createGateway('compat', { authentication: true })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => mock.reset())

  const client = (key: string) =>
    new OpenAI({
      apiKey: key,
      baseURL: `${app.gatewayUrl('compat')}/compat`,
      defaultHeaders: { 'cf-aig-authorization': app.adminToken },
      maxRetries: 0,
    })

  const targets = [
    {
      model: 'anthropic/claude-sonnet-4-5',
      key: 'sk-ant',
      text: 'Bonjour from Claude',
      path: '/v1/messages',
    },
    {
      model: 'google-ai-studio/gemini-2.5-flash',
      key: 'goog-key',
      text: 'Kia ora from Gemini',
      path: '/v1beta/models/gemini-2.5-flash:',
    },
    {
      model: 'google/gemini-2.5-flash',
      key: 'goog-key',
      text: 'Kia ora from Gemini',
      path: '/v1beta/models/gemini-2.5-flash:',
    },
    {
      model: 'workers-ai/@cf/meta/llama-3.2-3b-instruct',
      key: 'cf-token',
      text: 'Hello from OpenAI-compatible',
      path: `/client/v4/accounts/${CF_ACCOUNT}/ai/v1/chat/completions`,
    },
    { model: 'cohere/command-r-plus', key: 'co-key', text: 'Hello from Cohere', path: '/v2/chat' },
    {
      model: 'groq/llama-3.1-8b-instant',
      key: 'gsk',
      text: 'Hello from OpenAI-compatible',
      path: '/openai/v1/chat/completions',
    },
  ]

  it.each(targets)(
    '$model: JSON answer is OpenAI-shaped, model without prefix (F023), usage present',
    async ({ model, key, text, path }) => {
      const result = await client(key).chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
      })
      expect(result.object).toBe('chat.completion')
      expect(result.choices[0]?.message.content).toBe(text)
      expect(result.choices[0]?.finish_reason).toBe('stop')
      expect(result.model).toBe(model.slice(model.indexOf('/') + 1))
      expect(result.usage?.total_tokens).toBeGreaterThan(0)
      expect(mock.last().url.startsWith(path)).toBe(true)
    },
  )

  it.each(targets)(
    '$model: streamed answer arrives as OpenAI chunks ending in usage when asked',
    async ({ model, key, text }) => {
      const stream = await client(key).chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        stream_options: { include_usage: true },
      })
      let content = ''
      let usage: OpenAI.CompletionUsage | undefined | null
      let chunks = 0
      for await (const chunk of stream) {
        chunks++
        content += chunk.choices[0]?.delta.content ?? ''
        if (chunk.usage) usage = chunk.usage
      }
      expect(content).toBe(text)
      expect(chunks).toBeGreaterThan(1)
      expect(usage?.completion_tokens).toBeGreaterThan(0)
    },
  )

  it.each(targets)(
    '$model: a tool call comes back as OpenAI tool_calls (JSON and stream)',
    async ({ model, key }) => {
      const result = await client(key).chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [weatherTool],
      })
      const call = result.choices[0]?.message.tool_calls?.[0]
      expect(result.choices[0]?.finish_reason).toBe('tool_calls')
      expect(call?.type === 'function' && call.function.name).toBe('get_weather')
      expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' })

      const stream = await client(key).chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [weatherTool],
        stream: true,
      })
      let args = ''
      let name = ''
      let finish: string | null | undefined
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta.tool_calls?.[0]
        name += delta?.function?.name ?? ''
        args += delta?.function?.arguments ?? ''
        finish = chunk.choices[0]?.finish_reason ?? finish
      }
      expect(name).toBe('get_weather')
      expect(JSON.parse(args)).toEqual({ city: 'Paris' })
      expect(finish).toBe('tool_calls')
    },
  )

  it('streaming translation is incremental: the first token reaches the client before Anthropic sent the rest', async () => {
    const rest = gate()
    mock.handle((_request, response) =>
      heldAnthropicStream(response, {
        first: 'Early',
        rest: ' late',
        hold: rest.wait,
        inputTokens: 5,
        outputTokens: 2,
      }),
    )
    try {
      const stream = await client('sk-ant').chat.completions.create({
        model: 'anthropic/claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      })
      let text = ''
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? ''
        // The upstream is held until the client has the first token; a buffering translator would hang here.
        if (text === 'Early') rest.open()
      }
      expect(text).toBe('Early late')
    } finally {
      mock.handle(dispatch)
    }
  })

  it('carries images and response_format to Anthropic and Gemini in their own shapes', async () => {
    await client('sk-ant').chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: PNG } },
          ],
        },
      ],
    })
    const anthropicBody = JSON.parse(mock.last().body.toString())
    expect(anthropicBody.messages[0].content).toContainEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG.split(',')[1] },
    })

    await client('goog-key').chat.completions.create({
      model: 'google-ai-studio/gemini-2.5-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: PNG } },
          ],
        },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          schema: { type: 'object', properties: { thing: { type: 'string' } } },
        },
      },
    })
    const geminiBody = JSON.parse(mock.last().body.toString())
    expect(geminiBody.contents[0].parts).toContainEqual({
      inlineData: { mimeType: 'image/png', data: PNG.split(',')[1] },
    })
    expect(geminiBody.generationConfig.responseMimeType).toBe('application/json')
    expect(geminiBody.generationConfig.responseSchema).toBeDefined()
  })

  it('F020 Vertex on /compat mints an access token from the base64 service account and routes by its region', async () => {
    const result = await client(vertexCredential).chat.completions.create({
      model: 'google-vertex-ai/google/gemini-2.5-pro',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(result.choices[0]?.message.content).toBe('Kia ora from Gemini')
    expect(result.model).toBe('google/gemini-2.5-pro')
    const call = mock.requests.find((request) => request.url.includes(':generateContent'))
    expect(call?.url).toBe(
      '/v1/projects/proj/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent',
    )
    const token = mock.requests.find((request) => request.url === '/token')
    expect(token?.body.toString()).toContain(
      'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer',
    )
  })

  it('provider errors come back in OpenAI error shape with the provider status', async () => {
    const error = await client('wrong-key')
      .chat.completions.create({
        model: 'google-ai-studio/gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(403)
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/API key not valid/)
  })

  it('rejects bad input with 400s naming the field', async () => {
    const noPrefix = await client('k')
      .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)
    expect((noPrefix as InstanceType<typeof OpenAI.APIError>).status).toBe(400)
    expect((noPrefix as Error).message).toMatch(/model/)
    const unknown = await client('k')
      .chat.completions.create({ model: 'nope/x', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)
    expect((unknown as Error).message).toMatch(/nope/)
    const n = await client('sk-ant')
      .chat.completions.create({
        model: 'anthropic/claude-sonnet-4-5',
        n: 2,
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch((e: unknown) => e)
    expect((n as InstanceType<typeof OpenAI.APIError>).status).toBe(400)
    expect((n as Error).message).toMatch(/\bn\b/)
  })

  it('logs compat calls with provider, model, tokens and cost like native calls', async () => {
    const { response } = await client('sk-ant')
      .chat.completions.create({
        model: 'anthropic/claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .withResponse()
    await settled(app)
    const log = await app.cloudflare.aiGateway.logs.get(response.headers.get('cf-aig-log-id')!, {
      account_id: app.accountId,
      gateway_id: 'compat',
    })
    expect(log).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      tokens_in: 21,
      tokens_out: 7,
      success: true,
    })
    expect(log.cost).toBeGreaterThan(0)
  })

  it('F005 /compat/v1/models lists routable models with per-token prices', async () => {
    const models = await client('x').models.list()
    const ids = models.data.map((model) => model.id)
    expect(ids).toContain('openai/gpt-4o-mini')
    const entry = models.data.find((model) => model.id.startsWith('anthropic/claude')) as unknown as {
      pricing: { input_per_token: number }
    }
    expect(entry.pricing.input_per_token).toBeGreaterThan(0)
  })

  it("/compat/v1/messages answers gateway errors (here: missing gateway token) in Anthropic's error shape", async () => {
    const response = await fetch(`${app.gatewayUrl('compat')}/compat/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'gsk' },
      body: JSON.stringify({
        model: 'groq/llama-3.1-8b-instant',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    })
    expect(response.status).toBe(401)
    const body = (await response.json()) as { type: string; error: { type: string; message: string } }
    expect(body.type).toBe('error')
    expect(body.error.type).toBe('authentication_error')
    expect(body.error.message).toMatch(/cf-aig-authorization/)
  })

  it('the Anthropic SDK on /compat/v1/messages reaches an OpenAI-compatible provider and Gemini (JSON, stream, tools)', async () => {
    const anthropic = new Anthropic({
      apiKey: 'gsk',
      baseURL: `${app.gatewayUrl('compat')}/compat`,
      defaultHeaders: { 'cf-aig-authorization': app.adminToken },
      maxRetries: 0,
    })
    const message = await anthropic.messages.create({
      model: 'groq/llama-3.1-8b-instant',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from OpenAI-compatible' }])
    expect(message.usage.output_tokens).toBe(6)
    const sent = JSON.parse(mock.last().body.toString())
    expect(sent.messages).toEqual([{ role: 'user', content: 'Hi' }])

    const stream = anthropic.messages.stream({
      model: 'groq/llama-3.1-8b-instant',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    let text = ''
    stream.on('text', (delta) => {
      text += delta
    })
    const final = await stream.finalMessage()
    expect(text).toBe('Hello from OpenAI-compatible')
    expect(final.stop_reason).toBe('end_turn')

    const gemini = new Anthropic({
      apiKey: 'goog-key',
      baseURL: `${app.gatewayUrl('compat')}/compat`,
      defaultHeaders: { 'cf-aig-authorization': app.adminToken },
      maxRetries: 0,
    })
    const tool = await gemini.messages.create({
      model: 'google-ai-studio/gemini-2.5-flash',
      max_tokens: 100,
      tools: [
        {
          name: 'get_weather',
          description: 'Weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    })
    expect(tool.stop_reason).toBe('tool_use')
    expect(tool.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } })
  })
})
