/** What an OpenAI-compatible `/chat/completions` endpoint requires of a body (OpenAI's own validation rules). */

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function'])

export function validateOpenAIRequest(body: unknown): string[] {
  if (!isObject(body)) return ['body: must be an object']
  const problems: string[] = []
  if (typeof body.model !== 'string' || body.model === '') problems.push('model: required')
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    problems.push('messages: must be a non-empty array')
  else
    body.messages.forEach((message, i) => {
      if (!isObject(message) || !ROLES.has(String(message.role)))
        problems.push(`messages[${i}].role: invalid`)
    })
  if (body.stream_options !== undefined && body.stream !== true) {
    problems.push('stream_options: only allowed when stream is true')
  }
  if (body.max_tokens !== undefined && body.max_completion_tokens !== undefined) {
    problems.push('max_tokens and max_completion_tokens: only one may be set')
  }
  return problems
}
