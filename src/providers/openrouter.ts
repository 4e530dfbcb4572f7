import { bearer, defineProvider } from './define.js'
import { underPrefix } from './path.js'

/**
 * Row 19 and providers.md §4.1: the docs map `https://openrouter.ai/api/v1` onto `GW/openrouter`, while
 * the cURL example calls `…/openrouter/v1/chat/completions`. Paths resolve under the documented base; a
 * leading `/v1` (or the full `/api/v1`) is dropped so every form reaches
 * `https://openrouter.ai/api/v1/chat/completions`.
 */
export const openrouter = defineProvider({
  slug: 'openrouter',
  name: 'OpenRouter',
  base: 'https://openrouter.ai/api/v1',
  auth: bearer(),
  schema: 'openai-chat',
  target: ({ rest }) => ({ path: underPrefix(rest, '/api/v1') ?? underPrefix(rest, '/v1') ?? rest }),
})
