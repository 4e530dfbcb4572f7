import { describe, expect, it } from 'vitest'
import { secretPreview } from './secret-preview.js'

describe('secret preview (F223)', () => {
  it('shows at most the first and last four characters', () => {
    expect(secretPreview('sk-proj-abcdefghijklmnop1234')).toBe('sk-p…1234')
    expect(secretPreview('  0123456789abcdef  ')).toBe('0123…cdef')
  })

  it('shows less of short values and nothing of very short ones', () => {
    expect(secretPreview('abcdefghij')).toBe('…ij')
    expect(secretPreview('abc')).toBe('…')
  })
})
