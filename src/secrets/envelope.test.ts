import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { open, seal, SecretDecryptError } from './envelope.js'
import type { MasterKey } from './master-key.js'

const master = (id = 'k1'): MasterKey => ({ key: randomBytes(32), id, source: 'raw' })

describe('envelope encryption (F223, F226)', () => {
  it('round-trips a value and stores nothing that contains it', () => {
    const key = master()
    const value = 'sk-proj-SUPERSECRETVALUE-1234567890'
    const sealed = seal(key, value, 'acct/s1')
    for (const part of [sealed.ciphertext, sealed.iv, sealed.tag, sealed.wrappedKey]) {
      expect(part.toString('latin1')).not.toContain('SUPERSECRET')
    }
    expect(sealed.wrappedKey.length).toBe(12 + 32 + 16)
    expect(open(key, sealed, 'acct/s1')).toBe(value)
  })

  it('uses a fresh data key and IV per secret', () => {
    const key = master()
    const a = seal(key, 'same', 'acct/s1')
    const b = seal(key, 'same', 'acct/s1')
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false)
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false)
  })

  it('refuses another master key, naming both key ids but not the value', () => {
    const sealed = seal(master('k1'), 'sk-live-abc', 'acct/s1')
    expect(() => open(master('k2'), sealed, 'acct/s1')).toThrow(/k1.*k2/)
    const sameId = { ...master('k1') }
    expect(() => open(sameId, sealed, 'acct/s1')).toThrow(SecretDecryptError)
  })

  it('refuses a row moved to another secret id or account, or altered', () => {
    const key = master()
    const sealed = seal(key, 'sk-live-abc', 'acct/s1')
    expect(() => open(key, sealed, 'acct/s2')).toThrow(SecretDecryptError)
    expect(() => open(key, sealed, 'other/s1')).toThrow(SecretDecryptError)
    const flipped = Buffer.from(sealed.ciphertext)
    flipped[0] = flipped[0]! ^ 1
    expect(() => open(key, { ...sealed, ciphertext: flipped }, 'acct/s1')).toThrow(/altered/)
  })
})
