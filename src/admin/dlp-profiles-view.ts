import type { Detector } from '../policy/dlp/detector.js'
import { predefinedEntry, type PredefinedProfileDefinition } from '../policy/dlp/predefined-profiles.js'
import type { CustomProfileDocument, PredefinedConfigDocument } from '../policy/dlp/profile-documents.js'

/** DLP profiles in the `cloudflare` SDK's response shapes (`zeroTrust.dlp.profiles`, F214). */

function predefinedEntryView(entry: Detector, profileId: string, enabled: boolean) {
  return {
    id: entry.id,
    name: entry.name,
    type: 'predefined' as const,
    enabled,
    confidence: { ai_context_available: false, available: true },
    profile_id: profileId,
  }
}

function enabledIds(
  definition: PredefinedProfileDefinition,
  config: PredefinedConfigDocument | undefined,
): Set<string> {
  return new Set(config ? config.enabled_entries : definition.entries.map((entry) => entry.id))
}

/** `Profile.PredefinedProfile` (list and get). */
export function predefinedProfileView(
  definition: PredefinedProfileDefinition,
  config: PredefinedConfigDocument | undefined,
) {
  const enabled = enabledIds(definition, config)
  return {
    id: definition.id,
    name: definition.name,
    type: 'predefined' as const,
    description: definition.description,
    allowed_match_count: config?.allowed_match_count ?? 0,
    confidence_threshold: config?.confidence_threshold ?? definition.confidenceThreshold,
    ocr_enabled: config?.ocr_enabled ?? false,
    ai_context_enabled: config?.ai_context_enabled ?? false,
    open_access: false,
    context_awareness: { enabled: false, skip: { files: false } },
    entries: definition.entries.map((entry) =>
      predefinedEntryView(entry, definition.id, enabled.has(entry.id)),
    ),
  }
}

/** `PredefinedProfile` of `…/predefined/{id}/config`: the same plus `enabled_entries`. */
export function predefinedConfigView(
  definition: PredefinedProfileDefinition,
  config: PredefinedConfigDocument | undefined,
) {
  const {
    type: _type,
    description: _description,
    context_awareness: _awareness,
    ...rest
  } = predefinedProfileView(definition, config)
  return { ...rest, enabled_entries: [...enabledIds(definition, config)] }
}

/** `Profile.CustomProfile`: entries as stored, shared predefined entries expanded. */
export function customProfileView(document: CustomProfileDocument) {
  return {
    id: document.id,
    name: document.name,
    type: 'custom' as const,
    description: document.description,
    allowed_match_count: document.allowed_match_count,
    confidence_threshold: document.confidence_threshold,
    ocr_enabled: document.ocr_enabled,
    ai_context_enabled: document.ai_context_enabled,
    context_awareness: document.context_awareness,
    created_at: document.created_at,
    updated_at: document.updated_at,
    entries: document.entries,
    shared_entries: document.shared_entries.flatMap((shared) => {
      const found = predefinedEntry(shared.entry_id)
      return found ? [predefinedEntryView(found.entry, found.profile.id, shared.enabled)] : []
    }),
    data_classes: [],
    data_tags: [],
    sensitivity_levels: [],
  }
}
