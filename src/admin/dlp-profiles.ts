import { randomUUID } from 'node:crypto'
import type { DlpProfileRecord, DlpProfileStore } from '../core/stores.js'
import {
  predefinedProfile,
  predefinedProfiles,
  type PredefinedProfileDefinition,
} from '../policy/dlp/predefined-profiles.js'
import type {
  CustomProfileDocument,
  CustomProfileEntry,
  PredefinedConfigDocument,
} from '../policy/dlp/profile-documents.js'
import { adminError, validationError } from './admin-errors.js'
import {
  customCreateSchema,
  customUpdateSchema,
  predefinedUpdateSchema,
  type CustomCreateInput,
  type CustomUpdateInput,
} from './dlp-profiles-schema.js'
import { customProfileView, predefinedConfigView, predefinedProfileView } from './dlp-profiles-view.js'
import { checkCustomLimits, enabledEntries, profileInUse } from './dlp-profiles-rules.js'
import { ok } from './envelope.js'
import { queryBool, rejectUnknownParams } from './query-params.js'
import { jsonObjectBody } from './request-body.js'
import type { Route, RouteContext } from './router.js'
import { parseOrThrow } from './validation.js'

export interface DlpProfileRouteDeps {
  store: DlpProfileStore
  /** Called after every change so the data plane recompiles the account's profiles at once. */
  onChanged(accountId: string): void
}

const BASE = '/accounts/:account_id/dlp/profiles'

/**
 * F214: account-level DLP profiles at the paths and in the shapes of the `cloudflare` SDK's
 * `zeroTrust.dlp.profiles` (list/get, `custom` CRUD, `predefined` get/update/delete). Predefined profiles are
 * built in; an account may change their enabled entries and thresholds. Custom profiles hold regex and word-list
 * entries (validated and checked for catastrophic backtracking on save) within the F221 limits.
 */
export function dlpProfileRoutes(deps: DlpProfileRouteDeps): Route[] {
  const handlers = new DlpProfileHandlers(deps)
  return [
    {
      pattern: BASE,
      methods: { GET: { access: 'read', handle: (ctx) => handlers.list(ctx) } },
    },
    {
      pattern: `${BASE}/custom`,
      methods: {
        GET: { access: 'read', handle: (ctx) => handlers.listCustom(ctx) },
        POST: { access: 'edit', handle: (ctx) => handlers.createCustom(ctx) },
      },
    },
    {
      pattern: `${BASE}/custom/:profile_id`,
      methods: {
        GET: { access: 'read', handle: (ctx) => handlers.getCustom(ctx) },
        PUT: { access: 'edit', handle: (ctx) => handlers.updateCustom(ctx) },
        DELETE: { access: 'edit', handle: (ctx) => handlers.deleteCustom(ctx) },
      },
    },
    {
      pattern: `${BASE}/predefined/:profile_id`,
      methods: {
        GET: { access: 'read', handle: (ctx) => handlers.getPredefined(ctx, false) },
        PUT: { access: 'edit', handle: (ctx) => handlers.updatePredefined(ctx) },
        // The SDK documents this as a no-op: predefined profiles cannot be deleted.
        DELETE: { access: 'edit', handle: (ctx) => handlers.deletePredefined(ctx) },
      },
    },
    {
      pattern: `${BASE}/predefined/:profile_id/config`,
      methods: {
        GET: { access: 'read', handle: (ctx) => handlers.getPredefined(ctx, true) },
        PUT: { access: 'edit', handle: (ctx) => handlers.updatePredefined(ctx) },
      },
    },
    {
      pattern: `${BASE}/:profile_id`,
      methods: { GET: { access: 'read', handle: (ctx) => handlers.get(ctx) } },
    },
  ]
}

function customDocument(record: DlpProfileRecord): CustomProfileDocument {
  return record.document as unknown as CustomProfileDocument
}

class DlpProfileHandlers {
  constructor(private readonly deps: DlpProfileRouteDeps) {}

  async list({ request, accountId }: RouteContext) {
    rejectUnknownParams(request.query, (name) => name === 'all')
    queryBool(request.query, 'all')
    const records = await this.deps.store.list(accountId)
    const configs = this.configs(records)
    const custom = records
      .filter((record) => record.type === 'custom')
      .map((r) => customProfileView(customDocument(r)))
    return ok([...predefinedProfiles.map((p) => predefinedProfileView(p, configs.get(p.id))), ...custom])
  }

