import { defineProvider, scheme } from './define.js'

/** Row 9: the Deepgram SDK sends its key as `Authorization: Token <key>`. */
export const deepgram = defineProvider({
  slug: 'deepgram',
  name: 'Deepgram',
  base: 'https://api.deepgram.com',
  auth: scheme('Token'),
  schema: 'opaque',
})
