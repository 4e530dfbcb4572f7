import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import { resolveRealtimeTarget, type RealtimeInput } from './realtime-targets.js'
import { parseOffered } from './subprotocols.js'

function input(slug: string, overrides: Partial<RealtimeInput> = {}): RealtimeInput {
  return {
    slug,
    rest: '',
    search: '',
    headers: { host: 'gw.example', upgrade: 'websocket', connection: 'Upgrade' },
    offered: [],
    upstreams: {},
    workersAiAccountId: 'acct123',
    ...overrides,
  }
}

describe('realtime upstream URLs (F056–F063)', () => {
  it.each([
    [
      'openai',
      '',
      '?model=gpt-4o-realtime-preview-2024-12-17',
      'wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview-2024-12-17',
    ],
    ['openai', '/realtime', '?model=m', 'wss://api.openai.com/v1/realtime?model=m'],
    [
      'google',
      '',
      '?api_key=AIza',
      'wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=AIza',
    ],
    [
      'cartesia',
      '',
      '?cartesia_version=2024-06-10&api_key=c',
      'wss://api.cartesia.ai/tts/websocket?cartesia_version=2024-06-10&api_key=c',
    ],
    ['elevenlabs', '', '?agent_id=ag', 'wss://api.elevenlabs.io/v1/convai/conversation?agent_id=ag'],
    ['fal', '/fal-ai/fast-lcm-diffusion', '', 'wss://fal.run/fal-ai/fast-lcm-diffusion'],
    [
      'workers-ai',
      '',
      '?model=@cf/deepgram/nova-3&encoding=linear16&sample_rate=16000&interim_results=true',
      'wss://api.cloudflare.com/client/v4/accounts/acct123/ai/run/@cf/deepgram/nova-3?encoding=linear16&sample_rate=16000&interim_results=true',
    ],
    ['deepgram', '/v1/listen', '?model=nova-3', 'wss://api.deepgram.com/v1/listen?model=nova-3'],
  ])('F059 %s%s%s → %s', (slug, rest, search, url) => {
    expect(resolveRealtimeTarget(input(slug, { rest, search })).url).toBe(url)
  })

  it('an AIGW_UPSTREAM_<SLUG> override moves realtime too, http→ws', () => {
    const target = resolveRealtimeTarget(
      input('openai', { search: '?model=m', upstreams: { openai: 'http://127.0.0.1:9/v1' } }),
    )
    expect(target.url).toBe('ws://127.0.0.1:9/v1/realtime?model=m')
    expect(target.provider.slug).toBe('openai')
    expect(target.model).toBe('m')
  })

  it('F061 `google` is Google AI Studio; an explicit key wins over api_key', () => {
    const target = resolveRealtimeTarget(input('google', { search: '?key=k1&api_key=k2' }))
    expect(target.provider.slug).toBe('google-ai-studio')
    expect(target.url.endsWith('BidiGenerateContent?key=k1')).toBe(true)
  })

  it('F062 Workers AI takes its model from the query and logs it', () => {
    const target = resolveRealtimeTarget(input('workers-ai', { search: '?model=%40cf%2Fdeepgram%2Faura-1' }))
    expect(target.model).toBe('@cf/deepgram/aura-1')
    expect(target.url).toBe('wss://api.cloudflare.com/client/v4/accounts/acct123/ai/run/@cf/deepgram/aura-1')
  })

  it.each([
    ['workers-ai', '', '?model=@cf/../../x', /not valid/],
    ['workers-ai', '', '', /needs a model/],
    ['fal', '', '', /app path/],
    ['anthropic', '', '', /no realtime WebSocket API/],
    ['nope', '', '', /not a provider slug/],
  ])('refuses %s %s%s clearly', (slug, rest, search, message) => {
    const attempt = () => resolveRealtimeTarget(input(slug, { rest, search }))
    expect(attempt).toThrow(GatewayError)
    expect(attempt).toThrow(message)
  })
})

describe('realtime credentials and headers (F057, F060)', () => {
  it('moves xi-api-key.<key> into the xi-api-key header and never offers gateway entries upstream', () => {
    const target = resolveRealtimeTarget(
      input('elevenlabs', {
        offered: parseOffered('xi-api-key.sk_el, cf-aig-authorization.tok, aigw, convai'),
        headers: {
          'cf-aig-authorization': 'tok',
          'user-agent': 'ua',
          'sec-websocket-key': 'k',
          cookie: 'c=1',
        },
      }),
    )
    expect(target.headers['xi-api-key']).toBe('sk_el')
    expect(target.protocols).toEqual(['convai'])
    expect(target.headers['cf-aig-authorization']).toBeUndefined()
    expect(target.headers['sec-websocket-key']).toBeUndefined()
    expect(target.headers.cookie).toBeUndefined()
    expect(target.headers['user-agent']).toBe('ua')
  })

  it('moves fal-api-key.<key> into Authorization: Key <key>', () => {
    const target = resolveRealtimeTarget(
      input('fal', { rest: '/fal-ai/x', offered: parseOffered('fal-api-key.f1, cf-aig-authorization.t') }),
    )
    expect(target.headers.authorization).toBe('Key f1')
    expect(target.protocols).toEqual([])
  })

  it('a header the client set wins over a subprotocol key', () => {
    const target = resolveRealtimeTarget(
      input('fal', {
        rest: '/fal-ai/x',
        headers: { authorization: 'Key from-header' },
        offered: parseOffered('fal-api-key.f1'),
      }),
    )
    expect(target.headers.authorization).toBe('Key from-header')
  })

  it('F060 passes OpenAI’s own headers and protocols through', () => {
    const target = resolveRealtimeTarget(
      input('openai', {
        search: '?model=m',
        headers: { authorization: 'Bearer sk-1', 'openai-beta': 'realtime=v1', 'cf-aig-metadata': '{}' },
        offered: parseOffered('realtime, openai-insecure-api-key.sk-2, cf-aig-authorization.t'),
      }),
    )
    expect(target.headers).toMatchObject({ authorization: 'Bearer sk-1', 'openai-beta': 'realtime=v1' })
    expect(target.headers['cf-aig-metadata']).toBeUndefined()
    expect(target.protocols).toEqual(['realtime', 'openai-insecure-api-key.sk-2'])
  })
})
