import type { IncomingHttpHeaders } from 'node:http'
import { pipeline, type Readable } from 'node:stream'
import { GatewayError } from '../core/errors.js'
import { readStepControls, type StepControls } from '../core/step-controls.js'
import { parseJsonBody } from '../pipeline/provider-call.js'
import { runAttempt } from '../pipeline/attempt.js'
import type { RequestContext } from '../pipeline/context.js'
import { jsonReply, type Reply } from '../pipeline/exchange.js'
import { resolveUpstream } from '../providers/resolve-upstream.js'
import type { ProviderDescriptor } from '../providers/define.js'
import { geminiTranslator, translatorFor, vertexPath, type ChatSchema } from '../translate/index.js'
import type {
  ChatTranslator,
  OpenAIChatCompletion,
  OpenAIChatRequest,
  OpenAIUsage,
  TranslatedRequest,
} from '../translate/types.js'
import { compatCredential, type CompatCredential } from './credentials.js'
import { hubStream } from './hub-stream.js'
import { parseOrText, readAll } from './read-json.js'
import { resolveCompatTarget } from './resolve-model.js'

const MAX_UPSTREAM_JSON = 64 * 1024 * 1024

/** Reads and checks the OpenAI chat request every /compat entry shares. */
export async function readChatRequest(context: RequestContext): Promise<OpenAIChatRequest> {
  const body = await context.request.readBody(context.services.config.limits.maxRequestBytes)
  context.body = body
  if (body.length === 0)
    throw new GatewayError('invalid_request', 'body: a JSON chat completion request is required')
  const json = parseJsonBody(body)
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new GatewayError('invalid_request', 'body: must be a JSON object')
  }
  const request = json as OpenAIChatRequest
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new GatewayError('invalid_request', 'messages: required, a non-empty array')
  }
  context.json = request
  return request
}

export function toUsage(usage: OpenAIUsage | undefined) {
  if (!usage) return undefined
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
  }
}

/** One translator per schema family; Vertex builds its Gemini paths from the service account's project and region. */
function translatorForTarget(provider: ProviderDescriptor, credential: CompatCredential): ChatTranslator {
  const account = credential.serviceAccount
  if (provider.auth.type === 'vertex' && account?.project_id && account.region) {
    return geminiTranslator({ pathFor: vertexPath({ project: account.project_id, region: account.region }) })
  }
  return translatorFor(provider.compat!.schema as ChatSchema)
}

function translate(
  translator: ChatTranslator,
  request: OpenAIChatRequest,
  provider: ProviderDescriptor,
  model: string,
): TranslatedRequest {
  const translated = translator.request(request, { model, stream: request.stream === true })
  // OpenAI-compatible providers differ only in where their chat endpoint lives (the descriptor says).
  if (provider.compat!.schema === 'openai-chat') translated.path = provider.compat!.path
  return translated
}

/** One `/compat` chat call, fully described: from the client's request, or a Universal `compat` step (F035). */
export interface CompatStep {
  request: OpenAIChatRequest
  /** Where the provider key is read from (F017): the client's headers or the step's own. */
  headers: IncomingHttpHeaders
  /** Slots that held the gateway token (F018). */
  tokenSlots: readonly string[]
  /** Cache, retry and timeout controls of this step after precedence (F040, F128). */
  controls: StepControls
}

export function compatStepFromRequest(context: RequestContext, request: OpenAIChatRequest): CompatStep {
  const headers = context.request.headers
  return { request, headers, tokenSlots: context.tokenSlots, controls: readStepControls(headers) }
}

/** The client's `/compat` request sent as it is, outside any route (one step, index 0). */
export function callCompatChat(
  context: RequestContext,
  request: OpenAIChatRequest,
): Promise<{ completion?: OpenAIChatCompletion; reply: Reply }> {
  return sendCompatStep(context, compatStepFromRequest(context, request), 0)
}

/**
 * `POST /compat/chat/completions` (F012–F024) to a built-in provider: OpenAI chat in, the provider's own
 * API upstream through the schema family's translator, OpenAI chat (JSON or SSE) back.
 */
export async function sendCompatStep(
  context: RequestContext,
  step: CompatStep,
  index: number,
): Promise<{
  completion?: OpenAIChatCompletion
  reply: Reply
}> {
  const request = step.request
  const { provider, model } = await resolveCompatTarget(context, request.model)
  context.provider = provider
  context.model = model
  const credential = await compatCredential(context, provider, step)
  const translator = translatorForTarget(provider, credential)
  const translated = translate(translator, request, provider, model)
  context.warnings.push(...translated.warnings)

  const { services } = context
  const target = resolveUpstream(
    provider,
    {
      rest: translated.path,
      headers: {},
      settings: credential.settings,
    },
    '',
    services.config.upstreams[provider.slug],
  )
  const body = Buffer.from(JSON.stringify(translated.body))
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: request.stream ? 'text/event-stream' : 'application/json',
    'accept-encoding': 'identity',
    'content-length': String(body.length),
    ...translated.headers,
    ...credential.headers,
  }
  const reply = await runAttempt({
    request: context,
    provider,
    step: index,
    controls: step.controls,
    stream: request.stream === true,
    url: target.url,
    method: 'POST',
    headers,
    body,
  })
  const upstream = reply.body as Readable
  // Translators always emit usage so the log has it; hubStream decides what the client sees.
  const context_ = { model, stream: request.stream === true, includeUsage: true, warnings: context.warnings }

  if (reply.status >= 400) {
    const error = translator.error(reply.status, parseOrText(await readAll(upstream, MAX_UPSTREAM_JSON)))
    return { reply: jsonReply(reply.status, JSON.stringify(error)) }
  }
  if (request.stream === true) {
    const translatorStream = hubStream(translator.stream(context_), {
      includeUsage: request.stream_options?.include_usage === true,
      onUsage: (usage) => {
        context.usage = toUsage(usage)
      },
    })
    const out = pipeline(upstream, translatorStream, () => undefined)
    return {
      reply: {
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
        body: out,
      },
    }
  }
  const completion = translator.response(parseOrText(await readAll(upstream, MAX_UPSTREAM_JSON)), context_)
  completion.model = model
  context.usage = toUsage(completion.usage)
  return { completion, reply: jsonReply(200, JSON.stringify(completion)) }
}
