import type { SseEvent } from '../../stream/sse.js'
import type { OpenAIChatChunk, StreamTranslator } from '../types.js'
import { clientWantsUsage, type HubContext, type ResolvedOptions } from './hub-context.js'
import { UpstreamStreamError, invalidUpstream } from './hub-errors.js'
import { isDoneEvent, isRecord, numberField, parseEventJson, stringField } from './hub-json.js'
import { openaiShapedError } from './error.js'

export interface ChunkNormalizer {
  /** Fills id/object/created/model and removes usage the client did not ask for; a usage-only chunk then vanishes. */
  normalize(chunk: Record<string, unknown>): OpenAIChatChunk[]
}

export function createChunkNormalizer(context: HubContext, options: ResolvedOptions): ChunkNormalizer {
  const wantsUsage = clientWantsUsage(context)
  let fallbackId: string | undefined
  let fallbackCreated: number | undefined
  return {
    normalize(chunk) {
      if (!Array.isArray(chunk.choices)) throw invalidUpstream('stream chunk has no "choices" array')
      const out: Record<string, unknown> = { ...chunk, object: 'chat.completion.chunk' }
      const id = stringField(chunk, 'id')
      if (id === undefined || id === '') out.id = fallbackId ??= options.newId()
      if (numberField(chunk, 'created') === undefined) out.created = fallbackCreated ??= options.nowSeconds()
      const model = stringField(chunk, 'model')
      if (model === undefined || model === '') out.model = context.model
      if (!wantsUsage && 'usage' in out) {
        delete out.usage
        if (chunk.choices.length === 0) return []
      }
      return [out as unknown as OpenAIChatChunk]
    },
  }
}

/** Upstream chunks pass through (the caller re-serialises them and writes the final `[DONE]`). */
export function identityStream(
  context: HubContext,
  options: ResolvedOptions,
  provider: string,
): StreamTranslator {
  const normalizer = createChunkNormalizer(context, options)
  return {
    push(event: SseEvent) {
      if (isDoneEvent(event)) return []
      const data = parseEventJson(event, provider)
      if (data === undefined) return []
      if (isRecord(data) && data.error !== undefined && data.error !== null) {
        throw new UpstreamStreamError(openaiShapedError(500, data, provider), 500)
      }
      if (!isRecord(data)) throw invalidUpstream(`${provider} stream event is not a JSON object`)
      return normalizer.normalize(data)
    },
    end() {
      return []
    },
  }
}
