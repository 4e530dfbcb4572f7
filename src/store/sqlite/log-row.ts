import type { LogEntry, RequestType } from '../../core/log-entry.js'
import { extraJson } from '../log-query/validate-log-entry.js'

/** The `logs` table row (see migrations.ts) and its mapping to and from LogEntry. */
export interface LogRow {
  seq: number
  id: string
  event_id: string
  created_at: number
  provider: string
  model: string
  model_type: string
  path: string
  method: string
  request_type: string
  status_code: number
  success: number
  cached: number
  step: number
  duration_ms: number
  ttfb_ms: number
  tokens_in: number
  tokens_out: number
  cached_tokens_in: number
  cost: number
  custom_cost: number
  metadata: string
  request_content_type: string
  response_content_type: string
  request_head: string
  response_head: string
  request_size: number
  response_size: number
  request_body_truncated: number
  response_body_truncated: number
  feedback: number | null
  score: number | null
  error_message: string | null
  authenticated: number
  dlp_action: string | null
  extra: string
}

export type LogInsertParams = Omit<LogRow, 'seq'> & { scope: number }

const rowColumns: ReadonlyArray<keyof LogRow> = [
  'seq',
  'id',
  'event_id',
  'created_at',
  'provider',
  'model',
  'model_type',
  'path',
  'method',
  'request_type',
  'status_code',
  'success',
  'cached',
  'step',
  'duration_ms',
  'ttfb_ms',
  'tokens_in',
  'tokens_out',
  'cached_tokens_in',
  'cost',
  'custom_cost',
  'metadata',
  'request_content_type',
  'response_content_type',
  'request_head',
  'response_head',
  'request_size',
  'response_size',
  'request_body_truncated',
  'response_body_truncated',
  'feedback',
  'score',
  'error_message',
  'authenticated',
  'dlp_action',
  'extra',
]

/** Qualified select list; never includes bodies. */
export const LOG_SELECT_COLUMNS = rowColumns.map((c) => `logs.${c}`).join(', ')

const insertColumns = ['scope', ...rowColumns.filter((c) => c !== 'seq')]

export const LOG_INSERT_SQL = `INSERT OR IGNORE INTO logs (${insertColumns.join(', ')}) VALUES (${insertColumns
  .map((c) => `@${c}`)
  .join(', ')})`

export function toInsertParams(entry: LogEntry, scope: number): LogInsertParams {
  return {
    scope,
    id: entry.id,
    event_id: entry.eventId,
    created_at: entry.createdAt,
    provider: entry.provider,
    model: entry.model,
    model_type: entry.modelType,
    path: entry.path,
    method: entry.method,
    request_type: entry.requestType,
    status_code: entry.statusCode,
    success: bit(entry.success),
    cached: bit(entry.cached),
    step: entry.step,
    duration_ms: entry.durationMs,
    ttfb_ms: entry.ttfbMs,
    tokens_in: entry.tokensIn,
    tokens_out: entry.tokensOut,
    cached_tokens_in: entry.cachedTokensIn,
    cost: entry.cost,
    custom_cost: bit(entry.customCost),
    metadata: JSON.stringify(entry.metadata),
    request_content_type: entry.requestContentType,
    response_content_type: entry.responseContentType,
    request_head: entry.requestHead,
    response_head: entry.responseHead,
    request_size: entry.requestSize,
    response_size: entry.responseSize,
    request_body_truncated: bit(entry.requestBodyTruncated),
    response_body_truncated: bit(entry.responseBodyTruncated),
    feedback: entry.feedback,
    score: entry.score,
    error_message: entry.errorMessage,
    authenticated: bit(entry.authenticated),
    dlp_action: entry.dlpAction,
    extra: extraJson(entry),
  }
}

export interface Bodies {
  request: Uint8Array | null
  response: Uint8Array | null
}

export function fromRow(row: LogRow, accountId: string, gatewayId: string, bodies: Bodies | null): LogEntry {
  return {
    id: row.id,
    eventId: row.event_id,
    accountId,
    gatewayId,
    createdAt: row.created_at,
    provider: row.provider,
    model: row.model,
    modelType: row.model_type,
    path: row.path,
    method: row.method,
    requestType: row.request_type as RequestType,
    statusCode: row.status_code,
    success: row.success === 1,
    cached: row.cached === 1,
    step: row.step,
    durationMs: row.duration_ms,
    ttfbMs: row.ttfb_ms,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    cachedTokensIn: row.cached_tokens_in,
    cost: row.cost,
    customCost: row.custom_cost === 1,
    metadata: JSON.parse(row.metadata) as LogEntry['metadata'],
    requestContentType: row.request_content_type,
    responseContentType: row.response_content_type,
    requestHead: row.request_head,
    responseHead: row.response_head,
    requestSize: row.request_size,
    responseSize: row.response_size,
    requestBody: bodies?.request ?? null,
    responseBody: bodies?.response ?? null,
    requestBodyTruncated: row.request_body_truncated === 1,
    responseBodyTruncated: row.response_body_truncated === 1,
    feedback: row.feedback,
    score: row.score,
    errorMessage: row.error_message,
    authenticated: row.authenticated === 1,
    dlpAction: row.dlp_action === 'FLAG' || row.dlp_action === 'BLOCK' ? row.dlp_action : null,
    extra: JSON.parse(row.extra) as Record<string, unknown>,
  }
}

function bit(value: boolean): number {
  return value ? 1 : 0
}
