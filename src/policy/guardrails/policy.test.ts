import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../core/gateway-settings.js'
import { actionsFor, blocksAnything, decide, decideUnavailable, isActive } from './policy.js'

const unsafe = (...categories: string[]) => ({ safe: false, categories })

describe('guardrail decisions (F201, F204, F207)', () => {
  it('F201 a category absent from the settings is ignored', () => {
    expect(decide({ S2: 'BLOCK' }, [unsafe('S1')])).toEqual({ action: null, matches: [] })
  })

  it('F204 FLAG lets the request through with the match recorded; BLOCK wins over FLAG', () => {
    expect(decide({ S1: 'FLAG' }, [unsafe('S1')])).toEqual({
      action: 'FLAG',
      matches: [{ category: 'S1', action: 'FLAG' }],
    })
    expect(
      decide({ S1: 'FLAG', S10: 'BLOCK' }, [unsafe('S1'), { safe: true, categories: [] }, unsafe('S10')]),
    ).toMatchObject({ action: 'BLOCK', matches: [{ category: 'S1' }, { category: 'S10' }] })
  })

  it('F208 every chunk counts and each category is reported once', () => {
    expect(decide({ S1: 'FLAG' }, [unsafe('S1'), unsafe('S1')]).matches).toHaveLength(1)
  })

  it('F207 evaluator unavailable: any BLOCK category fails closed, FLAG-only proceeds unevaluated', () => {
    expect(decideUnavailable({ S1: 'FLAG', S2: 'BLOCK' }, [], 'down')).toEqual({
      action: 'BLOCK',
      matches: [],
      unevaluated: 'down',
    })
    expect(decideUnavailable({ S1: 'FLAG' }, [], 'down')).toEqual({
      action: null,
      matches: [],
      unevaluated: 'down',
    })
    expect(decideUnavailable({ S1: 'FLAG' }, [unsafe('S1')], 'part down').action).toBe('FLAG')
  })

  it('reads one direction’s settings; guardrails off or empty means inactive', () => {
    const gateway = {
      ...defaultSettings('g', 'now'),
      guardrails: { prompt: { S1: 'BLOCK' as const }, response: {} },
    }
    expect(actionsFor(gateway, 'prompt')).toEqual({ S1: 'BLOCK' })
    expect(isActive(actionsFor(gateway, 'prompt'))).toBe(true)
    expect(isActive(actionsFor(gateway, 'response'))).toBe(false)
    expect(isActive(actionsFor({ ...gateway, guardrails: null }, 'prompt'))).toBe(false)
    expect(blocksAnything({ S1: 'FLAG' })).toBe(false)
    expect(blocksAnything({ S1: 'FLAG', P1: 'BLOCK' })).toBe(true)
  })
})
