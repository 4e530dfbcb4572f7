import { asGatewayError, cloudflareErrorBody, openaiErrorBody, type GatewayError } from '../../core/errors.js'
import { gatewayErrorToAnthropic } from '../../translate/anthropic-input/index.js'
import { BodyCapture } from '../../usage/body-capture.js'
import type { RequestContext } from '../context.js'
import type { Next } from '../compose.js'
import { jsonReply, type Reply } from '../exchange.js'
import type { RequestRecord } from '../record.js'
import { zdrOf } from '../../billing/zdr.js'

const HEAD_BYTES = 8 * 1024
const TAIL_BYTES = 32 * 1024

/** /compat answers in OpenAI's error shape so OpenAI SDKs show the message; everything else in Cloudflare's (F144). */
/** Each entry answers gateway errors in its clients' own shape, so their SDKs surface the message (F144). */
function errorBody(context: RequestContext, error: GatewayError): string {
  const entry = context.entry
  if (entry?.kind === 'compat' && (entry.endpoint === 'v1/messages' || entry.endpoint === 'messages')) {
    return JSON.stringify(gatewayErrorToAnthropic(error).body)
  }
  return context.requestType === 'compat' ? openaiErrorBody(error) : cloudflareErrorBody(error)
}

export function errorReply(context: RequestContext, error: GatewayError): Reply {
  const body = errorBody(context, error)
  const headers: Record<string, string> = {}
  if (error.kind === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="aigw"'
  if (error.headers) Object.assign(headers, error.headers)
  return jsonReply(error.status, body, headers)
}

/**
 * Outermost stage: turns any failure into an error reply, stamps the ids on every response (F306) and watches
 * the response body on its way out so `request:end` fires exactly once, when the last byte left (or never will).
 */
export async function observe(context: RequestContext, next: Next<Reply>): Promise<Reply> {
  let reply: Reply
  let errorMessage: string | undefined
  try {
    reply = await next()
  } catch (caught) {
    const error = asGatewayError(caught)
    if (error.kind === 'internal') console.error('aigw: internal error', caught)
    errorMessage = error.message
    reply = errorReply(context, error)
  }
  Object.assign(reply.headers, context.replyHeaders)
  reply.observer = watchBody(context, reply, errorMessage)
  return reply
}

function watchBody(context: RequestContext, reply: Reply, errorMessage: string | undefined) {
  const { services } = context
  const collectPayload = context.controls?.collectLogPayload ?? true
  const limit = collectPayload ? services.config.limits.maxLogBodyBytes : 0
  const capture = new BodyCapture(limit, HEAD_BYTES, TAIL_BYTES)
  let firstByteHr: number | undefined
  let ended = false
  return {
    chunk(chunk: Buffer) {
      if (firstByteHr === undefined) firstByteHr = performance.now()
      capture.push(chunk)
    },
    end(outcome: 'complete' | 'error' | 'client-closed', error?: unknown) {
      if (ended) return
      ended = true
      const endHr = performance.now()
      const failure =
        outcome === 'complete'
          ? (errorMessage ?? context.streamError)
          : (errorMessage ?? context.streamError ?? describe(outcome, error))
      services.events.emitRequestEnd(
        buildRecord(context, reply, capture, collectPayload, {
          durationMs: endHr - context.startedHr,
          ttfbMs: (firstByteHr ?? endHr) - context.startedHr,
          outcome,
          errorMessage: failure,
        }),
      )
    },
  }
}

function describe(outcome: 'error' | 'client-closed', error: unknown): string {
  if (outcome === 'client-closed') return 'client closed the connection before the response completed'
  return `response stream failed: ${error instanceof Error ? error.message : String(error)}`
}

interface Timing {
  durationMs: number
  ttfbMs: number
  outcome: RequestRecord['outcome']
  errorMessage: string | undefined
}

function buildRecord(
  context: RequestContext,
  reply: Reply,
  capture: BodyCapture,
  collectPayload: boolean,
  timing: Timing,
): RequestRecord {
  const gateway = context.gateway
  const entry = context.entry
  const requestContentType = String(context.request.headers['content-type'] ?? '')
  const responseContentType = String(reply.headers['content-type'] ?? '')
  const headTail = capture.headTail()
  const collectLog = context.controls?.collectLog ?? gateway?.collect_logs ?? false
  return {
    logId: context.logId,
    eventId: context.eventId,
    accountId: context.accountId,
    gatewayId: context.gatewayId,
    startedAt: context.startedAt,
    durationMs: timing.durationMs,
    ttfbMs: timing.ttfbMs,
    requestType: context.requestType,
    method: context.request.method,
    path:
      context.routePath ??
      (entry?.kind === 'provider' ? entry.rest.replace(/^\//, '') : context.tail.replace(/^\//, '')),
    provider: context.provider?.slug ?? (entry?.kind === 'provider' ? entry.provider.slug : ''),
    model: context.model,
    schema: context.provider?.schema ?? (entry?.kind === 'provider' ? entry.provider.schema : 'openai-chat'),
    statusCode: reply.status,
    success: reply.status < 400 && timing.outcome === 'complete' && timing.errorMessage === undefined,
    cached: context.cached ?? false,
    step: context.step ?? 0,
    authenticated: context.authenticated,
    controls: context.controls,
    collectLog: gateway !== undefined && collectLog,
    requestHeaders: context.request.headers,
    requestContentType,
    requestBody: collectPayload ? (context.body ?? null) : null,
    responseHeaders: reply.headers,
    responseContentType,
    response: {
      size: capture.size,
      truncated: capture.truncated,
      full: collectPayload ? capture.full() : null,
      head: headTail.head,
      tail: headTail.tail,
    },
    outcome: timing.outcome,
    errorMessage: timing.errorMessage,
    usage: context.usage,
    attempts: context.attempts,
    warnings: context.warnings,
    ...(context.storedKey ? { storedKey: context.storedKey } : {}),
    ...(context.dlp ? { dlp: context.dlp } : {}),
    ...(context.logExtra ? { extra: context.logExtra } : {}),
    ...zdrOf(context),
  }
}
