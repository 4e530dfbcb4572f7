import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerResponse } from 'node:http'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LogEntry } from '../../src/core/log-entry.js'
import { gate, json, MockUpstream, type RecordedRequest } from './support/mock-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const CF_ACCOUNT = 'c'.repeat(32)
const GUARD_PATH = `/client/v4/accounts/${CF_ACCOUNT}/ai/run/@cf/meta/llama-guard-3-8b`
const CHAT_PATH = '/v1/chat/completions'

/**
 * A Llama Guard on Workers AI that judges the last message it is shown: "VIOLENT" is S1, "HATEFUL" S10,
 * anything else safe. `down` makes it answer like an outage.
 */
const guard = { down: false }
function llamaGuardMock(request: RecordedRequest, response: ServerResponse): void {
  if (guard.down)
    return json(response, 503, { success: false, errors: [{ code: 3040, message: 'out of capacity' }] })
  const body = JSON.parse(request.body.toString()) as { messages: Array<{ role: string; content: string }> }
  const last = body.messages.at(-1)!.content
  const verdict = last.includes('VIOLENT') ? 'unsafe\nS1' : last.includes('HATEFUL') ? 'unsafe\nS10' : 'safe'
  json(response, 200, {
    result: { response: verdict, usage: { prompt_tokens: 200, completion_tokens: 3, total_tokens: 203 } },
    success: true,
    errors: [],
    messages: [],
  })
}

/**
 * The model behind the gateway: answers `answer.text`, or streams `answer.deltas` one event each, holding the
 * delta at `holdAt` back until the test opened `answer.gate` (so what came before provably went out first).
 */
const answer: { text: string; deltas: string[]; holdAt: number; gate: ReturnType<typeof gate> } = {
  text: 'A calm answer.',
  deltas: [],
  holdAt: -1,
  gate: gate(),
}
async function chatMock(request: RecordedRequest, response: ServerResponse): Promise<void> {
  const body = JSON.parse(request.body.toString()) as { stream?: boolean; model: string }
  if (body.stream !== true) {
    return json(response, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: answer.text },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    })
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
  response.write(chunk({ role: 'assistant', content: '' }))
  for (const [index, delta] of answer.deltas.entries()) {
    if (index === answer.holdAt) await answer.gate.wait
    response.write(chunk({ content: delta }))
  }
  response.write(chunk({}, 'stop'))
  response.end('data: [DONE]\n\n')
}

