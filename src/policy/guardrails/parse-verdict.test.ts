import { describe, expect, it } from 'vitest'
import {
  parseChatCompletionVerdict,
  parseLlamaGuardText,
  parseWorkersAiVerdict,
  VerdictError,
} from './parse-verdict.js'

describe('Llama Guard output parsing', () => {
  it('reads safe and unsafe with its categories', () => {
    expect(parseLlamaGuardText('safe')).toEqual({ safe: true, categories: [] })
    expect(parseLlamaGuardText('\n\nsafe\n')).toEqual({ safe: true, categories: [] })
    expect(parseLlamaGuardText('unsafe\nS1')).toEqual({ safe: false, categories: ['S1'] })
    expect(parseLlamaGuardText('unsafe\nS1,S10')).toEqual({ safe: false, categories: ['S1', 'S10'] })
  })

  it('tolerates case, spacing, one code per line and repeats', () => {
    expect(parseLlamaGuardText(' Unsafe \r\n s2, S14 \nS2\n')).toEqual({
      safe: false,
      categories: ['S2', 'S14'],
    })
  })

  it('keeps P1 and drops codes outside the taxonomy', () => {
    expect(parseLlamaGuardText('unsafe\nP1,S15,O3,S9')).toEqual({ safe: false, categories: ['P1', 'S9'] })
  })

  it('refuses answers it cannot read rather than guessing', () => {
    expect(() => parseLlamaGuardText('I cannot help with that')).toThrow(VerdictError)
    expect(() => parseLlamaGuardText('')).toThrow(VerdictError)
    expect(() => parseLlamaGuardText('unsafe')).toThrow(/without a hazard category/)
    expect(() => parseLlamaGuardText('unsafe\nO1')).toThrow(VerdictError)
  })

  it('F212 reads Workers AI’s envelope, as text or as JSON output', () => {
    expect(parseWorkersAiVerdict({ result: { response: 'unsafe\nS1' }, success: true, errors: [] })).toEqual({
      safe: false,
      categories: ['S1'],
    })
    expect(parseWorkersAiVerdict({ result: { response: { safe: true, categories: [] } } })).toEqual({
      safe: true,
      categories: [],
    })
    expect(parseWorkersAiVerdict({ result: { response: { safe: false, categories: ['s11'] } } })).toEqual({
      safe: false,
      categories: ['S11'],
    })
    expect(() => parseWorkersAiVerdict({ success: false, errors: [{ message: 'x' }] })).toThrow(VerdictError)
  })

  it('reads a chat completion’s first choice', () => {
    const completion = { choices: [{ index: 0, message: { role: 'assistant', content: 'unsafe\nS10' } }] }
    expect(parseChatCompletionVerdict(completion)).toEqual({ safe: false, categories: ['S10'] })
    expect(() => parseChatCompletionVerdict({ choices: [] })).toThrow(VerdictError)
  })
})
