import { Readable } from 'node:stream'
import { compatStepFromRequest, readChatRequest, sendCompatStep } from '../../compat/chat.js'
import { callCompatMessages } from '../../compat/messages.js'
import { listCompatModels } from '../../compat/models.js'
import { dynamicRouteName } from '../../compat/resolve-model.js'
import { routeDynamic } from '../../dynamic-routes/run-dynamic-route.js'
import { GatewayError, type ErrorKind } from '../../core/errors.js'
import { singleModelRoute } from '../../routing/build.js'
import type { StartNode } from '../../routing/graph.js'
import {
  runRoute,
  type BranchEvaluator,
  type RouteResult,
  type StepInfo,
  type StepOutcome,
  type StepRunner,
} from '../../routing/run.js'
import { waitForFirstChunk } from '../../universal/first-chunk.js'
import type { ModelCall } from '../../universal/model-call.js'
import { readUniversalRoute, universalReply } from '../../universal/read-universal.js'
import type { RequestContext } from '../context.js'
import type { Reply } from '../exchange.js'
import { providerStepFromRequest, sendProviderStep } from '../provider-call.js'
import { CACHE_STATUS_HEADER } from './cache.js'
import { discardBody } from './retry.js'

function requireMethod(context: RequestContext, method: string): void {
  if (context.request.method.toUpperCase() !== method) {
    throw new GatewayError('method_not_allowed', `${context.tail || '/'} accepts ${method} only`)
  }
}

async function routeCompat(context: RequestContext, endpoint: string): Promise<Reply> {
  if (endpoint === 'chat/completions' || endpoint === 'v1/chat/completions') {
    requireMethod(context, 'POST')
    const request = await readChatRequest(context)
    // F186: `dynamic/<name>` runs the gateway's deployed route instead of one model.
    const routeName = dynamicRouteName(request.model)
    if (routeName !== undefined) return routeDynamic(context, request, routeName, runRouteWith)
    const step = compatStepFromRequest(context, request)
    return (await runModelRoute(context, singleModelRoute<ModelCall>({ kind: 'compat', step }))).value
  }
  if (endpoint === 'v1/models' || endpoint === 'models') {
    requireMethod(context, 'GET')
    return listCompatModels(context)
  }
  if (endpoint === 'v1/messages' || endpoint === 'messages') {
    requireMethod(context, 'POST')
    return callCompatMessages(context)
  }
  throw new GatewayError(
    'not_found',
    `no /compat endpoint '${endpoint}' (chat/completions, v1/models, v1/messages)`,
  )
}

/** F006, F037, F038: the steps as a fallback route; `cf-aig-step` names the step that answered (or failed last). */
async function routeUniversal(context: RequestContext): Promise<Reply> {
  requireMethod(context, 'POST')
  const start = await readUniversalRoute(context)
  try {
    return universalReply(context, await runModelRoute(context, start))
  } finally {
    if (context.step !== undefined) context.replyHeaders['cf-aig-step'] = String(context.step)
  }
}

/**
 * Last request stage: every entry becomes a route and one interpreter walks it (ARCHITECTURE principle 2).
 * A provider-native or /compat request is a single model node, so the route adds two function calls.
 */
export async function route(context: RequestContext): Promise<Reply> {
  const entry = context.entry
  if (entry?.kind === 'provider') {
    const step = await providerStepFromRequest(context, entry.provider, entry.rest)
    return (await runModelRoute(context, singleModelRoute<ModelCall>({ kind: 'provider', step }))).value
  }
  if (entry?.kind === 'compat') return routeCompat(context, entry.endpoint)
  if (entry?.kind === 'universal') return routeUniversal(context)
  throw new GatewayError('internal', 'the request reached routing without an entry')
}

export function runModelRoute(
  context: RequestContext,
  start: StartNode<ModelCall>,
): Promise<RouteResult<ModelCall, Reply>> {
  return runRoute(start, modelRunner(context))
}

function sendCall(context: RequestContext, call: ModelCall, index: number): Promise<Reply> {
  if (call.kind === 'provider') return sendProviderStep(context, call.step, index)
  return sendCompatStep(context, call.step, index).then((result) => result.reply)
}

/** Model nodes go through the attempt pipeline (cache, rate limit, retries, timeout, send). */
function modelRunner(context: RequestContext): StepRunner<ModelCall, Reply> {
  return {
    run: (node, step) => runCall(context, node.target, step),
    discard: (reply) => discardBody(reply.body),
  }
}

