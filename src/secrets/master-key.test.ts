import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  decodeRawKey,
  loadMasterKey,
  MASTER_KEY_FILE,
  MASTER_SALT_FILE,
  MasterKeyError,
} from './master-key.js'

describe('master key (F223)', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-master-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('accepts 32 bytes as hex, base64 or base64url, all naming the same key', () => {
    const bytes = randomBytes(32)
    const forms = [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')]
    const keys = forms.map((form) => loadMasterKey({ configured: form, dataDir: dir }).masterKey)
    for (const key of keys) {
      expect(key.key.equals(bytes)).toBe(true)
      expect(key.source).toBe('raw')
    }
    expect(new Set(keys.map((k) => k.id)).size).toBe(1)
    expect(decodeRawKey(randomBytes(31).toString('base64'))).toBeUndefined()
  })

  it('derives a passphrase with scrypt and a salt stored once in the data dir', () => {
    const first = loadMasterKey({ configured: 'correct horse battery staple', dataDir: dir }).masterKey
    const salt = readFileSync(join(dir, MASTER_SALT_FILE), 'utf8')
    const again = loadMasterKey({ configured: 'correct horse battery staple', dataDir: dir }).masterKey
    const other = loadMasterKey({ configured: 'a different passphrase!!', dataDir: dir }).masterKey
    expect(first.source).toBe('passphrase')
    expect(first.key.length).toBe(32)
    expect(again.key.equals(first.key)).toBe(true)
    expect(other.key.equals(first.key)).toBe(false)
    expect(readFileSync(join(dir, MASTER_SALT_FILE), 'utf8')).toBe(salt)
  })

  it('refuses a short passphrase with a message that does not echo it', () => {
    expect(() => loadMasterKey({ configured: 'hunter2', dataDir: dir })).toThrow(MasterKeyError)
    expect(() => loadMasterKey({ configured: 'hunter2', dataDir: dir })).not.toThrow(/hunter2/)
  })

  it('without a configured key, generates master.key with mode 0600 once and reuses it', () => {
    const first = loadMasterKey({ configured: undefined, dataDir: dir })
    const path = join(dir, MASTER_KEY_FILE)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(first.notices.join('\n')).toMatch(/Generated a master key/)
    const second = loadMasterKey({ configured: '', dataDir: dir })
    expect(second.masterKey.key.equals(first.masterKey.key)).toBe(true)
    expect(second.masterKey.source).toBe('file')
    expect(second.notices).toEqual([])
  })

  it('refuses a damaged master.key instead of silently making a new one', () => {
    writeFileSync(join(dir, MASTER_KEY_FILE), 'not a key\n', { mode: 0o600 })
    expect(() => loadMasterKey({ configured: undefined, dataDir: dir })).toThrow(/restore the original/)
  })
})
