import type { Segment } from '../text/index.js'

/**
 * A prompt as the evaluator sees it: every text the client sent (system prompt, messages, tool calls and
 * results), in document order, one paragraph each, so chunking (F208) prefers to cut between them.
 */
export function joinSegments(segments: readonly Segment[]): string {
  return segments
    .map((segment) => segment.text.trim())
    .filter((text) => text !== '')
    .join('\n\n')
}

/**
 * What a response check shows the evaluator as the user's turn: the last user message, or failing that the
 * end of the prompt, cut to `maxChars` from the end (the part closest to the answer matters most).
 */
export function answerContext(segments: readonly Segment[], maxChars: number): string {
  const users = segments.filter((segment) => segment.role === 'user' && segment.text.trim() !== '')
  const text = users.length > 0 ? users.at(-1)!.text.trim() : joinSegments(segments)
  return text.length > maxChars ? text.slice(text.length - maxChars) : text
}
