import OpenAI, { AzureOpenAI } from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { gate, MockUpstream } from './support/mock-upstream.js'
import { startTestApp, type TestApp } from './support/test-app.js'

const CF_ACCOUNT = 'd'.repeat(32)

/**
 * Streamed provider-native calls arrive intact and incrementally: the mock holds the rest of its stream until the
 * client has seen the first event, so a gateway that buffered would hang instead of passing.
 */
describe('streamed passthrough for Workers AI, Azure OpenAI, Groq and Cohere (F002, F029)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  let rest = gate()

  beforeAll(async () => {
    await mock.start()
    app = await startTestApp({
      AIGW_UPSTREAM_WORKERS_AI: `${mock.url}/client/v4`,
      AIGW_UPSTREAM_AZURE_OPENAI: mock.url,
      AIGW_UPSTREAM_GROQ: `${mock.url}/openai/v1`,
      AIGW_UPSTREAM_COHERE: mock.url,
      AIGW_WORKERS_AI_ACCOUNT_ID: CF_ACCOUNT,
    })
    await app.createGateway('streams', { authentication: true })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => {
    mock.reset()
    rest = gate()
    mock.handle(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      const chunk = (content: string) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`
      response.write(chunk('first'))
      await rest.wait
      response.write(chunk(' second'))
      response.end('data: [DONE]\n\n')
    })
  })

  async function readIncrementally(response: Response): Promise<string> {
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    for (;;) {
      const next = await reader.read()
      if (next.done) break
      text += decoder.decode(next.value, { stream: true })
      if (text.includes('first')) rest.open()
    }
    return text
  }

  const auth = () => ({ 'cf-aig-authorization': `Bearer ${app.adminToken}` })

  it('Workers AI run endpoint with stream: true', async () => {
    const response = await fetch(`${app.gatewayUrl('streams')}/workers-ai/@cf/meta/llama-3.2-3b-instruct`, {
      method: 'POST',
      headers: { ...auth(), authorization: 'Bearer cf-token', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Hi', stream: true }),
    })
    const text = await readIncrementally(response)
    expect(text).toContain(' second')
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true)
    expect(mock.last().url).toBe(`/client/v4/accounts/${CF_ACCOUNT}/ai/run/@cf/meta/llama-3.2-3b-instruct`)
    expect(JSON.parse(mock.last().body.toString())).toEqual({ prompt: 'Hi', stream: true })
  })

  it('Cohere v2 chat stream keeps its Token scheme', async () => {
    const response = await fetch(`${app.gatewayUrl('streams')}/cohere/v2/chat`, {
      method: 'POST',
      headers: { ...auth(), authorization: 'Token co-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'command-r', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    })
    expect(await readIncrementally(response)).toContain(' second')
    expect(mock.last().url).toBe('/v2/chat')
    expect(mock.last().headers.authorization).toBe('Token co-key')
  })

  it('Groq and Azure OpenAI through the OpenAI SDKs', async () => {
    const groq = new OpenAI({
      apiKey: 'gsk',
      baseURL: `${app.gatewayUrl('streams')}/groq`,
      defaultHeaders: auth(),
    })
    const parts: string[] = []
    for await (const chunk of await groq.chat.completions.create({
      model: 'llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })) {
      parts.push(chunk.choices[0]?.delta.content ?? '')
      rest.open()
    }
    expect(parts.join('')).toBe('first second')
    expect(mock.last().url).toBe('/openai/v1/chat/completions')

    rest = gate()
    const azure = new AzureOpenAI({
      apiKey: 'azure-key',
      apiVersion: '2024-10-21',
      baseURL: `${app.gatewayUrl('streams')}/azure-openai/res/`,
      defaultHeaders: auth(),
    })
    const azureParts: string[] = []
    for await (const chunk of await azure.chat.completions.create({
      model: 'dep',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })) {
      azureParts.push(chunk.choices[0]?.delta.content ?? '')
      rest.open()
    }
    expect(azureParts.join('')).toBe('first second')
    expect(mock.last().url).toBe('/openai/deployments/dep/chat/completions?api-version=2024-10-21')
    expect(mock.last().headers['api-key']).toBe('azure-key')
  })
})
