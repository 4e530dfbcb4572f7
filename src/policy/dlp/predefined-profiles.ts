import type { Confidence, Detector } from './detector.js'
import {
  credentialDetectors,
  financialDetectors,
  governmentDetectors,
  healthDetectors,
  piiDetectors,
} from './detectors/index.js'

/**
 * F214: the predefined profiles, named as Cloudflare names them, each a fixed set of detector entries. Ids are
 * stable UUIDs (gateway policies and `cf-aig-dlp` findings refer to them). An account may change which entries
 * are enabled, the match threshold and the confidence threshold; it cannot add or remove entries.
 */
export interface PredefinedProfileDefinition {
  id: string
  name: string
  description: string
  entries: readonly Detector[]
  /** Cloudflare starts predefined profiles at the lowest threshold: every match counts. */
  confidenceThreshold: Confidence
}

export const FINANCIAL_PROFILE_ID = 'a087da1b-17fd-403c-94cd-2a0f068e7756'
export const PII_PROFILE_ID = '1ed924a9-b9e3-45c1-806c-faf944f1f7f5'
export const GOVERNMENT_PROFILE_ID = 'bf105281-c1e4-45e8-8fb5-52c64d8476b7'
export const HEALTH_PROFILE_ID = 'fa4c0075-0ba1-4018-8308-35911d6ae6ce'
export const CREDENTIALS_PROFILE_ID = '896a3ab2-2370-4248-9445-035a3182cd47'

export const predefinedProfiles: readonly PredefinedProfileDefinition[] = [
  {
    id: FINANCIAL_PROFILE_ID,
    name: 'Financial Information',
    description: 'Credit cards, bank accounts, routing numbers',
    entries: financialDetectors,
    confidenceThreshold: 'low',
  },
  {
    id: PII_PROFILE_ID,
    name: 'Personal Identifiable Information (PII)',
    description: 'E-mail addresses, phone numbers, IP addresses',
    entries: piiDetectors,
    confidenceThreshold: 'low',
  },
  {
    id: GOVERNMENT_PROFILE_ID,
    name: 'Government Identifiers',
    description: "SSNs, ITINs, passport numbers, driver's licenses",
    entries: governmentDetectors,
    confidenceThreshold: 'low',
  },
  {
    id: HEALTH_PROFILE_ID,
    name: 'Healthcare Information',
    description: 'Medical record numbers, NPI and DEA numbers, Medicare beneficiary identifiers',
    entries: healthDetectors,
    confidenceThreshold: 'low',
  },
  {
    id: CREDENTIALS_PROFILE_ID,
    name: 'Credentials and Secrets',
    description: 'API keys and tokens, private keys, JSON web tokens',
    entries: credentialDetectors,
    confidenceThreshold: 'low',
  },
]

const byId = new Map(predefinedProfiles.map((profile) => [profile.id, profile]))

export function predefinedProfile(id: string): PredefinedProfileDefinition | undefined {
  return byId.get(id)
}

/** The predefined profile an entry belongs to (for shared entries of custom profiles). */
export function predefinedEntry(
  entryId: string,
): { profile: PredefinedProfileDefinition; entry: Detector } | undefined {
  for (const profile of predefinedProfiles) {
    const entry = profile.entries.find((candidate) => candidate.id === entryId)
    if (entry) return { profile, entry }
  }
  return undefined
}
