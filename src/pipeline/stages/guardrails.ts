import { GatewayError } from '../../core/errors.js'
import { categoryName, type CategoryActions, type Direction } from '../../policy/guardrails/categories.js'
import { answerContext, joinSegments } from '../../policy/guardrails/conversation-text.js'
import type { Evaluation, EvaluatorCredential } from '../../policy/guardrails/evaluator.js'
import { checksResponse } from '../../policy/guardrails/model-type.js'
import { actionsFor, blocksAnything, isActive, type Decision } from '../../policy/guardrails/policy.js'
import { asChunks, readUpTo } from '../../policy/guardrails/read-body.js'
import { GuardrailsRuntime } from '../../policy/guardrails/runtime.js'
import { guardrailInspectorOptions } from '../../policy/guardrails/stream-guard.js'
import {
  answeringStep,
  describeRequest,
  type GuardedEntry,
  type GuardedRequest,
} from '../../policy/guardrails/subject.js'
import { inspectStream } from '../../policy/stream-inspector.js'
import { bodyKind, createResponseTextReader, type TextSchema } from '../../policy/text/index.js'
import { streamErrorEvent } from '../../universal/stream-error-event.js'
import type { Next } from '../compose.js'
import type { RequestContext, Services } from '../context.js'
import type { Reply } from '../exchange.js'
import type { RequestRecord } from '../record.js'

/** Answers larger than this are not buffered for a check; they count as unevaluated (F207). */
const MAX_CHECKED_RESPONSE_BYTES = 64 * 1024 * 1024
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS'])
const HEAD_BYTES = 8 * 1024
const TAIL_BYTES = 32 * 1024

const runtimes = new WeakMap<Services, GuardrailsRuntime>()

/** One evaluator per process, built on first use from the config the process started with. */
export function guardrailsRuntime(services: Services): GuardrailsRuntime {
  let runtime = runtimes.get(services)
  if (!runtime) {
    const { config, upstream, clock } = services
    runtime = new GuardrailsRuntime(
      {
        model: config.guardrailsModel,
        guardrails: config.guardrails,
        upstreams: config.upstreams,
        workersAiAccountId: config.workersAiAccountId,
      },
      upstream,
      () => clock.now(),
    )
    runtimes.set(services, runtime)
  }
  return runtime
}

interface Guard {
  context: RequestContext
  runtime: GuardrailsRuntime
  credential: EvaluatorCredential | undefined
}

/**
 * F212: the gateway's stored key for the evaluator's provider (its default alias, F224) when it has one, else
 * the operator's `guardrails.api_key`. A stored key that cannot be used is noted and the operator key tried.
 */
export async function evaluatorCredential(
  context: Pick<RequestContext, 'accountId' | 'gatewayId' | 'warnings'> & {
    services: Pick<Services, 'storedKeys'>
  },
  runtime: Pick<GuardrailsRuntime, 'providerSlug' | 'apiKey'>,
): Promise<EvaluatorCredential | undefined> {
  const fallback = runtime.apiKey === undefined ? undefined : { key: runtime.apiKey }
  const slug = runtime.providerSlug
  const keys = context.services.storedKeys
  if (!slug || !keys) return fallback
  try {
    const stored = await keys.find(context.accountId, context.gatewayId, slug, undefined)
    if (stored?.value.kind === 'key') return { key: stored.value.key }
    if (stored?.value.kind === 'workers-ai') {
      const { apiToken, accountId } = stored.value
      return accountId === undefined ? { key: apiToken } : { key: apiToken, workersAiAccountId: accountId }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    context.warnings.push(`guardrails: the stored ${slug} key could not be used: ${reason}`)
  }
  return fallback
}

/**
 * Guardrails (F201–F212): the prompt is judged before any model sees it (BLOCK → 2016, F140), the answer of a
 * text-generation model before the client does (BLOCK → 2017, F141; F205), a streamed answer piece by piece
 * (beyond F206). FLAG only records. Every evaluation is logged as its own entry under the request's event id
 * (F211). Gateways without guardrails pay two property reads.
 */
export async function guardrails(context: RequestContext, next: Next<Reply>): Promise<Reply> {
  const promptActions = actionsFor(context.gateway, 'prompt')
  const responseActions = actionsFor(context.gateway, 'response')
  if (!isActive(promptActions) && !isActive(responseActions)) return next()
  const read = await readRequest(context)
  if (!read) return next()
  const runtime = guardrailsRuntime(context.services)
  const guard: Guard = { context, runtime, credential: await evaluatorCredential(context, runtime) }
  if (isActive(promptActions)) {
    const text = joinSegments(read.subject.segments)
    const result = await runtime.check({
      direction: 'prompt',
      actions: promptActions,
      text,
      credential: guard.credential,
      signal: context.request.signal,
    })
    logEvaluations(guard, result.evaluations)
    enforce(context, 'prompt', result.decision)
  }
  const reply = await next()
  if (!isActive(responseActions) || reply.status < 200 || reply.status > 299) return reply
  const answer = read.subject.responseSchema
    ? { schema: read.subject.responseSchema, modelType: read.subject.modelType }
    : answeringStep(read.json, context.step ?? 0)
  if (!checksResponse(answer.modelType)) return reply
  return guardResponse(guard, responseActions, answer.schema, read.subject, reply)
}

function guardedEntry(context: RequestContext): GuardedEntry | undefined {
  const entry = context.entry
  if (entry?.kind === 'provider') return { kind: 'provider', schema: entry.provider.schema, path: entry.rest }
  if (entry?.kind === 'compat') return { kind: 'compat', endpoint: entry.endpoint }
  if (entry?.kind === 'universal') return { kind: 'universal' }
  return undefined
}

/** JSON as the body's schema reads it; a text body as one piece of text; anything else carries no prompt. */
function parseBody(body: Buffer, contentType: string): unknown {
  const text = body.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return /^\s*text\//i.test(contentType) ? text : undefined
  }
}

