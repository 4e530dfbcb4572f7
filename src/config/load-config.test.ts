import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './load-config.js'

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'aigw-config-')), name)
  writeFileSync(path, text)
  return path
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      guardrailsModel: 'workers-ai/@cf/meta/llama-guard-3-8b',
    })
    expect(config.dataDir.endsWith('/data')).toBe(true)
  })

  it('maps AIGW_UPSTREAM_<SLUG> to provider slugs and rejects non-URLs', () => {
    const config = loadConfig({
      AIGW_UPSTREAM_OPENAI: 'http://127.0.0.1:9000/v1/',
      AIGW_UPSTREAM_GOOGLE_AI_STUDIO: 'http://127.0.0.1:9001',
    })
    expect(config.upstreams).toEqual({
      openai: 'http://127.0.0.1:9000/v1',
      'google-ai-studio': 'http://127.0.0.1:9001',
    })
    expect(() => loadConfig({ AIGW_UPSTREAM_OPENAI: 'not a url' })).toThrowError(/AIGW_UPSTREAM_OPENAI/)
  })

  it('reads YAML and JSON files; env wins over the file', () => {
    const yaml = file(
      'aigw.yaml',
      'port: 9999\nhost: 0.0.0.0\nupstreams:\n  openai: http://file.local/v1\nproviders:\n  workers-ai:\n    account_id: abc\n',
    )
    const config = loadConfig({
      AIGW_CONFIG: yaml,
      PORT: '1234',
      AIGW_UPSTREAM_OPENAI: 'http://env.local/v1',
    })
    expect(config).toMatchObject({ port: 1234, host: '0.0.0.0', workersAiAccountId: 'abc' })
    expect(config.upstreams.openai).toBe('http://env.local/v1')
    const json = file('aigw.json', JSON.stringify({ gateways: [{ id: 'prod-api', authentication: true }] }))
    expect(loadConfig({ AIGW_CONFIG: json }).gateways).toEqual([{ id: 'prod-api', authentication: true }])
  })

  it('names the bad key in validation errors', () => {
    expect(() => loadConfig({ AIGW_CONFIG: file('a.yaml', 'prot: 1\n') })).toThrowError(/unknown key 'prot'/)
    expect(() =>
      loadConfig({ AIGW_CONFIG: file('b.yaml', 'limits:\n  max_request_bytes: -1\n') }),
    ).toThrowError(/limits\.max_request_bytes/)
    expect(() => loadConfig({ AIGW_CONFIG: file('c.yaml', 'gateways:\n  - id: Bad_Id\n') })).toThrowError(
      /gateways\.0\.id/,
    )
    expect(() => loadConfig({ AIGW_ACCOUNT_ID: 'xyz' })).toThrowError(/AIGW_ACCOUNT_ID/)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrowError(/PORT/)
  })

  it('F212 guardrails: model, limits and key from the file and env; a model aigw cannot call stops start-up', () => {
    const yaml = file(
      'g.yaml',
      'guardrails:\n  model: groq/llama-guard-4-12b\n  timeout_ms: 2500\n  chunk_chars: 1000\n  base_url: http://guard.local/v1/\n',
    )
    const config = loadConfig({ AIGW_CONFIG: yaml, AIGW_GUARDRAILS_API_KEY: 'gsk-1' })
    expect(config.guardrailsModel).toBe('groq/llama-guard-4-12b')
    expect(config.guardrails).toEqual({
      timeoutMs: 2500,
      chunkChars: 1000,
      maxChunks: 32,
      streamBatchChars: 500,
      apiKey: 'gsk-1',
      baseUrl: 'http://guard.local/v1',
      promptFormat: 'auto',
    })
    expect(
      loadConfig({ AIGW_CONFIG: yaml, AIGW_GUARDRAILS_MODEL: 'openai/omni-moderation-latest' })
        .guardrailsModel,
    ).toBe('openai/omni-moderation-latest')
    expect(() => loadConfig({ AIGW_GUARDRAILS_MODEL: 'anthropic/claude-haiku-4-5' })).toThrowError(
      /AIGW_GUARDRAILS_MODEL: .*not OpenAI-compatible/,
    )
    const clash = file('h.yaml', 'guardrails_model: groq/a\nguardrails:\n  model: groq/b\n')
    expect(() => loadConfig({ AIGW_CONFIG: clash })).toThrowError(/disagree/)
  })
})
