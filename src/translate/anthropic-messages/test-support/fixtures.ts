/** Loads recorded payloads from a `__fixtures__` folder. */
import { readFileSync } from 'node:fs'
import { createSseParser, type SseEvent } from '../../../stream/sse.js'

export function fixtureText(base: string, name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, base), 'utf8')
}

export function fixtureJson(base: string, name: string): unknown {
  return JSON.parse(fixtureText(base, name)) as unknown
}

export function fixtureEvents(base: string, name: string): SseEvent[] {
  const parser = createSseParser()
  return [...parser.push(fixtureText(base, name)), ...parser.end()]
}
