import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { MasterKey } from './master-key.js'

/** What is stored for one secret: nothing in it is readable without the master key. */
export interface Sealed {
  ciphertext: Buffer
  iv: Buffer
  tag: Buffer
  /** The per-secret data key under the master key: iv ‖ ciphertext ‖ tag. */
  wrappedKey: Buffer
  keyId: string
}

const ALGORITHM = 'aes-256-gcm'
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32

/** Deliberately says nothing about the value: these messages may reach logs. */
export class SecretDecryptError extends Error {}

/**
 * Envelope encryption (F223): a fresh data key per secret encrypts the value; the master key encrypts the
 * data key. `context` (account and secret id) is authenticated data on both layers, so a row copied onto
 * another id or account fails to open instead of yielding someone else's key.
 */
export function seal(master: MasterKey, plaintext: string, context: string): Sealed {
  const dataKey = randomBytes(KEY_BYTES)
  try {
    const inner = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), `aigw/secret/${context}`)
    const outer = encrypt(master.key, dataKey, `aigw/data-key/${context}`)
    return {
      ciphertext: inner.ciphertext,
      iv: inner.iv,
      tag: inner.tag,
      wrappedKey: Buffer.concat([outer.iv, outer.ciphertext, outer.tag]),
      keyId: master.id,
    }
  } finally {
    dataKey.fill(0)
  }
}

export function open(master: MasterKey, sealed: Sealed, context: string): string {
  if (sealed.keyId !== master.id) {
    throw new SecretDecryptError(
      `secret was encrypted under master key ${sealed.keyId}, but the configured master key is ${master.id}`,
    )
  }
  const wrapped = sealed.wrappedKey
  if (wrapped.length !== IV_BYTES + KEY_BYTES + TAG_BYTES)
    throw new SecretDecryptError('malformed wrapped data key')
  const dataKey = decrypt(
    master.key,
    {
      iv: wrapped.subarray(0, IV_BYTES),
      ciphertext: wrapped.subarray(IV_BYTES, IV_BYTES + KEY_BYTES),
      tag: wrapped.subarray(IV_BYTES + KEY_BYTES),
    },
    `aigw/data-key/${context}`,
  )
  try {
    return decrypt(dataKey, sealed, `aigw/secret/${context}`).toString('utf8')
  } finally {
    dataKey.fill(0)
  }
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string) {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { iv, ciphertext, tag: cipher.getAuthTag() }
}

function decrypt(key: Buffer, parts: { iv: Buffer; ciphertext: Buffer; tag: Buffer }, aad: string): Buffer {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, parts.iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(parts.tag)
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()])
  } catch {
    throw new SecretDecryptError(
      'secret failed authentication (wrong master key, or the stored row was altered)',
    )
  }
}
