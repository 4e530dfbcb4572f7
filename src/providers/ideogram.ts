import { defineProvider, header } from './define.js'

/** Row 17: `…/ideogram/v1/ideogram-v3/generate` → `https://api.ideogram.ai/v1/ideogram-v3/generate`. */
export const ideogram = defineProvider({
  slug: 'ideogram',
  name: 'Ideogram',
  base: 'https://api.ideogram.ai',
  auth: header('Api-Key'),
  schema: 'opaque',
})
