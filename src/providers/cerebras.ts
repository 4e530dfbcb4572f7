import { bearer, defineProvider } from './define.js'

/** Row 7: `…/cerebras/chat/completions` → `https://api.cerebras.ai/v1/chat/completions`. */
export const cerebras = defineProvider({
  slug: 'cerebras',
  name: 'Cerebras',
  base: 'https://api.cerebras.ai/v1',
  auth: bearer(),
  schema: 'openai-chat',
  compat: { prefix: 'cerebras', schema: 'openai-chat', path: '/chat/completions' },
})
