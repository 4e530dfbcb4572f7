import { defineProvider, header } from './define.js'

/**
 * Row 20: every Parallel path is appended as is (`/v1/tasks/runs`, `/v1beta/search`, …). Its Chat API
 * (`/chat/completions`, model `speed`) is only offered through /compat.
 */
export const parallel = defineProvider({
  slug: 'parallel',
  name: 'Parallel',
  base: 'https://api.parallel.ai',
  auth: header('x-api-key'),
  schema: 'opaque',
  compat: { prefix: 'parallel', schema: 'openai-chat', path: '/chat/completions' },
})
