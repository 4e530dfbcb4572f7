import { describe, expect, it } from 'vitest'
import { forwardRequestHeaders, forwardResponseHeaders } from './forward-headers.js'

describe('header forwarding', () => {
  it('F031 drops cf-aig-* controls, hop-by-hop headers and token slots; keeps provider headers', () => {
    const out = forwardRequestHeaders(
      {
        host: 'gateway.local',
        connection: 'keep-alive, x-secret-hop',
        'x-secret-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'content-length': '999',
        'accept-encoding': 'gzip',
        'cf-aig-authorization': 'Bearer t',
        'cf-aig-metadata': '{}',
        'cf-skip-cache': 'true',
        'x-fal-target-url': 'https://queue.fal.run/x',
        authorization: 'Bearer gateway-token',
        'anthropic-version': '2023-06-01',
        'openai-beta': 'assistants=v2',
      },
      ['authorization'],
      42,
    )
    expect(out).toEqual({
      'anthropic-version': '2023-06-01',
      'openai-beta': 'assistants=v2',
      'accept-encoding': 'identity',
      'content-length': '42',
    })
  })

  it('drops hop-by-hop response headers only', () => {
    expect(
      forwardResponseHeaders({
        'content-type': 'text/event-stream',
        connection: 'close',
        'transfer-encoding': 'chunked',
        'x-request-id': 'r',
      }),
    ).toEqual({ 'content-type': 'text/event-stream', 'x-request-id': 'r' })
  })
})
