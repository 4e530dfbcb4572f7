import type { OpenAIChatChunk, OpenAIChunkToolCallDelta, OpenAIFinishReason, OpenAIUsage } from '../types.js'
import { clientWantsUsage, type HubContext, type ResolvedOptions } from './hub-context.js'

export interface ChunkDelta {
  content?: string
  tool_calls?: OpenAIChunkToolCallDelta[]
}

/**
 * Builds the hub chunks of one translated stream: one id, `created` and model for every chunk, `role` on each
 * choice's first delta, and a usage chunk only when the client asked for one (OpenAI's behaviour).
 */
export interface ChunkEmitter {
  /** Adopts the upstream's id/model; ignored once a chunk has gone out, so all chunks agree. */
  identify(meta: { id?: string | undefined; model?: string | undefined }): void
  delta(index: number, delta: ChunkDelta): OpenAIChatChunk
  finish(index: number, reason: OpenAIFinishReason): OpenAIChatChunk
  /** The final usage chunk (`choices: []`), or nothing when the client did not ask for usage. */
  usage(usage: OpenAIUsage): OpenAIChatChunk[]
  hasStarted(index: number): boolean
}

export function createChunkEmitter(context: HubContext, options: ResolvedOptions): ChunkEmitter {
  const wantsUsage = clientWantsUsage(context)
  let id: string | undefined
  let model = context.model
  let created: number | undefined
  let frozen = false
  const started = new Set<number>()

  const chunk = (choices: OpenAIChatChunk['choices']): OpenAIChatChunk => {
    if (!frozen) {
      frozen = true
      id ??= options.newId()
      created = options.nowSeconds()
    }
    const out: OpenAIChatChunk = {
      id: id ?? '',
      object: 'chat.completion.chunk',
      created: created ?? 0,
      model,
      choices,
    }
    if (wantsUsage) out.usage = null
    return out
  }

  const withRole = (index: number, delta: ChunkDelta): OpenAIChatChunk['choices'][number]['delta'] => {
    if (started.has(index)) return { ...delta }
    started.add(index)
    return { role: 'assistant', ...delta }
  }

  return {
    identify(meta) {
      if (frozen) return
      if (meta.id !== undefined && meta.id !== '') id = meta.id
      if (meta.model !== undefined && meta.model !== '') model = meta.model
    },
    delta(index, delta) {
      return chunk([{ index, delta: withRole(index, delta), finish_reason: null, logprobs: null }])
    },
    finish(index, reason) {
      return chunk([{ index, delta: withRole(index, {}), finish_reason: reason, logprobs: null }])
    },
    usage(usage) {
      if (!wantsUsage) return []
      const out = chunk([])
      out.usage = usage
      return [out]
    },
    hasStarted(index) {
      return started.has(index)
    },
  }
}
