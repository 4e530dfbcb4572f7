import { describe, expect, it } from 'vitest'
import { chunkText } from './chunk-text.js'

describe('chunking long content (F208)', () => {
  it('short text is one piece, empty text one empty piece', () => {
    expect(chunkText('hello', 10)).toEqual(['hello'])
    expect(chunkText('', 10)).toEqual([''])
  })

  it('prefers paragraph breaks, then sentence ends, then spaces', () => {
    const paragraphs = 'First paragraph here.\n\nSecond one, longer than the first.'
    expect(chunkText(paragraphs, 40)).toEqual([
      'First paragraph here.\n\n',
      'Second one, longer than the first.',
    ])
    const sentences = 'One two three. Four five six. Seven eight.'
    expect(chunkText(sentences, 32)).toEqual(['One two three. Four five six. ', 'Seven eight.'])
    expect(chunkText('alpha beta gamma delta', 12)).toEqual(['alpha beta ', 'gamma delta'])
  })

  it('cuts mid-word only when there is no boundary, and never inside a surrogate pair', () => {
    expect(chunkText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij'])
    const emoji = 'ab😀cd'
    const pieces = chunkText(emoji, 3)
    expect(pieces.join('')).toBe(emoji)
    for (const piece of pieces) expect(piece).not.toMatch(/[\uD800-\uDBFF]$/)
  })

  it('keeps every character and respects the limit', () => {
    const text = Array.from(
      { length: 200 },
      (_, i) => `Sentence number ${i} says something${i % 7 === 0 ? '!\n\n' : '. '}`,
    ).join('')
    const pieces = chunkText(text, 500)
    expect(pieces.join('')).toBe(text)
    expect(pieces.length).toBeGreaterThan(1)
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(500)
  })

  it('rejects a limit that would never make progress', () => {
    expect(() => chunkText('abc', 0)).toThrow(RangeError)
  })
})
