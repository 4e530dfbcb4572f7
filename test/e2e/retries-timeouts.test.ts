import type { ServerResponse } from 'node:http'
import Cloudflare from 'cloudflare'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sleep } from '../../src/limits/sleep.js'
import { gate, json, MockUpstream } from './support/mock-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const START = Date.UTC(2025, 2, 1, 12, 0, 0)

const completion = {
  id: 'chatcmpl-retry',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', logprobs: null },
  ],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
}

interface LoggedAttempt {
  status: number
  startedAt: number
  retryDelayMs?: number
  error?: string
}

function apiError(caught: unknown): InstanceType<typeof OpenAI.APIError> {
  if (!(caught instanceof OpenAI.APIError)) throw new Error(`expected an APIError, got ${String(caught)}`)
  return caught
}

/** Answers `failures` with `fail`, then with a completion; counts what it saw. */
function failThenSucceed(failures: number, fail: (response: ServerResponse) => void) {
  let seen = 0
  return (_request: unknown, response: ServerResponse) => {
    seen += 1
    if (seen <= failures) fail(response)
    else json(response, 200, completion)
  }
}

const overloaded = (response: ServerResponse) => json(response, 503, { error: { message: 'overloaded' } })

describe('retries with backoff and first-byte timeouts (F100, F118–F121, F150, F177–F182)', () => {
  const mock = new MockUpstream()
  let time = START
  const clock = { now: () => time }
  /** Every wait the retry loop asked for, in order; waits advance the fake clock unless held. */
  const sleeps: number[] = []
  /** When set, a wait never ends by itself (only the client hanging up ends it) and this is told it began. */
  let holdSleeps: { reached: () => void } | undefined
  const sleep: Sleep = (ms, signal) => {
    sleeps.push(ms)
    const hold = holdSleeps
    if (hold === undefined) {
      time += ms
      return Promise.resolve()
    }
    hold.reached()
    return new Promise<void>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
  }
  let app: TestApp
  let cloudflare: Cloudflare

  const gatewayUrl = (gateway: string): string => `${app.url}/v1/${app.accountId}/${gateway}`
  const openai = (headers: Record<string, string>, gateway = 'plain'): OpenAI =>
    new OpenAI({
      apiKey: 'sk-provider',
      baseURL: `${gatewayUrl(gateway)}/openai`,
      maxRetries: 0,
      defaultHeaders: headers,
    })
  const ask = (client: OpenAI) =>
    client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse()
  const failure = async (client: OpenAI) => apiError(await ask(client).catch((caught: unknown) => caught))
  const loggedAttempts = async (logId: string, gateway = 'plain'): Promise<LoggedAttempt[] | undefined> => {
    await settled(app)
    const log = await cloudflare.aiGateway.logs.get(logId, { account_id: app.accountId, gateway_id: gateway })
    return ((log as { extra?: { attempts?: LoggedAttempt[] } }).extra ?? {}).attempts
  }

  beforeAll(async () => {
    await mock.start()
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${mock.url}/v1` }, { clock, sleep })
    cloudflare = app.cloudflare
    const base = { cache_invalidate_on_update: false, cache_ttl: 0, collect_logs: true }
    await cloudflare.aiGateway.create({
      account_id: app.accountId,
      id: 'plain',
      ...base,
      rate_limiting_interval: 0,
      rate_limiting_limit: 0,
    })
    await cloudflare.aiGateway.create({
      account_id: app.accountId,
      id: 'retrying',
      ...base,
      rate_limiting_interval: 0,
      rate_limiting_limit: 0,
      retry_max_attempts: 3,
      retry_delay: 200,
      retry_backoff: 'linear',
    })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => {
    mock.reset()
    sleeps.length = 0
    holdSleeps = undefined
  })

  it.each([
    ['constant', [100, 100, 100]],
    ['linear', [100, 200, 300]],
    ['exponential', [100, 200, 400]],
  ])('F121 F180 %s backoff waits %j before the retries, then succeeds', async (backoff, waits) => {
    mock.handle(failThenSucceed(3, overloaded))
    const { data, response } = await ask(
      openai({ 'cf-aig-max-attempts': '4', 'cf-aig-retry-delay': '100', 'cf-aig-backoff': backoff }),
    )
    expect(data.id).toBe('chatcmpl-retry')
    expect(sleeps).toEqual(waits)
    expect(mock.requests).toHaveLength(4)
    // The buffered body is resent byte for byte on every try.
    expect(new Set(mock.requests.map((request) => request.body.toString())).size).toBe(1)

    const attempts = await loggedAttempts(response.headers.get('cf-aig-log-id') ?? '')
    expect(attempts?.map((attempt) => attempt.status)).toEqual([503, 503, 503, 200])
    expect(attempts?.map((attempt) => attempt.retryDelayMs)).toEqual([...waits, undefined])
    // The fake clock moves only through the waits, so the tries start exactly one wait apart.
    const starts = attempts?.map((attempt) => attempt.startedAt) ?? []
    expect(starts.slice(1).map((at, i) => at - starts[i]!)).toEqual(waits)
  })

  it('F119 F178 stops after 5 attempts and returns the last upstream error untouched', async () => {
    mock.handle((_request, response) => json(response, 503, { error: { message: 'still overloaded' } }))
    const error = await failure(openai({ 'cf-aig-max-attempts': '5', 'cf-aig-retry-delay': '250' }))
    expect(error.status).toBe(503)
    expect(error.error).toEqual({ message: 'still overloaded' })
    expect(mock.requests).toHaveLength(5)
    expect(sleeps).toEqual([250, 250, 250, 250])
  })

  it('F180 does not retry a non-retryable 400', async () => {
    mock.handle((_request, response) => json(response, 400, { error: { message: 'bad model' } }))
    const error = await failure(openai({ 'cf-aig-max-attempts': '5' }))
    expect(error.status).toBe(400)
    expect(mock.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('F180 honours a 429 Retry-After longer than the backoff', async () => {
    mock.handle(
      failThenSucceed(1, (response) =>
        json(response, 429, { error: { message: 'slow down' } }, { 'retry-after': '3' }),
      ),
    )
    const { data } = await ask(openai({ 'cf-aig-max-attempts': '2', 'cf-aig-retry-delay': '100' }))
    expect(data.id).toBe('chatcmpl-retry')
    expect(sleeps).toEqual([3_000])
  })

  it('returns a 429 whose Retry-After exceeds 60 s to the client instead of holding the request', async () => {
    mock.handle((_request, response) =>
      json(response, 429, { error: { message: 'quota' } }, { 'retry-after': '120' }),
    )
    const error = await failure(openai({ 'cf-aig-max-attempts': '3' }))
    expect(error.status).toBe(429)
    expect(error.headers?.get('retry-after')).toBe('120')
    expect(mock.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('F180 retries a connection dropped before any response', async () => {
    mock.handle(failThenSucceed(1, (response) => response.socket?.destroy()))
    const { data, response } = await ask(openai({ 'cf-aig-max-attempts': '2', 'cf-aig-retry-delay': '0' }))
    expect(data.id).toBe('chatcmpl-retry')
    const attempts = await loggedAttempts(response.headers.get('cf-aig-log-id') ?? '')
    expect(attempts?.map((attempt) => attempt.status)).toEqual([0, 200])
    expect(attempts?.[0]?.error).toMatch(/Upstream unreachable/)
  })

  it('F100 F182 gateway Retry Requests settings apply, and a request header overrides them', async () => {
    mock.handle((_request, response) => json(response, 500, { error: { message: 'boom' } }))
    expect((await failure(openai({}, 'retrying'))).status).toBe(500)
    expect(mock.requests).toHaveLength(3)
    expect(sleeps).toEqual([200, 400])

    mock.reset()
    sleeps.length = 0
    expect((await failure(openai({ 'cf-aig-max-attempts': '1' }, 'retrying'))).status).toBe(500)
    expect(mock.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('a single attempt keeps the log free of attempt details', async () => {
    mock.handle((_request, response) => json(response, 200, completion))
    const { response } = await ask(openai({}))
    expect(await loggedAttempts(response.headers.get('cf-aig-log-id') ?? '')).toBeUndefined()
  })

  it('F118 F150 no response headers within cf-aig-request-timeout → 504 upstream_timeout, retried first', async () => {
    const release = gate()
    mock.handle(async (_request, response) => {
      await release.wait
      json(response, 200, completion)
    })
    try {
      const error = await failure(
        openai({ 'cf-aig-request-timeout': '100', 'cf-aig-max-attempts': '2', 'cf-aig-retry-delay': '0' }),
      )
      expect(error.status).toBe(504)
      expect(error.error).toEqual([
        {
          code: 2014,
          message:
            'Upstream request timed out: OpenAI sent no response within 100 ms (cf-aig-request-timeout)',
        },
      ])
      expect(mock.requests).toHaveLength(2)
      const attempts = await loggedAttempts(error.headers?.get('cf-aig-log-id') ?? '')
      expect(attempts?.map((attempt) => attempt.status)).toEqual([0, 0])
    } finally {
      release.open()
    }
  })

  it('F177 a timed-out try is retried and the next one answers', async () => {
    const release = gate()
    let seen = 0
    mock.handle(async (_request, response) => {
      seen += 1
      if (seen === 1) await release.wait
      json(response, 200, completion)
    })
    try {
      const { data } = await ask(
        openai({ 'cf-aig-request-timeout': '100', 'cf-aig-max-attempts': '2', 'cf-aig-retry-delay': '50' }),
      )
      expect(data.id).toBe('chatcmpl-retry')
      expect(sleeps).toEqual([50])
    } finally {
      release.open()
    }
  })

  it('F177 F178 once the first bytes arrived, a slow stream is not cut by the request timeout', async () => {
    mock.handle(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write(sse('Hel'))
      // Longer than the timeout below: only the headers are timed.
      await new Promise((resolve) => setTimeout(resolve, 300))
      response.write(sse('lo'))
      response.end('data: [DONE]\n\n')
    })
    const stream = await openai({ 'cf-aig-request-timeout': '100' }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('Hello')
  })

  it('a client that hangs up during the backoff wait cancels it: no further try is made', async () => {
    let reached!: () => void
    const waiting = new Promise<void>((resolve) => {
      reached = resolve
    })
    holdSleeps = { reached: () => reached() }
    mock.handle((_request, response) => overloaded(response))
    const controller = new AbortController()
    const request = fetch(`${gatewayUrl('plain')}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk', 'cf-aig-max-attempts': '3' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
      signal: controller.signal,
    })
    await waiting
    controller.abort()
    await expect(request).rejects.toThrow()
    // The gateway learns of the hang-up asynchronously; its log entry is the proof the wait ended.
    const closed = await eventually(async () => {
      await settled(app)
      const page = await cloudflare.aiGateway.logs.list('plain', {
        account_id: app.accountId,
        order_by: 'created_at',
        order_by_direction: 'desc',
        per_page: 50,
      })
      return page.result.find((log) => log.status_code === 499)
    })
    expect((closed as { error_message?: string }).error_message).toBe(
      'Client closed the request: before the upstream answered',
    )
    expect(sleeps).toHaveLength(1)
    expect(mock.requests).toHaveLength(1)
  })
})

async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const found = await probe()
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('condition not met after 100 probes')
}

function sse(content: string): string {
  const chunk = {
    id: 'chatcmpl-s',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  }
  return `data: ${JSON.stringify(chunk)}\n\n`
}
