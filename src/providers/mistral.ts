import { bearer, defineProvider } from './define.js'

/** Row 18: `…/mistral/v1/chat/completions` → `https://api.mistral.ai/v1/chat/completions`. */
export const mistral = defineProvider({
  slug: 'mistral',
  name: 'Mistral AI',
  base: 'https://api.mistral.ai',
  auth: bearer(),
  schema: 'openai-chat',
  compat: { prefix: 'mistral', schema: 'openai-chat', path: '/v1/chat/completions' },
})
