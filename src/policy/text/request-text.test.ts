import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractRequestText, extractUniversalText } from './request-text.js'
import type { Segment } from './types.js'

const PNG = `data:image/png;base64,${'iVBORw0KGgo'.repeat(30)}`
const texts = (segments: Segment[]) => segments.map((s) => s.text)

describe('extractRequestText: OpenAI chat (/compat and OpenAI-shaped providers)', () => {
  it('F215 reads message text, tool-call arguments and tool results, never image data', () => {
    const segments = extractRequestText('openai-chat', {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'be terse' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is in this picture?' },
            { type: 'image_url', image_url: { url: PNG } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"ssn":"x"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'tool says hi' },
      ],
    })
    expect(segments).toEqual([
      { text: 'be terse', location: '/messages/0/content', kind: 'system', role: 'system' },
      {
        text: 'what is in this picture?',
        location: '/messages/1/content/0/text',
        kind: 'message',
        role: 'user',
      },
      {
        text: '{"ssn":"x"}',
        location: '/messages/2/tool_calls/0/function/arguments',
        kind: 'tool-call',
        role: 'assistant',
      },
      { text: 'tool says hi', location: '/messages/3/content', kind: 'tool-result', role: 'tool' },
    ])
    expect(JSON.stringify(segments)).not.toContain('base64')
  })

  it('reads legacy prompts, embeddings input and the Responses API', () => {
    expect(texts(extractRequestText('openai-chat', { prompt: ['a', 'b', [1, 2]] }))).toEqual(['a', 'b'])
    expect(texts(extractRequestText('openai-chat', { input: 'embed me' }))).toEqual(['embed me'])
    const responses = extractRequestText('openai-chat', {
      instructions: 'sys',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'hello' },
            { type: 'input_image', image_url: PNG },
          ],
        },
        { type: 'function_call', call_id: 'x', name: 'f', arguments: '{"a":1}' },
        { type: 'function_call_output', call_id: 'x', output: 'result text' },
      ],
    })
    expect(responses.map((s) => [s.kind, s.text])).toEqual([
      ['system', 'sys'],
      ['message', 'hello'],
      ['tool-call', '{"a":1}'],
      ['tool-result', 'result text'],
    ])
  })

  it('falls back to every string leaf for a body it does not recognise, skipping structure and blobs', () => {
    const segments = extractRequestText('openai-chat', {
      model: 'x',
      custom: { note: 'free text', image: PNG, card: 4111111111111111, small: 12 },
    })
    expect(segments.map((s) => [s.location, s.text])).toEqual([
      ['/custom/note', 'free text'],
      ['/custom/card', '4111111111111111'],
    ])
  })
})

describe('extractRequestText: Anthropic Messages (native and /compat/v1/messages input)', () => {
  it('F215 reads system, text, tool_use input, tool_result content and text documents', () => {
    const fixture = JSON.parse(
      readFileSync(
        new URL('../../translate/anthropic-input/__fixtures__/request-full.json', import.meta.url),
        'utf8',
      ),
    ) as unknown
    const segments = extractRequestText('anthropic-messages', fixture)
    expect(segments.length).toBeGreaterThan(0)
    expect(
      segments.every((s) => s.location.startsWith('/system') || s.location.startsWith('/messages')),
    ).toBe(true)

    const manual = extractRequestText('anthropic-messages', {
      system: [{ type: 'text', text: 'sys prompt' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR'.repeat(60) } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc body' } },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER'.repeat(60) },
            },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: { card: '4242' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'tool output' }] },
          ],
        },
      ],
    })
    expect(manual.map((s) => [s.kind, s.location, s.text])).toEqual([
      ['system', '/system/0/text', 'sys prompt'],
      ['message', '/messages/0/content/1/source/data', 'doc body'],
      ['tool-call', '/messages/1/content/0/input', '{"card":"4242"}'],
      ['tool-result', '/messages/2/content/0/content/0/text', 'tool output'],
    ])
  })
})

