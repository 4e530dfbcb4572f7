/** What one data-plane request leaves behind (F245, F252, F253). */
/** `guardrail`: one guardrails evaluation, sharing the event id of the request it judged (F211). */
export type RequestType = 'provider' | 'compat' | 'universal' | 'websocket' | 'realtime' | 'guardrail'

export interface Usage {
  inputTokens: number
  outputTokens: number
  cachedInputTokens?: number
}

/**
 * F220: what DLP matched on one request, kept in the log entry's `extra.dlp` (the action is also the
 * filterable `dlpAction` column): policies, profiles and entries that matched, and in which check.
 */
export interface DlpLogFields {
  action: 'FLAG' | 'BLOCK'
  policies: string[]
  profiles: string[]
  entries: string[]
  check: Array<'REQUEST' | 'RESPONSE'>
  findings: Array<{
    check: 'REQUEST' | 'RESPONSE'
    policyIds: string[]
    profileId: string
    entryIds: string[]
  }>
  /** Set when a response was blocked after part of it had reached the client (the status was already sent). */
  blockedMidStream?: boolean
}

export interface LogEntry {
  id: string
  eventId: string
  accountId: string
  gatewayId: string
  createdAt: number
  provider: string
  model: string
  modelType: string
  path: string
  method: string
  requestType: RequestType
  statusCode: number
  success: boolean
  cached: boolean
  step: number
  durationMs: number
  ttfbMs: number
  tokensIn: number
  tokensOut: number
  cachedTokensIn: number
  cost: number
  customCost: boolean
  metadata: Record<string, string | number | boolean>
  requestContentType: string
  responseContentType: string
  requestHead: string
  responseHead: string
  requestSize: number
  responseSize: number
  /** Bodies are present only when payload collection is on and they fit the size cap (F116, F254). */
  requestBody: Uint8Array | null
  responseBody: Uint8Array | null
  requestBodyTruncated: boolean
  responseBodyTruncated: boolean
  feedback: number | null
  score: number | null
  errorMessage: string | null
  authenticated: boolean
  dlpAction: 'FLAG' | 'BLOCK' | null
  extra: Record<string, unknown>
}

export type LogOrderKey =
  | 'created_at'
  | 'provider'
  | 'model'
  | 'model_type'
  | 'success'
  | 'cached'
  | 'cost'
  | 'tokens_in'
  | 'tokens_out'
  | 'duration'

export type LogFilterOperator = 'eq' | 'neq' | 'contains' | 'lt' | 'gt'

export interface LogFilter {
  key: string
  operator: LogFilterOperator
  value: Array<string | number | boolean | null>
}

export interface LogQuery {
  accountId: string
  gatewayId: string
  filters: LogFilter[]
  search?: string
  orderBy: LogOrderKey
  direction: 'asc' | 'desc'
  page: number
  perPage: number
  /** For deletes: at most this many rows. */
  limit?: number
}

export interface LogPatch {
  feedback?: number | null
  score?: number | null
  metadata?: Record<string, string | number | boolean>
}
