import type { LogEntry, LogQuery } from '../../core/log-entry.js'

export const ACCOUNT = 'acct-1'
export const GATEWAY = 'gw-1'
export const T0 = Date.parse('2025-01-01T00:00:00.000Z')

const encoder = new TextEncoder()

export function bytes(text: string): Uint8Array {
  return encoder.encode(text)
}

export function text(data: Uint8Array | null): string | null {
  return data === null ? null : new TextDecoder().decode(data)
}

export function makeLogEntry(overrides: Partial<LogEntry> & { id: string }): LogEntry {
  return {
    eventId: `evt-${overrides.id}`,
    accountId: ACCOUNT,
    gatewayId: GATEWAY,
    createdAt: T0,
    provider: 'openai',
    model: 'gpt-4o-mini',
    modelType: 'chat',
    path: 'v1/chat/completions',
    method: 'POST',
    requestType: 'provider',
    statusCode: 200,
    success: true,
    cached: false,
    step: 0,
    durationMs: 100,
    ttfbMs: 40,
    tokensIn: 10,
    tokensOut: 20,
    cachedTokensIn: 0,
    cost: 0.001,
    customCost: false,
    metadata: {},
    requestContentType: 'application/json',
    responseContentType: 'application/json',
    requestHead: '{"model":"gpt-4o-mini"',
    responseHead: '{"id":"chatcmpl-1"',
    requestSize: 120,
    responseSize: 480,
    requestBody: null,
    responseBody: null,
    requestBodyTruncated: false,
    responseBodyTruncated: false,
    feedback: null,
    score: null,
    errorMessage: null,
    authenticated: true,
    dlpAction: null,
    extra: {},
    ...overrides,
  }
}

/**
 * Five entries spread over every filterable dimension. log-03 and log-04 share a timestamp so
 * that ordering must fall back to the id tie-break.
 */
export function sampleEntries(): LogEntry[] {
  return [
    makeLogEntry({
      id: 'log-01',
      createdAt: T0 + 1000,
      metadata: { user: 'alice', plan: 'pro', n: 42 },
      requestBody: bytes('{"messages":[]}'),
      responseBody: bytes('{"choices":[]}'),
    }),
    makeLogEntry({
      id: 'log-02',
      createdAt: T0 + 2000,
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      path: 'v1/messages',
      requestType: 'compat',
      cached: true,
      cost: 0,
      tokensIn: 5,
      tokensOut: 0,
      durationMs: 5,
      feedback: 1,
      metadata: { user: 'bob', vip: true },
    }),
    makeLogEntry({
      id: 'log-03',
      createdAt: T0 + 3000,
      model: 'gpt-4o',
      success: false,
      statusCode: 429,
      cost: 0.5,
      tokensIn: 100,
      tokensOut: 200,
      durationMs: 900,
      feedback: -1,
      dlpAction: 'FLAG',
      authenticated: false,
      responseContentType: 'text/event-stream',
      errorMessage: 'rate limited upstream',
    }),
    makeLogEntry({
      id: 'log-04',
      createdAt: T0 + 3000,
      provider: 'workers-ai',
      model: '@cf/meta/llama-3.1-8b-instruct',
      modelType: 'text-generation',
      path: 'run/@cf/meta/llama-3.1-8b-instruct',
      requestType: 'universal',
      cost: 0.02,
      tokensIn: 50,
      tokensOut: 50,
      durationMs: 300,
      dlpAction: 'BLOCK',
      metadata: { user: 'Ålice', rating: 3.5 },
    }),
    makeLogEntry({
      id: 'log-05',
      createdAt: T0 + 5000,
      provider: 'google-ai-studio',
      model: 'gemini-2.0-flash',
      path: 'v1beta/models/gemini-2.0-flash:generateContent',
      cost: 0.003,
      tokensIn: 30,
      tokensOut: 40,
      durationMs: 250,
      metadata: { plan: 'free', n: 7 },
    }),
  ]
}

export function logQuery(overrides: Partial<LogQuery> = {}): LogQuery {
  return {
    accountId: ACCOUNT,
    gatewayId: GATEWAY,
    filters: [],
    orderBy: 'created_at',
    direction: 'asc',
    page: 1,
    perPage: 50,
    ...overrides,
  }
}
