import type { Readable } from 'node:stream'
import { injectKey } from '../../providers/credentials.js'
import { resolveUpstream } from '../../providers/resolve-upstream.js'
import type { UpstreamClient } from '../../upstream/client.js'
import type { Direction } from './categories.js'
import type { EvaluatorTarget } from './evaluator-target.js'
import { llamaGuardMessages, llamaGuardTurn, type GuardConversation } from './llama-guard-prompt.js'
import { openaiModerationRequest, parseOpenAiModeration } from './openai-moderation.js'
import {
  parseChatCompletionVerdict,
  parseWorkersAiVerdict,
  VerdictError,
  type Verdict,
} from './parse-verdict.js'

/** Llama Guard answers in a handful of tokens; a verdict never needs more. */
const MAX_VERDICT_TOKENS = 64
const MAX_ANSWER_BYTES = 1024 * 1024

export interface EvaluatorOptions {
  target: EvaluatorTarget
  /** The gateway's upstream pool: evaluations travel the same provider layer as model calls (F212). */
  upstream: Pick<UpstreamClient, 'send'>
  /** Replaces the provider's base URL (`guardrails.base_url`, else `AIGW_UPSTREAM_<SLUG>`). */
  baseOverride: string | undefined
  workersAiAccountId: string | undefined
  timeoutMs: number
  now: () => number
}

export interface ChunkInput {
  direction: Direction
  text: string
  /** Response checks: the prompt the answer was given to (Llama Guard needs it, see llama-guard-prompt.ts). */
  context?: string
  promptInjection: boolean
  credential: EvaluatorCredential | undefined
  signal: AbortSignal
}

/** The key sent to the evaluator's provider; a stored Workers AI key may name its own Cloudflare account. */
export interface EvaluatorCredential {
  key: string
  workersAiAccountId?: string
}

/** One evaluator call, kept whole so it can be logged as its own entry (F211). */
export interface Evaluation {
  direction: Direction
  verdict?: Verdict
  /** Why there is no verdict: unreachable, timed out, a non-2xx answer, an unparseable answer. */
  error?: string
  /** The endpoint after the provider, as logs show paths (`@cf/meta/llama-guard-3-8b`, `chat/completions`). */
  path: string
  url: string
  requestBody: Buffer
  status: number
  responseBody: Buffer
  responseContentType: string
  startedAt: number
  durationMs: number
}

interface Call {
  path: string
  body: unknown
  parse(answer: unknown): Verdict
}

function conversationOf(input: ChunkInput): GuardConversation {
  if (input.direction === 'prompt') {
    return { direction: 'prompt', user: input.text, promptInjection: input.promptInjection }
  }
  return {
    direction: 'response',
    user: input.context ?? '',
    agent: input.text,
    promptInjection: input.promptInjection,
  }
}

function buildCall(target: EvaluatorTarget, input: ChunkInput): Call {
  if (target.kind === 'openai-moderation') {
    return {
      path: '/moderations',
      body: openaiModerationRequest(target.model, input.text),
      parse: parseOpenAiModeration,
    }
  }
  const conversation = conversationOf(input)
  const messages =
    target.format === 'messages'
      ? llamaGuardMessages(conversation)
      : [{ role: 'user', content: llamaGuardTurn(conversation) }]
  if (target.kind === 'workers-ai') {
    return {
      path: `/${target.model}`,
      body: { messages, temperature: 0, max_tokens: MAX_VERDICT_TOKENS },
      parse: parseWorkersAiVerdict,
    }
  }
  return {
    path: target.provider.compat?.path ?? '/chat/completions',
    body: { model: target.model, messages, temperature: 0, max_tokens: MAX_VERDICT_TOKENS, stream: false },
    parse: parseChatCompletionVerdict,
  }
}

function headersFor(target: EvaluatorTarget, body: Buffer, credential: EvaluatorCredential | undefined) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'accept-encoding': 'identity',
    'content-length': String(body.length),
    ...target.provider.defaultHeaders,
  }
  return credential ? injectKey(headers, target.provider.auth, credential.key, target.provider.slug) : headers
}

async function readCapped(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > MAX_ANSWER_BYTES) {
      body.destroy()
      throw new VerdictError(`evaluator answer exceeds ${MAX_ANSWER_BYTES} bytes`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks, size)
}

function describe(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`
  return error instanceof Error ? error.message : String(error)
}

/**
 * Asks the moderation model about one piece of text. Never throws: a failure comes back as `error`, so the
 * caller applies the availability rule (F207) and still logs the attempt.
 */
export async function evaluateChunk(options: EvaluatorOptions, input: ChunkInput): Promise<Evaluation> {
  const { target, now } = options
  const call = buildCall(target, input)
  const requestBody = Buffer.from(JSON.stringify(call.body))
  const startedAt = now()
  const startedHr = performance.now()
  const evaluation: Evaluation = {
    direction: input.direction,
    path: call.path.replace(/^\//, ''),
    url: '',
    requestBody,
    status: 0,
    responseBody: Buffer.alloc(0),
    responseContentType: '',
    startedAt,
    durationMs: 0,
  }
  const timeout = AbortSignal.timeout(options.timeoutMs)
  try {
    evaluation.url = resolveUpstream(
      target.provider,
      {
        rest: call.path,
        headers: {},
        settings: { workersAiAccountId: input.credential?.workersAiAccountId ?? options.workersAiAccountId },
      },
      '',
      options.baseOverride,
    ).url
    const response = await options.upstream.send({
      url: evaluation.url,
      method: 'POST',
      headers: headersFor(target, requestBody, input.credential),
      body: requestBody,
      signal: AbortSignal.any([input.signal, timeout]),
      headersTimeoutMs: options.timeoutMs,
      bodyTimeoutMs: options.timeoutMs,
    })
    evaluation.status = response.status
    evaluation.responseContentType = String(response.headers['content-type'] ?? '')
    evaluation.responseBody = await readCapped(response.body)
    if (response.status < 200 || response.status > 299) {
      const snippet = evaluation.responseBody.subarray(0, 200).toString('utf8')
      throw new VerdictError(`evaluator answered HTTP ${response.status}: ${snippet}`)
    }
    evaluation.verdict = call.parse(JSON.parse(evaluation.responseBody.toString('utf8')))
  } catch (error) {
    evaluation.error = describe(error, timeout.aborted && !input.signal.aborted, options.timeoutMs)
  }
  evaluation.durationMs = performance.now() - startedHr
  return evaluation
}
