import type { LogEntry } from '../core/log-entry.js'

/**
 * A stored log entry in the `cloudflare` SDK's `LogListResponse` / `LogGetResponse` shape (F252, F253).
 * Beyond the SDK's fields, aigw adds `event_id`, `feedback`, `score`, `dlp_action`, `authentication`,
 * `method`, `ttfb` (ms to the first upstream byte), `cached_tokens_in` and `error_message`; clients that
 * only know the SDK's fields ignore them.
 */
export interface LogListItem {
  id: string
  cached: boolean
  created_at: string
  duration: number
  model: string
  path: string
  provider: string
  success: boolean
  tokens_in: number | null
  tokens_out: number | null
  cost: number
  custom_cost: boolean
  /** F261: a JSON-encoded string, not an object. */
  metadata: string
  model_type: string
  request_content_type: string
  request_type: string
  response_content_type: string
  status_code: number
  step: number
  event_id: string
  feedback: number | null
  score: number | null
  dlp_action: 'FLAG' | 'BLOCK' | null
  authentication: boolean
  method: string
  ttfb: number
  cached_tokens_in: number
  error_message: string | null
}

export interface LogDetail extends LogListItem {
  request_head: string
  request_head_complete: boolean
  request_size: number
  response_head: string
  response_head_complete: boolean
  response_size: number
  /** aigw diagnostics: translation `warnings` and every upstream try (`attempts`) when there was more than one. */
  extra: Record<string, unknown>
}

export function toLogListItem(entry: LogEntry): LogListItem {
  return {
    id: entry.id,
    cached: entry.cached,
    created_at: new Date(entry.createdAt).toISOString(),
    duration: entry.durationMs,
    model: entry.model,
    path: entry.path,
    provider: entry.provider,
    success: entry.success,
    tokens_in: entry.tokensIn,
    tokens_out: entry.tokensOut,
    cost: entry.cost,
    custom_cost: entry.customCost,
    metadata: JSON.stringify(entry.metadata),
    model_type: entry.modelType,
    request_content_type: entry.requestContentType,
    request_type: entry.requestType,
    response_content_type: entry.responseContentType,
    status_code: entry.statusCode,
    step: entry.step,
    event_id: entry.eventId,
    feedback: entry.feedback,
    score: entry.score,
    dlp_action: entry.dlpAction,
    authentication: entry.authenticated,
    method: entry.method,
    ttfb: entry.ttfbMs,
    cached_tokens_in: entry.cachedTokensIn,
    error_message: entry.errorMessage,
  }
}

/** The head is the start of the body; it is complete when it holds the whole body. */
export function toLogDetail(entry: LogEntry): LogDetail {
  return {
    ...toLogListItem(entry),
    request_head: entry.requestHead,
    request_head_complete: Buffer.byteLength(entry.requestHead) >= entry.requestSize,
    request_size: entry.requestSize,
    response_head: entry.responseHead,
    response_head_complete: Buffer.byteLength(entry.responseHead) >= entry.responseSize,
    response_size: entry.responseSize,
    extra: entry.extra,
  }
}
