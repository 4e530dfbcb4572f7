import { bearer, defineProvider } from './define.js'

/**
 * Row 22: `…/replicate/predictions[/{id}]` → `https://api.replicate.com/v1/predictions[/{id}]`. The model
 * is in the body (`version`), never in the path; `Prefer: wait` passes through (F026).
 */
export const replicate = defineProvider({
  slug: 'replicate',
  name: 'Replicate',
  base: 'https://api.replicate.com/v1',
  auth: bearer(),
  schema: 'opaque',
})
