import { describe, expect, it } from 'vitest'
import { isSendableCloseCode, relayedClose } from './close-codes.js'

describe('close code relay', () => {
  it.each([
    [1000, true],
    [1001, true],
    [1004, false],
    [1005, false],
    [1006, false],
    [1014, true],
    [1015, false],
    [2999, false],
    [3000, true],
    [4999, true],
    [5000, false],
  ])('%i sendable=%s', (code, sendable) => {
    expect(isSendableCloseCode(code)).toBe(sendable)
  })

  it('relays a sendable code with its reason, no code for 1005, the substitute for a vanished peer', () => {
    const reason = Buffer.from('bye')
    expect(relayedClose(4001, reason, 1014)).toEqual({ code: 4001, reason })
    expect(relayedClose(1005, reason, 1014)).toEqual({})
    expect(relayedClose(1006, reason, 1001)).toEqual({
      code: 1001,
      reason: Buffer.from('peer connection lost'),
    })
  })
})