  async listCustom({ accountId }: RouteContext) {
    const records = await this.deps.store.list(accountId)
    return ok(
      records.filter((record) => record.type === 'custom').map((r) => customProfileView(customDocument(r))),
    )
  }

  async get({ accountId, params }: RouteContext) {
    const id = params.profile_id!
    const definition = predefinedProfile(id)
    if (definition) return ok(predefinedProfileView(definition, await this.config(accountId, id)))
    return ok(customProfileView(await this.existingCustom(accountId, id)))
  }

  async getCustom({ accountId, params }: RouteContext) {
    return ok(customProfileView(await this.existingCustom(accountId, params.profile_id!)))
  }

  async getPredefined({ accountId, params }: RouteContext, asConfig: boolean) {
    const definition = this.definition(params.profile_id!)
    const config = await this.config(accountId, definition.id)
    return ok(asConfig ? predefinedConfigView(definition, config) : predefinedProfileView(definition, config))
  }

  async updatePredefined({ request, accountId, params, deps }: RouteContext) {
    const definition = this.definition(params.profile_id!)
    const input = parseOrThrow(predefinedUpdateSchema, jsonObjectBody(request), 'body')
    const current = await this.config(accountId, definition.id)
    const enabled = enabledEntries(definition, input, current)
    const now = new Date(deps.clock.now()).toISOString()
    const document: PredefinedConfigDocument = {
      id: definition.id,
      type: 'predefined',
      allowed_match_count:
        input.allowed_match_count === undefined
          ? (current?.allowed_match_count ?? 0)
          : (input.allowed_match_count ?? 0),
      confidence_threshold:
        input.confidence_threshold === undefined
          ? (current?.confidence_threshold ?? definition.confidenceThreshold)
          : (input.confidence_threshold ?? definition.confidenceThreshold),
      ocr_enabled: input.ocr_enabled ?? current?.ocr_enabled ?? false,
      ai_context_enabled: input.ai_context_enabled ?? current?.ai_context_enabled ?? false,
      enabled_entries: enabled,
      updated_at: now,
    }
    await this.deps.store.put(this.record(accountId, document, now))
    this.deps.onChanged(accountId)
    return ok(predefinedConfigView(definition, document))
  }

  async deletePredefined({ params }: RouteContext) {
    this.definition(params.profile_id!)
    return ok(null)
  }

  async createCustom({ request, accountId, deps }: RouteContext) {
    const input = parseOrThrow(customCreateSchema, jsonObjectBody(request), 'body')
    const now = new Date(deps.clock.now()).toISOString()
    const id = randomUUID()
    const document = this.buildCustom(id, input, input.entries ?? [], [], now, now)
    const others = (await this.deps.store.list(accountId)).filter((record) => record.type === 'custom')
    checkCustomLimits(document, others.map(customDocument))
    if (!(await this.deps.store.create(this.record(accountId, document, now)))) {
      throw adminError('internal', 'a generated profile id collided; retry')
    }
    this.deps.onChanged(accountId)
    return ok(customProfileView(document))
  }

  async updateCustom({ request, accountId, params, deps }: RouteContext) {
    const current = await this.existingCustom(accountId, params.profile_id!)
    const input = parseOrThrow(customUpdateSchema, jsonObjectBody(request), 'body')
    const now = new Date(deps.clock.now()).toISOString()
    const entries = input.entries ?? undefined
    const document = this.buildCustom(
      current.id,
      input,
      entries,
      current.entries,
      current.created_at,
      now,
      current,
    )
    const others = (await this.deps.store.list(accountId))
      .filter((record) => record.type === 'custom' && record.id !== current.id)
      .map(customDocument)
    checkCustomLimits(document, others)
    if (!(await this.deps.store.update(this.record(accountId, document, current.created_at)))) {
      throw adminError('not_found', `no custom DLP profile "${current.id}" in this account`)
    }
    this.deps.onChanged(accountId)
    return ok(customProfileView(document))
  }

