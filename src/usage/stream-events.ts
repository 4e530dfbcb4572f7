import { createSseParser } from '../stream/sse.js'
import { blockAround, type Block, type Framing, type Stretch } from './event-blocks.js'
import { parseJson, valueStart } from './json-scan.js'
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
  const parser = createSseParser()
  const reading: PayloadReading = {}
  for (const event of [...parser.push(text), ...parser.end()]) {
    if (event.data === '' || event.data === '[DONE]') continue
    const { sample, model } = readPayload(parseJson(event.data))
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

/** Start of the last `"key": {` for any hint key that begins at or before `before`, or -1. */
function lastHint(text: string, before: number): number {
  let best = -1
  if (before < 0) return best
  for (const key of HINT_KEYS) {
    const needle = `"${key}"`
    let at = text.lastIndexOf(needle, before)
    while (at > best) {
      const value = valueStart(text, at, key)
      if (value !== -1 && text.charCodeAt(value) === 0x7b) break
      at = at === 0 ? -1 : text.lastIndexOf(needle, at - 1)
    }
    if (at > best) best = at
  }
  return best
}

/** The latest complete event reporting usage that starts at or after `floor`. */
export function lastUsageEvent(framing: Framing, stretch: Stretch, floor: number): UsageEvent | undefined {
  let before = stretch.text.length
  for (let tries = 0; tries < MAX_TRIES;) {
    const at = lastHint(stretch.text, before)
    if (at < floor || at === -1) return undefined
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
