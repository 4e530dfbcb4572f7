import { describe, expect, it } from 'vitest'
import { createRealtimeMeter } from './realtime-meter.js'
import { loggableHeaders, sessionRecord, type SessionFacts } from './session-record.js'

const facts = (overrides: Partial<SessionFacts> = {}): SessionFacts => ({
  logId: 'L',
  eventId: 'E',
  accountId: 'a',
  gatewayId: 'g',
  startedAt: 1_000,
  startedHr: 100,
  requestType: 'realtime',
  provider: 'openai',
  path: '',
  model: 'gpt-4o-realtime',
  gateway: undefined,
  controls: undefined,
  handshakeHeaders: {},
  statusCode: 101,
  openedHr: 150,
  end: { closedBy: 'client', code: 1000, reason: '', error: undefined },
  stats: { framesFromClient: 3, bytesFromClient: 30, framesFromUpstream: 4, bytesFromUpstream: 400 },
  usage: undefined,
  subprotocol: 'realtime',
  failure: undefined,
  storedKey: undefined,
  ...overrides,
})

describe('realtime session record (F055, F056)', () => {
  it('one record per session: duration, time to open, bytes and frames both ways', () => {
    const record = sessionRecord(facts(), 1_100)
    expect(record).toMatchObject({
      requestType: 'realtime',
      statusCode: 101,
      success: true,
      durationMs: 1_000,
      ttfbMs: 50,
      outcome: 'complete',
      errorMessage: undefined,
      response: { size: 400 },
      extra: {
        websocket: {
          subprotocol: 'realtime',
          closedBy: 'client',
          closeCode: 1000,
          framesFromClient: 3,
          bytesFromClient: 30,
          framesFromUpstream: 4,
          bytesFromUpstream: 400,
        },
      },
    })
  })

  it('an abnormal close or a refused handshake is a failure that says what happened', () => {
    const dropped = sessionRecord(
      facts({ end: { closedBy: 'upstream', code: 1011, reason: 'overloaded', error: undefined } }),
      200,
    )
    expect(dropped.success).toBe(false)
    expect(dropped.errorMessage).toBe('closed by upstream with code 1011 (overloaded)')
    const refused = sessionRecord(
      facts({
        statusCode: 401,
        end: undefined,
        stats: undefined,
        failure: 'provider refused the WebSocket with HTTP 401',
      }),
      200,
    )
    expect(refused).toMatchObject({ success: false, statusCode: 401, errorMessage: /HTTP 401/ })
  })

  it('never hands credentials to subscribers', () => {
    const headers = loggableHeaders({
      'cf-aig-authorization': 'Bearer t',
      authorization: 'Bearer sk',
      cookie: 'c',
      'sec-websocket-protocol': 'realtime, cf-aig-authorization.tok, xi-api-key.k',
      'user-agent': 'ua',
    })
    expect(headers).toEqual({
      'sec-websocket-protocol': 'realtime, cf-aig-authorization.<redacted>, xi-api-key.<redacted>',
      'user-agent': 'ua',
    })
  })
})

describe('realtime meter (F065)', () => {
  const text = (value: unknown) => Buffer.from(JSON.stringify(value))

  it('sums OpenAI usage over response.done events and ignores everything else', () => {
    const meter = createRealtimeMeter('openai', 'gpt-4o-realtime')
    const done = (input: number, output: number, cached: number) =>
      text({
        type: 'response.done',
        response: {
          usage: {
            input_tokens: input,
            output_tokens: output,
            input_token_details: { cached_tokens: cached },
          },
        },
      })
    meter.fromUpstream(text({ type: 'response.audio.delta', delta: 'AAAA' }), false)
    meter.fromUpstream(done(10, 5, 2), false)
    meter.fromUpstream(done(3, 4, 0), false)
    meter.fromUpstream(done(100, 100, 100), true)
    expect(meter.usage).toEqual({ inputTokens: 13, outputTokens: 9, cachedInputTokens: 2 })
  })

  it('reads the Gemini Live model from the setup message only', () => {
    const meter = createRealtimeMeter('google-ai-studio', undefined)
    meter.fromClient(text({ setup: { model: 'models/gemini-2.5-flash' } }), false)
    meter.fromClient(text({ setup: { model: 'models/other' } }), false)
    expect(meter.model).toBe('gemini-2.5-flash')
    expect(meter.usage).toBeUndefined()
  })
})