async function readRequest(
  context: RequestContext,
): Promise<{ subject: GuardedRequest; json: unknown } | undefined> {
  const entry = guardedEntry(context)
  const { request, services } = context
  const headers = request.headers
  if (!entry) return undefined
  if (
    BODYLESS.has(request.method.toUpperCase()) &&
    headers['content-length'] === undefined &&
    headers['transfer-encoding'] === undefined
  ) {
    return undefined
  }
  // Memoised: the route reads the same buffer again without touching the socket.
  const body = await request.readBody(services.config.limits.maxRequestBytes)
  if (body.length === 0) return undefined
  const json = parseBody(body, String(headers['content-type'] ?? ''))
  if (json === undefined) return undefined
  const subject = describeRequest(entry, json)
  return subject && { subject, json }
}

function describeMatches(decision: Decision, action: 'FLAG' | 'BLOCK'): string {
  return decision.matches
    .filter((match) => match.action === action)
    .map((match) => `${match.category} (${categoryName(match.category)})`)
    .join(', ')
}

function blockError(direction: Direction, decision: Decision): GatewayError {
  const kind = direction === 'prompt' ? 'prompt_blocked' : 'response_blocked'
  const matched = describeMatches(decision, 'BLOCK')
  return new GatewayError(kind, matched || decision.unevaluated || 'not evaluated')
}

/** FLAG (F204) and a FLAG-only direction that went unevaluated (F207) leave a note on the request's log. */
function note(context: RequestContext, direction: Direction, decision: Decision): void {
  const notes: string[] = []
  const flagged = describeMatches(decision, 'FLAG')
  if (flagged) notes.push(`guardrails: ${direction} flagged ${flagged}`)
  if (decision.unevaluated && decision.action !== 'BLOCK') {
    notes.push(`guardrails: ${direction} not evaluated: ${decision.unevaluated}`)
  }
  for (const text of notes) if (!context.warnings.includes(text)) context.warnings.push(text)
}

function enforce(context: RequestContext, direction: Direction, decision: Decision): void {
  note(context, direction, decision)
  if (decision.action === 'BLOCK') throw blockError(direction, decision)
}

async function guardResponse(
  guard: Guard,
  actions: CategoryActions,
  schema: TextSchema,
  subject: GuardedRequest,
  reply: Reply,
): Promise<Reply> {
  const contentType = headerText(reply.headers['content-type'])
  const kind = bodyKind(contentType)
  const context = answerContext(subject.segments, guard.runtime.limits.chunkChars)
  if (kind === 'sse') return guardStream(guard, actions, schema, context, reply)
  if (kind !== 'json') {
    // Audio, images, binary event streams: no text a moderation model could judge (like an unknown type, F205).
    note(guard.context, 'response', {
      action: null,
      matches: [],
      unevaluated: `an answer of type ${contentType || '(none)'} carries no readable text`,
    })
    return reply
  }
  const read = await readUpTo(reply.body, MAX_CHECKED_RESPONSE_BYTES)
  if (!read.complete) {
    const unevaluated = `an answer larger than ${MAX_CHECKED_RESPONSE_BYTES} bytes`
    enforce(guard.context, 'response', {
      action: blocksAnything(actions) ? 'BLOCK' : null,
      matches: [],
      unevaluated,
    })
    return { ...reply, body: read.body }
  }
  const reader = createResponseTextReader(schema, contentType)
  const segments = [...reader.push(read.bytes), ...reader.end()]
  const result = await guard.runtime.check({
    direction: 'response',
    actions,
    text: joinSegments(segments),
    context,
    credential: guard.credential,
    signal: guard.context.request.signal,
  })
  logEvaluations(guard, result.evaluations)
  enforce(guard.context, 'response', result.decision)
  return { ...reply, body: read.bytes }
}

