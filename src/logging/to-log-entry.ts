import type { LogEntry, Usage } from '../core/log-entry.js'
import type { RequestRecord } from '../pipeline/record.js'
import { computeCost } from '../usage/custom-cost.js'
import { readUsage, usageFromHeaders } from '../usage/read-usage.js'

export interface CostFunction {
  (provider: string, model: string, usage: Usage): number | undefined
}

const HEAD_LIMIT = 4096

function headOf(body: Buffer | null, fallback: Buffer): string {
  const source = body ?? fallback
  return source.subarray(0, HEAD_LIMIT).toString('utf8')
}

function modelFromBody(body: Buffer | null, contentType: string): string | undefined {
  if (!body || body.length === 0 || !contentType.includes('json')) return undefined
  try {
    const model = (JSON.parse(body.toString('utf8')) as { model?: unknown }).model
    return typeof model === 'string' ? model : undefined
  } catch {
    return undefined
  }
}

function findUsage(record: RequestRecord): { usage?: Usage; model?: string } {
  if (record.usage) return { usage: record.usage }
  const fromHeaders = usageFromHeaders(record.responseHeaders)
  if (fromHeaders) return { usage: fromHeaders }
  const { response, responseContentType: contentType } = record
  return response.full
    ? readUsage({ contentType, body: response.full })
    : readUsage({ contentType, head: response.head, tail: response.tail })
}

/**
 * Turns a finished request into its log entry: usage and model read from the kept bytes, cost from the
 * pricing catalogue or the request's custom cost (F117, F262–F266). Runs in the log writer, off the request path.
 */
export function toLogEntry(record: RequestRecord, cost: CostFunction): LogEntry {
  const found = findUsage(record)
  const model =
    record.model ?? modelFromBody(record.requestBody, record.requestContentType) ?? found.model ?? ''
  const usage = found.usage
  const price = computeCost({
    usage,
    customCost: record.controls?.customCost,
    catalogueCost: usage && !record.cached ? cost(record.provider, model, usage) : undefined,
    cached: record.cached,
  })
  const full = record.response.full
  return {
    id: record.logId,
    eventId: record.eventId,
    accountId: record.accountId,
    gatewayId: record.gatewayId,
    createdAt: record.startedAt,
    provider: record.provider,
    model,
    modelType: record.requestType === 'compat' || record.schema !== 'opaque' ? 'text' : '',
    path: record.path,
    method: record.method,
    requestType: record.requestType,
    statusCode: record.statusCode,
    success: record.success,
    cached: record.cached,
    step: record.step,
    durationMs: Math.round(record.durationMs),
    ttfbMs: Math.round(record.ttfbMs),
    tokensIn: usage?.inputTokens ?? 0,
    tokensOut: usage?.outputTokens ?? 0,
    cachedTokensIn: usage?.cachedInputTokens ?? 0,
    cost: price.cost,
    customCost: price.customCost,
    metadata: record.controls?.metadata ?? {},
    requestContentType: record.requestContentType,
    responseContentType: record.responseContentType,
    requestHead: record.requestBody ? headOf(record.requestBody, Buffer.alloc(0)) : '',
    responseHead: headOf(full, record.response.head),
    requestSize: record.requestBody?.length ?? Number(record.requestHeaders['content-length'] ?? 0),
    responseSize: record.response.size,
    requestBody: record.requestBody,
    responseBody: full,
    requestBodyTruncated: false,
    responseBodyTruncated: record.response.truncated,
    feedback: null,
    score: null,
    errorMessage: record.errorMessage ?? null,
    authenticated: record.authenticated,
    dlpAction: record.dlp?.action ?? null,
    extra: {
      // Transport-specific details (e.g. WebSocket frame and byte counts).
      ...(record.extra ?? {}),
      ...(record.warnings.length > 0 || record.attempts.length > 1
        ? { warnings: record.warnings, attempts: record.attempts }
        : {}),
      // F234: ZDR does not change logging; the entry only says whether it applied.
      ...(record.zdr !== undefined ? { zdr: record.zdr } : {}),
      // F220: policies, profiles and entries that matched; the action is also the filterable column.
      ...(record.dlp ? { dlp: record.dlp } : {}),
    },
  }
}
