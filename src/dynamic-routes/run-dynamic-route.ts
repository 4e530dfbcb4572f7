import { Readable } from 'node:stream'
import { resolveCompatTarget } from '../compat/resolve-model.js'
import { GatewayError } from '../core/errors.js'
import { readStepControls, type StepControls } from '../core/step-controls.js'
import type { RequestContext } from '../pipeline/context.js'
import type { Reply } from '../pipeline/exchange.js'
import type { RunRouteWith } from '../pipeline/stages/route.js'
import type { RouteNode } from '../routing/graph.js'
import type { BranchEvaluator } from '../routing/run.js'
import type { OpenAIChatRequest } from '../translate/types.js'
import type { ModelCall } from '../universal/model-call.js'
import { withStreamErrorEvent } from '../universal/stream-error-event.js'
import type { ModelSpec } from './compile-route.js'
import type { ConditionDocument } from './condition.js'
import type { DynamicRoutes } from './dynamic-routes.js'
import { percentageDraw } from './percentage.js'
import type { LiveRoute } from './route-directory.js'

/** Request headers that may carry the client's own provider key on /compat (F017). */
const KEY_HEADERS = ['authorization', 'x-api-key']

/**
 * `model: "dynamic/<name>"` on `/compat/chat/completions` (F186, F333): the gateway's deployed version of the
 * route runs through the one interpreter; each model element sends the client's request with `model`
 * replaced (F194). The reply names what answered in `cf-aig-model` / `cf-aig-provider` (F197), and the log
 * entry records the route and the elements the request passed.
 */
export async function routeDynamic(
  context: RequestContext,
  request: OpenAIChatRequest,
  name: string,
  runRouteWith: RunRouteWith,
): Promise<Reply> {
  const routes = context.services.dynamicRoutes
  const live = await routes?.directory.find(context.accountId, context.gatewayId, name)
  if (!routes || !live) {
    throw new GatewayError(
      'invalid_request',
      `model: no dynamic route named "${name}" is deployed on gateway '${context.gatewayId}'`,
    )
  }
  const path: string[] = []
  const document: ConditionDocument = {
    metadata: context.controls?.metadata ?? {},
    headers: context.request.headers,
    body: request,
  }
  const controls = readStepControls(context.request.headers)
  try {
    const result = await runRouteWith(
      context,
      live.compiled.start,
      (spec) => modelCall(context, request, spec, controls),
      evaluator(context, routes, live, document, path),
    )
    return streamWithErrorEvent(context, result.value)
  } finally {
    context.logExtra = {
      ...context.logExtra,
      route: { id: live.routeId, name: live.name, version_id: live.versionId, path },
    }
    if (context.provider && context.model !== undefined) {
      context.replyHeaders['cf-aig-provider'] = context.provider.slug
      context.replyHeaders['cf-aig-model'] = context.model
    }
  }
}

function evaluator(
  context: RequestContext,
  routes: DynamicRoutes,
  live: LiveRoute,
  document: ConditionDocument,
  path: string[],
): BranchEvaluator<ModelSpec> {
  const scope = {
    accountId: context.accountId,
    gatewayId: context.gatewayId,
    routeId: live.routeId,
    logId: context.logId,
  }
  return {
    condition: (node) => live.compiled.predicates.get(node.id)!(document),
    draw: (node) => percentageDraw(context.logId, node.id),
    limit: (node) => routes.limits.decide(scope, node, document),
    visit: (node: RouteNode<ModelSpec>) => void path.push(node.id),
  }
}

/**
 * F194, F187: a model element sends the client's body to `{provider}/{model}` with the element's timeout
 * and retries. Its key is the gateway's stored key for that provider when there is one (a route spans
 * providers, so one client key cannot serve them all, and the stored key is never shown to the client);
 * otherwise the client's own provider key from its request is used, as on plain /compat.
 */
async function modelCall(
  context: RequestContext,
  request: OpenAIChatRequest,
  spec: ModelSpec,
  controls: StepControls,
): Promise<ModelCall> {
  const model = `${spec.provider}/${spec.model}`
  const headers = (await hasStoredKey(context, model)) ? withoutKeys(context) : context.request.headers
  return {
    kind: 'compat',
    logPath: 'chat/completions',
    step: {
      request: { ...request, model },
      headers,
      tokenSlots: context.tokenSlots,
      controls: {
        ...controls,
        requestTimeoutMs: spec.timeout ?? controls.requestTimeoutMs,
        maxAttempts: spec.retries !== undefined ? spec.retries + 1 : controls.maxAttempts,
      },
    },
  }
}

async function hasStoredKey(context: RequestContext, model: string): Promise<boolean> {
  const keys = context.services.storedKeys
  // Stored keys serve only requests that proved a gateway token (F086); others keep their own key.
  if (!keys || !context.authenticated) return false
  // An unknown custom provider fails here exactly as the step itself would; the step reports it.
  const target = await resolveCompatTarget(context, model).catch(() => undefined)
  if (!target || target.provider.auth.type === 'signed-passthrough') return false
  const alias = context.controls?.byokAlias
  return (await keys.find(context.accountId, context.gatewayId, target.provider.slug, alias)) !== undefined
}

function withoutKeys(context: RequestContext): RequestContext['request']['headers'] {
  const headers = { ...context.request.headers }
  for (const name of KEY_HEADERS) delete headers[name]
  return headers
}

/** F177: an answer that already streams is never cut; if it breaks, the client gets an error event, not a truncation. */
function streamWithErrorEvent(context: RequestContext, reply: Reply): Reply {
  const type = reply.headers['content-type']
  const contentType = Array.isArray(type) ? type[0] : type
  if (
    reply.status >= 400 ||
    !(reply.body instanceof Readable) ||
    !/^\s*text\/event-stream\b/i.test(contentType ?? '')
  )
    return reply
  const body = withStreamErrorEvent(reply.body, 'openai', (message) => {
    context.streamError = message
  })
  const { 'content-length': _length, ...headers } = reply.headers
  return { ...reply, headers, body }
}
