import type { GatewayStore } from '../core/stores.js'
import { predefinedProfiles, type PredefinedProfileDefinition } from '../policy/dlp/predefined-profiles.js'
import {
  DLP_LIMITS,
  type CustomProfileDocument,
  type PredefinedConfigDocument,
} from '../policy/dlp/profile-documents.js'
import type { PredefinedUpdateInput } from './dlp-profiles-schema.js'
import { validationError } from './admin-errors.js'

/** F221 limits and name uniqueness, checked against the account's other custom profiles. */
export function checkCustomLimits(
  profile: CustomProfileDocument,
  others: readonly CustomProfileDocument[],
): void {
  const problems: Array<{ message: string; path: Array<string | number> }> = []
  const name = profile.name.toLowerCase()
  const clash = [...predefinedProfiles.map((p) => p.name), ...others.map((p) => p.name)].find(
    (n) => n.toLowerCase() === name,
  )
  if (clash)
    problems.push({
      message: `name "${profile.name}" is already used by another profile`,
      path: ['body', 'name'],
    })
  const all = [profile, ...others]
  const patterns = all.flatMap((p) => p.entries.filter((entry) => entry.type === 'custom')).length
  if (patterns > DLP_LIMITS.customEntriesPerAccount) {
    problems.push({
      message: `an account may hold at most ${DLP_LIMITS.customEntriesPerAccount} custom entries (F221); this would make ${patterns}`,
      path: ['body', 'entries'],
    })
  }
  const words = all.flatMap((p) =>
    p.entries.flatMap((entry) => (entry.type === 'word_list' ? entry.word_list.words : [])),
  ).length
  if (words > DLP_LIMITS.wordsPerAccount) {
    problems.push({
      message: `an account may hold at most ${DLP_LIMITS.wordsPerAccount} word-list keywords (F221); this would make ${words}`,
      path: ['body', 'entries'],
    })
  }
  if (problems.length > 0) throw validationError(problems)
}

/** The first gateway DLP policy that names the profile, so deleting it cannot silently disable a policy. */
export async function profileInUse(
  gateways: GatewayStore,
  accountId: string,
  profileId: string,
): Promise<{ gateway: string; policy: string } | undefined> {
  const perPage = 100
  for (let page = 1; ; page++) {
    const { items, total } = await gateways.list(accountId, { page, perPage })
    for (const gateway of items) {
      const dlp = gateway.dlp
      if (!dlp) continue
      if ('policies' in dlp) {
        const policy = dlp.policies.find((p) => p.profiles.includes(profileId))
        if (policy) return { gateway: gateway.id, policy: policy.id }
      } else if (dlp.profiles.includes(profileId)) {
        return { gateway: gateway.id, policy: 'default' }
      }
    }
    if (page * perPage >= total || items.length === 0) return undefined
  }
}

/**
 * The entries of a predefined profile left enabled by an update: `enabled_entries` replaces the set, `entries`
 * switches single ones; ids that are not entries of this profile are refused by name.
 */
export function enabledEntries(
  definition: PredefinedProfileDefinition,
  input: PredefinedUpdateInput,
  current: PredefinedConfigDocument | undefined,
): string[] {
  const known = new Set(definition.entries.map((entry) => entry.id))
  const enabled = new Set(input.enabled_entries ?? current?.enabled_entries ?? known)
  const problems: Array<{ message: string; path: Array<string | number> }> = []
  ;(input.enabled_entries ?? []).forEach((id, index) => {
    if (known.has(id)) return
    problems.push({
      message: `enabled_entries[${index}] is not an entry of ${definition.name}`,
      path: ['body', 'enabled_entries', index],
    })
  })
  ;(input.entries ?? []).forEach((entry, index) => {
    if (!known.has(entry.id)) {
      problems.push({
        message: `entries[${index}].id is not an entry of ${definition.name}`,
        path: ['body', 'entries', index, 'id'],
      })
    } else if (entry.enabled) enabled.add(entry.id)
    else enabled.delete(entry.id)
  })
  if (problems.length > 0) throw validationError(problems)
  return definition.entries.map((entry) => entry.id).filter((id) => enabled.has(id))
}
