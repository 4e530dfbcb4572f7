import { defineProvider, header } from './define.js'

/** Row 2: gateway `…/anthropic/v1/messages` → `https://api.anthropic.com/v1/messages`. */
export const anthropic = defineProvider({
  slug: 'anthropic',
  name: 'Anthropic',
  base: 'https://api.anthropic.com',
  auth: header('x-api-key'),
  schema: 'anthropic-messages',
  compat: { prefix: 'anthropic', schema: 'anthropic-messages', path: '/v1/messages' },
  // The API rejects requests without a version; clients that send their own keep it (F026).
  defaultHeaders: { 'anthropic-version': '2023-06-01' },
})
