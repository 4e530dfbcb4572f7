import { compileStoredPattern, customPatternDetector, wordListDetector } from './custom-pattern.js'
import type { Confidence, Detector } from './detector.js'
import {
  predefinedEntry,
  predefinedProfiles,
  type PredefinedProfileDefinition,
} from './predefined-profiles.js'
import {
  isConfidence,
  type CustomProfileDocument,
  type DlpProfileDocument,
  type PredefinedConfigDocument,
} from './profile-documents.js'

/** A profile ready to scan with: its enabled entries, match threshold and confidence threshold (F214, F222). */
export interface DlpProfile {
  id: string
  name: string
  type: 'predefined' | 'custom'
  entries: readonly Detector[]
  allowedMatchCount: number
  confidenceThreshold: Confidence
}

export interface ProfileSet {
  get(id: string): DlpProfile | undefined
  /** Problems met while compiling stored profiles (a pattern that no longer compiles); logged, never thrown. */
  readonly problems: readonly string[]
}

function predefined(
  definition: PredefinedProfileDefinition,
  config: PredefinedConfigDocument | undefined,
): DlpProfile {
  const enabled = config ? new Set(config.enabled_entries) : undefined
  return {
    id: definition.id,
    name: definition.name,
    type: 'predefined',
    entries: definition.entries.filter((entry) => !enabled || enabled.has(entry.id)),
    allowedMatchCount: config?.allowed_match_count ?? 0,
    confidenceThreshold: isConfidence(config?.confidence_threshold)
      ? config.confidence_threshold
      : definition.confidenceThreshold,
  }
}

function custom(document: CustomProfileDocument, problems: string[]): DlpProfile {
  const entries: Detector[] = []
  for (const entry of document.entries) {
    if (!entry.enabled) continue
    if (entry.type === 'word_list') {
      entries.push(wordListDetector(entry.id, entry.name, entry.word_list.words))
      continue
    }
    const compiled = compileStoredPattern(entry.pattern.regex)
    if (compiled.ok)
      entries.push(customPatternDetector(entry.id, entry.name, compiled.regex, entry.pattern.validation))
    else
      problems.push(
        `DLP profile ${document.id} entry ${entry.id}: pattern ${compiled.problem}; entry skipped`,
      )
  }
  for (const shared of document.shared_entries) {
    const found = shared.enabled ? predefinedEntry(shared.entry_id) : undefined
    if (found) entries.push(found.entry)
  }
  return {
    id: document.id,
    name: document.name,
    type: 'custom',
    entries,
    allowedMatchCount: document.allowed_match_count,
    confidenceThreshold: isConfidence(document.confidence_threshold) ? document.confidence_threshold : 'low',
  }
}

/** Compiles an account's stored documents together with the predefined profiles. */
export function buildProfileSet(documents: readonly DlpProfileDocument[]): ProfileSet {
  const problems: string[] = []
  const profiles = new Map<string, DlpProfile>()
  const configs = new Map(
    documents.filter((d): d is PredefinedConfigDocument => d.type === 'predefined').map((d) => [d.id, d]),
  )
  for (const definition of predefinedProfiles) {
    profiles.set(definition.id, predefined(definition, configs.get(definition.id)))
  }
  for (const document of documents) {
    if (document.type === 'custom') profiles.set(document.id, custom(document, problems))
  }
  return { get: (id) => profiles.get(id), problems }
}
