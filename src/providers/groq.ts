import { bearer, defineProvider } from './define.js'

/** Row 15: `…/groq/chat/completions` → `https://api.groq.com/openai/v1/chat/completions`. */
export const groq = defineProvider({
  slug: 'groq',
  name: 'Groq',
  base: 'https://api.groq.com/openai/v1',
  auth: bearer(),
  schema: 'openai-chat',
  compat: { prefix: 'groq', schema: 'openai-chat', path: '/chat/completions' },
})