/**
 * A streamed answer is released as its text passes (beyond F206). A block before the first byte is an ordinary
 * 2017 reply; later, the client gets the schema's error event and the log records the failure.
 */
async function guardStream(
  guard: Guard,
  actions: CategoryActions,
  schema: TextSchema,
  answerContext: string,
  reply: Reply,
): Promise<Reply> {
  const { context, runtime } = guard
  let blocking: Decision = { action: 'BLOCK', matches: [] }
  const options = guardrailInspectorOptions({
    schema,
    batchChars: runtime.streamBatchChars,
    contextChars: runtime.streamBatchChars,
    async evaluate(text) {
      const result = await runtime.check({
        direction: 'response',
        actions,
        text,
        context: answerContext,
        credential: guard.credential,
        signal: context.request.signal,
      })
      logEvaluations(guard, result.evaluations)
      note(context, 'response', result.decision)
      if (result.decision.action === 'BLOCK') blocking = result.decision
      return result.decision
    },
    blockOutput() {
      const error = blockError('response', blocking)
      context.streamError = error.message
      return streamErrorEvent(schema === 'anthropic-messages' ? 'anthropic' : 'openai', error)
    },
  })
  const inspected = await inspectStream(asChunks(reply.body), options)
  if (inspected.blockedBeforeOutput) throw blockError('response', blocking)
  // A block may replace the rest with an error event: a declared length would no longer hold.
  const { 'content-length': _length, ...headers } = reply.headers
  return { ...reply, headers, body: inspected.body }
}

function headerText(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? ''
}

function logEvaluations(guard: Guard, evaluations: readonly Evaluation[]): void {
  evaluations.forEach((evaluation, index) => {
    guard.context.services.events.emitRequestEnd(
      evaluationRecord(guard, evaluation, index, evaluations.length),
    )
  })
}

/**
 * F211: each evaluation is a log entry of its own (`request_type: guardrail`) carrying the request's event id,
 * its metadata and its payload-logging choice; the verdict is in `extra.guardrail` and in the stored answer.
 */
function evaluationRecord(guard: Guard, evaluation: Evaluation, index: number, count: number): RequestRecord {
  const { context, runtime } = guard
  const { services, controls, gateway } = context
  const target = runtime.target!
  const collectPayload = controls?.collectLogPayload ?? true
  const keep = (bytes: Buffer) =>
    collectPayload && bytes.length <= services.config.limits.maxLogBodyBytes ? bytes : null
  const answer = evaluation.responseBody
  const verdict = evaluation.verdict
  return {
    logId: services.ids(evaluation.startedAt),
    eventId: context.eventId,
    accountId: context.accountId,
    gatewayId: context.gatewayId,
    startedAt: evaluation.startedAt,
    durationMs: evaluation.durationMs,
    ttfbMs: evaluation.durationMs,
    requestType: 'guardrail',
    method: 'POST',
    path: evaluation.path,
    provider: target.provider.slug,
    model: target.model,
    schema: target.provider.schema,
    // No HTTP answer at all (refused, timed out) is logged the way the gateway reports one: 502.
    statusCode: evaluation.status === 0 ? 502 : evaluation.status,
    success: verdict !== undefined,
    cached: false,
    step: 0,
    authenticated: context.authenticated,
    // The request's custom cost prices the request, not the evaluations made for it.
    controls: controls && { ...controls, customCost: undefined },
    collectLog: gateway !== undefined && (controls?.collectLog ?? gateway.collect_logs),
    requestHeaders: { 'content-length': String(evaluation.requestBody.length) },
    requestContentType: 'application/json',
    requestBody: keep(evaluation.requestBody),
    responseHeaders: evaluation.responseContentType ? { 'content-type': evaluation.responseContentType } : {},
    responseContentType: evaluation.responseContentType,
    response: {
      size: answer.length,
      truncated: keep(answer) === null && collectPayload,
      full: keep(answer),
      head: answer.subarray(0, HEAD_BYTES),
      tail: answer.subarray(Math.max(0, answer.length - TAIL_BYTES)),
    },
    outcome: 'complete',
    errorMessage: evaluation.error,
    usage: undefined,
    attempts: [],
    warnings: [],
    extra: {
      guardrail: {
        direction: evaluation.direction,
        verdict: verdict ? (verdict.safe ? 'safe' : 'unsafe') : 'error',
        categories: verdict?.categories ?? [],
        piece: index + 1,
        pieces: count,
        evaluator: target.spec,
      },
    },
  }
}
