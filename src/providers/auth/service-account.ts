import { GatewayError } from '../../core/errors.js'

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token'

/** The fields of a Google service-account key file that token minting and Vertex routing use. */
export interface ServiceAccountKey {
  client_email: string
  private_key: string
  /** Where the signed assertion is exchanged, also its `aud`; Google's endpoint when the file has none. */
  token_uri: string
  project_id?: string
  /** Extra key required when the JSON travels in `Authorization` (providers.md row 23, F020). */
  region?: string
}

function invalid(source: string, detail: string): GatewayError {
  return new GatewayError('invalid_request', `${source}: ${detail}`)
}

function optionalString(record: Record<string, unknown>, field: string, source: string): string | undefined {
  const value = record[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value === '')
    throw invalid(source, `"${field}" must be a non-empty string`)
  return value
}

function requiredString(record: Record<string, unknown>, field: string, source: string): string {
  const value = optionalString(record, field, source)
  if (value === undefined) throw invalid(source, `"${field}" is missing`)
  return value
}

/** Validates a parsed service-account JSON (stored via BYOK, or decoded from a header). */
export function parseServiceAccount(value: unknown, source = 'Vertex AI service account'): ServiceAccountKey {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(source, 'must be a JSON object')
  }
  const record = value as Record<string, unknown>
  const account: ServiceAccountKey = {
    client_email: requiredString(record, 'client_email', source),
    // Keys copied through env files often carry literal `\n` instead of line breaks.
    private_key: requiredString(record, 'private_key', source).replace(/\\n/g, '\n'),
    token_uri: optionalString(record, 'token_uri', source) ?? GOOGLE_TOKEN_URI,
  }
  const projectId = optionalString(record, 'project_id', source)
  const region = optionalString(record, 'region', source)
  if (projectId !== undefined) account.project_id = projectId
  if (region !== undefined) account.region = region
  return account
}

const BEARER = /^bearer\s+/i

/**
 * F020 / providers.md row 23 (b): `Authorization: Bearer <base64 of the service-account JSON incl.
 * "region">` yields the service account; a plain gcloud access token (mode c) yields `undefined` and is
 * forwarded as is. A value that decodes to something JSON-like but is not a valid service account is an
 * error rather than a silent fallback.
 */
export function parseVertexCredential(authorization: string | undefined): ServiceAccountKey | undefined {
  const token = authorization?.trim().replace(BEARER, '').trim()
  if (token === undefined || token === '') return undefined
  const text = Buffer.from(token, 'base64').toString('utf8').trim()
  if (!text.startsWith('{')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new GatewayError(
      'invalid_request',
      'Authorization holds base64 that is not valid service-account JSON',
    )
  }
  return parseServiceAccount(parsed, 'Vertex AI service account in Authorization')
}
