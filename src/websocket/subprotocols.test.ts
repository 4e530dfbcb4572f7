import { describe, expect, it } from 'vitest'
import { chooseSubprotocol, entryValue, isSecretEntry, parseOffered } from './subprotocols.js'

describe('Sec-WebSocket-Protocol entries', () => {
  it('F057 splits <name>.<value> at the first dot and keeps the value as sent', () => {
    const offered = parseOffered(['xi-api-key.sk_a.b', 'cf-aig-authorization.aigw_TOK, realtime'])
    expect(offered.map(({ name, value }) => [name, value])).toEqual([
      ['xi-api-key', 'sk_a.b'],
      ['cf-aig-authorization', 'aigw_TOK'],
      ['realtime', undefined],
    ])
    expect(entryValue(offered, 'cf-aig-authorization')).toBe('aigw_TOK')
    expect(entryValue(offered, 'fal-api-key')).toBeUndefined()
  })

  it.each([
    ['cf-aig-authorization.t', true],
    ['xi-api-key.k', true],
    ['fal-api-key.k', true],
    ['openai-insecure-api-key.k', true],
    ['some-token.value', true],
    ['realtime', false],
    ['openai-beta.realtime-v1', false],
    ['aigw', false],
  ])('classifies %s as secret=%s', (raw, secret) => {
    expect(isSecretEntry(parseOffered(raw)[0]!)).toBe(secret)
  })
})

describe('F057 choosing the subprotocol the handshake answers with', () => {
  it('selects nothing when nothing was offered', () => {
    expect(chooseSubprotocol([])).toBeUndefined()
  })

  it('echoes what the provider selected', () => {
    const offered = parseOffered('cf-aig-authorization.t, openai-beta.realtime-v1, realtime')
    expect(chooseSubprotocol(offered, 'realtime')).toBe('realtime')
  })

  it('prefers the first entry that carries no secret', () => {
    const offered = parseOffered('xi-api-key.k, cf-aig-authorization.t, aigw')
    expect(chooseSubprotocol(offered)).toBe('aigw')
    expect(chooseSubprotocol(offered, 'not-offered')).toBe('aigw')
  })

  it('falls back to the client’s own gateway entry when only credentials were offered (the documented examples)', () => {
    const offered = parseOffered('fal-api-key.secret, cf-aig-authorization.t')
    expect(chooseSubprotocol(offered)).toBe('cf-aig-authorization.t')
  })

  it('answers with a provider credential entry only when nothing else was offered', () => {
    expect(chooseSubprotocol(parseOffered('xi-api-key.k'))).toBe('xi-api-key.k')
  })
})
