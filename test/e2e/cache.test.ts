import type { ServerResponse } from 'node:http'
import Cloudflare from 'cloudflare'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { gate, json, MockUpstream, type RecordedRequest } from './support/mock-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const NOON = Date.UTC(2025, 2, 1, 12, 0, 10)
const MAX_ENTRY_BYTES = 50_000

interface ChatBody {
  model: string
  stream?: boolean
  messages: Array<{ role: string; content: string }>
}

/** Every upstream answer names the call that produced it, so a replay is told apart from a fresh call. */
function completion(body: ChatBody, content: string) {
  return {
    id: 'chatcmpl-cache',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
  }
}

function stream(response: ServerResponse, body: ChatBody, content: string): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  const base = {
    id: 'chatcmpl-s',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: body.model,
  }
  const chunks = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    ...content.split(' ').map((word) => ({
      ...base,
      choices: [{ index: 0, delta: { content: `${word} ` }, finish_reason: null }],
    })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    { ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } },
  ]
  for (const chunk of chunks) response.write(`data: ${JSON.stringify(chunk)}\n\n`)
  response.end('data: [DONE]\n\n')
}

describe('response caching (F111–F114, F130, F154–F168) with the official openai SDK', () => {
  const mock = new MockUpstream()
  let time = NOON
  const clock = { now: () => time }
  let hold = gate()
  let app: TestApp
  let cloudflare: Cloudflare
  let prompts = 0

  /** A prompt no other test uses, so entries never leak between tests. */
  const fresh = (label: string) => `${label} #${++prompts}`
  const gatewayUrl = (gateway: string) => `${app.url}/v1/${app.accountId}/${gateway}`
  const openai = (gateway: string, apiKey = 'sk-user-one') =>
    new OpenAI({ apiKey, baseURL: `${gatewayUrl(gateway)}/openai`, maxRetries: 0 })
  const ask = async (
    client: OpenAI,
    content: string,
    headers: Record<string, string> = {},
  ): Promise<{ text: string; status: string | null; logId: string }> => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }, { headers })
      .withResponse()
    return {
      text: data.choices[0]?.message.content ?? '',
      status: response.headers.get('cf-aig-cache-status'),
      logId: response.headers.get('cf-aig-log-id') ?? '',
    }
  }
  const askStream = async (client: OpenAI, content: string, headers: Record<string, string> = {}) => {
    const { data, response } = await client.chat.completions
      .create(
        {
          model: 'gpt-4o-mini',
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content }],
        },
        { headers },
      )
      .withResponse()
    const events: string[] = []
    for await (const chunk of data) events.push(JSON.stringify(chunk))
    return {
      events,
      status: response.headers.get('cf-aig-cache-status'),
      type: response.headers.get('content-type'),
    }
  }
  const gatewaySettings = (settings: Record<string, unknown>) => ({
    account_id: app.accountId,
    cache_invalidate_on_update: false,
    cache_ttl: 0,
    collect_logs: true,
    rate_limiting_interval: 0,
    rate_limiting_limit: 0,
    ...settings,
  })
  const createGateway = (id: string, settings: Record<string, unknown>) =>
    cloudflare.aiGateway.create({ id, ...gatewaySettings(settings) })

  beforeAll(async () => {
    await mock.start()
    app = await startTestApp(
      { AIGW_UPSTREAM_OPENAI: `${mock.url}/v1` },
      {
        clock,
        configure: (config) => {
          config.cache.maxEntryBytes = MAX_ENTRY_BYTES
        },
      },
    )
    cloudflare = app.cloudflare
    await createGateway('cached', { cache_ttl: 300 })
    await createGateway('uncached', { cache_ttl: 0 })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => {
    time = NOON
    mock.reset()
    hold = gate()
    mock.handle(async (request: RecordedRequest, response) => {
      const body = JSON.parse(request.body.toString()) as ChatBody
      const prompt = body.messages[0]?.content ?? ''
      const answer = `answer to ${prompt} from call ${mock.requests.length}`
      if (prompt.startsWith('fail')) return json(response, 500, { error: { message: 'upstream broke' } })
      if (prompt.startsWith('hold')) await hold.wait
      if (prompt.startsWith('big'))
        return json(response, 200, completion(body, 'x'.repeat(2 * MAX_ENTRY_BYTES)))
      if (body.stream === true) return stream(response, body, answer)
      return json(response, 200, completion(body, answer))
    })
  })

  it('F154 F130 a gateway with cache_ttl answers the second identical request from the cache', async () => {
    const client = openai('cached')
    const prompt = fresh('hello')
    const first = await ask(client, prompt)
    const second = await ask(client, prompt)
    expect(first.status).toBe('MISS')
    expect(second.status).toBe('HIT')
    expect(second.text).toBe(first.text)
    expect(mock.requests).toHaveLength(1)
  })

  it('F154 a gateway without caching sends no cache status and always calls upstream', async () => {
    const client = openai('uncached')
    const prompt = fresh('plain')
    expect((await ask(client, prompt)).status).toBeNull()
    expect((await ask(client, prompt)).status).toBeNull()
    expect(mock.requests).toHaveLength(2)
  })

  it('F111 cf-aig-cache-ttl caches on a gateway without caching, and 0 switches a cached gateway off', async () => {
    const prompt = fresh('ttl header')
    await ask(openai('uncached'), prompt, { 'cf-aig-cache-ttl': '120' })
    expect((await ask(openai('uncached'), prompt, { 'cf-aig-cache-ttl': '120' })).status).toBe('HIT')
    const off = fresh('ttl zero')
    await ask(openai('cached'), off, { 'cf-aig-cache-ttl': '0' })
    expect((await ask(openai('cached'), off, { 'cf-aig-cache-ttl': '0' })).status).toBeNull()
    expect(mock.requests).toHaveLength(3)
  })

  it('F112 skip-cache calls upstream and stores the fresh answer', async () => {
    const client = openai('cached')
    const prompt = fresh('skip')
    const original = await ask(client, prompt)
    const skipped = await ask(client, prompt, { 'cf-aig-skip-cache': 'true' })
    expect(skipped.status).toBe('MISS')
    expect(skipped.text).not.toBe(original.text)
    const after = await ask(client, prompt)
    expect(after).toMatchObject({ status: 'HIT', text: skipped.text })
    expect(mock.requests).toHaveLength(2)
  })

  it('F113 F158 a custom cache key is shared across different bodies, for 5 minutes on a gateway without caching', async () => {
    const client = openai('uncached')
    const key = { 'cf-aig-cache-key': `greeting-${prompts}` }
    const first = await ask(client, fresh('custom one'), key)
    const second = await ask(client, fresh('custom two'), key)
    expect(first.status).toBe('MISS')
    expect(second).toMatchObject({ status: 'HIT', text: first.text })
    time += 299_000
    expect((await ask(client, fresh('custom three'), key)).status).toBe('HIT')
    time += 2_000
    expect((await ask(client, fresh('custom four'), key)).status).toBe('MISS')
    expect(mock.requests).toHaveLength(2)
  })

  it('F154 F159 an entry expires after its TTL by the gateway clock', async () => {
    const client = openai('cached')
    const prompt = fresh('expiring')
    await ask(client, prompt)
    time += 299_000
    expect((await ask(client, prompt)).status).toBe('HIT')
    time += 1_000
    const expired = await ask(client, prompt)
    expect(expired.status).toBe('MISS')
    expect(mock.requests).toHaveLength(2)
  })

  it('F157 two API keys never share an entry', async () => {
    const prompt = fresh('per key')
    const anna = await ask(openai('cached', 'sk-anna'), prompt)
    const bert = await ask(openai('cached', 'sk-bert'), prompt)
    expect([anna.status, bert.status]).toEqual(['MISS', 'MISS'])
    expect(bert.text).not.toBe(anna.text)
    expect(mock.requests).toHaveLength(2)
    expect(await ask(openai('cached', 'sk-anna'), prompt)).toMatchObject({ status: 'HIT', text: anna.text })
    expect(await ask(openai('cached', 'sk-bert'), prompt)).toMatchObject({ status: 'HIT', text: bert.text })
    expect(mock.requests).toHaveLength(2)
  })

  it('F162 error responses are never cached', async () => {
    const client = openai('cached')
    const prompt = fresh('fail')
    for (let i = 0; i < 2; i++) {
      const error = await ask(client, prompt).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(OpenAI.APIError)
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(500)
      expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('cf-aig-cache-status')).toBe('MISS')
    }
    expect(mock.requests).toHaveLength(2)
  })

  it('F160 a response above the entry cap streams through whole and uncached', async () => {
    const client = openai('cached')
    const prompt = fresh('big')
    const first = await ask(client, prompt)
    const second = await ask(client, prompt)
    expect(first.text).toHaveLength(2 * MAX_ENTRY_BYTES)
    expect(second).toMatchObject({ status: 'MISS', text: first.text })
    expect(mock.requests).toHaveLength(2)
  })

  it('beyond F165: 20 identical concurrent requests make one upstream call and all get the same body', async () => {
    const client = openai('cached')
    const prompt = fresh('hold')
    const answers = Array.from({ length: 20 }, () => ask(client, prompt))
    while (mock.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    // Give every request time to reach the gateway while the first is held; any that missed would show here.
    await new Promise((resolve) => setTimeout(resolve, 200))
    hold.open()
    const results = await Promise.all(answers)
    expect(mock.requests).toHaveLength(1)
    expect(new Set(results.map((r) => r.text)).size).toBe(1)
    expect(results.filter((r) => r.status === 'MISS')).toHaveLength(1)
    expect(results.filter((r) => r.status === 'HIT')).toHaveLength(19)
  })

  it('F161 a stream is not cached on the gateway TTL alone', async () => {
    const client = openai('cached')
    const prompt = fresh('stream default')
    const first = await askStream(client, prompt)
    const second = await askStream(client, prompt)
    expect(first.status).toBeNull()
    expect(second.events).not.toEqual(first.events)
    expect(mock.requests).toHaveLength(2)
  })

  it('beyond F161: with an explicit TTL a stream is cached and replayed event for event', async () => {
    const client = openai('uncached')
    const prompt = fresh('stream cached')
    const headers = { 'cf-aig-cache-ttl': '300' }
    const first = await askStream(client, prompt, headers)
    const second = await askStream(client, prompt, headers)
    expect(first.status).toBe('MISS')
    expect(first.events.length).toBeGreaterThan(3)
    expect(second).toMatchObject({ status: 'HIT', events: first.events })
    expect(second.type).toMatch(/^text\/event-stream/)
    expect(mock.requests).toHaveLength(1)
  })

  it('F163 F168 a hit is logged with cached=true and cost 0', async () => {
    const client = openai('cached')
    const prompt = fresh('logged')
    const miss = await ask(client, prompt, { 'cf-aig-custom-cost': '{"per_token_in":1,"per_token_out":1}' })
    const hit = await ask(client, prompt, { 'cf-aig-custom-cost': '{"per_token_in":1,"per_token_out":1}' })
    await settled(app)
    const params = { account_id: app.accountId, gateway_id: 'cached' } as never
    const missLog = await cloudflare.aiGateway.logs.get(miss.logId, params)
    const hitLog = await cloudflare.aiGateway.logs.get(hit.logId, params)
    expect(missLog).toMatchObject({ cached: false, cost: 1500 })
    expect(hitLog).toMatchObject({ cached: true, cost: 0, success: true, status_code: 200 })
  })

  it('F114 the deprecated cf-cache-ttl and cf-skip-cache headers still work', async () => {
    const prompt = fresh('deprecated')
    await ask(openai('uncached'), prompt, { 'cf-cache-ttl': '120' })
    expect((await ask(openai('uncached'), prompt, { 'cf-cache-ttl': '120' })).status).toBe('HIT')
    const skipped = await ask(openai('uncached'), prompt, { 'cf-cache-ttl': '120', 'cf-skip-cache': 'true' })
    expect(skipped.status).toBe('MISS')
    expect(mock.requests).toHaveLength(2)
  })

  it('F164 cache hits are neither rate limited nor counted', async () => {
    await createGateway('limited', { cache_ttl: 300, rate_limiting_limit: 1, rate_limiting_interval: 60 })
    const client = openai('limited')
    const prompt = fresh('limited')
    expect((await ask(client, prompt)).status).toBe('MISS')
    for (let i = 0; i < 3; i++) expect((await ask(client, prompt)).status).toBe('HIT')
    const other = await ask(client, fresh('limited other')).catch((caught: unknown) => caught)
    expect((other as InstanceType<typeof OpenAI.APIError>).status).toBe(429)
    expect(mock.requests).toHaveLength(1)
  })

  it('/compat requests are cached at the provider call', async () => {
    const compat = new OpenAI({
      apiKey: 'sk-user-one',
      baseURL: `${gatewayUrl('cached')}/compat`,
      maxRetries: 0,
    })
    const prompt = fresh('compat')
    const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: prompt }] }
    const first = await compat.chat.completions.create(request).withResponse()
    const second = await compat.chat.completions.create(request).withResponse()
    expect(first.response.headers.get('cf-aig-cache-status')).toBe('MISS')
    expect(second.response.headers.get('cf-aig-cache-status')).toBe('HIT')
    expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content)
    expect(mock.requests).toHaveLength(1)
  })

  it('/compat streams with an explicit TTL are replayed through the translator', async () => {
    const compat = new OpenAI({
      apiKey: 'sk-user-one',
      baseURL: `${gatewayUrl('uncached')}/compat`,
      maxRetries: 0,
    })
    const prompt = fresh('compat stream')
    const read = async () => {
      const { data, response } = await compat.chat.completions
        .create(
          { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: prompt }] },
          { headers: { 'cf-aig-cache-ttl': '300' } },
        )
        .withResponse()
      let text = ''
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? ''
      return { text, status: response.headers.get('cf-aig-cache-status') }
    }
    const first = await read()
    const second = await read()
    expect(first.text).toMatch(/^answer to compat stream/)
    expect(second).toEqual({ text: first.text, status: 'HIT' })
    expect(mock.requests).toHaveLength(1)
  })

  it('F095 updating a gateway drops its entries only with cache_invalidate_on_update', async () => {
    await createGateway('invalidating', { cache_ttl: 300, cache_invalidate_on_update: true })
    await createGateway('keeping', { cache_ttl: 300 })
    const prompt = fresh('invalidate')
    await ask(openai('invalidating'), prompt)
    await ask(openai('keeping'), prompt)
    await cloudflare.aiGateway.update(
      'invalidating',
      gatewaySettings({ cache_ttl: 600, cache_invalidate_on_update: true }),
    )
    await cloudflare.aiGateway.update('keeping', gatewaySettings({ cache_ttl: 600 }))
    expect((await ask(openai('invalidating'), prompt)).status).toBe('MISS')
    expect((await ask(openai('keeping'), prompt)).status).toBe('HIT')
    expect(mock.requests).toHaveLength(3)
  })

  it('a deleted gateway’s entries do not outlive it', async () => {
    await createGateway('recreated', { cache_ttl: 300 })
    const prompt = fresh('recreated')
    await ask(openai('recreated'), prompt)
    await cloudflare.aiGateway.delete('recreated', { account_id: app.accountId })
    await createGateway('recreated', { cache_ttl: 300 })
    expect((await ask(openai('recreated'), prompt)).status).toBe('MISS')
    expect(mock.requests).toHaveLength(2)
  })
})
