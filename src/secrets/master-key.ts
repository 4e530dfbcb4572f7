import { createHmac, randomBytes, scryptSync } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The key that wraps every secret's data key (F223, F226). It never leaves this process and is never
 * stored next to the secrets it protects, except in the generated-file mode (a single-host convenience).
 */
export interface MasterKey {
  readonly key: Buffer
  /** Fingerprint stored with each secret, so a wrong key is named as such instead of failing as "corrupt". */
  readonly id: string
  readonly source: 'raw' | 'passphrase' | 'file'
}

export interface MasterKeyOptions {
  /** `AIGW_MASTER_KEY` / `master_key`: 32 bytes as hex or base64, or a passphrase. */
  configured: string | undefined
  dataDir: string
}

export interface LoadedMasterKey {
  masterKey: MasterKey
  /** Lines for the operator. */
  notices: string[]
}

export class MasterKeyError extends Error {}

export const MASTER_KEY_FILE = 'master.key'
export const MASTER_SALT_FILE = 'master.salt'
const KEY_BYTES = 32
const MIN_PASSPHRASE = 16
/** scrypt cost: ~50–100 ms once at start-up, expensive enough per guess for an offline attack. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

export function loadMasterKey(options: MasterKeyOptions): LoadedMasterKey {
  const configured = options.configured?.trim()
  if (configured !== undefined && configured !== '') {
    const raw = decodeRawKey(configured)
    if (raw) return { masterKey: masterKey(raw, 'raw'), notices: [] }
    if (configured.length < MIN_PASSPHRASE) {
      throw new MasterKeyError(
        `AIGW_MASTER_KEY: give 32 bytes as 64 hex characters or base64, or a passphrase of at least ${MIN_PASSPHRASE} characters`,
      )
    }
    const salt = readOrCreate(
      join(options.dataDir, MASTER_SALT_FILE),
      () => randomBytes(16).toString('hex'),
      0o644,
    )
    const key = scryptSync(configured, Buffer.from(salt.value.trim(), 'hex'), KEY_BYTES, SCRYPT)
    return { masterKey: masterKey(key, 'passphrase'), notices: [] }
  }
  const path = join(options.dataDir, MASTER_KEY_FILE)
  const file = readOrCreate(path, () => randomBytes(KEY_BYTES).toString('base64'), 0o600)
  const key = decodeRawKey(file.value.trim())
  if (!key) throw new MasterKeyError(`${path}: expected 32 bytes in base64; restore the original file`)
  const notices: string[] = []
  if (file.created) {
    notices.push(`Generated a master key in ${path} (mode 0600); back it up, or set AIGW_MASTER_KEY instead.`)
  } else if ((statSync(path).mode & 0o077) !== 0) {
    notices.push(`Warning: ${path} is readable by other users; run chmod 600 on it.`)
  }
  return { masterKey: masterKey(key, 'file'), notices }
}

function masterKey(key: Buffer, source: MasterKey['source']): MasterKey {
  const id = createHmac('sha256', key).update('aigw master key id').digest('hex').slice(0, 16)
  return { key, id, source }
}

/** 64 hex characters, or standard/URL-safe base64 of exactly 32 bytes. */
export function decodeRawKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex')
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}$/.test(value)) {
    const bytes = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64')
    return bytes.length === KEY_BYTES ? bytes : undefined
  }
  return undefined
}

/** Creates the file exclusively, so two processes starting together end up with the same content. */
function readOrCreate(path: string, make: () => string, mode: number): { value: string; created: boolean } {
  try {
    return { value: readFileSync(path, 'utf8'), created: false }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const value = make()
  try {
    writeFileSync(path, `${value}\n`, { flag: 'wx', mode })
    return { value, created: true }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return { value: readFileSync(path, 'utf8'), created: false }
  }
}
