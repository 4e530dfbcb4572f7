/** What Cohere's v2 Chat API requires of a request body (https://docs.cohere.com/reference/chat). */

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const TOP_LEVEL = new Set([
  'model',
  'messages',
  'stream',
  'tools',
  'strict_tools',
  'documents',
  'citation_options',
  'response_format',
  'safety_mode',
  'max_tokens',
  'stop_sequences',
  'temperature',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'k',
  'p',
  'logprobs',
  'tool_choice',
  'thinking',
])

function validateUserContent(content: unknown, path: string, problems: string[]): void {
  if (typeof content === 'string') return
  if (!Array.isArray(content)) return void problems.push(`${path}: must be a string or an array`)
  content.forEach((part, i) => {
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string') return
    if (
      isObject(part) &&
      part.type === 'image_url' &&
      isObject(part.image_url) &&
      typeof part.image_url.url === 'string'
    )
      return
    problems.push(`${path}[${i}]: must be a text or image_url part`)
  })
}

function validateMessages(messages: unknown, problems: string[]): void {
  if (!Array.isArray(messages) || messages.length === 0)
    return void problems.push('messages: must be a non-empty array')
  const callIds = new Set<string>()
  messages.forEach((message, i) => {
    const path = `messages[${i}]`
    if (!isObject(message)) return void problems.push(`${path}: must be an object`)
    switch (message.role) {
      case 'system':
        if (typeof message.content !== 'string') problems.push(`${path}.content: must be a string`)
        return
      case 'user':
        return validateUserContent(message.content, `${path}.content`, problems)
      case 'assistant': {
        const calls = message.tool_calls
        if (calls === undefined && typeof message.content !== 'string')
          problems.push(`${path}: needs content or tool_calls`)
        if (calls !== undefined && message.content !== undefined)
          problems.push(`${path}: tool calls go with tool_plan, not content`)
        if (calls !== undefined && !Array.isArray(calls))
          return void problems.push(`${path}.tool_calls: must be an array`)
        for (const [j, call] of (calls ?? []).entries()) {
          const fn = isObject(call) ? call.function : undefined
          if (
            !isObject(call) ||
            typeof call.id !== 'string' ||
            call.type !== 'function' ||
            !isObject(fn) ||
            typeof fn.name !== 'string' ||
            typeof fn.arguments !== 'string'
          ) {
            problems.push(
              `${path}.tool_calls[${j}]: must be {id, type: "function", function: {name, arguments: string}}`,
            )
          } else callIds.add(call.id)
        }
        return
      }
      case 'tool':
        if (typeof message.tool_call_id !== 'string' || !callIds.has(message.tool_call_id)) {
          problems.push(`${path}.tool_call_id: must name an earlier tool call`)
        }
        if (typeof message.content !== 'string' && !Array.isArray(message.content))
          problems.push(`${path}.content: required`)
        return
      default:
        problems.push(`${path}.role: invalid role ${String(message.role)}`)
    }
  })
}

function validateTools(body: Json, problems: string[]): void {
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools) || body.tools.length === 0)
      problems.push('tools: must be a non-empty array')
    else
      body.tools.forEach((tool, i) => {
        if (
          !isObject(tool) ||
          tool.type !== 'function' ||
          !isObject(tool.function) ||
          typeof tool.function.name !== 'string'
        ) {
          problems.push(`tools[${i}]: must be {type: "function", function: {name, …}}`)
        }
      })
  }
  if (body.tool_choice !== undefined) {
    if (body.tool_choice !== 'REQUIRED' && body.tool_choice !== 'NONE')
      problems.push('tool_choice: must be REQUIRED or NONE')
    if (body.tools === undefined) problems.push('tool_choice: needs tools')
  }
}

/** Problems found in a `/v2/chat` body; an empty list means Cohere would accept its shape. */
export function validateCohereRequest(body: unknown): string[] {
  if (!isObject(body)) return ['body: must be an object']
  const problems: string[] = []
  for (const key of Object.keys(body)) if (!TOP_LEVEL.has(key)) problems.push(`${key}: unknown field`)
  if (typeof body.model !== 'string' || body.model === '') problems.push('model: required')
  validateMessages(body.messages, problems)
  validateTools(body, problems)
  if (body.p !== undefined && (typeof body.p !== 'number' || body.p < 0.01 || body.p > 0.99))
    problems.push('p: must be within 0.01–0.99')
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 5)
    problems.push('stop_sequences: at most 5')
  const format = body.response_format
  if (
    format !== undefined &&
    !(isObject(format) && (format.type === 'text' || format.type === 'json_object'))
  ) {
    problems.push('response_format.type: must be text or json_object')
  }
  if (isObject(format) && format.json_schema !== undefined && !isObject(format.json_schema))
    problems.push('response_format.json_schema: must be an object')
  return problems
}
