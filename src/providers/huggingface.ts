import { bearer, defineProvider } from './define.js'
import { decodeSegment, segments } from './path.js'

/**
 * Row 16 / F033: the model id comes right after the slug (`…/huggingface/bigcode/starcoder`) and is
 * appended to `https://api-inference.huggingface.co/models`. Ids are `{owner}/{name}`; legacy single-name
 * ids (`gpt2`) are recognised when nothing follows them.
 */
export const huggingface = defineProvider({
  slug: 'huggingface',
  name: 'HuggingFace',
  base: 'https://api-inference.huggingface.co/models',
  auth: bearer(),
  schema: 'opaque',
  modelFromPath: (rest) => {
    const parts = segments(rest).filter((part) => part !== '')
    const id = parts.length >= 2 ? `${parts[0]}/${parts[1]}` : parts[0]
    return id === undefined ? undefined : decodeSegment(id)
  },
})
