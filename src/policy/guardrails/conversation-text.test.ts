import { describe, expect, it } from 'vitest'
import { answerContext, joinSegments } from './conversation-text.js'

const segment = (text: string, role?: string) => ({ text, location: '', kind: 'message' as const, role })

describe('the text guardrails evaluate', () => {
  it('a prompt is every piece in order, one paragraph each, blanks dropped', () => {
    expect(joinSegments([segment(' system rules '), segment(''), segment('question', 'user')])).toBe(
      'system rules\n\nquestion',
    )
  })

  it('a response check’s context is the last user message, cut from its end', () => {
    const segments = [segment('first', 'user'), segment('reply', 'assistant'), segment('0123456789', 'user')]
    expect(answerContext(segments, 100)).toBe('0123456789')
    expect(answerContext(segments, 4)).toBe('6789')
    expect(answerContext([segment('no roles here')], 100)).toBe('no roles here')
  })
})
