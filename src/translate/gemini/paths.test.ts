import { describe, expect, it } from 'vitest'
import { aiStudioPath, geminiTranslator, vertexPath } from './index.js'
import { invalid } from './test-support/request-helpers.js'

describe('Gemini paths', () => {
  it('builds AI Studio paths, accepting models/ and tunedModels/ names', () => {
    expect(aiStudioPath('models/gemini-2.0-flash', false)).toBe(
      '/v1beta/models/gemini-2.0-flash:generateContent',
    )
    expect(aiStudioPath('tunedModels/my-model-1', true)).toBe(
      '/v1beta/tunedModels/my-model-1:streamGenerateContent?alt=sse',
    )
    expect(invalid(() => aiStudioPath('../admin', false))).toContain(
      'model: "../admin" is not a Gemini model id',
    )
  })

  it('F013 builds Vertex paths from {publisher}/{model} and rejects non-Google publishers', () => {
    const pathFor = vertexPath({ project: 'acme-prod', region: 'us-central1' })
    expect(pathFor('google/gemini-2.5-pro', false)).toBe(
      '/v1/projects/acme-prod/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent',
    )
    expect(pathFor('gemini-2.5-flash', true)).toBe(
      '/v1/projects/acme-prod/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    )
    expect(invalid(() => pathFor('anthropic/claude-sonnet-4-5', false))).toContain('publisher "anthropic"')
  })

  it('uses the path builder it was given', () => {
    const vertex = geminiTranslator({ pathFor: vertexPath({ project: 'p', region: 'europe-west4' }) })
    const request = vertex.request(
      { model: 'google-vertex-ai/google/gemini-2.5-pro', messages: [{ role: 'user', content: 'Hi' }] },
      { model: 'google/gemini-2.5-pro', stream: false },
    )
    expect(request.path).toBe(
      '/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent',
    )
  })
})
