import { GoogleGenAI } from '@google/genai'
import { AwsClient } from 'aws4fetch'
import OpenAI, { AzureOpenAI } from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { gate, json, MockUpstream } from './support/mock-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const CF_ACCOUNT = '0123456789abcdef0123456789abcdef'

describe('Google AI Studio, Workers AI, Azure OpenAI, Groq, Cohere and Bedrock passthrough (F025–F033)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  let auth: Record<string, string>

  beforeAll(async () => {
    await mock.start()
    app = await startTestApp({
      AIGW_UPSTREAM_GOOGLE_AI_STUDIO: mock.url,
      AIGW_UPSTREAM_WORKERS_AI: `${mock.url}/client/v4`,
      AIGW_UPSTREAM_AZURE_OPENAI: mock.url,
      AIGW_UPSTREAM_GROQ: `${mock.url}/openai/v1`,
      AIGW_UPSTREAM_COHERE: mock.url,
      AIGW_UPSTREAM_AWS_BEDROCK: mock.url,
      AIGW_WORKERS_AI_ACCOUNT_ID: CF_ACCOUNT,
    })
    await app.createGateway('multi', { authentication: true })
    auth = { 'cf-aig-authorization': `Bearer ${app.adminToken}` }
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => mock.reset())

  it('@google/genai generateContent and streamGenerateContent', async () => {
    const answer = (text: string, usage?: Record<string, number>) => ({
      candidates: [
        { content: { role: 'model', parts: [{ text }] }, finishReason: usage ? 'STOP' : undefined, index: 0 },
      ],
      ...(usage ? { usageMetadata: usage } : {}),
      modelVersion: 'gemini-2.5-flash',
    })
    mock.handle((_request, response) =>
      json(
        response,
        200,
        answer('Kia ora', { promptTokenCount: 8, candidatesTokenCount: 2, totalTokenCount: 10 }),
      ),
    )
    const ai = new GoogleGenAI({
      apiKey: 'goog-provider-key',
      httpOptions: { baseUrl: `${app.gatewayUrl('multi')}/google-ai-studio`, headers: auth },
    })
    const result = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello' })
    expect(result.text).toBe('Kia ora')
    const seen = mock.last()
    expect(seen.url).toMatch(/^\/v1beta\/models\/gemini-2\.5-flash:generateContent/)
    expect(seen.headers['x-goog-api-key']).toBe('goog-provider-key')
    expect(JSON.parse(seen.body.toString()).contents[0].parts[0].text).toBe('Hello')

    const rest = gate()
    mock.handle(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write(`data: ${JSON.stringify(answer('Kia'))}\r\n\r\n`)
      await rest.wait
      response.end(
        `data: ${JSON.stringify(answer(' ora', { promptTokenCount: 8, candidatesTokenCount: 4, totalTokenCount: 12 }))}\r\n\r\n`,
      )
    })
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Hello' })
    let text = ''
    for await (const part of stream) {
      text += part.text ?? ''
      rest.open()
    }
    expect(text).toBe('Kia ora')
    expect(mock.last().url).toMatch(/^\/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse/)
  })

  it('Workers AI run endpoint fills in the configured Cloudflare account id (F032)', async () => {
    const envelope = {
      result: {
        response: 'Hike the Roys Peak track',
        usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 },
      },
      success: true,
      errors: [],
      messages: [],
    }
    mock.handle((_request, response) => json(response, 200, envelope))
    const response = await fetch(`${app.gatewayUrl('multi')}/workers-ai/@cf/meta/llama-3.2-3b-instruct`, {
      method: 'POST',
      headers: { ...auth, authorization: 'Bearer cf-workers-token', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Best hikes near Wanaka?' }),
    })
    expect(await response.json()).toEqual(envelope)
    const seen = mock.last()
    expect(seen.url).toBe(`/client/v4/accounts/${CF_ACCOUNT}/ai/run/@cf/meta/llama-3.2-3b-instruct`)
    expect(seen.headers.authorization).toBe('Bearer cf-workers-token')
    await settled(app)
    const log = await app.cloudflare.aiGateway.logs.get(response.headers.get('cf-aig-log-id')!, {
      account_id: app.accountId,
      gateway_id: 'multi',
    })
    expect(log.model).toBe('@cf/meta/llama-3.2-3b-instruct')
    expect(log.tokens_in).toBe(9)
    expect(log.tokens_out).toBe(5)
    // F329: Workers AI calls carry a non-zero estimated cost.
    expect(log.cost).toBeGreaterThan(0)
  })

  it('AzureOpenAI SDK: resource/deployment path and api-version query (F033)', async () => {
    mock.handle((_request, response) =>
      json(response, 200, {
        id: 'chatcmpl-az',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', logprobs: null },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      }),
    )
    const client = new AzureOpenAI({
      apiKey: 'azure-key',
      apiVersion: '2024-10-21',
      baseURL: `${app.gatewayUrl('multi')}/azure-openai/my-resource/`,
      defaultHeaders: { 'cf-aig-authorization': app.adminToken },
    })
    const result = await client.chat.completions.create({
      model: 'my-deployment',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(result.choices[0]?.message.content).toBe('ok')
    const seen = mock.last()
    expect(seen.url).toBe('/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21')
    expect(seen.headers['api-key']).toBe('azure-key')

    await fetch(
      `${app.gatewayUrl('multi')}/azure-openai/my-resource/my-deployment/chat/completions?api-version=2023-05-15`,
      {
        method: 'POST',
        headers: { ...auth, 'api-key': 'azure-key', 'content-type': 'application/json' },
        body: '{"messages":[]}',
      },
    )
    expect(mock.last().url).toBe('/openai/deployments/my-deployment/chat/completions?api-version=2023-05-15')
  })

  it('Groq through the OpenAI SDK', async () => {
    mock.handle((_request, response) =>
      json(response, 200, {
        id: 'g',
        object: 'chat.completion',
        created: 1,
        model: 'llama-3.1-8b-instant',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'fast' },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5 },
      }),
    )
    const client = new OpenAI({
      apiKey: 'gsk_key',
      baseURL: `${app.gatewayUrl('multi')}/groq`,
      defaultHeaders: auth,
    })
    const result = await client.chat.completions.create({
      model: 'llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(result.choices[0]?.message.content).toBe('fast')
    expect(mock.last().url).toBe('/openai/v1/chat/completions')
    expect(mock.last().headers.authorization).toBe('Bearer gsk_key')
  })

  it('Cohere keeps the Token auth scheme and the v1 path (providers.md row 8)', async () => {
    mock.handle((_request, response) =>
      json(response, 200, { text: 'hi', meta: { billed_units: { input_tokens: 6, output_tokens: 2 } } }),
    )
    const body = JSON.stringify({ message: 'hello', model: 'command-r' })
    const response = await fetch(`${app.gatewayUrl('multi')}/cohere/v1/chat`, {
      method: 'POST',
      headers: { ...auth, authorization: 'Token co-key', 'content-type': 'application/json' },
      body,
    })
    expect(response.status).toBe(200)
    expect(mock.last().url).toBe('/v1/chat')
    expect(mock.last().headers.authorization).toBe('Token co-key')
    expect(mock.last().body.toString()).toBe(body)
  })

  it('Bedrock: a request signed for AWS is forwarded byte for byte with the signed host (F028)', async () => {
    mock.handle((_request, response) =>
      json(
        response,
        200,
        { embedding: [0.1, 0.2] },
        { 'x-amzn-bedrock-input-token-count': '7', 'x-amzn-bedrock-output-token-count': '0' },
      ),
    )
    const aws = new AwsClient({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      service: 'bedrock',
      region: 'us-east-1',
    })
    const body = '{"inputText":"Hello  world"}'
    const signed = await aws.sign(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v1/invoke',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      },
    )
    const headers: Record<string, string> = { ...auth }
    signed.headers.forEach((value, name) => {
      headers[name] = value
    })
    const response = await fetch(
      `${app.gatewayUrl('multi')}/aws-bedrock/bedrock-runtime/us-east-1/model/amazon.titan-embed-text-v1/invoke`,
      {
        method: 'POST',
        headers,
        body,
      },
    )
    expect(response.status).toBe(200)
    const seen = mock.last()
    expect(seen.url).toBe('/model/amazon.titan-embed-text-v1/invoke')
    expect(seen.headers.host).toBe('bedrock-runtime.us-east-1.amazonaws.com')
    expect(seen.headers.authorization).toBe(signed.headers.get('authorization'))
    expect(seen.headers['x-amz-date']).toBe(signed.headers.get('x-amz-date'))
    expect(seen.headers['x-amz-content-sha256']).toBe(signed.headers.get('x-amz-content-sha256') ?? undefined)
    expect(seen.body.toString()).toBe(body)
    // Re-sign what the mock received against the AWS URL: identical signature means nothing was mutated.
    const again = await aws.sign(`https://${seen.headers.host}${seen.url}`, {
      method: 'POST',
      headers: { 'content-type': String(seen.headers['content-type']) },
      body: seen.body.toString(),
      aws: { datetime: String(seen.headers['x-amz-date']) },
    })
    expect(again.headers.get('authorization')).toBe(seen.headers.authorization)
    await settled(app)
    const log = await app.cloudflare.aiGateway.logs.get(response.headers.get('cf-aig-log-id')!, {
      account_id: app.accountId,
      gateway_id: 'multi',
    })
    expect(log.model).toBe('amazon.titan-embed-text-v1')
    expect(log.tokens_in).toBe(7)
  })
})
