import type { DlpLogFields } from '../../core/log-entry.js'
import type { DlpCheckResult, DlpFinding } from './evaluation.js'
import type { DlpAction, DlpCheck } from './policies.js'

/** What DLP found on one request, over both checks. */
export interface DlpOutcome {
  action: DlpAction
  findings: DlpFinding[]
}

export function combine(results: ReadonlyArray<DlpCheckResult | undefined>): DlpOutcome | undefined {
  const fired = results.filter((result): result is DlpCheckResult => result !== undefined)
  if (fired.length === 0) return undefined
  return {
    action: fired.some((result) => result.action === 'BLOCK') ? 'BLOCK' : 'FLAG',
    findings: fired.flatMap((result) => result.findings),
  }
}

/** F136: the `cf-aig-dlp` header value. */
export function dlpHeaderValue(outcome: DlpOutcome): string {
  return JSON.stringify({ findings: outcome.findings, action: outcome.action })
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)]
}

/** F220: the log's DLP fields. */
export function dlpLogFields(outcome: DlpOutcome): DlpLogFields {
  const findings = outcome.findings
  return {
    action: outcome.action,
    policies: unique(findings.flatMap((finding) => finding.policy_ids)),
    profiles: unique(findings.map((finding) => finding.profile.profile_id)),
    entries: unique(findings.flatMap((finding) => finding.profile.entry_ids)),
    check: unique(findings.map((finding) => finding.check)) as DlpCheck[],
    findings: findings.map((finding) => ({
      check: finding.check,
      policyIds: [...finding.policy_ids],
      profileId: finding.profile.profile_id,
      entryIds: [...finding.profile.entry_ids],
    })),
  }
}
