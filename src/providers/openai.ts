import { bearer, defineProvider } from './define.js'

/** Row 1: docs say "replace https://api.openai.com/v1 with GW/openai". */
export const openai = defineProvider({
  slug: 'openai',
  name: 'OpenAI',
  base: 'https://api.openai.com/v1',
  auth: bearer(),
  schema: 'openai-chat',
  compat: { prefix: 'openai', schema: 'openai-chat', path: '/chat/completions' },
})