  async deleteCustom({ accountId, params, deps }: RouteContext) {
    const current = await this.existingCustom(accountId, params.profile_id!)
    const user = await profileInUse(deps.stores.gateways, accountId, current.id)
    if (user) {
      throw validationError([
        {
          message: `profile "${current.name}" is used by gateway "${user.gateway}" (DLP policy "${user.policy}"); remove it there first`,
          path: ['profile_id'],
        },
      ])
    }
    await this.deps.store.delete(accountId, current.id)
    this.deps.onChanged(accountId)
    return ok(null)
  }

  /** A custom profile document from input; entries with an `entry_id` keep their id and creation time. */
  private buildCustom(
    id: string,
    input: CustomCreateInput | CustomUpdateInput,
    entries: NonNullable<CustomUpdateInput['entries']> | undefined,
    previous: CustomProfileEntry[],
    createdAt: string,
    now: string,
    current?: CustomProfileDocument,
  ): CustomProfileDocument {
    const byId = new Map(previous.map((entry) => [entry.id, entry]))
    const built =
      entries === undefined
        ? previous
        : entries.map((entry, index): CustomProfileEntry => {
            const entryId = 'entry_id' in entry && entry.entry_id ? entry.entry_id : undefined
            const before = entryId ? byId.get(entryId) : undefined
            if (entryId && !before) {
              throw validationError([
                {
                  message: `entries[${index}].entry_id is not an entry of this profile`,
                  path: ['body', 'entries', index, 'entry_id'],
                },
              ])
            }
            const base = {
              id: before?.id ?? randomUUID(),
              name: entry.name,
              enabled: entry.enabled,
              profile_id: id,
              created_at: before?.created_at ?? now,
              updated_at: now,
            }
            if ('words' in entry) return { ...base, type: 'word_list', word_list: { words: entry.words } }
            const pattern = entry.pattern.validation
              ? { regex: entry.pattern.regex, validation: entry.pattern.validation }
              : { regex: entry.pattern.regex }
            return { ...base, type: 'custom', pattern, description: entry.description ?? null }
          })
    return {
      id,
      type: 'custom',
      name: input.name,
      description: input.description === undefined ? (current?.description ?? null) : input.description,
      allowed_match_count: input.allowed_match_count ?? current?.allowed_match_count ?? 0,
      confidence_threshold: input.confidence_threshold ?? current?.confidence_threshold ?? 'low',
      ocr_enabled: input.ocr_enabled ?? current?.ocr_enabled ?? false,
      ai_context_enabled: input.ai_context_enabled ?? current?.ai_context_enabled ?? false,
      context_awareness: input.context_awareness ??
        current?.context_awareness ?? { enabled: false, skip: { files: false } },
      entries: built,
      shared_entries: input.shared_entries ?? current?.shared_entries ?? [],
      created_at: createdAt,
      updated_at: now,
    }
  }

  private record(
    accountId: string,
    document: CustomProfileDocument | PredefinedConfigDocument,
    createdAt: string,
  ): DlpProfileRecord {
    return {
      accountId,
      id: document.id,
      type: document.type,
      createdAt,
      document: document as unknown as Record<string, unknown>,
    }
  }

  private definition(id: string): PredefinedProfileDefinition {
    const definition = predefinedProfile(id)
    if (!definition) throw adminError('not_found', `no predefined DLP profile "${id}"`)
    return definition
  }

  private async existingCustom(accountId: string, id: string): Promise<CustomProfileDocument> {
    const record = await this.deps.store.get(accountId, id)
    if (!record || record.type !== 'custom')
      throw adminError('not_found', `no custom DLP profile "${id}" in this account`)
    return customDocument(record)
  }

  private async config(accountId: string, id: string): Promise<PredefinedConfigDocument | undefined> {
    const record = await this.deps.store.get(accountId, id)
    return record?.type === 'predefined'
      ? (record.document as unknown as PredefinedConfigDocument)
      : undefined
  }

  private configs(records: readonly DlpProfileRecord[]): Map<string, PredefinedConfigDocument> {
    return new Map(
      records
        .filter((record) => record.type === 'predefined')
        .map((record) => [record.id, record.document as unknown as PredefinedConfigDocument]),
    )
  }
}