/**
 * A route whose model nodes describe their call in their own terms (a dynamic route's provider and model,
 * F194): each node becomes a call when the route reaches it, then runs like any other step.
 */
export function runRouteWith<T>(
  context: RequestContext,
  start: StartNode<T>,
  toCall: (target: T) => Promise<ModelCall>,
  evaluator: BranchEvaluator<T>,
): Promise<RouteResult<T, Reply>> {
  const runner: StepRunner<T, Reply> = {
    run: async (node, step) => runCall(context, await toCall(node.target), step),
    discard: (reply) => discardBody(reply.body),
  }
  return runRoute(start, runner, evaluator)
}

export type RunRouteWith = typeof runRouteWith

async function runCall(
  context: RequestContext,
  call: ModelCall,
  step: StepInfo,
): Promise<StepOutcome<Reply>> {
  context.step = step.index
  if (call.logPath !== undefined) context.routePath = call.logPath
  if (step.index > 0) forgetEarlierStep(context)
  if (step.canFallBack) return answerOrFail(context, call, step.index)
  const reply = await sendCall(context, call, step.index)
  if (reply.status < 400) return { ok: true, value: reply }
  return { ok: false, value: reply, reason: `status ${reply.status}` }
}

/**
 * A step that has a fallback fails on an error status, a gateway or network error, or a timeout (F037, F183,
 * decision 0006); it counts as answered only once the first byte of its body arrived, so
 * a stream that dies before that is replaced invisibly, and one that started is never cut (F177).
 */
async function answerOrFail(
  context: RequestContext,
  call: ModelCall,
  index: number,
): Promise<StepOutcome<Reply>> {
  const signal = context.request.signal
  let reply: Reply
  try {
    reply = await sendCall(context, call, index)
  } catch (error) {
    if (signal.aborted || refusesRequest(error)) throw error
    return failed(context, call, index, { ok: false, error, reason: reasonOf(error) })
  }
  if (reply.status >= 400)
    return failed(context, call, index, { ok: false, value: reply, reason: `status ${reply.status}` })
  if (!(reply.body instanceof Readable)) return { ok: true, value: reply }
  const timeoutMs = call.step.controls.requestTimeoutMs
  const first = await waitForFirstChunk(reply.body, timeoutMs)
  if (signal.aborted) throw signal.reason
  if (first.kind === 'data') return { ok: true, value: reply }
  if (first.kind === 'end') return { ok: true, value: { ...reply, body: Buffer.alloc(0) } }
  reply.body.destroy()
  const error =
    first.kind === 'timeout'
      ? new GatewayError('upstream_timeout', `no response body within ${timeoutMs} ms (requestTimeout)`)
      : new GatewayError(
          'upstream_unreachable',
          `the response failed before its first byte: ${reasonOf(first.error)}`,
        )
  return failed(context, call, index, { ok: false, error, reason: error.message })
}

/**
 * Refusals of the request itself rather than of one provider: another step must not get around them (the
 * gateway rate limit F171, guardrails F140/F141, DLP F142/F143). A spend limit may be scoped to a provider or
 * model (F147), so the next step is checked against its own rules instead.
 */
const REFUSALS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'rate_limited',
  'unauthorized',
  'prompt_blocked',
  'response_blocked',
  'dlp_request_blocked',
  'dlp_response_blocked',
  'payload_too_large',
  'shutting_down',
])

function refusesRequest(error: unknown): boolean {
  return error instanceof GatewayError && REFUSALS.has(error.kind)
}

function failed(
  context: RequestContext,
  call: ModelCall,
  index: number,
  outcome: StepOutcome<Reply>,
): StepOutcome<Reply> {
  if (!outcome.ok)
    context.warnings.push(`step ${index} (${providerOf(call)}) failed, trying the next: ${outcome.reason}`)
  return outcome
}

/** The cache status and `cached` flag describe the step that answers, not one that failed before it. */
function forgetEarlierStep(context: RequestContext): void {
  delete context.replyHeaders[CACHE_STATUS_HEADER]
  context.cached = undefined
}

function providerOf(call: ModelCall): string {
  return call.kind === 'provider' ? call.step.provider.slug : `compat ${String(call.step.request.model)}`
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
