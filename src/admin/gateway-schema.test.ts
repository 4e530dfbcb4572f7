import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { defaultSettings } from '../core/gateway-settings.js'
import { AdminError } from './admin-errors.js'
import {
  crossFieldProblems,
  gatewayCreateSchema,
  gatewayIdProblem,
  gatewayUpdateSchema,
  mergeSettings,
} from './gateway-schema.js'
import { parseOrThrow } from './validation.js'

function problems(input: unknown, schema: z.ZodType = gatewayUpdateSchema) {
  try {
    parseOrThrow(schema, input, 'body')
  } catch (error) {
    if (error instanceof AdminError) return error.details.map(({ message, path }) => ({ message, path }))
    throw error
  }
  return []
}

describe('F010 gateway ids', () => {
  it('accepts lowercase alphanumerics and hyphens up to 64 characters', () => {
    expect(gatewayIdProblem('prod-api')).toBeUndefined()
    expect(gatewayIdProblem('x'.repeat(64))).toBeUndefined()
  })

  it.each([
    ['', /must not be empty/],
    ['x'.repeat(65), /at most 64 characters long \(got 65\)/],
    ['Prod', /lowercase letters, digits and hyphens/],
    ['a_b', /lowercase letters, digits and hyphens/],
    ['a/b', /lowercase letters, digits and hyphens/],
  ])('refuses %j', (id, message) => {
    expect(gatewayIdProblem(id)).toMatch(message)
  })

  it('makes the id required on create', () => {
    expect(problems({ cache_ttl: 0 }, gatewayCreateSchema)).toEqual([
      { message: 'id is required', path: ['body', 'id'] },
    ])
  })
})

describe('range validation', () => {
  it.each([
    ['cache_ttl', 0, true],
    ['cache_ttl', 2_592_000, true],
    ['cache_ttl', 2_592_001, false], // F159: at most one month
    ['cache_ttl', 1.5, false],
    ['cache_ttl', null, true],
    ['rate_limiting_interval', -1, false],
    ['retry_max_attempts', 0, false],
    ['retry_max_attempts', 5, true],
    ['retry_max_attempts', 6, false], // F178
    ['retry_delay', 5000, true],
    ['retry_delay', 5001, false], // F120
    ['log_management', 1, true],
    ['log_management', 10_000_000, true],
    ['log_management', 10_000_001, false], // F249
    ['log_management', 0, false],
  ])('%s = %j valid: %s', (field, value, valid) => {
    const found = problems({ [field]: value })
    if (valid) expect(found).toEqual([])
    else
      expect(found).toEqual([
        { message: expect.stringMatching(new RegExp(`^${field} must be`)), path: ['body', field] },
      ])
  })

  it('says what was received', () => {
    expect(problems({ cache_ttl: 'one hour' })[0]?.message).toBe(
      'cache_ttl must be an integer from 0 to 2592000 seconds (one month, F159), got "one hour"',
    )
  })

  it('reports every bad field at once', () => {
    expect(problems({ cache_ttl: -1, zdr: 'no', surprise: 1 }).map((p) => p.path)).toEqual([
      ['body', 'cache_ttl'],
      ['body', 'zdr'],
      ['body', 'surprise'],
    ])
  })
})