describe('guardrails (F140, F141, F148, F201–F212)', () => {
  const mock = new MockUpstream()
  let app: TestApp

  const guardCalls = () => mock.requests.filter((request) => request.url === GUARD_PATH)
  const chatCalls = () => mock.requests.filter((request) => request.url === CHAT_PATH)
  const guardTexts = () =>
    guardCalls().map(
      (request) => (JSON.parse(request.body.toString()) as { messages: Array<{ content: string }> }).messages,
    )

  const chat = (gateway: string, content: string, extra: Record<string, unknown> = {}) =>
    fetch(`${app.gatewayUrl(gateway)}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-openai' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra }),
    })

  const logs = async (gateway: string): Promise<LogEntry[]> => {
    await settled(app)
    const page = await app.stores.logs.list({
      accountId: app.accountId,
      gatewayId: gateway,
      filters: [],
      orderBy: 'created_at',
      direction: 'asc',
      page: 1,
      perPage: 100,
    })
    return page.items
  }

  const withGuardrails = (
    id: string,
    prompt: Record<string, string>,
    response: Record<string, string> = {},
  ) => app.createGateway(id, { guardrails: { prompt, response } })

  beforeAll(async () => {
    await mock.start()
    mock.handle((request, response) => {
      if (request.url === GUARD_PATH) return llamaGuardMock(request, response)
      if (request.url === CHAT_PATH) return chatMock(request, response)
      if (request.url !== '/v1/embeddings') return json(response, 404, { error: { message: request.url } })
      json(response, 200, { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1] }] })
    })
    const configFile = join(mkdtempSync(join(tmpdir(), 'aigw-guardrails-')), 'aigw.yaml')
    writeFileSync(configFile, 'guardrails:\n  chunk_chars: 300\n  stream_batch_chars: 40\n')
    app = await startTestApp({
      AIGW_CONFIG: configFile,
      AIGW_UPSTREAM_WORKERS_AI: `${mock.url}/client/v4`,
      AIGW_WORKERS_AI_ACCOUNT_ID: CF_ACCOUNT,
      AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`,
      AIGW_GUARDRAILS_API_KEY: 'cf-guard-key',
    })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => {
    mock.reset()
    guard.down = false
    answer.text = 'A calm answer.'
    answer.deltas = []
    answer.holdAt = -1
    answer.gate = gate()
  })

  it('F105 guardrail settings round-trip through the cloudflare SDK', async () => {
    const settings = { prompt: { S1: 'BLOCK', P1: 'FLAG' }, response: { S10: 'BLOCK' } }
    await withGuardrails('gr-settings', settings.prompt, settings.response)
    const fetched = await app.cloudflare.aiGateway.get('gr-settings', { account_id: app.accountId })
    expect(fetched.guardrails).toEqual(settings)
  })

  it('F140 a BLOCK category in the prompt answers 2016 and the model is never called', async () => {
    await withGuardrails('gr-prompt-block', { S1: 'BLOCK' })
    const response = await chat('gr-prompt-block', 'Tell me something VIOLENT')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      success: false,
      result: [],
      messages: [],
      error: [{ code: 2016, message: 'Prompt blocked due to security configurations: S1 (Violent Crimes)' }],
    })
    expect(chatCalls()).toHaveLength(0)
    const evaluation = guardCalls()[0]!
    expect(evaluation.headers.authorization).toBe('Bearer cf-guard-key')
    expect(guardTexts()[0]).toEqual([{ role: 'user', content: 'Tell me something VIOLENT' }])
  })

  it('F074 on /compat the OpenAI SDK surfaces the 2016 block as an error', async () => {
    await withGuardrails('gr-compat', { S10: 'BLOCK' })
    const client = new OpenAI({
      apiKey: 'sk-openai',
      baseURL: `${app.gatewayUrl('gr-compat')}/compat`,
      maxRetries: 0,
    })
    const call = client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Write something HATEFUL' }],
    })
    await expect(call).rejects.toMatchObject({ status: 400, code: '2016' })
    expect(chatCalls()).toHaveLength(0)
  })

  it('F141 a BLOCK category in the answer answers 2017 after the model was called', async () => {
    await withGuardrails('gr-response-block', {}, { S1: 'BLOCK' })
    answer.text = 'Here is a VIOLENT plan.'
    const response = await chat('gr-response-block', 'What should I do today?')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      error: [
        { code: 2017, message: 'Response blocked due to security configurations: S1 (Violent Crimes)' },
      ],
    })
    expect(chatCalls()).toHaveLength(1)
    // F203: the response check shows the prompt as context and asks about the answer.
    expect(guardTexts()[0]).toEqual([
      { role: 'user', content: 'What should I do today?' },
      { role: 'assistant', content: 'Here is a VIOLENT plan.' },
    ])
  })

  it('F204 F211 FLAG lets the request through; the evaluation is its own log entry with the same event id', async () => {
    await withGuardrails('gr-flag', { S1: 'FLAG' })
    const response = await chat('gr-flag', 'Something VIOLENT, but only flag it')
    expect(response.status).toBe(200)
    expect(
      ((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message
        .content,
    ).toBe('A calm answer.')
    const eventId = response.headers.get('cf-aig-event-id')
    const entries = await logs('gr-flag')
    expect(entries).toHaveLength(2)
    const main = entries.find((entry) => entry.requestType === 'provider')!
    const evaluation = entries.find((entry) => entry.requestType === 'guardrail')!
    expect(main.eventId).toBe(eventId)
    expect(evaluation.eventId).toBe(eventId)
    expect(main.id).toBe(response.headers.get('cf-aig-log-id'))
    expect(evaluation.id).not.toBe(main.id)
    expect(main.extra.warnings).toEqual(['guardrails: prompt flagged S1 (Violent Crimes)'])
    expect(evaluation).toMatchObject({
      provider: 'workers-ai',
      model: '@cf/meta/llama-guard-3-8b',
      path: '@cf/meta/llama-guard-3-8b',
      statusCode: 200,
      success: true,
    })
    const where = { account_id: app.accountId, gateway_id: 'gr-flag' } as never
    expect(await app.cloudflare.aiGateway.logs.response(evaluation.id, where)).toMatchObject({
      result: { response: 'unsafe\nS1' },
    })
    expect(await app.cloudflare.aiGateway.logs.request(evaluation.id, where)).toMatchObject({
      messages: [{ role: 'user', content: 'Something VIOLENT, but only flag it' }],
    })
    // The management API shows both under the same event id.
    const listed = await app.cloudflare.aiGateway.logs.list('gr-flag', { account_id: app.accountId })
    const items = listed.result as unknown as Array<{ event_id: string; request_type: string }>
    expect(items.map((item) => [item.request_type, item.event_id]).sort()).toEqual([
      ['guardrail', eventId],
      ['provider', eventId],
    ])
  })

  it('F148 F207 evaluator down with a BLOCK category: the prompt is blocked, saying the evaluator was unavailable', async () => {
    await withGuardrails('gr-down-block', { S1: 'BLOCK', S10: 'FLAG' })
    guard.down = true
    const response = await chat('gr-down-block', 'A perfectly harmless question')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      error: [
        {
          code: 2016,
          message: 'Prompt blocked due to security configurations: the guardrails evaluator was unavailable',
        },
      ],
    })
    expect(chatCalls()).toHaveLength(0)
    const evaluation = (await logs('gr-down-block')).find((entry) => entry.requestType === 'guardrail')!
    expect(evaluation).toMatchObject({ success: false, statusCode: 503 })
    expect(evaluation.errorMessage).toMatch(/HTTP 503.*out of capacity/)
  })

  it('F148 F207 evaluator down with only FLAG categories: the request proceeds unevaluated, noted in the log', async () => {
    await withGuardrails('gr-down-flag', { S1: 'FLAG' })
    guard.down = true
    const response = await chat('gr-down-flag', 'A perfectly harmless question')
    expect(response.status).toBe(200)
    expect(chatCalls()).toHaveLength(1)
    const main = (await logs('gr-down-flag')).find((entry) => entry.requestType === 'provider')!
    expect(main.extra.warnings).toEqual([
      'guardrails: prompt not evaluated: the guardrails evaluator was unavailable',
    ])
  })

  it('F208 a long prompt is evaluated in several pieces, each logged under the request’s event id', async () => {
    await withGuardrails('gr-long', { S1: 'FLAG' })
    const paragraphs = Array.from(
      { length: 6 },
      (_, i) => `Paragraph ${i}: ${'calm words about gardening. '.repeat(8)}`,
    )
    paragraphs[4] += 'Then VIOLENT things.'
    const response = await chat('gr-long', paragraphs.join('\n\n'))
    expect(response.status).toBe(200)
    const texts = guardTexts().map((messages) => messages[0]!.content)
    expect(texts.length).toBeGreaterThanOrEqual(4)
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(300)
    expect(texts.join(' ').replace(/\s+/g, ' ')).toBe(paragraphs.join(' ').replace(/\s+/g, ' ').trim())
    const entries = await logs('gr-long')
    const evaluations = entries.filter((entry) => entry.requestType === 'guardrail')
    expect(evaluations).toHaveLength(texts.length)
    expect(new Set(entries.map((entry) => entry.eventId))).toEqual(
      new Set([response.headers.get('cf-aig-event-id')]),
    )
    expect(entries.find((entry) => entry.requestType === 'provider')!.extra.warnings).toEqual([
      'guardrails: prompt flagged S1 (Violent Crimes)',
    ])
  })

  it('F205 embeddings have their input checked and their answer passed through', async () => {
    await withGuardrails('gr-embeddings', { S1: 'FLAG' }, { S1: 'BLOCK' })
    const response = await fetch(`${app.gatewayUrl('gr-embeddings')}/openai/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-openai' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'garden soil' }),
    })
    expect(response.status).toBe(200)
    expect(guardTexts()).toEqual([[{ role: 'user', content: 'garden soil' }]])
  })

  it('F206 a streamed answer is released as it passes and cut with an error event at the first blocked piece', async () => {
    await withGuardrails('gr-stream', {}, { S1: 'BLOCK' })
    answer.deltas = [
      'The weather today is mild. ',
      'Gardens are green and calm. ',
      'Birds sing in the morning. ',
      'Now a VIOLENT turn of events. ',
      'SECRET-TAIL that must never arrive.',
    ]
    answer.holdAt = 3
    const response = await chat('gr-stream', 'Tell me about today', { stream: true })
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes('Gardens are green')) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
    expect(text).toContain('The weather today is mild.')
    answer.gate.open()
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      text += decoder.decode(part.value, { stream: true })
    }
    expect(text).not.toContain('VIOLENT')
    expect(text).not.toContain('SECRET-TAIL')
    expect(text).not.toContain('[DONE]')
    const events = text.trim().split('\n\n')
    expect(JSON.parse(events.at(-1)!.replace(/^data: /, ''))).toEqual({
      error: {
        message: 'Response blocked due to security configurations: S1 (Violent Crimes)',
        type: 'aigw_error',
        code: '2017',
        param: null,
      },
    })
    const main = (await logs('gr-stream')).find((entry) => entry.requestType === 'provider')!
    expect(main.success).toBe(false)
    expect(main.errorMessage).toMatch(/2017|Response blocked/)
  })

  it('F206 the OpenAI SDK streaming through /compat gets the text that passed, then an error', async () => {
    await withGuardrails('gr-stream-sdk', {}, { S10: 'BLOCK' })
    // 40-character pieces (stream_batch_chars): the first two deltas make one piece that passes.
    answer.deltas = [
      'Hello there, my good friend. ',
      'All is well here today. ',
      'HATEFUL words follow. ',
      'never delivered',
    ]
    answer.holdAt = 2
    const client = new OpenAI({
      apiKey: 'sk-openai',
      baseURL: `${app.gatewayUrl('gr-stream-sdk')}/compat`,
      maxRetries: 0,
    })
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hi' }],
      stream: true,
    })
    let received = ''
    const consume = async () => {
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta?.content ?? ''
        if (received.includes('All is well')) answer.gate.open()
      }
    }
    await expect(consume()).rejects.toThrow(/Response blocked due to security configurations/)
    expect(received).toContain('Hello there, my good friend. All is well here today.')
    expect(received).not.toContain('HATEFUL')
  })

  it('F206 a stream whose first piece is blocked answers a plain 2017 error', async () => {
    await withGuardrails('gr-stream-first', {}, { S1: 'BLOCK' })
    answer.deltas = ['VIOLENT from the very first words on. ', 'and more.']
    const response = await chat('gr-stream-first', 'Go', { stream: true })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: [{ code: 2017 }] })
  })

  it('F035 F204 a Universal request has its steps’ prompts and the answering step’s answer checked', async () => {
    await withGuardrails('gr-universal', { S10: 'BLOCK' }, { S1: 'BLOCK' })
    const universal = (content: string) =>
      fetch(app.gatewayUrl('gr-universal'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            provider: 'openai',
            endpoint: 'chat/completions',
            headers: { authorization: 'Bearer sk-openai' },
            query: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] },
          },
        ]),
      })
    const blocked = await universal('Something HATEFUL')
    expect(blocked.status).toBe(400)
    expect(await blocked.json()).toMatchObject({ error: [{ code: 2016 }] })
    expect(chatCalls()).toHaveLength(0)

    answer.text = 'A VIOLENT reply.'
    const answered = await universal('A calm question')
    expect(answered.status).toBe(400)
    expect(await answered.json()).toMatchObject({ error: [{ code: 2017 }] })
    expect(chatCalls()).toHaveLength(1)
  })

  it('F201 gateways without guardrails never call the evaluator', async () => {
    await app.createGateway('gr-off')
    const response = await chat('gr-off', 'Something VIOLENT')
    expect(response.status).toBe(200)
    expect(guardCalls()).toHaveLength(0)
  })
})
