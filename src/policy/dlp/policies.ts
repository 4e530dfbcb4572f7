import type { DlpSettings } from '../../core/gateway-settings.js'
import type { DlpProfile, ProfileSet } from './profile-set.js'

export type DlpCheck = 'REQUEST' | 'RESPONSE'
export type DlpAction = 'FLAG' | 'BLOCK'

/** A gateway DLP policy with its profiles resolved (F213). */
export interface ResolvedPolicy {
  id: string
  action: DlpAction
  checks: readonly DlpCheck[]
  profiles: readonly DlpProfile[]
}

/**
 * The legacy `{enabled, action, profiles}` setting predates policies; it behaves as one policy with this id
 * that checks requests and responses.
 */
export const LEGACY_POLICY_ID = 'default'

/**
 * F213/F217: the gateway's enabled DLP policies (none when DLP is off), profiles resolved for the account.
 * Profile ids the account does not have are reported in `problems` and skipped.
 */
export function resolvePolicies(
  settings: DlpSettings | undefined,
  profiles: ProfileSet,
): { policies: ResolvedPolicy[]; problems: string[] } {
  const problems: string[] = []
  if (!settings?.enabled) return { policies: [], problems }
  const specs =
    'policies' in settings
      ? settings.policies.filter((policy) => policy.enabled)
      : [
          {
            id: LEGACY_POLICY_ID,
            action: settings.action,
            check: ['REQUEST', 'RESPONSE'] as DlpCheck[],
            profiles: settings.profiles,
          },
        ]
  const policies = specs.map((spec) => {
    const resolved: DlpProfile[] = []
    for (const id of new Set(spec.profiles)) {
      const profile = profiles.get(id)
      if (profile) resolved.push(profile)
      else problems.push(`DLP policy '${spec.id}' names unknown profile '${id}'; it was skipped`)
    }
    return { id: spec.id, action: spec.action, checks: [...new Set(spec.check)], profiles: resolved }
  })
  return { policies: policies.filter((policy) => policy.profiles.length > 0), problems }
}

export function policiesFor(policies: readonly ResolvedPolicy[], check: DlpCheck): ResolvedPolicy[] {
  return policies.filter((policy) => policy.checks.includes(check))
}
