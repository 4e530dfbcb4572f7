import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseStoredValue, storedValuePreview } from './stored-value.js'

const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()
const serviceAccount = {
  type: 'service_account',
  client_email: 'svc@proj.iam.gserviceaccount.com',
  private_key: privateKey,
  project_id: 'proj',
}

describe('stored provider key values (F223, F228, F022)', () => {
  it('keeps a plain key for most providers and previews at most 4 + 4 characters', () => {
    const value = parseStoredValue('openai', '  sk-proj-0123456789abcdefXYZ  ')
    expect(value).toEqual({ kind: 'key', key: 'sk-proj-0123456789abcdefXYZ' })
    expect(storedValuePreview(value)).toBe('sk-p…fXYZ')
  })

  it('F228 accepts a Vertex service account as raw or base64 JSON', () => {
    const raw = parseStoredValue('google-vertex-ai', JSON.stringify(serviceAccount))
    const encoded = parseStoredValue(
      'google-vertex-ai',
      Buffer.from(JSON.stringify(serviceAccount)).toString('base64'),
    )
    expect(raw).toEqual(encoded)
    expect(raw.kind === 'vertex' && raw.account.project_id).toBe('proj')
    expect(storedValuePreview(raw)).not.toContain('PRIVATE')
    expect(storedValuePreview(raw).length).toBeLessThanOrEqual(9)
  })

  it('F022 Workers AI holds {account_id, api_token} or a bare API token', () => {
    expect(
      parseStoredValue('workers-ai', '{"account_id":"abc123","api_token":"cf-token-0123456789"}'),
    ).toEqual({
      kind: 'workers-ai',
      apiToken: 'cf-token-0123456789',
      accountId: 'abc123',
    })
    expect(parseStoredValue('workers-ai', 'cf-token-0123456789')).toEqual({
      kind: 'workers-ai',
      apiToken: 'cf-token-0123456789',
      accountId: undefined,
    })
  })

  it('refuses malformed values with messages that never contain the value', () => {
    const cases: Array<[string, string]> = [
      ['openai', 'sk-secret\r\nx-evil: 1'],
      ['google-vertex-ai', '{"client_email":"sk-secret-leak"'],
      ['google-vertex-ai', JSON.stringify({ client_email: 'a@b', private_key: '' })],
      ['workers-ai', '{"account_id":"x/../y","api_token":"sk-secret-leak"}'],
      ['workers-ai', '{"account_id":"abc","api_token":""}'],
    ]
    for (const [slug, value] of cases) {
      let message = ''
      try {
        parseStoredValue(slug, value)
      } catch (error) {
        message = (error as Error).message
      }
      expect(message, `${slug} ${value}`).toMatch(/./)
      expect(message).not.toMatch(/sk-secret/)
    }
  })
})
