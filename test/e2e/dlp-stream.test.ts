import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { email as emailEntry, phoneNumber } from '../../src/policy/dlp/detectors/pii.js'
import { visaCard } from '../../src/policy/dlp/detectors/financial.js'
import { PII_PROFILE_ID } from '../../src/policy/dlp/predefined-profiles.js'
import { gate } from './support/mock-upstream.js'
import { CARD, DlpHarness, INTRO, SSN } from './support/dlp-harness.js'

describe('DLP on streamed answers (F216, beyond Cloudflare: incremental)', () => {
  const h = new DlpHarness()

  beforeAll(async () => {
    await h.start()
  })
  afterAll(async () => {
    await h.stop()
  })
  beforeEach(() => h.reset())

  it('F216 beyond Cloudflare: a card split across two SSE chunks is caught mid-stream and never reaches the client', async () => {
    h.script = {
      text: '',
      deltas: [
        INTRO.slice(0, 200),
        INTRO.slice(200),
        'The card is 4111 1111 ',
        '1111 1111, keep it safe.',
        ' More text.',
      ],
    }
    const { data: stream, response } = await h
      .openai('block', '/compat')
      .chat.completions.create({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'tell me' }],
        stream: true,
      })
      .withResponse()
    let received = ''
    let failure: unknown
    try {
      for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? ''
    } catch (caught) {
      failure = caught
    }
    expect(failure).toBeInstanceOf(OpenAI.APIError)
    expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('2030')
    expect(received.startsWith(INTRO.slice(0, 200))).toBe(true)
    expect(received).not.toContain('4111')
    expect(received).not.toContain('1111 1111')
    const { entry, dlp } = await h.log('block', response.headers.get('cf-aig-log-id'))
    expect(entry.dlpAction).toBe('BLOCK')
    expect(entry.success).toBe(false)
    expect(entry.errorMessage).toContain('Response content blocked due to DLP policy violations')
    expect(dlp).toMatchObject({
      action: 'BLOCK',
      check: ['RESPONSE'],
      entries: [visaCard.id],
      blockedMidStream: true,
    })
  })

  it('F143 a streamed answer blocked before its first byte is an ordinary 2030 error reply', async () => {
    h.script = { text: '', deltas: [`Card: ${CARD}. `, 'done'] }
    const error = await h
      .openai('block', '/openai')
      .chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      })
      .catch((caught: unknown) => caught)
    const apiError = error as InstanceType<typeof OpenAI.APIError>
    expect(apiError.status).toBe(400)
    expect(apiError.error).toEqual([
      { code: 2030, message: 'Response content blocked due to DLP policy violations' },
    ])
    expect(JSON.parse(apiError.headers?.get('cf-aig-dlp') ?? '{}').action).toBe('BLOCK')
  })

  it('F216 an Anthropic-schema stream blocked mid-way ends with Anthropic’s `event: error`', async () => {
    h.script = {
      text: '',
      deltas: [INTRO, INTRO, `my SSN is ${SSN.slice(0, 6)}`, `${SSN.slice(6)} ok`, ' bye'],
    }
    const client = new Anthropic({
      apiKey: 'sk-ant-test',
      baseURL: `${h.app.gatewayUrl('block')}/anthropic`,
      maxRetries: 0,
    })
    const stream = await client.messages.create({
      model: 'claude',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    let received = ''
    let failure: unknown
    try {
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
          received += event.delta.text
      }
    } catch (caught) {
      failure = caught
    }
    expect(failure).toBeInstanceOf(Anthropic.APIError)
    expect((failure as Error).message).toContain('Response content blocked due to DLP policy violations')
    expect(received.startsWith(INTRO.slice(0, 100))).toBe(true)
    expect(received).not.toContain(SSN.slice(0, 6))
  })

  it('F216 response checking streams: the start arrives while the upstream is still holding the rest', async () => {
    const hold = gate()
    h.script = { text: '', deltas: [INTRO, INTRO, 'and the end'], holdAfter: 2, gate: hold }
    const stream = await h.openai('block', '/compat').chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    let received = ''
    for await (const chunk of stream) {
      received += chunk.choices[0]?.delta.content ?? ''
      // Only reachable if the gateway released text before the upstream finished: full buffering would hang here.
      if (received.length > 0) hold.open()
    }
    expect(received).toBe(`${INTRO}${INTRO}and the end`)
  })

  it('F216 request-only checking never holds the response back', async () => {
    const hold = gate()
    h.script = { text: '', deltas: ['first', ' second'], holdAfter: 1, gate: hold }
    const stream = await h.openai('request-only', '/openai').chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    let received = ''
    for await (const chunk of stream) {
      received += chunk.choices[0]?.delta.content ?? ''
      if (received === 'first') hold.open()
    }
    expect(received).toBe('first second')
  })

  it('F218 FLAG on an answer: header when found before the first byte, log fields always', async () => {
    h.script = { text: 'Call me at (415) 555-2671.' }
    const { response } = await h
      .openai('flag', '/openai')
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'number?' }] })
      .withResponse()
    expect(JSON.parse(response.headers.get('cf-aig-dlp')!)).toEqual({
      findings: [
        {
          profile: { context: {}, entry_ids: [phoneNumber.id], profile_id: PII_PROFILE_ID },
          policy_ids: ['flag-pii'],
          check: 'RESPONSE',
        },
      ],
      action: 'FLAG',
    })

    h.script = { text: '', deltas: [INTRO, INTRO, 'write to jane.doe@example.com', ' today'] }
    const streamed = await h
      .openai('flag', '/openai')
      .chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      })
      .withResponse()
    let received = ''
    for await (const chunk of streamed.data) received += chunk.choices[0]?.delta.content ?? ''
    expect(received).toContain('jane.doe@example.com')
    expect(streamed.response.headers.get('cf-aig-dlp')).toBeNull()
    const { entry, dlp } = await h.log('flag', streamed.response.headers.get('cf-aig-log-id'))
    expect(entry.dlpAction).toBe('FLAG')
    expect(entry.success).toBe(true)
    expect(dlp).toMatchObject({ check: ['RESPONSE'], entries: [emailEntry.id] })
  })
})
