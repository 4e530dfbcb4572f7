import { describe, expect, it } from 'vitest'
import { lastObjectForKey, matchBracket, stringForKey } from './json-scan.js'

describe('json-scan', () => {
  it('matches brackets across strings holding brackets, quotes and escapes', () => {
    const text = '{"a":"}\\"{[","b":[1,{"c":"]"}]} trailing'
    expect(matchBracket(text, 0)).toBe(text.indexOf(' trailing') - 1)
    expect(matchBracket('{"a":{"b":1}', 0)).toBe(-1)
  })

  it('finds the last complete usage object in a text cut at its start', () => {
    const text =
      'ens":5},"x":1}\n{"usage":{"prompt_tokens":1}}\n{"usage": {"prompt_tokens":2,"d":{"e":"}"}}}\n{"usage":{"prompt'
    const found = lastObjectForKey(text, 'usage', () => true)
    expect(found?.value).toEqual({ prompt_tokens: 2, d: { e: '}' } })
  })

  it('skips objects the caller rejects and escaped look-alikes inside strings', () => {
    const text =
      '{"usage":{"prompt_tokens":3}} {"text":"say \\"usage\\":{\\"prompt_tokens\\":9}"} {"usage":{"latency":1}}'
    const found = lastObjectForKey(text, 'usage', (value) => 'prompt_tokens' in value)
    expect(found?.value).toEqual({ prompt_tokens: 3 })
  })

  it('reads first and last string values of a key', () => {
    const text = '{"model": "gpt-4o", "x": {"model": null}, "y": {"model":"o3\\u002dmini"}}'
    expect(stringForKey(text, 'model', 'first')).toBe('gpt-4o')
    expect(stringForKey(text, 'model', 'last')).toBe('o3-mini')
    expect(stringForKey('{"modelVersion":"x"}', 'model', 'first')).toBeUndefined()
  })
})
