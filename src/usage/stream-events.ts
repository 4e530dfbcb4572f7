import { blockAround, type Block, type Framing, type Stretch } from './event-blocks.js'
import { parseJson, valueStart } from './json-scan.js'
import { sseBlockData } from './sse-block-data.js'
import { readPayload, type PayloadReading, type UsageSample } from './usage-shapes.js'

/**
 * Finds the usage-carrying events of SSE or NDJSON stream text and parses only those. Every family reports
 * usage in its first usage event and/or its last one (Anthropic `message_start` + `message_delta`; cumulative
 * Gemini chunks; a single final event elsewhere), so the first and the last are all that is read.
 */

/** Keys whose object value may hold token counts (see usage-shapes). */
const HINT_KEYS = ['usage', 'usageMetadata', 'meta', 'metrics', 'amazon-bedrock-invocationMetrics']
const HINT = new RegExp(`"(?:${HINT_KEYS.join('|')})"\\s*:\\s*\\{`, 'g')
/** Events with a usage key but no recognisable counts tried before giving up, in each direction. */
const MAX_TRIES = 8

export interface UsageEvent extends PayloadReading {
  sample: UsageSample
  block: Block
}

function readBlock(framing: Framing, text: string): PayloadReading {
  if (framing === 'lines') return readPayload(parseJson(text.trim()))
  const reading: PayloadReading = {}
  for (const data of sseBlockData(text)) {
    if (data === '' || data === '[DONE]') continue
    const { sample, model } = readPayload(parseJson(data))
    if (sample) reading.sample = { ...reading.sample, ...sample }
    reading.model ??= model
  }
  return reading
}

function usageEventAt(framing: Framing, stretch: Stretch, block: Block): UsageEvent | undefined {
  const { sample, model } = readBlock(framing, stretch.text.slice(block.start, block.end))
  if (!sample) return undefined
  return model === undefined ? { sample, block } : { sample, model, block }
}

/** The earliest complete event of the stretch that reports usage. */
export function firstUsageEvent(framing: Framing, stretch: Stretch): UsageEvent | undefined {
  const hint = new RegExp(HINT)
  let tries = 0
  for (let match = hint.exec(stretch.text); match && tries < MAX_TRIES; match = hint.exec(stretch.text)) {
    const block = blockAround(framing, stretch, match.index)
    if (!block) continue
    tries++
    const found = usageEventAt(framing, stretch, block)
    if (found) return found
    hint.lastIndex = block.end
  }
  return undefined
}

const QUOTE = 0x22
/** Each hint key's first character code, to skip most quotes without comparing strings. */
const KEY_STARTS = new Set(HINT_KEYS.map((key) => key.charCodeAt(0)))

/** The hint key whose `"key"` starts at `at`, if any (no key is a prefix of another up to the closing quote). */
function hintKeyAt(text: string, at: number): string | undefined {
  if (!KEY_STARTS.has(text.charCodeAt(at + 1))) return undefined
  for (const key of HINT_KEYS) {
    if (text.charCodeAt(at + 1 + key.length) === QUOTE && text.startsWith(key, at + 1)) return key
  }
  return undefined
}

/**
 * Start of the last `"key": {` for any hint key that begins at or before `before` and at or after `floor`, or -1.
 * One backward walk over quotes that stops at the first hit: searching the whole text once per key cost a
 * full scan per key for the keys a stream never uses.
 */
function lastHint(text: string, before: number, floor: number): number {
  if (before < 0) return -1
  let at = text.lastIndexOf('"', before)
  for (; at !== -1 && at >= floor; at = at === 0 ? -1 : text.lastIndexOf('"', at - 1)) {
    const key = hintKeyAt(text, at)
    if (key === undefined) continue
    const value = valueStart(text, at, key)
    if (value !== -1 && text.charCodeAt(value) === 0x7b) return at
  }
  return -1
}

/** The latest complete event reporting usage that starts at or after `floor`. */
export function lastUsageEvent(framing: Framing, stretch: Stretch, floor: number): UsageEvent | undefined {
  let before = stretch.text.length
  for (let tries = 0; tries < MAX_TRIES;) {
    const at = lastHint(stretch.text, before, floor)
    if (at === -1) return undefined
    const block = blockAround(framing, stretch, at)
    if (!block) {
      before = at - 1
      continue
    }
    tries++
    if (block.start < floor) return undefined
    const found = usageEventAt(framing, stretch, block)
    if (found) return found
    before = block.start - 1
  }
  return undefined
}

/** The model named by the first complete event that names one. */
export function modelEvent(framing: Framing, stretch: Stretch): string | undefined {
  const { text } = stretch
  let at = text.indexOf('"model')
  for (let tries = 0; at !== -1 && tries < MAX_TRIES; tries++) {
    const block = blockAround(framing, stretch, at)
    if (block) {
      const { model } = readBlock(framing, text.slice(block.start, block.end))
      if (model) return model
    }
    at = text.indexOf('"model', block ? block.end : at + 1)
  }
  return undefined
}
