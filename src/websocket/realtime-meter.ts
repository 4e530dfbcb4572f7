import type { Usage } from '../core/log-entry.js'

/**
 * Reads what a session's log needs from the frames going by (F065): the model when only the first message
 * names it (Gemini Live's `setup`), and token usage where the provider reports it in-band (OpenAI's
 * `response.done`). Frames are only parsed when a cheap byte search says they can matter.
 */
export interface RealtimeMeter {
  fromClient(data: Buffer, binary: boolean): void
  fromUpstream(data: Buffer, binary: boolean): void
  readonly model: string | undefined
  readonly usage: Usage | undefined
}

/** Frames larger than this are audio or images, never the small control messages read here. */
const MAX_PARSED_BYTES = 256 * 1024

function parseObject(data: Buffer): Record<string, unknown> | undefined {
  if (data.length > MAX_PARSED_BYTES) return undefined
  try {
    const value: unknown = JSON.parse(data.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

class Meter implements RealtimeMeter {
  model: string | undefined
  usage: Usage | undefined
  private clientFrames = 0

  constructor(
    private readonly slug: string,
    model: string | undefined,
  ) {
    this.model = model
  }

  fromClient(data: Buffer): void {
    this.clientFrames += 1
    // Gemini Live: the first client message is `{setup:{model:"models/…"}}` (F061).
    if (this.slug !== 'google-ai-studio' || this.clientFrames > 1 || this.model !== undefined) return
    const model = field(field(parseObject(data), 'setup'), 'model')
    if (typeof model === 'string' && model !== '') this.model = model.replace(/^models\//, '')
  }

  fromUpstream(data: Buffer, binary: boolean): void {
    if (this.slug !== 'openai' || binary || data.indexOf('"response.done"') === -1) return
    // OpenAI: `{"type":"response.done","response":{"usage":{input_tokens, output_tokens, input_token_details}}}`.
    const message = parseObject(data)
    if (message?.type !== 'response.done') return
    const usage = field(field(message, 'response'), 'usage')
    if (usage === undefined) return
    const previous = this.usage ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 }
    this.usage = {
      inputTokens: previous.inputTokens + count(field(usage, 'input_tokens')),
      outputTokens: previous.outputTokens + count(field(usage, 'output_tokens')),
      cachedInputTokens:
        (previous.cachedInputTokens ?? 0) +
        count(field(field(usage, 'input_token_details'), 'cached_tokens')),
    }
  }
}

export function createRealtimeMeter(providerSlug: string, model: string | undefined): RealtimeMeter {
  return new Meter(providerSlug, model)
}
