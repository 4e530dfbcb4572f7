import type { Confidence } from './detector.js'

/**
 * Profiles as stored per account, in the `cloudflare` SDK's shapes (`zeroTrust.dlp.profiles`, F214). The
 * management API validates them on the way in; the data plane compiles them into scanners.
 */

/** F221: DLP limits per account. */
export const DLP_LIMITS = {
  customEntriesPerAccount: 25,
  wordsPerWordList: 200,
  wordsPerAccount: 1000,
  patternLength: 1024,
  wordLength: 128,
} as const

export interface CustomEntryDocument {
  id: string
  name: string
  enabled: boolean
  type: 'custom'
  pattern: { regex: string; validation?: 'luhn' }
  description: string | null
  profile_id: string
  created_at: string
  updated_at: string
}

export interface WordListEntryDocument {
  id: string
  name: string
  enabled: boolean
  type: 'word_list'
  word_list: { words: string[] }
  profile_id: string
  created_at: string
  updated_at: string
}

export type CustomProfileEntry = CustomEntryDocument | WordListEntryDocument

export interface CustomProfileDocument {
  id: string
  type: 'custom'
  name: string
  description: string | null
  /** The profile matches when more than this many matches are found (F214, Cloudflare semantics). */
  allowed_match_count: number
  confidence_threshold: Confidence
  ocr_enabled: boolean
  ai_context_enabled: boolean
  context_awareness: { enabled: boolean; skip: { files: boolean } }
  entries: CustomProfileEntry[]
  /** Predefined entries reused by id. */
  shared_entries: Array<{ entry_id: string; enabled: boolean }>
  created_at: string
  updated_at: string
}

/** An account's changes to a predefined profile (which entries are on, thresholds). */
export interface PredefinedConfigDocument {
  id: string
  type: 'predefined'
  allowed_match_count: number
  confidence_threshold: Confidence
  ocr_enabled: boolean
  ai_context_enabled: boolean
  enabled_entries: string[]
  updated_at: string
}

export type DlpProfileDocument = CustomProfileDocument | PredefinedConfigDocument

export const CONFIDENCE_LEVELS: readonly Confidence[] = ['low', 'medium', 'high', 'very_high']

export function isConfidence(value: unknown): value is Confidence {
  return typeof value === 'string' && (CONFIDENCE_LEVELS as readonly string[]).includes(value)
}
