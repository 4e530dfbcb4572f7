import { defineProvider, header } from './define.js'
import { decodeSegment } from './path.js'

const MODEL_IN_PATH = /\/models\/([^/:]+)/

/**
 * Row 13: `…/google-ai-studio/v1beta/models/{model}:generateContent` → Gemini API. `@google/genai` sends
 * its `apiKey` in `x-goog-api-key` (which may be the gateway's own token, F083). /compat reaches it with
 * the prefix `google-ai-studio/` or its alias `google/` (F015); the compat layer fills `{model}`.
 */
export const googleAiStudio = defineProvider({
  slug: 'google-ai-studio',
  name: 'Google AI Studio',
  base: 'https://generativelanguage.googleapis.com',
  auth: header('x-goog-api-key'),
  schema: 'gemini',
  compat: { prefix: 'google-ai-studio', schema: 'gemini', path: '/v1beta/models/{model}:generateContent' },
  modelFromPath: (rest) => {
    const match = MODEL_IN_PATH.exec(rest)
    return match?.[1] ? decodeSegment(match[1]) : undefined
  },
})
