import { bearer, defineProvider } from './define.js'

/** Row 10: `…/deepseek/chat/completions` (no `v1`) → `https://api.deepseek.com/chat/completions`. */
export const deepseek = defineProvider({
  slug: 'deepseek',
  name: 'DeepSeek',
  base: 'https://api.deepseek.com',
  auth: bearer(),
  schema: 'openai-chat',
  compat: { prefix: 'deepseek', schema: 'openai-chat', path: '/chat/completions' },
})