describe('structured settings', () => {
  it('F104 accepts both DLP shapes and reports errors against the shape the client was writing', () => {
    expect(problems({ dlp: { enabled: true, action: 'BLOCK', profiles: ['a'] } })).toEqual([])
    expect(problems({ dlp: { enabled: true, policies: [] } })).toEqual([])
    expect(
      problems({
        dlp: {
          enabled: true,
          policies: [{ id: 'p', action: 'BLOCK', check: ['SIDEWAYS'], enabled: true, profiles: [] }],
        },
      }),
    ).toEqual([
      {
        message: 'dlp.policies[0].check[0] must be "REQUEST" or "RESPONSE"',
        path: ['body', 'dlp', 'policies', 0, 'check', 0],
      },
    ])
  })

  it('refuses duplicate DLP policy ids', () => {
    const policy = { id: 'same', action: 'FLAG', check: ['REQUEST'], enabled: true, profiles: [] }
    expect(problems({ dlp: { enabled: true, policies: [policy, policy] } })).toEqual([
      {
        message: 'dlp.policies[1].id must be unique, "same" appears twice',
        path: ['body', 'dlp', 'policies', 1, 'id'],
      },
    ])
  })

  it('F105 guardrails only know the hazard categories', () => {
    expect(problems({ guardrails: { prompt: { S1: 'BLOCK' }, response: {} } })).toEqual([])
    const found = problems({ guardrails: { prompt: { S99: 'BLOCK' }, response: {} } })
    expect(found).toEqual([
      {
        message: 'guardrails.prompt.S99 is not a recognised field',
        path: ['body', 'guardrails', 'prompt', 'S99'],
      },
    ])
    expect(problems({ guardrails: { prompt: { S2: 'IGNORE' }, response: {} } })).toEqual([
      {
        message: 'guardrails.prompt.S2 must be "FLAG" or "BLOCK"',
        path: ['body', 'guardrails', 'prompt', 'S2'],
      },
    ])
  })

  it('F103 otel exporters need an http(s) URL; headers default to empty', () => {
    expect(problems({ otel: [{ url: 'ftp://collector', headers: {} }] })).toEqual([
      { message: 'otel[0].url must be an http(s) URL', path: ['body', 'otel', 0, 'url'] },
    ])
    const parsed = parseOrThrow(
      gatewayUpdateSchema,
      { otel: [{ url: 'https://c.example/v1/traces' }] },
      'body',
    )
    expect(parsed.otel).toEqual([{ url: 'https://c.example/v1/traces', headers: {} }])
  })

  it('F102 logpush_public_key must be an RSA public key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString()
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString()
    expect(problems({ logpush_public_key: rsa })).toEqual([])
    expect(problems({ logpush_public_key: ec })[0]?.message).toMatch(/must be an RSA public key \(got ec\)/)
    expect(problems({ logpush_public_key: 'hello' })[0]?.message).toMatch(/PEM-encoded RSA public key/)
  })
})

describe('merging (F295 partial updates)', () => {
  const base = defaultSettings('gw', '2025-01-01T00:00:00.000Z')

  it('changes only the named fields and never the read-only ones', () => {
    const input = parseOrThrow(
      gatewayUpdateSchema,
      { cache_ttl: 60, is_default: true, created_at: '1999-01-01T00:00:00Z', id: 'gw' },
      'body',
    )
    expect(mergeSettings(base, input)).toEqual({ ...base, cache_ttl: 60 })
  })

  it('null clears a nullable setting', () => {
    const withOtel = { ...base, otel: [{ url: 'https://x.example', headers: {} }] }
    expect(mergeSettings(withOtel, parseOrThrow(gatewayUpdateSchema, { otel: null }, 'body')).otel).toBeNull()
  })

  it('refuses null for a setting that cannot be null', () => {
    expect(problems({ collect_logs: null })).toEqual([
      { message: 'collect_logs must be true or false', path: ['body', 'collect_logs'] },
    ])
  })

  it('checks cross-field rules on the merged result', () => {
    expect(crossFieldProblems({ ...base, rate_limiting_limit: 10, rate_limiting_interval: 0 })).toEqual([
      {
        message: expect.stringMatching(/rate_limiting_interval must be greater than 0/),
        path: ['rate_limiting_interval'],
      },
    ])
    expect(crossFieldProblems({ ...base, rate_limiting_limit: 10, rate_limiting_interval: 60 })).toEqual([])
    expect(crossFieldProblems({ ...base, rate_limiting_limit: 0, rate_limiting_interval: 0 })).toEqual([])
  })
})
