import type { LogEntry, LogFilterOperator, LogOrderKey } from '../../core/log-entry.js'

/**
 * The log filter/order vocabulary of the Cloudflare logs API (F251, F253), shared by every backend so
 * that they agree on which keys exist, what type their values have and which operators apply.
 */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'time'

export type ColumnValue = string | number | boolean | null

export interface ColumnKey {
  kind: ColumnKind
  /** Column name in the SQL backends. */
  column: string
  nullable: boolean
  read(entry: LogEntry): ColumnValue
}

const operatorsByKind: Record<ColumnKind, readonly LogFilterOperator[]> = {
  text: ['eq', 'neq', 'contains', 'lt', 'gt'],
  number: ['eq', 'neq', 'lt', 'gt'],
  boolean: ['eq', 'neq'],
  time: ['eq', 'neq', 'lt', 'gt'],
}

export function operatorsFor(kind: ColumnKind): readonly LogFilterOperator[] {
  return operatorsByKind[kind]
}

function key(
  kind: ColumnKind,
  column: string,
  read: (entry: LogEntry) => ColumnValue,
  nullable = false,
): ColumnKey {
  return { kind, column, nullable, read }
}

const orderable = {
  created_at: key('time', 'created_at', (e) => e.createdAt),
  provider: key('text', 'provider', (e) => e.provider),
  model: key('text', 'model', (e) => e.model),
  model_type: key('text', 'model_type', (e) => e.modelType),
  success: key('boolean', 'success', (e) => e.success),
  cached: key('boolean', 'cached', (e) => e.cached),
  cost: key('number', 'cost', (e) => e.cost),
  tokens_in: key('number', 'tokens_in', (e) => e.tokensIn),
  tokens_out: key('number', 'tokens_out', (e) => e.tokensOut),
  duration: key('number', 'duration_ms', (e) => e.durationMs),
} satisfies Record<LogOrderKey, ColumnKey>

export const logOrderKeys: Readonly<Record<LogOrderKey, ColumnKey>> = orderable

/** A Map, not an object, so that keys like `constructor` are unknown rather than inherited. */
export const logColumnKeys: ReadonlyMap<string, ColumnKey> = new Map(
  Object.entries({
    ...orderable,
    id: key('text', 'id', (e) => e.id),
    event_id: key('text', 'event_id', (e) => e.eventId),
    request_content_type: key('text', 'request_content_type', (e) => e.requestContentType),
    response_content_type: key('text', 'response_content_type', (e) => e.responseContentType),
    request_type: key('text', 'request_type', (e) => e.requestType),
    tokens: key('number', 'tokens', (e) => e.tokensIn + e.tokensOut),
    feedback: key('number', 'feedback', (e) => e.feedback, true),
    authentication: key('boolean', 'authenticated', (e) => e.authenticated),
    dlp_action: key('text', 'dlp_action', (e) => e.dlpAction, true),
    status_code: key('number', 'status_code', (e) => e.statusCode),
  }),
)

/** Keys with metadata semantics (F260, F330); `metadata.<name>` matches one key's value. */
export const METADATA_KEY = 'metadata.key'
export const METADATA_VALUE = 'metadata.value'
export const METADATA_PREFIX = 'metadata.'
