import { expect } from 'vitest'
import { BodyCapture } from '../body-capture.js'
import type { UsageInput } from '../read-usage.js'

export const JSON_TYPE = 'application/json'
export const SSE_TYPE = 'text/event-stream; charset=utf-8'
export const EVENTSTREAM_TYPE = 'application/vnd.amazon.eventstream'

/** The whole body, as the log writer passes it when payloads are logged (mode a). */
export const whole = (contentType: string, body: string | Buffer | object): UsageInput => ({
  contentType,
  body: Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
})

/** Streams the body through a payload-off capture (mode b) and hands over only its head and tail. */
export function kept(contentType: string, body: string | Buffer | object, chunkBytes = 1000): UsageInput {
  const bytes = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
  const capture = new BodyCapture(0)
  for (let i = 0; i < bytes.length; i += chunkBytes) capture.push(bytes.subarray(i, i + chunkBytes))
  const { head, tail } = capture.headTail()
  expect(tail.length, 'body must be large enough to be cut').toBeGreaterThan(0)
  expect(head.length + tail.length).toBeLessThan(bytes.length)
  return { contentType, head, tail }
}
