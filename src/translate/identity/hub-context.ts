import { randomBytes } from 'node:crypto'
import { systemClock, type Clock } from '../../core/clock.js'
import type { TranslateContext } from '../types.js'

/**
 * What the translators here read from a request context beyond the fixed `TranslateContext` contract. Both fields
 * are optional, so a plain `TranslateContext` is accepted; the caller fills them to get exact OpenAI behaviour.
 */
export interface HubContext extends TranslateContext {
  /** The client sent `stream_options.include_usage: true`: only then does a stream end with a usage chunk. */
  includeUsage?: boolean
  /** Sink for what a response or stream translation could not carry (responses have no other channel). */
  warnings?: string[]
}

export interface TranslatorOptions {
  clock?: Clock
  /** Completion id used when the upstream supplies none. */
  newId?: () => string
}

export interface ResolvedOptions {
  /** Unix seconds, as OpenAI's `created`. */
  nowSeconds(): number
  newId(): string
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `chatcmpl-` + 29 base62 characters, the shape OpenAI uses. */
export function newCompletionId(): string {
  const bytes = randomBytes(29)
  let id = 'chatcmpl-'
  for (const byte of bytes) id += BASE62[byte % 62]
  return id
}

export function resolveOptions(options: TranslatorOptions = {}): ResolvedOptions {
  const clock = options.clock ?? systemClock
  return {
    nowSeconds: () => Math.floor(clock.now() / 1000),
    newId: options.newId ?? newCompletionId,
  }
}

export function warn(context: HubContext, message: string): void {
  context.warnings?.push(message)
}

export function clientWantsUsage(context: HubContext): boolean {
  return context.includeUsage === true
}
