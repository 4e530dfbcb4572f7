import type { GatewayStore } from '../core/stores.js'
import { predefinedProfiles } from '../policy/dlp/predefined-profiles.js'
import { DLP_LIMITS, type CustomProfileDocument } from '../policy/dlp/profile-documents.js'
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
