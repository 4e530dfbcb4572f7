import type { LogEntry, LogPatch } from '../../core/log-entry.js'

/**
 * Checked before anything is written so that one malformed entry fails loudly with the field's
 * name, instead of a backend silently coercing it (NaN → NULL) or failing a whole batch obscurely.
 */
const stringFields = [
  'id',
  'eventId',
  'accountId',
  'gatewayId',
  'provider',
  'model',
  'modelType',
  'path',
  'method',
  'requestType',
  'requestContentType',
  'responseContentType',
  'requestHead',
  'responseHead',
] as const satisfies ReadonlyArray<keyof LogEntry>

const numberFields = [
  'createdAt',
  'statusCode',
  'step',
  'durationMs',
  'ttfbMs',
  'tokensIn',
  'tokensOut',
  'cachedTokensIn',
  'cost',
  'requestSize',
  'responseSize',
] as const satisfies ReadonlyArray<keyof LogEntry>

const booleanFields = [
  'success',
  'cached',
  'customCost',
  'requestBodyTruncated',
  'responseBodyTruncated',
  'authenticated',
] as const satisfies ReadonlyArray<keyof LogEntry>

export function validateLogEntry(entry: LogEntry): void {
  const problem = findProblem(entry)
  if (problem) throw new Error(`Invalid log entry ${JSON.stringify(String(entry.id))}: ${problem}`)
}

function findProblem(entry: LogEntry): string | undefined {
  for (const field of stringFields) {
    if (typeof entry[field] !== 'string') return `${field} must be a string`
  }
  if (entry.id === '') return 'id must not be empty'
  for (const field of numberFields) {
    if (!isFiniteNumber(entry[field])) return `${field} must be a finite number`
  }
  for (const field of booleanFields) {
    if (typeof entry[field] !== 'boolean') return `${field} must be a boolean`
  }
  if (entry.feedback !== null && !isFiniteNumber(entry.feedback))
    return 'feedback must be a finite number or null'
  if (entry.score !== null && !isFiniteNumber(entry.score)) return 'score must be a finite number or null'
  if (entry.errorMessage !== null && typeof entry.errorMessage !== 'string')
    return 'errorMessage must be a string or null'
  if (entry.dlpAction !== null && entry.dlpAction !== 'FLAG' && entry.dlpAction !== 'BLOCK') {
    return 'dlpAction must be FLAG, BLOCK or null'
  }
  if (entry.requestBody !== null && !(entry.requestBody instanceof Uint8Array))
    return 'requestBody must be bytes or null'
  if (entry.responseBody !== null && !(entry.responseBody instanceof Uint8Array))
    return 'responseBody must be bytes or null'
  if (typeof entry.extra !== 'object' || entry.extra === null) return 'extra must be an object'
  return metadataProblem(entry.metadata)
}

/** `extra` is stored as JSON text; a value JSON cannot carry (a BigInt, a cycle) fails the append loudly. */
export function extraJson(entry: LogEntry): string {
  try {
    return JSON.stringify(entry.extra)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(
      `Invalid log entry ${JSON.stringify(String(entry.id))}: extra is not JSON-serialisable (${reason})`,
    )
  }
}

export function validateLogPatch(patch: LogPatch): void {
  const problem =
    (patch.feedback !== undefined && patch.feedback !== null && !isFiniteNumber(patch.feedback)
      ? 'feedback must be a finite number or null'
      : undefined) ??
    (patch.score !== undefined && patch.score !== null && !isFiniteNumber(patch.score)
      ? 'score must be a finite number or null'
      : undefined) ??
    (patch.metadata !== undefined ? metadataProblem(patch.metadata) : undefined)
  if (problem) throw new Error(`Invalid log patch: ${problem}`)
}

/** F259: metadata values are strings, finite numbers or booleans. */
function metadataProblem(metadata: unknown): string | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    return 'metadata must be an object'
  for (const [key, value] of Object.entries(metadata)) {
    const ok = typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value)
    if (!ok) return `metadata.${key} must be a string, a finite number or a boolean`
  }
  return undefined
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
