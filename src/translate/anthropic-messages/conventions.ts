/** Choices aigw makes where the OpenAI hub and Anthropic's Messages API disagree; see README.md beside this file. */

/** Sent as `anthropic-version` on every translated request; the version the Messages API shapes here follow. */
export const ANTHROPIC_VERSION = '2023-06-01'

export const MESSAGES_PATH = '/v1/messages'

/**
 * Anthropic requires `max_tokens`; OpenAI does not. Without one from the caller aigw sends the largest value the
 * model surely accepts: 4096 for the Claude 3 family (its ceiling; `anthropic/claude-3-haiku` is a documented
 * example, F016), 8192 for every later model (Claude 3.5's ceiling; later models allow more, but a larger default
 * would make long prompts fail where input + max_tokens must fit the context window).
 */
export const DEFAULT_MAX_TOKENS = 8192
export const CLAUDE_3_MAX_TOKENS = 4096

export function defaultMaxTokens(model: string): number {
  return /claude-3-(haiku|sonnet|opus)/.test(model) ? CLAUDE_3_MAX_TOKENS : DEFAULT_MAX_TOKENS
}

/**
 * `response_format` is carried as a forced call to this tool, whose `input_schema` is the requested schema; the
 * tool's input is returned as the message content (see README.md). The name is reserved: a caller's own tool may not
 * use it, so a `tool_use` with this name in a response can only be the JSON answer.
 */
export const JSON_RESPONSE_TOOL = 'aigw_json_response'
