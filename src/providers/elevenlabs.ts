import { defineProvider, header } from './define.js'

/** Row 11: `…/elevenlabs/v1/text-to-speech/{voice}?output_format=…` → `https://api.elevenlabs.io/v1/…`. */
export const elevenlabs = defineProvider({
  slug: 'elevenlabs',
  name: 'ElevenLabs',
  base: 'https://api.elevenlabs.io',
  auth: header('xi-api-key'),
  schema: 'opaque',
})
