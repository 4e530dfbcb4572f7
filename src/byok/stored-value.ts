import { GatewayError } from '../core/errors.js'
import { parseServiceAccount, type ServiceAccountKey } from '../providers/auth/vertex-service-account.js'
import { secretPreview } from '../secrets/secret-preview.js'

/**
 * What a stored provider key holds, by provider (F223, F228, F022):
 * - most providers: the API key as a string;
 * - `google-vertex-ai`: the service-account JSON (raw or base64); the region comes from the config's
 *   `region` or the JSON's own `region` key;
 * - `workers-ai`: `{"account_id": "<Cloudflare account id>", "api_token": "<API token>"}`, or a bare API
 *   token when the account id is configured in `providers.workers-ai.account_id`.
 */
export type StoredValue =
  | { kind: 'key'; key: string }
  | { kind: 'vertex'; account: ServiceAccountKey }
  | { kind: 'workers-ai'; apiToken: string; accountId: string | undefined }

const ACCOUNT_ID = /^[A-Za-z0-9_-]+$/

/** Parses a stored value; errors name the provider and the field, never the value. */
export function parseStoredValue(providerSlug: string, value: string): StoredValue {
  if (providerSlug === 'google-vertex-ai') return { kind: 'vertex', account: parseVertexValue(value) }
  if (providerSlug === 'workers-ai') return parseWorkersAiValue(value)
  const key = value.trim()
  if (key === '' || hasControlCharacter(key)) {
    throw new GatewayError(
      'invalid_request',
      `the stored ${providerSlug} key is empty or contains control characters`,
    )
  }
  return { kind: 'key', key }
}

/** What the API shows for a stored value: a preview of its secret part only. */
export function storedValuePreview(value: StoredValue): string {
  if (value.kind === 'key') return secretPreview(value.key)
  if (value.kind === 'workers-ai') return secretPreview(value.apiToken)
  return secretPreview(value.account.private_key.replace(/-----[A-Z ]+-----|\s/g, ''))
}

function parseVertexValue(value: string): ServiceAccountKey {
  const text = value.trim()
  const json = text.startsWith('{') ? text : Buffer.from(text, 'base64').toString('utf8').trim()
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw new GatewayError(
      'invalid_request',
      'the google-vertex-ai secret must be the service-account JSON key file (raw or base64)',
    )
  }
  return parseServiceAccount(parsed, 'google-vertex-ai service account')
}

function parseWorkersAiValue(value: string): StoredValue {
  const text = value.trim()
  if (!text.startsWith('{')) {
    if (text === '' || hasControlCharacter(text)) {
      throw new GatewayError(
        'invalid_request',
        'the stored workers-ai API token is empty or contains control characters',
      )
    }
    return { kind: 'workers-ai', apiToken: text, accountId: undefined }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new GatewayError(
      'invalid_request',
      'the workers-ai secret must be {"account_id", "api_token"} JSON or an API token',
    )
  }
  const record = (parsed ?? {}) as Record<string, unknown>
  const token = record.api_token
  const account = record.account_id
  if (typeof token !== 'string' || token.trim() === '' || hasControlCharacter(token)) {
    throw new GatewayError('invalid_request', 'the workers-ai secret needs "api_token", a non-empty string')
  }
  if (account !== undefined && (typeof account !== 'string' || !ACCOUNT_ID.test(account))) {
    throw new GatewayError(
      'invalid_request',
      'the workers-ai secret\'s "account_id" must be a Cloudflare account id',
    )
  }
  return { kind: 'workers-ai', apiToken: token.trim(), accountId: account }
}

function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}
