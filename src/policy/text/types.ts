/**
 * The schema families whose message text aigw can read. Mirrors `SchemaFamily` of the provider descriptors
 * (policy code does not import providers); a new family fails to compile at the call site until it is added.
 * The /compat OpenAI shape is `openai-chat`; the Anthropic-input shape of `/compat/v1/messages` is
 * `anthropic-messages`.
 */
export type TextSchema =
  'openai-chat' | 'anthropic-messages' | 'gemini' | 'cohere' | 'workers-ai' | 'bedrock' | 'opaque'

/** What a piece of text is within a conversation (F215: message text, tool-call arguments, tool results). */
export type SegmentKind = 'system' | 'message' | 'tool-call' | 'tool-result' | 'reasoning' | 'other'

export interface Segment {
  text: string
  /**
   * Where the text lives: a JSON Pointer (RFC 6901) into the body, e.g. `/messages/2/content/0/text`, or for
   * streamed responses the channel it arrived on, e.g. `choices/0/content`.
   */
  location: string
  kind: SegmentKind
  /** Author of the text when the schema says (user, assistant, system, tool, model, …). */
  role?: string
}

export interface TextPiece {
  /** Text on one channel is contiguous; different channels (choices, content blocks, tool calls) never mix. */
  channel: string
  text: string
  kind: SegmentKind
}

/** The text one streamed event adds. */
export interface EventText {
  pieces: TextPiece[]
  /**
   * Channel prefixes this event finished: no more text arrives on a channel that starts with one of them
   * (`''` closes every channel).
   */
  closes: string[]
}

export function noText(): EventText {
  return { pieces: [], closes: [] }
}
