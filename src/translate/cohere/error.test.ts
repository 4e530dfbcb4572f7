import { describe, expect, it } from 'vitest'
import { fixtureJson } from '../identity/test-support/fixtures.js'
import { cohereTranslator } from './index.js'

const translator = cohereTranslator()

describe('Cohere errors → OpenAI error shape', () => {
  it('maps {id, message} with the type of its HTTP status', () => {
    expect(translator.error(400, fixtureJson(import.meta.url, 'error-400.json'))).toEqual({
      error: {
        message: 'invalid request: message must be at least 1 token long or tool results must be specified.',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    })
    expect(translator.error(429, fixtureJson(import.meta.url, 'error-429.json')).error.type).toBe(
      'rate_limit_error',
    )
    expect(translator.error(401, fixtureJson(import.meta.url, 'error-401.json'))).toEqual({
      error: { message: 'invalid api token', type: 'authentication_error', param: null, code: null },
    })
  })

  it('wraps an unknown body', () => {
    expect(translator.error(500, { unexpected: true }).error.message).toBe(
      'Cohere returned HTTP 500: {"unexpected":true}',
    )
  })
})
