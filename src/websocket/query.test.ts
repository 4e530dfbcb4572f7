import { describe, expect, it } from 'vitest'
import { rawQuery } from './query.js'

describe('raw query edits', () => {
  it('F059 leaves untouched parameters byte for byte (no re-encoding)', () => {
    const query = rawQuery('?model=%40cf%2Fdeepgram%2Fnova-3&encoding=linear16&note=a+b&x=@y')
    expect(query.take('model')).toBe('@cf/deepgram/nova-3')
    expect(query.toString()).toBe('?encoding=linear16&note=a+b&x=@y')
  })

  it('renames a parameter and keeps its encoded value', () => {
    const query = rawQuery('?api_key=k%2B1&other=1')
    query.rename('api_key', 'key')
    expect(query.toString()).toBe('?key=k%2B1&other=1')
    expect(query.get('key')).toBe('k+1')
  })

  it('handles an empty query and a query emptied by edits', () => {
    expect(rawQuery('').toString()).toBe('')
    const query = rawQuery('?model=a&model=b')
    expect(query.take('model')).toBe('a')
    expect(query.has('model')).toBe(false)
    expect(query.toString()).toBe('')
  })
})
