import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import { generateText, jsonSchema, streamText, tool } from 'ai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MockUpstream } from './support/mock-upstream.js'
import { anthropicMock } from './support/provider-mocks.js'
import { startTestApp, type TestApp } from './support/test-app.js'

describe('Vercel AI SDK with @ai-sdk/openai-compatible against /compat', () => {
  const mock = new MockUpstream()
  let app: TestApp

  beforeAll(async () => {
    await mock.start()
    mock.handle(anthropicMock)
    app = await startTestApp({ AIGW_UPSTREAM_ANTHROPIC: mock.url })
    await app.createGateway('vercel', { authentication: true })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })

  const provider = () =>
    createOpenAICompatible({
      name: 'aigw',
      baseURL: `${app.gatewayUrl('vercel')}/compat`,
      apiKey: 'sk-ant',
      headers: { 'cf-aig-authorization': `Bearer ${app.adminToken}` },
      includeUsage: true,
    })

  it('generateText', async () => {
    const result = await generateText({ model: provider()('anthropic/claude-sonnet-4-5'), prompt: 'Hi' })
    expect(result.text).toBe('Bonjour from Claude')
    expect(result.usage.outputTokens).toBe(7)
  })

  it('streamText delivers the text in parts', async () => {
    const result = streamText({ model: provider()('anthropic/claude-sonnet-4-5'), prompt: 'Hi' })
    const parts: string[] = []
    for await (const part of result.textStream) parts.push(part)
    expect(parts.join('')).toBe('Bonjour from Claude')
    expect(parts.length).toBeGreaterThan(1)
  })

  it('a tool call', async () => {
    const result = await generateText({
      model: provider()('anthropic/claude-sonnet-4-5'),
      prompt: 'Weather in Paris?',
      tools: {
        get_weather: tool({
          description: 'Weather for a city',
          inputSchema: jsonSchema<{ city: string }>({
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          }),
        }),
      },
    })
    expect(result.toolCalls).toHaveLength(1)
    expect(result.toolCalls[0]).toMatchObject({ toolName: 'get_weather', input: { city: 'Paris' } })
    const sent = JSON.parse(mock.last().body.toString())
    expect(sent.tools[0]).toMatchObject({ name: 'get_weather', input_schema: { type: 'object' } })
  })
})
