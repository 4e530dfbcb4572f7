import { bearer, defineProvider } from './define.js'

/** Row 21: the path slug is `perplexity-ai` but the /compat prefix is `perplexity` (providers.md §4.2). */
export const perplexityAi = defineProvider({
  slug: 'perplexity-ai',
  name: 'Perplexity',
  base: 'https://api.perplexity.ai',
  auth: bearer(),
  schema: 'openai-chat',
  compat: { prefix: 'perplexity', schema: 'openai-chat', path: '/chat/completions' },
})
