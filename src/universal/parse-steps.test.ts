import { describe, expect, it } from 'vitest'
import { MAX_STEPS, parseUniversalBody } from './parse-steps.js'

const step = (extra: Record<string, unknown> = {}) => ({
  provider: 'openai',
  endpoint: 'chat/completions',
  headers: { Authorization: 'Bearer sk-1', 'Content-Type': 'application/json' },
  query: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
  ...extra,
})

function rejection(body: unknown): string {
  try {
    parseUniversalBody(body)
  } catch (error) {
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400 })
    return (error as Error).message
  }
  throw new Error('expected a 400')
}

describe('parseUniversalBody', () => {
  it('F035 reads provider, endpoint, headers (names lower-cased), query and config', () => {
    const [parsed] = parseUniversalBody([
      step({ config: { requestTimeout: 1000, maxAttempts: 3, retryDelay: 200, backoff: 'linear' } }),
    ])
    expect(parsed).toEqual({
      at: '[0].',
      provider: 'openai',
      endpoint: 'chat/completions',
      headers: { authorization: 'Bearer sk-1', 'content-type': 'application/json' },
      query: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
      config: { requestTimeout: 1000, maxAttempts: 3, retryDelay: 200, backoff: 'linear' },
    })
  })

  it('F045 a single step object is accepted, and its errors carry no index', () => {
    expect(parseUniversalBody(step())).toHaveLength(1)
    expect(rejection({ endpoint: 'x', query: {} })).toContain('provider: required')
  })

  it('F036/F340 the `authorization` field becomes the Authorization header; both agreeing is fine', () => {
    const [fromField] = parseUniversalBody([step({ headers: undefined, authorization: 'Token abc' })])
    expect(fromField!.headers).toEqual({ authorization: 'Token abc' })
    const [both] = parseUniversalBody([step({ authorization: 'Bearer sk-1' })])
    expect(both!.headers.authorization).toBe('Bearer sk-1')
    expect(rejection([step({ authorization: 'Bearer other' })])).toContain('[0].authorization: conflicts')
  })

  it('header values that are numbers or booleans are sent as text', () => {
    const [parsed] = parseUniversalBody([
      step({ headers: { 'cf-aig-cache-ttl': 0, 'cf-aig-skip-cache': true } }),
    ])
    expect(parsed!.headers).toEqual({ 'cf-aig-cache-ttl': '0', 'cf-aig-skip-cache': 'true' })
  })

  it.each([
    ['not an array or object', 'hello', 'body: must be a JSON array'],
    ['an empty array', [], 'body: at least one step'],
    ['too many steps', Array.from({ length: MAX_STEPS + 1 }, () => step()), `at most ${MAX_STEPS} steps`],
    ['a step that is not an object', [step(), 3], '[1]: must be an object'],
    ['a missing provider', [step(), step({ provider: undefined })], '[1].provider: required'],
    ['a blank endpoint', [step({ endpoint: ' ' })], '[0].endpoint: required'],
    ['a missing query', [step({ query: undefined })], '[0].query: required'],
    ['a string query', [step({ query: 'hi' })], '[0].query: required'],
    ['headers that are an array', [step({ headers: ['a'] })], '[0].headers: must be an object'],
    ['a header object value', [step({ headers: { 'x-a': { b: 1 } } })], '[0].headers.x-a: must be a string'],
    [
      'a header with a newline',
      [step({ headers: { 'x-a': 'a\r\nb: c' } })],
      'must not contain control characters',
    ],
    ['a bad header name', [step({ headers: { 'x a': 'b' } })], '[0].headers.x a: is not a valid header name'],
    ['a header given twice', [step({ headers: { 'X-A': '1', 'x-a': '2' } })], 'is given twice'],
    ['config that is a string', [step({ config: 'fast' })], '[0].config: must be an object'],
    [
      'an unknown config key',
      [step({ config: { requestTimeOut: 5 } })],
      '[0].config.requestTimeOut: unknown setting',
    ],
    [
      'a fractional timeout',
      [step({ config: { requestTimeout: 1.5 } })],
      '[0].config.requestTimeout: must be a whole number',
    ],
    ['six attempts (F178: at most five)', [step({ config: { maxAttempts: 6 } })], '[0].config.maxAttempts'],
    ['a retry delay over 5 s', [step({ config: { retryDelay: 5001 } })], '[0].config.retryDelay'],
    ['an unknown backoff', [step({ config: { backoff: 'random' } })], '[0].config.backoff'],
  ])('400 naming the field for %s', (_name, body, message) => {
    expect(rejection(body)).toContain(message)
  })
})
