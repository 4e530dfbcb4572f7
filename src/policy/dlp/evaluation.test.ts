import { describe, expect, it } from 'vitest'
import type { Detector } from './detector.js'
import { DlpEvaluation } from './evaluation.js'
import { combine, dlpHeaderValue, dlpLogFields } from './header.js'
import type { ResolvedPolicy } from './policies.js'
import type { DlpProfile } from './profile-set.js'

/** A detector that reports every "X" (confidence by case: x low, X high) and is at most one character long. */
const xDetector: Detector = {
  id: 'entry-x',
  name: 'x',
  maxLength: 1,
  find(text, from) {
    const out = []
    for (let i = from; i < text.length; i++) {
      if (text[i] === 'X') out.push({ start: i, end: i + 1, confidence: 'high' as const })
      if (text[i] === 'x') out.push({ start: i, end: i + 1, confidence: 'low' as const })
    }
    return out
  },
}
const yDetector: Detector = {
  ...xDetector,
  id: 'entry-y',
  name: 'y',
  maxLength: 40,
  find: (text, from) =>
    text.indexOf('YY', from) >= 0
      ? [{ start: text.indexOf('YY', from), end: text.indexOf('YY', from) + 2, confidence: 'medium' }]
      : [],
}

function profile(id: string, entries: Detector[], overrides: Partial<DlpProfile> = {}): DlpProfile {
  return {
    id,
    name: id,
    type: 'custom',
    entries,
    allowedMatchCount: 0,
    confidenceThreshold: 'low',
    ...overrides,
  }
}

function policy(id: string, action: 'FLAG' | 'BLOCK', profiles: DlpProfile[]): ResolvedPolicy {
  return { id, action, checks: ['REQUEST', 'RESPONSE'], profiles }
}

describe('DlpEvaluation', () => {
  it('F214 a profile fires only past allowed_match_count', () => {
    const evaluation = new DlpEvaluation(
      [policy('p', 'BLOCK', [profile('prof', [xDetector], { allowedMatchCount: 2 })])],
      'REQUEST',
    )
    evaluation.scan('X and X', { channel: 'a' })
    expect(evaluation.result()).toBeUndefined()
    evaluation.scan('X', { channel: 'b' })
    expect(evaluation.result()).toEqual({
      action: 'BLOCK',
      findings: [
        {
          profile: { context: {}, entry_ids: ['entry-x'], profile_id: 'prof' },
          policy_ids: ['p'],
          check: 'REQUEST',
        },
      ],
    })
  })

  it('F222 matches below the confidence threshold do not count', () => {
    const evaluation = new DlpEvaluation(
      [policy('p', 'FLAG', [profile('prof', [xDetector], { confidenceThreshold: 'medium' })])],
      'RESPONSE',
    )
    evaluation.scan('x x x')
    expect(evaluation.result()).toBeUndefined()
    evaluation.scan('X', { channel: 'other' })
    expect(evaluation.result()?.action).toBe('FLAG')
  })

  it('BLOCK wins over FLAG; one finding per profile lists every policy that named it', () => {
    const shared = profile('shared', [xDetector])
    const evaluation = new DlpEvaluation(
      [
        policy('flagger', 'FLAG', [shared]),
        policy('blocker', 'BLOCK', [shared, profile('quiet', [yDetector])]),
      ],
      'REQUEST',
    )
    evaluation.scan('X')
    expect(evaluation.result()).toEqual({
      action: 'BLOCK',
      findings: [
        {
          profile: { context: {}, entry_ids: ['entry-x'], profile_id: 'shared' },
          policy_ids: ['flagger', 'blocker'],
          check: 'REQUEST',
        },
      ],
    })
    expect(evaluation.blocked).toBe(true)
  })

  it('F216 the same match seen again in an overlapping stream window counts once', () => {
    const evaluation = new DlpEvaluation(
      [policy('p', 'BLOCK', [profile('prof', [xDetector], { allowedMatchCount: 1 })])],
      'RESPONSE',
    )
    evaluation.scan('abX-', { channel: 'c', offset: 0, final: false })
    evaluation.scan('X-de', { channel: 'c', offset: 2, final: false, from: 1 })
    evaluation.scan('X-de', { channel: 'c', offset: 2, final: false })
    expect(evaluation.result()).toBeUndefined()
    evaluation.scan('deX!', { channel: 'c', offset: 4, final: false })
    expect(evaluation.result()?.action).toBe('BLOCK')
  })

  it('F216 a match touching the end of text still arriving waits; when final it counts', () => {
    const evaluation = new DlpEvaluation([policy('p', 'BLOCK', [profile('prof', [xDetector])])], 'RESPONSE')
    evaluation.scan('abX', { channel: 'c', final: false })
    expect(evaluation.result()).toBeUndefined()
    evaluation.scan('abX', { channel: 'c', final: true })
    expect(evaluation.blocked).toBe(true)
  })

  it('the streaming overlap is the longest entry plus one; no entries means inactive', () => {
    expect(
      new DlpEvaluation([policy('p', 'FLAG', [profile('a', [xDetector, yDetector])])], 'REQUEST').overlap,
    ).toBe(41)
    const idle = new DlpEvaluation([], 'REQUEST')
    expect(idle.active).toBe(false)
    idle.scan('X')
    expect(idle.result()).toBeUndefined()
  })
})

describe('cf-aig-dlp header and log fields (F136, F220)', () => {
  it('combines both checks; the header has the documented shape', () => {
    const finding = (check: 'REQUEST' | 'RESPONSE', profileId: string, entry: string, policyId: string) => ({
      profile: { context: {} as Record<string, never>, entry_ids: [entry], profile_id: profileId },
      policy_ids: [policyId],
      check,
    })
    const outcome = combine([
      { action: 'FLAG', findings: [finding('REQUEST', 'p1', 'e1', 'a')] },
      undefined,
      {
        action: 'BLOCK',
        findings: [finding('RESPONSE', 'p2', 'e2', 'b'), finding('RESPONSE', 'p1', 'e1', 'b')],
      },
    ])!
    expect(JSON.parse(dlpHeaderValue(outcome))).toEqual({
      findings: [
        {
          profile: { context: {}, entry_ids: ['e1'], profile_id: 'p1' },
          policy_ids: ['a'],
          check: 'REQUEST',
        },
        {
          profile: { context: {}, entry_ids: ['e2'], profile_id: 'p2' },
          policy_ids: ['b'],
          check: 'RESPONSE',
        },
        {
          profile: { context: {}, entry_ids: ['e1'], profile_id: 'p1' },
          policy_ids: ['b'],
          check: 'RESPONSE',
        },
      ],
      action: 'BLOCK',
    })
    expect(dlpLogFields(outcome)).toMatchObject({
      action: 'BLOCK',
      policies: ['a', 'b'],
      profiles: ['p1', 'p2'],
      entries: ['e1', 'e2'],
      check: ['REQUEST', 'RESPONSE'],
    })
    expect(combine([undefined, undefined])).toBeUndefined()
  })
})
