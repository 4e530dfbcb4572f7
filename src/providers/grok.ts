import { bearer, defineProvider } from './define.js'
import { underPrefix } from './path.js'

/**
 * Row 14 and providers.md §4.1: the docs say "replace https://api.x.ai/v1 with GW/grok" but the cURL
 * example calls `…/grok/v1/chat/completions`. Both candidates resolve under the documented base
 * `https://api.x.ai/v1`: a leading `/v1` is dropped, anything else is appended (so `/chat/completions`
 * and `/v1/chat/completions` both reach `https://api.x.ai/v1/chat/completions`, and the Anthropic SDK's
 * `/v1/messages` reaches `https://api.x.ai/v1/messages`).
 */
export const grok = defineProvider({
  slug: 'grok',
  name: 'Grok',
  base: 'https://api.x.ai/v1',
  auth: bearer(),
  schema: 'openai-chat',
  compat: { prefix: 'grok', schema: 'openai-chat', path: '/chat/completions' },
  target: ({ rest }) => ({ path: underPrefix(rest, '/v1') ?? rest }),
})
