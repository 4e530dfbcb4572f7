import { describe, expect, it } from 'vitest'
import { carriesError, isCacheableResponse, storedHeaders } from './cacheable-response.js'

const json = { 'content-type': 'application/json; charset=utf-8' }
const sse = { 'content-type': 'text/event-stream' }
const options = { streamable: false, maxBytes: 1000 }

describe('cacheable responses', () => {
  it('F162 stores successes only', () => {
    expect(isCacheableResponse(200, json, options)).toBe(true)
    expect(isCacheableResponse(201, json, options)).toBe(true)
    for (const status of [206, 301, 400, 401, 429, 500, 529]) {
      expect(isCacheableResponse(status, json, options)).toBe(false)
    }
  })

  it('F155 stores text, JSON and images, not audio or binary', () => {
    for (const type of ['text/plain', 'application/problem+json', 'image/png', 'application/x-ndjson']) {
      expect(isCacheableResponse(200, { 'content-type': type }, options)).toBe(true)
    }
    for (const type of ['audio/mpeg', 'application/octet-stream', '']) {
      expect(isCacheableResponse(200, { 'content-type': type }, options)).toBe(false)
    }
  })

  it('F161 event streams only when the policy allows streams', () => {
    expect(isCacheableResponse(200, sse, options)).toBe(false)
    expect(isCacheableResponse(200, sse, { ...options, streamable: true })).toBe(true)
  })

  it('F160 refuses a declared length above the cap before reading', () => {
    expect(isCacheableResponse(200, { ...json, 'content-length': '1000' }, options)).toBe(true)
    expect(isCacheableResponse(200, { ...json, 'content-length': '1001' }, options)).toBe(false)
  })

  it('keeps provider headers but never cookies or per-connection headers', () => {
    expect(
      storedHeaders({
        ...json,
        'set-cookie': ['a=b'],
        date: 'x',
        'content-length': '5',
        'x-request-id': 'req_1',
        'cf-aig-log-id': 'old',
        'openai-processing-ms': '12',
      }),
    ).toEqual({ ...json, 'x-request-id': 'req_1', 'openai-processing-ms': '12' })
  })

  it('F162 spots errors carried in a 200 body', () => {
    expect(carriesError(Buffer.from('{"error":{"message":"overloaded"}}'), json)).toBe(true)
    expect(carriesError(Buffer.from('{"error":null,"id":"x"}'), json)).toBe(false)
    expect(carriesError(Buffer.from('{"id":"x","choices":[]}'), json)).toBe(false)
    const anthropic =
      'event: message_start\ndata: {"type":"message_start"}\n\n' +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error"}}\n\n'
    expect(carriesError(Buffer.from(anthropic), sse)).toBe(true)
    expect(carriesError(Buffer.from('data: {"type":"error","error":{}}\n\n'), sse)).toBe(true)
    expect(carriesError(Buffer.from('data: {"choices":[]}\n\ndata: [DONE]\n\n'), sse)).toBe(false)
  })
})
