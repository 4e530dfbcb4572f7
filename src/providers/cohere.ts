import { defineProvider, scheme } from './define.js'

/** Top-level path segments Cohere serves at its host root: API versions and the OpenAI compatibility API. */
const ROOT_SEGMENT = /^\/(?:v\d+|compatibility)(?:\/|$)/

/**
 * Row 8 and providers.md §4.1: the docs say "replace https://api.cohere.ai/v1 with GW/cohere" but every
 * example keeps the version in the gateway path (`…/cohere/v1/chat`). Cohere serves both `/v1` and `/v2`,
 * so the base is the host root: a path that starts with a version segment is appended as is, any other
 * path is taken as relative to the documented `/v1` base (`…/cohere/chat` → `https://api.cohere.ai/v1/chat`).
 */
export const cohere = defineProvider({
  slug: 'cohere',
  name: 'Cohere',
  base: 'https://api.cohere.ai',
  auth: scheme('Token'),
  schema: 'cohere',
  compat: { prefix: 'cohere', schema: 'cohere', path: '/v2/chat' },
  target: ({ rest }) => ({ path: rest === '' || ROOT_SEGMENT.test(rest) ? rest : `/v1${rest}` }),
})
