import { z } from 'zod'
import type { LogPatch } from '../core/log-entry.js'
import { preview } from './validation.js'

/** F276, F277: `PATCH …/logs/{id}` takes `{feedback?, score?, metadata?}`. */
export const MAX_METADATA_ENTRIES = 5 // F259

const scalar = z.union([z.string(), z.number().refine(Number.isFinite), z.boolean()], {
  error: 'must be a string, a finite number or a boolean (F259)',
})

export const logPatchSchema = z.strictObject({
  feedback: z
    .union([z.literal(-1), z.literal(0), z.literal(1)], {
      error: (issue) =>
        `must be -1 (negative), 0 (not evaluated), 1 (positive) or null, got ${preview(issue.input)}`,
    })
    .nullable()
    .optional(),
  score: z
    .number({ error: 'must be a number from 0 to 100 or null' })
    .min(0, { error: 'must be a number from 0 to 100 or null' })
    .max(100, { error: 'must be a number from 0 to 100 or null' })
    .nullable()
    .optional(),
  metadata: z
    .record(z.string(), scalar)
    .refine((metadata) => Object.keys(metadata).length <= MAX_METADATA_ENTRIES, {
      error: `must have at most ${MAX_METADATA_ENTRIES} entries (F259)`,
    })
    .nullable()
    .optional(),
})

/** `metadata: null` clears the entry's metadata; absent fields stay as they are. */
export function toLogPatch(input: z.output<typeof logPatchSchema>): LogPatch {
  const patch: LogPatch = {}
  if (input.feedback !== undefined) patch.feedback = input.feedback
  if (input.score !== undefined) patch.score = input.score
  if (input.metadata !== undefined) patch.metadata = input.metadata ?? {}
  return patch
}
