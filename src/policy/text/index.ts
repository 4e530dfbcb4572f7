/**
 * Message text per schema family, for every policy that reads prompts and answers (DLP, guardrails). Keep this
 * API stable: `extractRequestText`, `extractResponseText`, `createResponseTextReader`, `createEventTextReader`.
 */
export type { EventText, Segment, SegmentKind, TextPiece, TextSchema } from './types.js'
export { extractRequestText, extractUniversalText } from './request-text.js'
export {
  bodyKind,
  createEventTextReader,
  createResponseTextReader,
  extractResponseText,
  type BodyKind,
  type EventTextReader,
  type ResponseTextReader,
} from './response-text.js'
export { createSseFramer, type SseEvent, type SseFrame, type SseFramer } from './sse-frames.js'
export { isBlob } from './json.js'
export { extractBodyText, multipartText } from './body-text.js'
