import { defineProvider, header } from './define.js'
import { underPrefix } from './path.js'

/**
 * Row 6 and providers.md §4.1: the docs pair `https://api.cartesia.ai/v1` with `GW/cartesia`, but the
 * documented call `…/cartesia/tts/bytes` and Cartesia's real API (`https://api.cartesia.ai/tts/bytes`)
 * have no version segment. The base is therefore the host root and a leading `/v1` is dropped, so both
 * `…/cartesia/tts/bytes` and `…/cartesia/v1/tts/bytes` reach `https://api.cartesia.ai/tts/bytes`.
 */
export const cartesia = defineProvider({
  slug: 'cartesia',
  name: 'Cartesia',
  base: 'https://api.cartesia.ai',
  auth: header('X-API-Key'),
  schema: 'opaque',
  // Cartesia rejects requests without a version; a client's own `Cartesia-Version` wins (F026).
  defaultHeaders: { 'cartesia-version': '2024-06-10' },
  target: ({ rest }) => ({ path: underPrefix(rest, '/v1') ?? rest }),
})
