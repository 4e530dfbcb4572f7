import Cloudflare from 'cloudflare'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { email as emailEntry } from '../../src/policy/dlp/detectors/pii.js'
import { visaCard } from '../../src/policy/dlp/detectors/financial.js'
import { FINANCIAL_PROFILE_ID, PII_PROFILE_ID } from '../../src/policy/dlp/predefined-profiles.js'
import { json, MockUpstream } from './support/mock-upstream.js'
import { startTestApp, type TestApp } from './support/test-app.js'

const PREDEFINED_NAMES = [
  'Financial Information',
  'Personal Identifiable Information (PII)',
  'Government Identifiers',
  'Healthcare Information',
  'Credentials and Secrets',
]

describe('DLP profiles API through the cloudflare SDK (F214, F221) and the gateway setting (F213)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  let account_id: string
  let profiles: Cloudflare['zeroTrust']['dlp']['profiles']

  beforeAll(async () => {
    await mock.start()
    mock.handle((_request, response) =>
      json(response, 200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }],
      }),
    )
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${mock.url}/v1` })
    account_id = app.accountId
    profiles = app.cloudflare.zeroTrust.dlp.profiles
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })

  const ask = async (gateway: string, content: string) => {
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${app.gatewayUrl(gateway)}/openai`,
      maxRetries: 0,
    })
    try {
      const { response } = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] })
        .withResponse()
      return { status: response.status, dlp: response.headers.get('cf-aig-dlp') }
    } catch (error) {
      const apiError = error as InstanceType<typeof OpenAI.APIError>
      return { status: apiError.status, dlp: apiError.headers?.get('cf-aig-dlp') ?? null }
    }
  }

  const badRequest = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(Cloudflare.BadRequestError)
    return (error as InstanceType<typeof Cloudflare.BadRequestError>).errors as Array<{
      message: string
      path?: unknown[]
    }>
  }

  it('F214 lists the five predefined profiles with their entries', async () => {
    const page = await profiles.list({ account_id })
    const predefined = page.result.filter((profile) => profile.type === 'predefined')
    expect(predefined.map((profile) => profile.name)).toEqual(PREDEFINED_NAMES)
    const financial = predefined.find((profile) => profile.id === FINANCIAL_PROFILE_ID)!
    expect(financial.entries.map((entry) => entry.name)).toContain('Visa Card Number')
    expect(financial.entries.every((entry) => entry.type === 'predefined' && entry.enabled)).toBe(true)
  })

  it('F214 gets a predefined profile by id and its config', async () => {
    const profile = await profiles.get(PII_PROFILE_ID, { account_id })
    expect(profile).toMatchObject({ id: PII_PROFILE_ID, type: 'predefined', allowed_match_count: 0 })
    const config = await profiles.predefined.get(PII_PROFILE_ID, { account_id })
    expect(config.enabled_entries).toContain(emailEntry.id)
    expect(config.name).toBe('Personal Identifiable Information (PII)')
  })

  it('F214 turning a predefined entry off takes effect on the next request', async () => {
    await app.createGateway('pii', {
      dlp: {
        enabled: true,
        policies: [
          { id: 'pii', action: 'BLOCK', check: ['REQUEST'], enabled: true, profiles: [PII_PROFILE_ID] },
        ],
      },
    })
    expect((await ask('pii', 'mail jane@example.com')).status).toBe(400)
    const updated = await profiles.predefined.update(PII_PROFILE_ID, {
      account_id,
      entries: [{ id: emailEntry.id, enabled: false }],
    })
    expect(updated.enabled_entries).not.toContain(emailEntry.id)
    expect((await ask('pii', 'mail jane@example.com')).status).toBe(200)
    expect((await ask('pii', 'call (415) 555-2671')).status).toBe(400)
    await profiles.predefined.update(PII_PROFILE_ID, {
      account_id,
      entries: [{ id: emailEntry.id, enabled: true }],
    })
    expect((await ask('pii', 'mail jane@example.com')).status).toBe(400)
  })

  it('F214 custom profiles: create, get, use in a policy, update the threshold, refuse deletion while used, delete', async () => {
    const created = await profiles.custom.create({
      account_id,
      name: 'Project secrets',
      description: 'internal code names',
      entries: [
        { enabled: true, name: 'Project code', pattern: { regex: 'PROJ-\\d{4}' } },
        { enabled: true, name: 'Code words', words: ['bluebird', 'red falcon'] },
      ],
      shared_entries: [{ entry_id: visaCard.id, enabled: true }],
    })
    expect(created.type).toBe('custom')
    const id = created.id
    const entries = (created as { entries: Array<{ id: string; name: string; type: string }> }).entries
    expect(entries.map((entry) => [entry.name, entry.type])).toEqual([
      ['Project code', 'custom'],
      ['Code words', 'word_list'],
    ])
    expect(await profiles.custom.get(id, { account_id })).toEqual(created)
    expect((await profiles.get(id, { account_id })).id).toBe(id)
    expect((await profiles.list({ account_id })).result.map((p) => p.id)).toContain(id)

    await app.createGateway('custom', {
      dlp: {
        enabled: true,
        policies: [
          { id: 'codes', action: 'BLOCK', check: ['REQUEST', 'RESPONSE'], enabled: true, profiles: [id] },
        ],
      },
    })
    const blocked = await ask('custom', 'status of PROJ-1234?')
    expect(blocked.status).toBe(400)
    expect(JSON.parse(blocked.dlp!)).toMatchObject({
      action: 'BLOCK',
      findings: [{ profile: { profile_id: id, entry_ids: [entries[0]!.id] }, policy_ids: ['codes'] }],
    })
    expect((await ask('custom', 'the RED  Falcon flies')).status).toBe(400)
    expect((await ask('custom', 'card 4111 1111 1111 1111')).status).toBe(400)
    expect((await ask('custom', 'PROJ-12 and redfalcon')).status).toBe(200)

    const updated = await profiles.custom.update(id, {
      account_id,
      name: 'Project secrets',
      allowed_match_count: 1,
      entries: [
        { entry_id: entries[0]!.id, enabled: true, name: 'Project code', pattern: { regex: 'PROJ-\\d{4}' } },
      ],
    })
    expect((updated as { entries: Array<{ id: string }> }).entries.map((entry) => entry.id)).toEqual([
      entries[0]!.id,
    ])
    expect((await ask('custom', 'PROJ-1234 only')).status).toBe(200)
    expect((await ask('custom', 'PROJ-1234 and PROJ-5678')).status).toBe(400)

    const refused = await badRequest(profiles.custom.delete(id, { account_id }))
    expect(refused[0]?.message).toMatch(/used by gateway "custom" \(DLP policy "codes"\)/)
    await app.cloudflare.aiGateway.update('custom', {
      account_id,
      cache_invalidate_on_update: false,
      cache_ttl: 0,
      collect_logs: true,
      rate_limiting_interval: 0,
      rate_limiting_limit: 0,
      dlp: { enabled: false, policies: [] },
    })
    await profiles.custom.delete(id, { account_id })
    const gone = await profiles.custom.get(id, { account_id }).catch((error: unknown) => error)
    expect(gone).toBeInstanceOf(Cloudflare.NotFoundError)
  })

  it('F214 refuses unsafe or invalid custom patterns, naming the field', async () => {
    const catastrophic = await badRequest(
      profiles.custom.create({
        account_id,
        name: 'bad',
        entries: [{ enabled: true, name: 'x', pattern: { regex: '(a+)+$' } }],
      }),
    )
    expect(catastrophic[0]).toMatchObject({ path: ['body', 'entries', 0, 'pattern', 'regex'] })
    expect(catastrophic[0]?.message).toMatch(/catastrophic backtracking/)
    const invalid = await badRequest(
      profiles.custom.create({
        account_id,
        name: 'bad',
        entries: [{ enabled: true, name: 'x', pattern: { regex: '([a-z' } }],
      }),
    )
    expect(invalid[0]?.message).toMatch(/not a valid regular expression/)
    const lookaround = await badRequest(
      profiles.custom.create({
        account_id,
        name: 'bad',
        entries: [{ enabled: true, name: 'x', pattern: { regex: 'a(?=b)' } }],
      }),
    )
    expect(lookaround[0]?.message).toMatch(/lookahead/)
    const duplicate = await badRequest(profiles.custom.create({ account_id, name: 'Financial Information' }))
    expect(duplicate[0]).toMatchObject({ path: ['body', 'name'] })
  })

  it('F221 at most 25 custom entries per account', async () => {
    const entry = (n: number) => ({ enabled: true, name: `e${n}`, pattern: { regex: `CODE${n}-\\d{3}` } })
    const first = await profiles.custom.create({
      account_id,
      name: 'twenty',
      entries: Array.from({ length: 20 }, (_, n) => entry(n)),
    })
    const errors = await badRequest(
      profiles.custom.create({
        account_id,
        name: 'six more',
        entries: Array.from({ length: 6 }, (_, n) => entry(20 + n)),
      }),
    )
    expect(errors[0]?.message).toMatch(/at most 25 custom entries \(F221\); this would make 26/)
    await profiles.custom.create({
      account_id,
      name: 'five more',
      entries: Array.from({ length: 5 }, (_, n) => entry(20 + n)),
    })
    await profiles.custom.delete(first.id, { account_id })
  })

  it('F213 F104 the gateway `dlp` setting round-trips in both SDK shapes; the legacy shape enforces', async () => {
    const policies = {
      enabled: true,
      policies: [
        {
          id: 'Block-PII-Requests',
          action: 'BLOCK' as const,
          check: ['REQUEST' as const],
          enabled: true,
          profiles: [PII_PROFILE_ID],
        },
        {
          id: 'flag-money',
          action: 'FLAG' as const,
          check: ['REQUEST' as const, 'RESPONSE' as const],
          enabled: false,
          profiles: [FINANCIAL_PROFILE_ID],
        },
      ],
    }
    await app.createGateway('shapes', { dlp: policies })
    expect((await app.cloudflare.aiGateway.get('shapes', { account_id })).dlp).toEqual(policies)
    const legacy = { enabled: true, action: 'BLOCK' as const, profiles: [FINANCIAL_PROFILE_ID] }
    const base = {
      account_id,
      cache_invalidate_on_update: false,
      cache_ttl: 0,
      collect_logs: true,
      rate_limiting_interval: 0,
      rate_limiting_limit: 0,
    }
    await app.cloudflare.aiGateway.update('shapes', { ...base, dlp: legacy })
    expect((await app.cloudflare.aiGateway.get('shapes', { account_id })).dlp).toEqual(legacy)
    const result = await ask('shapes', 'card 4111111111111111')
    expect(result.status).toBe(400)
    expect(JSON.parse(result.dlp!).findings[0].policy_ids).toEqual(['default'])
  })
})
