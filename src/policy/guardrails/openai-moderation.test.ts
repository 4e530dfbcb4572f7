import { describe, expect, it } from 'vitest'
import { parseOpenAiModeration } from './openai-moderation.js'
import { VerdictError } from './parse-verdict.js'

const answer = (flags: Record<string, boolean>) => ({
  id: 'modr-1',
  model: 'omni-moderation-latest',
  results: [{ flagged: Object.values(flags).some(Boolean), categories: flags, category_scores: {} }],
})

describe('OpenAI moderation mapped onto Llama Guard categories (F212)', () => {
  it('maps flagged categories to S-codes, once each', () => {
    expect(
      parseOpenAiModeration(
        answer({ violence: true, 'violence/graphic': true, 'sexual/minors': true, hate: false }),
      ),
    ).toEqual({ safe: false, categories: ['S1', 'S4'] })
    expect(parseOpenAiModeration(answer({ 'self-harm/intent': true, illicit: true }))).toEqual({
      safe: false,
      categories: ['S11', 'S2'],
    })
  })

  it('nothing flagged, or only categories without a counterpart, is safe', () => {
    expect(parseOpenAiModeration(answer({ violence: false, sexual: false }))).toEqual({
      safe: true,
      categories: [],
    })
    expect(parseOpenAiModeration(answer({ 'some-new-category': true }))).toEqual({
      safe: true,
      categories: [],
    })
  })

  it('an answer without results is an error', () => {
    expect(() => parseOpenAiModeration({ error: { message: 'bad key' } })).toThrow(VerdictError)
  })
})
