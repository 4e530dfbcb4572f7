import { describe, expect, it } from 'vitest'
import { fixtureJson } from '../identity/test-support/fixtures.js'
import { aiStudioPath, geminiTranslator } from './index.js'

const translator = geminiTranslator({ pathFor: aiStudioPath })

describe('Gemini errors → OpenAI error shape', () => {
  it('maps an invalid API key error', () => {
    expect(translator.error(400, fixtureJson(import.meta.url, 'error-400-api-key.json'))).toEqual({
      error: {
        message: 'API key not valid. Please pass a valid API key.',
        type: 'invalid_request_error',
        param: null,
        code: 'INVALID_ARGUMENT',
      },
    })
  })

  it('maps a quota error to a rate limit error', () => {
    expect(translator.error(429, fixtureJson(import.meta.url, 'error-429-quota.json')).error).toMatchObject({
      type: 'rate_limit_error',
      code: 'RESOURCE_EXHAUSTED',
    })
  })

  it('unwraps the array Vertex AI answers with', () => {
    expect(translator.error(404, fixtureJson(import.meta.url, 'vertex-error-404.json')).error).toMatchObject({
      message:
        'Publisher Model `projects/acme-prod/locations/us-central1/publishers/google/models/gemini-9.0-pro` not found.',
      type: 'not_found_error',
      code: 'NOT_FOUND',
    })
  })

  it('wraps a body in no known shape, keeping its text', () => {
    expect(translator.error(502, '<html>Bad Gateway</html>')).toEqual({
      error: {
        message: 'Gemini returned HTTP 502: <html>Bad Gateway</html>',
        type: 'server_error',
        param: null,
        code: null,
      },
    })
  })
})
