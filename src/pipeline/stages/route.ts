import { callCompatChat, readChatRequest } from '../../compat/chat.js'
import { callCompatMessages } from '../../compat/messages.js'
import { listCompatModels } from '../../compat/models.js'
import { GatewayError } from '../../core/errors.js'
import type { RequestContext } from '../context.js'
import type { Reply } from '../exchange.js'
import { callProvider } from '../provider-call.js'

function requireMethod(context: RequestContext, method: string): void {
  if (context.request.method.toUpperCase() !== method) {
    throw new GatewayError('method_not_allowed', `${context.tail} accepts ${method} only`)
  }
}

async function routeCompat(context: RequestContext, endpoint: string): Promise<Reply> {
  if (endpoint === 'chat/completions' || endpoint === 'v1/chat/completions') {
    requireMethod(context, 'POST')
    return (await callCompatChat(context, await readChatRequest(context))).reply
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

/** Last request stage: hands the request to the entry's handler (the route interpreter grows here). */
export async function route(context: RequestContext): Promise<Reply> {
  const entry = context.entry
  if (entry?.kind === 'provider') return callProvider(context, entry.provider, entry.rest)
  if (entry?.kind === 'compat') return routeCompat(context, entry.endpoint)
  throw new GatewayError('not_implemented', 'the Universal endpoint is not available yet')
}
