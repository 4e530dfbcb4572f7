import { CONFIDENCE_RANK, type Confidence, type Detector } from './detector.js'
import type { DlpAction, DlpCheck, ResolvedPolicy } from './policies.js'

/** One element of the `cf-aig-dlp` header's `findings` (F136). */
export interface DlpFinding {
  profile: { context: Record<string, never>; entry_ids: string[]; profile_id: string }
  policy_ids: string[]
  check: DlpCheck
}

export interface DlpCheckResult {
  action: DlpAction
  findings: DlpFinding[]
}

export interface ScanOptions {
  /** Matches may start at or after this index (earlier text is context only). */
  from?: number
  /** Offset of `text[0]` in everything this channel carried: repeated sightings of one match count once. */
  offset?: number
  channel?: string
  /** More text may follow on this channel: a match touching the end of `text` waits for it (F216). */
  final?: boolean
}

/** Streaming overlaps are bounded: no entry is allowed to need more context than this. */
export const MAX_OVERLAP = 512

/**
 * Counts matches for one check (REQUEST or RESPONSE) across all the text it sees, and decides which policies
 * fired: a profile fires when more than `allowed_match_count` matches at or above its confidence threshold
 * were found; a policy fires when one of its profiles does; BLOCK wins over FLAG (F213, F214, F222).
 */
export class DlpEvaluation {
  readonly entries: readonly Detector[]
  /** Characters a streamed window must keep from text already checked: the longest match plus one. */
  readonly overlap: number
  private readonly seen = new Map<string, Map<string, Confidence>>()
  private cached: DlpCheckResult | undefined
  private dirty = false

  constructor(
    private readonly policies: readonly ResolvedPolicy[],
    readonly check: DlpCheck,
  ) {
    const entries = new Map<string, Detector>()
    for (const policy of policies)
      for (const profile of policy.profiles) for (const e of profile.entries) entries.set(e.id, e)
    this.entries = [...entries.values()]
    this.overlap = Math.min(MAX_OVERLAP, Math.max(0, ...this.entries.map((entry) => entry.maxLength)) + 1)
  }

  get active(): boolean {
    return this.entries.length > 0
  }

  scan(text: string, options: ScanOptions = {}): void {
    const { from = 0, offset = 0, channel = '', final = true } = options
    for (const entry of this.entries) {
      for (const match of entry.find(text, from)) {
        if (!final && match.end >= text.length) continue
        let matches = this.seen.get(entry.id)
        if (!matches) this.seen.set(entry.id, (matches = new Map()))
        const key = `${channel}\u0000${offset + match.start}`
        const previous = matches.get(key)
        if (previous && CONFIDENCE_RANK[previous] >= CONFIDENCE_RANK[match.confidence]) continue
        matches.set(key, match.confidence)
        this.dirty = true
      }
    }
  }

  /** What fired so far, or undefined when nothing did. */
  result(): DlpCheckResult | undefined {
    if (!this.dirty) return this.cached
    this.dirty = false
    const findings: DlpFinding[] = []
    const firing = new Set<ResolvedPolicy>()
    const byProfile = new Map<string, DlpFinding>()
    for (const policy of this.policies) {
      for (const profile of policy.profiles) {
        const entryIds = this.firingEntries(
          profile.entries,
          profile.confidenceThreshold,
          profile.allowedMatchCount,
        )
        if (!entryIds) continue
        firing.add(policy)
        let finding = byProfile.get(profile.id)
        if (!finding) {
          finding = {
            profile: { context: {}, entry_ids: entryIds, profile_id: profile.id },
            policy_ids: [],
            check: this.check,
          }
          byProfile.set(profile.id, finding)
          findings.push(finding)
        }
        if (!finding.policy_ids.includes(policy.id)) finding.policy_ids.push(policy.id)
      }
    }
    if (firing.size === 0) return (this.cached = undefined)
    const action: DlpAction = [...firing].some((policy) => policy.action === 'BLOCK') ? 'BLOCK' : 'FLAG'
    return (this.cached = { action, findings })
  }

  get blocked(): boolean {
    return this.result()?.action === 'BLOCK'
  }

  private firingEntries(
    entries: readonly Detector[],
    threshold: Confidence,
    allowed: number,
  ): string[] | undefined {
    let count = 0
    const ids: string[] = []
    for (const entry of entries) {
      let hits = 0
      for (const confidence of this.seen.get(entry.id)?.values() ?? []) {
        if (CONFIDENCE_RANK[confidence] >= CONFIDENCE_RANK[threshold]) hits++
      }
      if (hits > 0) ids.push(entry.id)
      count += hits
    }
    return count > allowed ? ids : undefined
  }
}
