import { readFileSync } from 'node:fs'
import { createSseParser, type SseEvent } from '../../../stream/sse.js'
import type { OpenAIChatChunk, StreamTranslator } from '../../types.js'
import type { TranslatorOptions } from '../hub-context.js'

/** Reads `__fixtures__/<name>` next to the test file whose `import.meta.url` is given. */
export function fixtureText(testUrl: string, name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, testUrl), 'utf8')
}

export function fixtureJson(testUrl: string, name: string): unknown {
  return JSON.parse(fixtureText(testUrl, name))
}

export function sseEvents(text: string): SseEvent[] {
  const parser = createSseParser()
  return [...parser.push(text), ...parser.end()]
}

/** Feeds every event of a recorded stream and returns what each `push` produced, then what `end` produced. */
export function replayEach(
  translator: StreamTranslator,
  text: string,
): { perEvent: OpenAIChatChunk[][]; atEnd: OpenAIChatChunk[] } {
  const perEvent = sseEvents(text).map((event) => translator.push(event))
  return { perEvent, atEnd: translator.end() }
}

export function replay(translator: StreamTranslator, text: string): OpenAIChatChunk[] {
  const { perEvent, atEnd } = replayEach(translator, text)
  return [...perEvent.flat(), ...atEnd]
}

/** 2025-06-15T15:06:40Z, and a fixed id, so expected outputs can be written out in full. */
export const FIXED_NOW_SECONDS = 1_750_000_000
export const FIXED_ID = 'chatcmpl-fixture'
export const fixedOptions: TranslatorOptions = {
  clock: { now: () => FIXED_NOW_SECONDS * 1000 },
  newId: () => FIXED_ID,
}

/** Collects the result of a call expected to throw, for asserting on the error's fields. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected the call to throw')
}
