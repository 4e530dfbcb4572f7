import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { email as emailEntry } from '../../src/policy/dlp/detectors/pii.js'
import { visaCard } from '../../src/policy/dlp/detectors/financial.js'
import { usSsn } from '../../src/policy/dlp/detectors/government.js'
import { PII_PROFILE_ID } from '../../src/policy/dlp/predefined-profiles.js'
import { CARD, DlpHarness, SSN } from './support/dlp-harness.js'
import { settled } from './support/test-app.js'

describe('DLP on requests and JSON answers (F213–F222, F136, F142, F143)', () => {
  const h = new DlpHarness()

  beforeAll(async () => {
    await h.start()
  })
  afterAll(async () => {
    await h.stop()
  })
  beforeEach(() => h.reset())

  it('F136 F218 F220 FLAG passes the request, adds cf-aig-dlp and logs the match', async () => {
    const { data, response } = await h
      .openai('flag', '/openai')
      .chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Mail me at jane.doe@example.com' }],
      })
      .withResponse()
    expect(data.choices[0]?.message.content).toBe('All clear.')
    expect(h.mock.requests).toHaveLength(1)
    expect(JSON.parse(response.headers.get('cf-aig-dlp')!)).toEqual({
      findings: [
        {
          profile: { context: {}, entry_ids: [emailEntry.id], profile_id: PII_PROFILE_ID },
          policy_ids: ['flag-pii'],
          check: 'REQUEST',
        },
      ],
      action: 'FLAG',
    })
    const { entry, dlp } = await h.log('flag', response.headers.get('cf-aig-log-id'))
    expect(entry.dlpAction).toBe('FLAG')
    expect(entry.success).toBe(true)
    expect(dlp).toMatchObject({
      action: 'FLAG',
      policies: ['flag-pii'],
      profiles: [PII_PROFILE_ID],
      entries: [emailEntry.id],
      check: ['REQUEST'],
    })
  })

  it('F218 a clean request gets no cf-aig-dlp header and no DLP log fields', async () => {
    const { response } = await h
      .openai('block', '/openai')
      .chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'What is 2 + 2?' }],
      })
      .withResponse()
    expect(response.headers.get('cf-aig-dlp')).toBeNull()
    const { entry, dlp } = await h.log('block', response.headers.get('cf-aig-log-id'))
    expect(entry.dlpAction).toBeNull()
    expect(dlp).toBeUndefined()
  })

  it('F142 F144 BLOCK on the request: 2029 in Cloudflare’s shape on /openai; nothing reaches the provider', async () => {
    const error = await h
      .openai('block', '/openai')
      .chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `charge ${CARD} please, reply to a@b.io` }],
      })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    const apiError = error as InstanceType<typeof OpenAI.APIError>
    expect(apiError.status).toBe(400)
    expect(apiError.error).toEqual([
      { code: 2029, message: 'Request content blocked due to DLP policy violations' },
    ])
    const header = JSON.parse(apiError.headers?.get('cf-aig-dlp') ?? '{}') as {
      action: string
      findings: Array<{ policy_ids: string[]; profile: { entry_ids: string[] } }>
    }
    expect(header.action).toBe('BLOCK')
    expect(header.findings.map((f) => [f.policy_ids, f.profile.entry_ids])).toEqual([
      [['block-money'], [visaCard.id]],
      [['flag-pii'], [emailEntry.id]],
    ])
    expect(h.mock.requests).toHaveLength(0)
    const { entry, dlp } = await h.log('block', apiError.headers?.get('cf-aig-log-id') ?? null)
    expect(entry.dlpAction).toBe('BLOCK')
    expect(entry.statusCode).toBe(400)
    expect(dlp?.policies).toEqual(['block-money', 'flag-pii'])
  })

  it('F142 BLOCK on the request: 2029 in OpenAI’s shape on /compat; tool-call arguments are scanned (F215)', async () => {
    const error = await h
      .openai('block', '/compat')
      .chat.completions.create({
        model: 'openai/gpt-4o-mini',
        messages: [
          { role: 'user', content: 'look him up' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'lookup', arguments: `{"ssn":"${SSN}"}` } },
            ],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'found' },
        ],
      })
      .catch((caught: unknown) => caught)
    const apiError = error as InstanceType<typeof OpenAI.APIError>
    expect(apiError.status).toBe(400)
    expect(apiError.code).toBe('2029')
    expect(apiError.message).toContain('Request content blocked due to DLP policy violations')
    expect(JSON.parse(apiError.headers?.get('cf-aig-dlp') ?? '{}').findings[0].profile.entry_ids).toEqual([
      usSsn.id,
    ])
    expect(h.mock.requests).toHaveLength(0)
  })

  it('F129 F217 no request header selects or bypasses DLP', async () => {
    const error = await h
      .openai('block', '/openai')
      .chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `card ${CARD}` }] },
        { headers: { 'cf-aig-dlp': 'off', 'cf-aig-dlp-profiles': '', 'cf-aig-skip-dlp': 'true' } },
      )
      .catch((caught: unknown) => caught)
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(400)
    expect(h.mock.requests).toHaveLength(0)
  })

  it('F213 a disabled DLP setting checks nothing', async () => {
    const { response } = await h
      .openai('off', '/openai')
      .chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `card ${CARD}` }],
      })
      .withResponse()
    expect(response.status).toBe(200)
    expect(response.headers.get('cf-aig-dlp')).toBeNull()
  })

  it.each(['/openai', '/compat'] as const)(
    'F143 BLOCK on a JSON answer via %s: 2030, nothing of it delivered',
    async (path) => {
      h.script = { text: `Sure, the SSN on file is ${SSN}.` }
      const error = await h
        .openai('block', path)
        .chat.completions.create({
          model: h.model(path),
          messages: [{ role: 'user', content: 'what is on file?' }],
        })
        .catch((caught: unknown) => caught)
      const apiError = error as InstanceType<typeof OpenAI.APIError>
      expect(apiError.status).toBe(400)
      expect(JSON.stringify(apiError.error)).toContain('2030')
      expect(JSON.stringify(apiError.error)).not.toContain(SSN)
      if (path === '/compat') expect(apiError.code).toBe('2030')
      else
        expect(apiError.error).toEqual([
          { code: 2030, message: 'Response content blocked due to DLP policy violations' },
        ])
      expect(JSON.parse(apiError.headers?.get('cf-aig-dlp') ?? '{}').findings[0].check).toBe('RESPONSE')
      expect(h.mock.requests).toHaveLength(1)
    },
  )

  it('F035 Universal: each step’s query is scanned in its provider schema', async () => {
    const response = await fetch(h.app.gatewayUrl('block'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          provider: 'openai',
          endpoint: 'chat/completions',
          headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
          query: {
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `IBAN DE89 3704 0044 0532 0130 00` }],
          },
        },
      ]),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ success: false, error: [{ code: 2029 }] })
    expect(h.mock.requests).toHaveLength(0)
  })

  it('F035 F143 Universal: the answering step’s answer is checked in its schema', async () => {
    h.script = { text: `Your SSN is ${SSN}.` }
    const response = await fetch(h.app.gatewayUrl('block'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          provider: 'openai',
          endpoint: 'chat/completions',
          headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
          query: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'what is on file?' }] },
        },
      ]),
    })
    expect(response.status).toBe(400)
    const text = await response.text()
    expect(JSON.parse(text)).toMatchObject({ success: false, error: [{ code: 2030 }] })
    expect(text).not.toContain(SSN)
    expect(JSON.parse(response.headers.get('cf-aig-dlp')!).findings[0]).toMatchObject({
      check: 'RESPONSE',
      profile: { entry_ids: [usSsn.id] },
    })
    expect(h.mock.requests).toHaveLength(1)
  })

  it('F220 F253 the Logs API filters by dlp_action', async () => {
    await settled(h.app)
    const list = async (value: string) => {
      const page = await h.app.cloudflare.aiGateway.logs.list('block', {
        account_id: h.app.accountId,
        filters: [{ key: 'dlp_action', operator: 'eq', value: [value] }],
      })
      return page.result
    }
    const blocked = await list('BLOCK')
    expect(blocked.length).toBeGreaterThanOrEqual(3)
    expect(blocked.every((item) => (item as { dlp_action?: string }).dlp_action === 'BLOCK')).toBe(true)
    const flaggedOnBlockGateway = await list('FLAG')
    expect(
      flaggedOnBlockGateway.every((item) => (item as { dlp_action?: string }).dlp_action === 'FLAG'),
    ).toBe(true)
  })
})
