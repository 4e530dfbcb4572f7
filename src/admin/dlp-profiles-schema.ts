import { z } from 'zod'
import { compileCustomPattern } from '../policy/dlp/custom-pattern.js'
import { CONFIDENCE_LEVELS, DLP_LIMITS } from '../policy/dlp/profile-documents.js'
import { predefinedEntry } from '../policy/dlp/predefined-profiles.js'

/**
 * Bodies of `zeroTrust.dlp.profiles.custom.create/update` and `…predefined.update` (the `cloudflare` SDK's
 * `CustomCreateParams`, `CustomUpdateParams`, `PredefinedUpdateParams`). Unknown fields are refused so a typo
 * never looks like a saved setting; Cloudflare One features aigw does not have (data classes, data tags,
 * sensitivity levels) are accepted only empty.
 */

const bool = z.boolean({ error: 'must be true or false' })
const nonEmpty = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })

const confidence = z.enum(CONFIDENCE_LEVELS as ['low', 'medium', 'high', 'very_high'], {
  error: 'must be "low", "medium", "high" or "very_high"',
})

const allowedMatchCount = z
  .number({ error: 'must be an integer from 0 to 1000' })
  .int({ error: 'must be an integer from 0 to 1000' })
  .min(0, { error: 'must be an integer from 0 to 1000' })
  .max(1000, { error: 'must be an integer from 0 to 1000' })

const regex = z.string({ error: 'must be a string' }).check((ctx) => {
  const compiled = compileCustomPattern(ctx.value)
  if (!compiled.ok)
    ctx.issues.push({
      code: 'custom',
      message: `must be a safe regular expression: it ${compiled.problem}`,
      input: ctx.value,
    })
})

const pattern = z.strictObject({
  regex,
  validation: z.literal('luhn', { error: 'must be "luhn"' }).optional(),
})

const customEntry = z.strictObject({
  enabled: bool,
  name: nonEmpty(255),
  pattern,
  description: z.string({ error: 'must be a string' }).nullable().optional(),
})

const wordListEntry = z.strictObject({
  enabled: bool,
  name: nonEmpty(255),
  words: z
    .array(nonEmpty(DLP_LIMITS.wordLength), { error: 'must be an array of words' })
    .min(1, { error: 'must hold at least one word' })
    .max(DLP_LIMITS.wordsPerWordList, {
      error: `must hold at most ${DLP_LIMITS.wordsPerWordList} words (F221)`,
    }),
})

const sharedEntry = z.strictObject({
  enabled: bool,
  entry_id: z.string({ error: 'must be a string' }).check((ctx) => {
    if (!predefinedEntry(ctx.value)) {
      ctx.issues.push({
        code: 'custom',
        message: `must be the id of a predefined entry, got "${ctx.value}"`,
        input: ctx.value,
      })
    }
  }),
})

const contextAwareness = z.strictObject({ enabled: bool, skip: z.strictObject({ files: bool }) })

const unsupportedEmpty = (what: string) =>
  z
    .array(z.unknown())
    .max(0, { error: `is not supported by aigw (${what} are a Cloudflare One feature); send [] or omit it` })
    .nullable()
    .optional()

const common = {
  name: nonEmpty(255),
  description: z
    .string({ error: 'must be a string' })
    .max(1024, { error: 'must be at most 1024 characters' })
    .nullable()
    .optional(),
  allowed_match_count: allowedMatchCount.nullable().optional(),
  confidence_threshold: confidence.nullable().optional(),
  context_awareness: contextAwareness.optional(),
  ocr_enabled: bool.optional(),
  ai_context_enabled: bool.optional(),
  shared_entries: z.array(sharedEntry, { error: 'must be an array of {entry_id, enabled}' }).optional(),
  data_classes: unsupportedEmpty('data classes'),
  data_tags: unsupportedEmpty('data tags'),
  sensitivity_levels: unsupportedEmpty('sensitivity levels'),
}

export const customCreateSchema = z.strictObject({
  ...common,
  entries: z
    .array(z.union([customEntry, wordListEntry]), { error: 'must be an array of entries' })
    .optional(),
})

const customEntryWithId = customEntry.extend({ entry_id: z.string({ error: 'must be a string' }) })

export const customUpdateSchema = z.strictObject({
  ...common,
  entries: z
    .array(
      z.union([customEntryWithId, customEntry, wordListEntry.extend({ entry_id: z.string().optional() })]),
      {
        error: 'must be an array of entries',
      },
    )
    .nullable()
    .optional(),
})

export const predefinedUpdateSchema = z.strictObject({
  allowed_match_count: allowedMatchCount.nullable().optional(),
  confidence_threshold: confidence.nullable().optional(),
  enabled_entries: z
    .array(z.string({ error: 'must be a string' }))
    .nullable()
    .optional(),
  entries: z.array(z.strictObject({ id: z.string({ error: 'must be a string' }), enabled: bool })).optional(),
  ocr_enabled: bool.optional(),
  ai_context_enabled: bool.optional(),
})

export type CustomCreateInput = z.output<typeof customCreateSchema>
export type CustomUpdateInput = z.output<typeof customUpdateSchema>
export type PredefinedUpdateInput = z.output<typeof predefinedUpdateSchema>
