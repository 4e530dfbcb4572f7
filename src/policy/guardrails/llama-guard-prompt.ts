import { LLAMA_GUARD_3_CATEGORIES, PROMPT_INJECTION, type Direction } from './categories.js'

/**
 * The text Llama Guard 3 classifies. A prompt check shows the model the user's text alone and asks about the
 * last `User` message; a response check must show the user's text too, as context, and asks about the last
 * `Agent` message (Meta's model card: "when evaluating the agent response, both the user input and the agent
 * response need to be present").
 */
export interface GuardConversation {
  direction: Direction
  /** The prompt text (for a response check: the context the answer was given in). */
  user: string
  /** The model's answer; response checks only. */
  agent?: string
  /** Ask for P1 too, as a custom category after Meta's fourteen. */
  promptInjection?: boolean
}

/** Chat messages for a server that applies Llama Guard's own chat template (Workers AI, Groq, vLLM, Ollama). */
export interface ChatMessage {
  role: 'user' | 'assistant'
  content: string
}

const MARKERS = /<(BEGIN|END) (CONVERSATION|UNSAFE CONTENT CATEGORIES)>/gi

/** Content must not be able to close the conversation block and append instructions of its own. */
function neutralise(text: string): string {
  return text.replace(MARKERS, '[$1 $2]').trim()
}

function categoryLines(promptInjection: boolean): string {
  const lines = LLAMA_GUARD_3_CATEGORIES.map(({ code, name }) => `${code}: ${name}.`)
  if (promptInjection) lines.push(`${PROMPT_INJECTION.code}: ${PROMPT_INJECTION.name}.`)
  return lines.join('\n')
}

/**
 * The user turn of Meta's Llama Guard 3 prompt, character for character as its reference chat template renders
 * it (`meta-llama/Llama-Guard-3-8B`, including the template's "according our" wording). Sent as the content of
 * one user message to a model that does not apply that template itself; the serving stack adds the
 * `<|begin_of_text|>…<|eot_id|>` framing, which must never travel inside message content.
 */
export function llamaGuardTurn(conversation: GuardConversation): string {
  const role = conversation.direction === 'prompt' ? 'User' : 'Agent'
  const turns = [`User: ${neutralise(conversation.user)}`]
  if (conversation.direction === 'response') turns.push(`Agent: ${neutralise(conversation.agent ?? '')}`)
  return [
    `Task: Check if there is unsafe content in '${role}' messages in conversations according our safety policy with the below categories.`,
    '',
    '<BEGIN UNSAFE CONTENT CATEGORIES>',
    categoryLines(conversation.promptInjection === true),
    '<END UNSAFE CONTENT CATEGORIES>',
    '',
    '<BEGIN CONVERSATION>',
    '',
    ...turns.map((turn) => `${turn}\n`),
    '<END CONVERSATION>',
    '',
    `Provide your safety assessment for ONLY THE LAST ${role} message in the above conversation:`,
    " - First line must read 'safe' or 'unsafe'.",
    ' - If unsafe, a second line must include a comma-separated list of violated categories.',
  ].join('\n')
}

/**
 * The same conversation as alternating chat messages, for a Llama Guard whose server renders Meta's template
 * from them; that template picks `User` or `Agent` from whether the message count is odd or even.
 */
export function llamaGuardMessages(conversation: GuardConversation): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'user', content: conversation.user.trim() }]
  if (conversation.direction === 'response') {
    messages.push({ role: 'assistant', content: (conversation.agent ?? '').trim() })
  }
  return messages
}
