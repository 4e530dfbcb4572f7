import { describe, expect, it } from 'vitest'
import { LEGACY_POLICY_ID, policiesFor, resolvePolicies } from './policies.js'
import { FINANCIAL_PROFILE_ID, PII_PROFILE_ID } from './predefined-profiles.js'
import { buildProfileSet } from './profile-set.js'

const profiles = buildProfileSet([])

describe('resolvePolicies (F213)', () => {
  it('DLP off or absent means no policies', () => {
    expect(resolvePolicies(undefined, profiles).policies).toEqual([])
    const off = {
      enabled: false,
      policies: [
        {
          id: 'p',
          action: 'BLOCK' as const,
          check: ['REQUEST' as const],
          enabled: true,
          profiles: [PII_PROFILE_ID],
        },
      ],
    }
    expect(resolvePolicies(off, profiles).policies).toEqual([])
  })

  it('keeps enabled policies only, with their checks and resolved profiles', () => {
    const { policies } = resolvePolicies(
      {
        enabled: true,
        policies: [
          {
            id: 'on',
            action: 'BLOCK',
            check: ['REQUEST'],
            enabled: true,
            profiles: [PII_PROFILE_ID, PII_PROFILE_ID],
          },
          {
            id: 'off',
            action: 'FLAG',
            check: ['RESPONSE'],
            enabled: false,
            profiles: [FINANCIAL_PROFILE_ID],
          },
          {
            id: 'resp',
            action: 'FLAG',
            check: ['RESPONSE'],
            enabled: true,
            profiles: [FINANCIAL_PROFILE_ID],
          },
        ],
      },
      profiles,
    )
    expect(policies.map((p) => [p.id, p.action, p.checks, p.profiles.map((x) => x.name)])).toEqual([
      ['on', 'BLOCK', ['REQUEST'], ['Personal Identifiable Information (PII)']],
      ['resp', 'FLAG', ['RESPONSE'], ['Financial Information']],
    ])
    expect(policiesFor(policies, 'REQUEST').map((p) => p.id)).toEqual(['on'])
    expect(policiesFor(policies, 'RESPONSE').map((p) => p.id)).toEqual(['resp'])
  })

  it('the legacy {enabled, action, profiles} shape is one policy checking both directions', () => {
    const { policies } = resolvePolicies(
      { enabled: true, action: 'FLAG', profiles: [PII_PROFILE_ID] },
      profiles,
    )
    expect(policies.map((p) => [p.id, p.action, p.checks])).toEqual([
      [LEGACY_POLICY_ID, 'FLAG', ['REQUEST', 'RESPONSE']],
    ])
  })

  it('unknown profile ids are reported and skipped; a policy left without profiles is dropped', () => {
    const { policies, problems } = resolvePolicies(
      {
        enabled: true,
        policies: [
          {
            id: 'mixed',
            action: 'BLOCK',
            check: ['REQUEST'],
            enabled: true,
            profiles: ['nope', PII_PROFILE_ID],
          },
          { id: 'empty', action: 'BLOCK', check: ['REQUEST'], enabled: true, profiles: ['gone'] },
        ],
      },
      profiles,
    )
    expect(policies.map((p) => [p.id, p.profiles.length])).toEqual([['mixed', 1]])
    expect(problems).toEqual([
      "DLP policy 'mixed' names unknown profile 'nope'; it was skipped",
      "DLP policy 'empty' names unknown profile 'gone'; it was skipped",
    ])
  })
})