describe('extractRequestText: other families', () => {
  it('Gemini: parts text, functionCall args, functionResponse, system instruction; inlineData skipped', () => {
    const segments = extractRequestText('gemini', {
      systemInstruction: { parts: [{ text: 'sys' }] },
      contents: [
        {
          role: 'user',
          parts: [{ text: 'hi' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR'.repeat(60) } }],
        },
        { role: 'model', parts: [{ functionCall: { name: 'f', args: { q: 'x' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: { out: 'y' } } }] },
      ],
    })
    expect(segments.map((s) => [s.kind, s.role, s.text])).toEqual([
      ['system', undefined, 'sys'],
      ['message', 'user', 'hi'],
      ['tool-call', 'model', '{"q":"x"}'],
      ['tool-result', 'user', '{"out":"y"}'],
    ])
  })

  it('Cohere v2 and v1', () => {
    const v2 = extractRequestText('cohere', {
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }] },
        {
          role: 'assistant',
          tool_plan: 'plan',
          tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}x' } }],
        },
        {
          role: 'tool',
          tool_call_id: 'a',
          content: [{ type: 'document', document: { data: { v: 'doc' } } }],
        },
      ],
    })
    expect(v2.map((s) => [s.kind, s.text])).toEqual([
      ['system', 'sys'],
      ['message', 'hello'],
      ['reasoning', 'plan'],
      ['tool-call', '{}x'],
      ['tool-result', '{"v":"doc"}'],
    ])
    const v1 = extractRequestText('cohere', {
      message: 'now',
      preamble: 'pre',
      chat_history: [{ role: 'USER', message: 'earlier' }],
    })
    expect(texts(v1)).toEqual(['earlier', 'pre', 'now'])
  })

  it('Workers AI prompt/messages/text and Bedrock Converse/Invoke bodies', () => {
    expect(texts(extractRequestText('workers-ai', { prompt: 'p' }))).toEqual(['p'])
    expect(texts(extractRequestText('workers-ai', { text: ['t1', 't2'] }))).toEqual(['t1', 't2'])
    const converse = extractRequestText('bedrock', {
      system: [{ text: 'sys' }],
      messages: [
        {
          role: 'user',
          content: [{ text: 'hi' }, { image: { format: 'png', source: { bytes: 'iVBOR'.repeat(60) } } }],
        },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 'a', name: 'f', input: { q: 1 } } }] },
        {
          role: 'user',
          content: [{ toolResult: { toolUseId: 'a', content: [{ text: 'r1' }, { json: { r: 2 } }] } }],
        },
      ],
    })
    expect(converse.map((s) => [s.kind, s.text])).toEqual([
      ['system', 'sys'],
      ['message', 'hi'],
      ['tool-call', '{"q":1}'],
      ['tool-result', 'r1'],
      ['tool-result', '{"r":2}'],
    ])
    const invokeAnthropic = extractRequestText('bedrock', {
      anthropic_version: 'bedrock-2023-05-31',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'claude on bedrock' }] }],
    })
    expect(texts(invokeAnthropic)).toEqual(['claude on bedrock'])
    expect(texts(extractRequestText('bedrock', { inputText: 'titan' }))).toEqual(['titan'])
  })

  it('opaque bodies are read leaf by leaf', () => {
    expect(
      texts(extractRequestText('opaque', { text: 'speak this', voice: { id: 'v1', name: 'Ava' } })),
    ).toEqual(['speak this', 'Ava'])
  })
})

describe('extractUniversalText (F035)', () => {
  it('reads each step in its own provider schema and points into the array', () => {
    const segments = extractUniversalText(
      [
        { provider: 'workers-ai', endpoint: '@cf/x', headers: {}, query: { prompt: 'step zero' } },
        {
          provider: 'anthropic',
          endpoint: 'v1/messages',
          headers: { authorization: 'Bearer sk-ant-not-scanned' },
          query: { messages: [{ role: 'user', content: 'step one' }] },
        },
      ],
      (provider) => (provider === 'anthropic' ? 'anthropic-messages' : 'workers-ai'),
    )
    expect(segments.map((s) => [s.location, s.text])).toEqual([
      ['/0/query/prompt', 'step zero'],
      ['/1/query/messages/0/content', 'step one'],
    ])
  })
})
