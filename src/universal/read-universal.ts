import { Readable } from 'node:stream'
import { GatewayError } from '../core/errors.js'
import type { RequestContext } from '../pipeline/context.js'
import type { Reply } from '../pipeline/exchange.js'
import { parseJsonBody } from '../pipeline/provider-call.js'
import type { StartNode } from '../routing/graph.js'
import type { RouteResult } from '../routing/run.js'
import { compileUniversal } from './compile-steps.js'
import type { ModelCall } from './model-call.js'
import { parseUniversalBody } from './parse-steps.js'
import { withStreamErrorEvent } from './stream-error-event.js'

/** `POST /v1/{account}/{gateway}` (F006, F035): the body's steps compiled into a fallback route. */
export async function readUniversalRoute(context: RequestContext): Promise<StartNode<ModelCall>> {
  const body = await context.request.readBody(context.services.config.limits.maxRequestBytes)
  context.body = body
  if (body.length === 0) {
    throw new GatewayError('invalid_request', 'body: a JSON array of steps is required (F035)')
  }
  const json = parseJsonBody(body)
  context.json = json
  return compileUniversal(parseUniversalBody(json), context.request.headers)
}

function isEventStream(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType
  return value !== undefined && /^\s*text\/event-stream\b/i.test(value)
}

/** F041: a streamed answer keeps streaming; if it breaks after it started, the client gets an error event. */
export function universalReply(context: RequestContext, result: RouteResult<ModelCall, Reply>): Reply {
  const reply = result.value
  if (
    reply.status >= 400 ||
    !(reply.body instanceof Readable) ||
    !isEventStream(reply.headers['content-type'])
  ) {
    return reply
  }
  const call = result.node.target
  const style =
    call.kind === 'provider' && call.step.provider.schema === 'anthropic-messages' ? 'anthropic' : 'openai'
  const body = withStreamErrorEvent(reply.body, style, (message) => {
    context.streamError = message
  })
  // The error event may add bytes, so a declared length would no longer hold.
  const { 'content-length': _length, ...headers } = reply.headers
  return { ...reply, headers, body }
}
