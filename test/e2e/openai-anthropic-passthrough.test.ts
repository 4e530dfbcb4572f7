import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { gate, json, MockUpstream } from './support/mock-upstream.js'
import { heldAnthropicStream } from './support/provider-mocks.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello there' },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
}

function chunk(content: string | null, extra: Record<string, unknown> = {}): string {
  const delta = content === null ? {} : { content }
  return `data: ${JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`
}

describe('provider-native passthrough with the official SDKs (F002, F025, F029, F030)', () => {
  const mock = new MockUpstream()
  let app: TestApp

  beforeAll(async () => {
    await mock.start()
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`, AIGW_UPSTREAM_ANTHROPIC: mock.url })
    await app.createGateway('gw', { authentication: true })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => mock.reset())

  it('openai chat.completions JSON arrives upstream exactly as OpenAI expects', async () => {
    mock.handle((_request, response) => json(response, 200, completion, { 'x-request-id': 'req_123' }))
    const client = new OpenAI({
      apiKey: 'sk-provider-key',
      baseURL: `${app.gatewayUrl('gw')}/openai`,
      defaultHeaders: {
        'cf-aig-authorization': `Bearer ${app.adminToken}`,
        'cf-aig-metadata': '{"user":"anna"}',
      },
    })
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse()
    expect(data.choices[0]?.message.content).toBe('Hello there')
    expect(response.headers.get('cf-aig-log-id')).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(response.headers.get('cf-aig-event-id')).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(response.headers.get('x-request-id')).toBe('req_123')

    const seen = mock.last()
    expect(seen.method).toBe('POST')
    expect(seen.url).toBe('/v1/chat/completions')
    expect(seen.headers.authorization).toBe('Bearer sk-provider-key')
    // F031: gateway controls never reach the provider.
    expect(Object.keys(seen.headers).filter((name) => name.startsWith('cf-aig-'))).toEqual([])
    expect(JSON.parse(seen.body.toString())).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    })
  })

  it('streams SSE incrementally: the first chunk reaches the client before the upstream produced the last', async () => {
    const rest = gate()
    mock.handle(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write(chunk('Hel'))
      await rest.wait
      response.write(chunk('lo'))
      response.write(
        chunk(null, { choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } }),
      )
      response.end('data: [DONE]\n\n')
    })
    const client = new OpenAI({
      apiKey: 'sk-provider-key',
      baseURL: `${app.gatewayUrl('gw')}/openai`,
      defaultHeaders: { 'cf-aig-authorization': app.adminToken },
    })
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    })
    const parts: string[] = []
    for await (const event of stream) {
      const text = event.choices[0]?.delta.content
      if (text) parts.push(text)
      // The upstream is blocked until we have seen the first chunk: a buffering gateway would hang here.
      if (parts.length === 1) rest.open()
    }
    expect(parts.join('')).toBe('Hello')
    await settled(app)
    const logs = await app.cloudflare.aiGateway.logs.list('gw', {
      account_id: app.accountId,
      provider: 'openai',
    } as never)
    const streamed = logs.result.find((log) => log.tokens_in === 5)
    expect(streamed?.tokens_out).toBe(2)
  })

  it('upstream errors pass through with their status and body (F030)', async () => {
    const error = {
      error: {
        message: 'Incorrect API key provided',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    }
    mock.handle((_request, response) => json(response, 401, error))
    const response = await fetch(`${app.gatewayUrl('gw')}/openai/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer bad',
        'cf-aig-authorization': app.adminToken,
      },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual(error)
    expect(response.headers.get('cf-aig-log-id')).toBeTruthy()
  })

  it('anthropic messages JSON and stream; the gateway token in Authorization is recognised and not forwarded', async () => {
    const message = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Bonjour' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 4 },
    }
    mock.handle((_request, response) => json(response, 200, message))
    // Anthropic SDK 1.x sends apiKey as Authorization: Bearer; here apiKey is the gateway token and x-api-key the provider key.
    const client = new Anthropic({
      apiKey: app.adminToken,
      baseURL: `${app.gatewayUrl('gw')}/anthropic`,
      defaultHeaders: { 'x-api-key': 'sk-ant-provider' },
    })
    const result = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Salut' }],
    })
    expect(result.content[0]).toEqual({ type: 'text', text: 'Bonjour' })
    const seen = mock.last()
    expect(seen.url).toBe('/v1/messages')
    expect(seen.headers['x-api-key']).toBe('sk-ant-provider')
    expect(seen.headers.authorization).toBeUndefined()
    expect(seen.headers['anthropic-version']).toBeTruthy()

    const rest = gate()
    mock.handle((_request, response) =>
      heldAnthropicStream(response, {
        first: 'Bon',
        rest: 'jour',
        hold: rest.wait,
        inputTokens: 30,
        outputTokens: 9,
      }),
    )
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Salut' }],
    })
    let text = ''
    stream.on('text', (delta) => {
      text += delta
      if (text === 'Bon') rest.open()
    })
    const final = await stream.finalMessage()
    expect(text).toBe('Bonjour')
    expect(final.usage.output_tokens).toBe(9)
    await settled(app)
    const logs = await app.cloudflare.aiGateway.logs.list('gw', {
      account_id: app.accountId,
      provider: 'anthropic',
    } as never)
    const streamed = logs.result.find((log) => log.tokens_in === 30)
    expect(streamed?.tokens_out).toBe(9)
    expect(streamed?.cost).toBeGreaterThan(0)
  })
})
