import { describe, expect, it } from 'vitest'
import type { DlpProfileRecord, DlpProfileStore } from '../../core/stores.js'
import { email } from './detectors/pii.js'
import { visaCard } from './detectors/financial.js'
import { PII_PROFILE_ID, predefinedProfiles } from './predefined-profiles.js'
import { DlpProfileDirectory } from './profile-directory.js'
import type { CustomProfileDocument, PredefinedConfigDocument } from './profile-documents.js'
import { buildProfileSet } from './profile-set.js'

const at = '2025-01-01T00:00:00.000Z'

function custom(overrides: Partial<CustomProfileDocument> = {}): CustomProfileDocument {
  return {
    id: 'custom-1',
    type: 'custom',
    name: 'codes',
    description: null,
    allowed_match_count: 2,
    confidence_threshold: 'high',
    ocr_enabled: false,
    ai_context_enabled: false,
    context_awareness: { enabled: false, skip: { files: false } },
    entries: [
      {
        id: 'e1',
        name: 'code',
        enabled: true,
        type: 'custom',
        pattern: { regex: 'C-\\d+' },
        description: null,
        profile_id: 'custom-1',
        created_at: at,
        updated_at: at,
      },
      {
        id: 'e2',
        name: 'off',
        enabled: false,
        type: 'custom',
        pattern: { regex: 'OFF' },
        description: null,
        profile_id: 'custom-1',
        created_at: at,
        updated_at: at,
      },
      {
        id: 'e3',
        name: 'words',
        enabled: true,
        type: 'word_list',
        word_list: { words: ['falcon'] },
        profile_id: 'custom-1',
        created_at: at,
        updated_at: at,
      },
      {
        id: 'e4',
        name: 'broken',
        enabled: true,
        type: 'custom',
        pattern: { regex: '([a-z' },
        description: null,
        profile_id: 'custom-1',
        created_at: at,
        updated_at: at,
      },
    ],
    shared_entries: [{ entry_id: visaCard.id, enabled: true }],
    created_at: at,
    updated_at: at,
    ...overrides,
  }
}

describe('buildProfileSet (F214)', () => {
  it('serves every predefined profile with all entries on by default', () => {
    const set = buildProfileSet([])
    for (const definition of predefinedProfiles) {
      expect(set.get(definition.id)?.entries.map((e) => e.id)).toEqual(definition.entries.map((e) => e.id))
    }
  })

  it("applies an account's predefined settings", () => {
    const config: PredefinedConfigDocument = {
      id: PII_PROFILE_ID,
      type: 'predefined',
      allowed_match_count: 3,
      confidence_threshold: 'high',
      ocr_enabled: false,
      ai_context_enabled: false,
      enabled_entries: [email.id],
      updated_at: at,
    }
    const pii = buildProfileSet([config]).get(PII_PROFILE_ID)!
    expect(pii.entries.map((e) => e.id)).toEqual([email.id])
    expect([pii.allowedMatchCount, pii.confidenceThreshold]).toEqual([3, 'high'])
  })

  it('compiles enabled custom entries and shared predefined entries; a stored pattern that no longer passes is skipped and reported', () => {
    const set = buildProfileSet([custom()])
    const profile = set.get('custom-1')!
    expect(profile.entries.map((e) => e.id)).toEqual(['e1', 'e3', visaCard.id])
    expect([profile.allowedMatchCount, profile.confidenceThreshold]).toEqual([2, 'high'])
    expect(set.problems).toEqual([
      expect.stringContaining('entry e4: pattern is not a valid regular expression'),
    ])
  })
})

describe('DlpProfileDirectory', () => {
  function countingStore(records: DlpProfileRecord[]) {
    let reads = 0
    const store = { list: async () => (reads++, records) } as unknown as DlpProfileStore
    return { store, reads: () => reads }
  }

  it('compiles once per account, recompiles after invalidate or when the copy is older than the TTL', async () => {
    const record: DlpProfileRecord = {
      accountId: 'a',
      id: 'custom-1',
      type: 'custom',
      createdAt: at,
      document: custom() as unknown as Record<string, unknown>,
    }
    const { store, reads } = countingStore([record])
    let now = 0
    const directory = new DlpProfileDirectory(store, { now: () => now }, 1000)
    const [first, second] = await Promise.all([directory.profiles('a'), directory.profiles('a')])
    expect(first).toBe(second)
    expect(first.get('custom-1')?.name).toBe('codes')
    expect(reads()).toBe(1)
    directory.invalidate('a')
    await directory.profiles('a')
    expect(reads()).toBe(2)
    now = 1500
    await directory.profiles('a')
    expect(reads()).toBe(3)
  })

  it('without a store serves the predefined profiles', async () => {
    const directory = new DlpProfileDirectory(undefined, { now: () => 0 })
    expect((await directory.profiles('x')).get(PII_PROFILE_ID)?.name).toBe(
      'Personal Identifiable Information (PII)',
    )
  })
})
