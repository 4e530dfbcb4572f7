import { describe, expect, it } from 'vitest'
import { defaultSettings, type SpendLimitRule } from '../core/gateway-settings.js'
import {
  activeRules,
  budgetsFor,
  partitionOf,
  ruleIdentity,
  ruleMatches,
  type SpendSubject,
} from './spend-rules.js'

const subject = (overrides: Partial<SpendSubject> = {}): SpendSubject => ({
  accountId: 'acct',
  gatewayId: 'gw',
  provider: 'openai',
  model: 'gpt-4o-mini',
  metadata: {},
  ...overrides,
})

const rule = (overrides: Partial<SpendLimitRule> = {}): SpendLimitRule => ({
  limit: 5,
  limitType: 'cost',
  window: 86_400,
  ...overrides,
})

describe('spend-limit rules (F147, F233)', () => {
  it('F233 only enabled rules of enabled spend_limits are in force', () => {
    const settings = defaultSettings('gw', '2025-01-01T00:00:00Z')
    expect(activeRules(settings)).toEqual([])
    const on = rule({ id: 'on' })
    const off = rule({ id: 'off', enabled: false })
    expect(activeRules({ ...settings, spend_limits: { rules: [on, off] } })).toEqual([on])
    expect(activeRules({ ...settings, spend_limits: { enabled: false, rules: [on] } })).toEqual([])
  })

  it('F147 provider and model filters select by slug and provider model id, case-insensitively', () => {
    const r = rule({
      provider: { mode: 'filter', values: ['OpenAI'] },
      model: { mode: 'filter', values: ['gpt-4o-mini'] },
    })
    expect(ruleMatches(r, subject())).toBe(true)
    expect(ruleMatches(r, subject({ provider: 'anthropic' }))).toBe(false)
    expect(ruleMatches(r, subject({ model: 'gpt-4o' }))).toBe(false)
    expect(ruleMatches(r, subject({ model: undefined }))).toBe(false)
    const compatSpelling = rule({ model: { mode: 'filter', values: ['openai/GPT-4o-mini'] } })
    expect(ruleMatches(compatSpelling, subject())).toBe(true)
    expect(ruleMatches(compatSpelling, subject({ provider: 'groq' }))).toBe(false)
  })

  it('F110 a metadata filter needs the key with one of its values; numbers and booleans compare as text', () => {
    const r = rule({ metadata: { team: { mode: 'filter', values: ['ml', '42', 'true'] } } })
    expect(ruleMatches(r, subject({ metadata: { team: 'ml' } }))).toBe(true)
    expect(ruleMatches(r, subject({ metadata: { team: 42 } }))).toBe(true)
    expect(ruleMatches(r, subject({ metadata: { team: true } }))).toBe(true)
    expect(ruleMatches(r, subject({ metadata: { team: 'web' } }))).toBe(false)
    expect(ruleMatches(r, subject())).toBe(false)
  })

  it('F233 partition keys make one budget per value; a request without the key shares one budget', () => {
    const r = rule({ id: 'per-user', metadata: { user_id: { mode: 'partition' } } })
    const alice = budgetsFor([r], subject({ metadata: { user_id: 'alice' } }))
    const bob = budgetsFor([r], subject({ metadata: { user_id: 'bob' } }))
    const nobody = budgetsFor([r], subject())
    expect(alice).toHaveLength(1)
    expect(alice[0]!.key).toBe('acct/gw/id%3Aper-user/fixed:86400/user_id=alice')
    expect(bob[0]!.key).not.toBe(alice[0]!.key)
    expect(nobody[0]!.key).toBe('acct/gw/id%3Aper-user/fixed:86400/user_id')
    expect(partitionOf(r, { user_id: 'a&b=c' })).toBe('user_id=a%26b%3Dc')
  })

  it('several partition keys combine in a stable order', () => {
    const r = rule({ metadata: { team: { mode: 'partition' }, app: { mode: 'partition' } } })
    expect(partitionOf(r, { team: 'ml', app: 'chat' })).toBe('app=chat&team=ml')
  })

  it('a rule keeps its budget when its limit changes, and gets a new one when its window changes', () => {
    const unnamed = rule({ provider: { mode: 'filter', values: ['openai'] } })
    expect(ruleIdentity({ ...unnamed, limit: 50 })).toBe(ruleIdentity(unnamed))
    const [before] = budgetsFor([unnamed], subject())
    const [raised] = budgetsFor([{ ...unnamed, limit: 50 }], subject())
    const [weekly] = budgetsFor([{ ...unnamed, window: 604_800 }], subject())
    expect(raised!.key).toBe(before!.key)
    expect(raised!.limitNanos).toBe(50_000_000_000)
    expect(weekly!.key).not.toBe(before!.key)
    expect(budgetsFor([{ ...unnamed, technique: 'sliding' }], subject())[0]!.key).not.toBe(before!.key)
  })

  it('two rules selecting the same budget merge into the lower limit; distinct rules stay apart', () => {
    const budgets = budgetsFor(
      [rule({ limit: 5 }), rule({ limit: 2 }), rule({ id: 'x', limit: 9 })],
      subject(),
    )
    expect(budgets.map((b) => [b.ruleName, b.limitNanos])).toEqual([
      ['#2', 2_000_000_000],
      ["'x'", 9_000_000_000],
    ])
  })

  it('budgets name the rule and carry the window in ms', () => {
    const [budget] = budgetsFor([rule({ window: 3600, technique: 'sliding' })], subject())
    expect(budget).toMatchObject({
      ruleName: '#1',
      windowSeconds: 3600,
      window: { technique: 'sliding', windowMs: 3_600_000 },
    })
  })
})
