import type { RequestRecord } from '../pipeline/record.js'

/** A finished request as observe builds it, for the request:end subscribers' tests. */
export function testRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  const body = Buffer.from(
    JSON.stringify({ id: 'x', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 500 } }),
  )
  return {
    logId: 'log-1',
    eventId: 'event-1',
    accountId: 'acct',
    gatewayId: 'gw',
    startedAt: Date.parse('2025-06-01T10:00:00Z'),
    durationMs: 250,
    ttfbMs: 100,
    requestType: 'provider',
    method: 'POST',
    path: 'chat/completions',
    provider: 'openai',
    model: 'gpt-4o-mini',
    schema: 'openai-chat',
    statusCode: 200,
    success: true,
    cached: false,
    step: 0,
    authenticated: true,
    controls: undefined,
    collectLog: true,
    requestHeaders: {},
    requestContentType: 'application/json',
    requestBody: null,
    responseHeaders: { 'content-type': 'application/json' },
    responseContentType: 'application/json',
    response: { size: body.length, truncated: false, full: body, head: body, tail: body },
    outcome: 'complete',
    errorMessage: undefined,
    usage: undefined,
    attempts: [{ provider: 'openai', step: 0, status: 200, startedAt: 0, durationMs: 200 }],
    warnings: [],
    storedKey: { configId: 'cfg-1', providerSlug: 'openai', alias: 'default' },
    ...overrides,
  }
}
