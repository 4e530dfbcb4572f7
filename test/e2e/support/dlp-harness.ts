import type { ServerResponse } from 'node:http'
import OpenAI from 'openai'
import { expect } from 'vitest'
import type { DlpLogFields } from '../../../src/core/log-entry.js'
import {
  CREDENTIALS_PROFILE_ID,
  FINANCIAL_PROFILE_ID,
  GOVERNMENT_PROFILE_ID,
  PII_PROFILE_ID,
} from '../../../src/policy/dlp/predefined-profiles.js'
import { json, MockUpstream, type RecordedRequest } from './mock-upstream.js'
import { settled, startTestApp, type TestApp } from './test-app.js'

export const CARD = '4111111111111111'
export const SSN = '536-22-1234'
export const INTRO = 'Here is a long and entirely harmless introduction to the answer you asked for. '.repeat(
  5,
)

/** What the mock upstream answers next: whole text, or streamed deltas (optionally held at a gate). */
export interface Script {
  text: string
  deltas?: string[]
  holdAfter?: number
  gate?: { wait: Promise<void> }
}

function chatChunk(content: string | undefined, finish: string | null = null) {
  return {
    id: 'chatcmpl-dlp',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
  }
}

async function openaiUpstream(
  script: Script,
  request: RecordedRequest,
  response: ServerResponse,
): Promise<void> {
  const body = JSON.parse(request.body.toString()) as { stream?: boolean }
  if (body.stream !== true) {
    return json(response, 200, {
      id: 'chatcmpl-dlp',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: script.text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    })
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  response.write(
    `data: ${JSON.stringify({ ...chatChunk(''), choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`,
  )
  const deltas = script.deltas ?? [script.text]
  for (const [index, delta] of deltas.entries()) {
    if (index === script.holdAfter) await script.gate?.wait
    response.write(`data: ${JSON.stringify(chatChunk(delta))}\n\n`)
    // Separate writes a moment apart reach the gateway as separate chunks.
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  response.end(`data: ${JSON.stringify(chatChunk(undefined, 'stop'))}\n\ndata: [DONE]\n\n`)
}

async function anthropicUpstream(script: Script, response: ServerResponse): Promise<void> {
  const send = (event: string, data: unknown) =>
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  send('message_start', {
    type: 'message_start',
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 1 },
    },
  })
  send('content_block_start', {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'text', text: '' },
  })
  for (const text of script.deltas ?? [script.text]) {
    send('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text },
    })
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  send('content_block_stop', { type: 'content_block_stop', index: 0 })
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 9 },
  })
  send('message_stop', { type: 'message_stop' })
  response.end()
}

export const policy = (
  id: string,
  action: 'FLAG' | 'BLOCK',
  check: Array<'REQUEST' | 'RESPONSE'>,
  profiles: string[],
) => ({
  id,
  action,
  check,
  enabled: true,
  profiles,
})

/**
 * aigw in front of scripted OpenAI and Anthropic upstreams, with four gateways: `flag` (PII flagged both ways),
 * `block` (money, government ids and secrets blocked both ways, PII flagged on requests), `request-only` and `off`.
 */
export class DlpHarness {
  readonly mock = new MockUpstream()
  app!: TestApp
  script: Script = { text: 'All clear.' }

  async start(): Promise<this> {
    await this.mock.start()
    this.mock.handle((request, response) => {
      if (request.url === '/v1/chat/completions') return openaiUpstream(this.script, request, response)
      if (request.url === '/v1/messages') return anthropicUpstream(this.script, response)
      json(response, 404, { error: { message: `mock has no ${request.url}` } })
    })
    this.app = await startTestApp({
      AIGW_UPSTREAM_OPENAI: `${this.mock.url}/v1`,
      AIGW_UPSTREAM_ANTHROPIC: this.mock.url,
    })
    const dlp = (policies: unknown[]) => ({ dlp: { enabled: true, policies } })
    const app = this.app
    await app.createGateway(
      'flag',
      dlp([policy('flag-pii', 'FLAG', ['REQUEST', 'RESPONSE'], [PII_PROFILE_ID])]),
    )
    await app.createGateway(
      'block',
      dlp([
        policy(
          'block-money',
          'BLOCK',
          ['REQUEST', 'RESPONSE'],
          [FINANCIAL_PROFILE_ID, GOVERNMENT_PROFILE_ID, CREDENTIALS_PROFILE_ID],
        ),
        policy('flag-pii', 'FLAG', ['REQUEST'], [PII_PROFILE_ID]),
      ]),
    )
    await app.createGateway(
      'request-only',
      dlp([policy('req', 'BLOCK', ['REQUEST'], [FINANCIAL_PROFILE_ID])]),
    )
    await app.createGateway('off', {
      dlp: {
        enabled: false,
        policies: [policy('x', 'BLOCK', ['REQUEST', 'RESPONSE'], [FINANCIAL_PROFILE_ID])],
      },
    })
    return this
  }

  reset(): void {
    this.mock.reset()
    this.script = { text: 'All clear.' }
  }

  async stop(): Promise<void> {
    await this.app.stop()
    await this.mock.stop()
  }

  openai(gateway: string, path: '/openai' | '/compat'): OpenAI {
    return new OpenAI({ apiKey: 'sk-test', baseURL: `${this.app.gatewayUrl(gateway)}${path}`, maxRetries: 0 })
  }

  model(path: '/openai' | '/compat'): string {
    return path === '/compat' ? 'openai/gpt-4o-mini' : 'gpt-4o-mini'
  }

  /** The request's log entry and its DLP fields (F220). */
  async log(gateway: string, logId: string | null | undefined) {
    await settled(this.app)
    const entry = await this.app.stores.logs.get(this.app.accountId, gateway, logId ?? '')
    expect(entry).toBeDefined()
    return { entry: entry!, dlp: entry!.extra.dlp as DlpLogFields | undefined }
  }
}
