import { describe, expect, it } from 'vitest'
import { flash, invalid, translate, translator } from './test-support/request-helpers.js'

describe('Gemini request (F019)', () => {
  it('maps system prompt, turns and sampling parameters to systemInstruction, contents and generationConfig', () => {
    const request = translate({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] },
      ],
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      seed: 7,
      n: 2,
      presence_penalty: 0.5,
    })
    expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent')
    expect(request.warnings).toEqual([])
    expect(request.body).toEqual({
      systemInstruction: { parts: [{ text: 'You are terse.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello.' }] },
        { role: 'user', parts: [{ text: 'Capital of France?' }] },
      ],
      generationConfig: {
        maxOutputTokens: 100,
        temperature: 0.2,
        topP: 0.9,
        stopSequences: ['END'],
        seed: 7,
        candidateCount: 2,
        presencePenalty: 0.5,
      },
    })
  })

  it('streams through streamGenerateContent?alt=sse and prefers max_completion_tokens over max_tokens', () => {
    const request = translate(
      { messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10, max_completion_tokens: 20 },
      { model: 'gemini-2.5-flash', stream: true },
    )
    expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse')
    expect(request.body).toMatchObject({ generationConfig: { maxOutputTokens: 20 } })
  })

  it('folds developer and late system messages into systemInstruction, warning about the moved one', () => {
    const request = translate({
      messages: [
        { role: 'developer', content: 'Rule one.' },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Rule two.' },
      ],
    })
    expect(request.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'Rule one.' }, { text: 'Rule two.' }] },
    })
    expect(request.warnings).toEqual([
      'messages[2]: Gemini has one system instruction; this system message was moved into it',
    ])
  })

  it('merges consecutive messages of one role so turns alternate', () => {
    const request = translate({
      messages: [
        { role: 'user', content: 'First' },
        { role: 'user', content: 'Second' },
      ],
    })
    expect(request.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'First' }, { text: 'Second' }] }],
    })
  })

  it('opens a history that starts with the assistant with a placeholder user turn, and rejects one with no turns', () => {
    const request = translate({
      messages: [
        { role: 'assistant', content: 'Hi! How can I help?' },
        { role: 'user', content: 'Yo' },
      ],
    })
    expect(request.body).toMatchObject({
      contents: [
        { role: 'user', parts: [{ text: '(conversation continues)' }] },
        { role: 'model', parts: [{ text: 'Hi! How can I help?' }] },
        { role: 'user', parts: [{ text: 'Yo' }] },
      ],
    })
    expect(request.warnings).toEqual([
      "messages: Gemini requires a leading user turn; inserted '(conversation continues)'",
    ])
    expect(
      invalid(() =>
        translator.request({ model: 'x', messages: [{ role: 'system', content: 'Only rules' }] }, flash),
      ),
    ).toContain('messages: at least one user or assistant message is required')
  })

  it('sends data: images inline and remote files by reference with a MIME type from the extension', () => {
    const request = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            {
              type: 'image_url',
              image_url: { url: 'https://example.com/photos/cat.JPG?size=large', detail: 'high' },
            },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
    })
    expect(request.body).toMatchObject({
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Compare these' },
            { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
            {
              fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/photos/cat.JPG?size=large' },
            },
            { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
            { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
          ],
        },
      ],
    })
  })

  it('rejects an image URL whose type cannot be told, naming the field', () => {
    const message = invalid(() =>
      translate({
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/image' } }] },
        ],
      }),
    )
    expect(message).toContain(
      'messages[0].content[0].image_url.url: cannot tell the file type of https://example.com/image',
    )
  })

  it('maps response_format json_object and json_schema to responseMimeType and responseSchema', () => {
    const asObject = translate({
      messages: [{ role: 'user', content: 'JSON please' }],
      response_format: { type: 'json_object' },
    })
    expect(asObject.body).toMatchObject({ generationConfig: { responseMimeType: 'application/json' } })
    const asSchema = translate({
      messages: [{ role: 'user', content: 'A person' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'person',
          strict: true,
          schema: {
            type: 'object',
            properties: { name: { type: 'string' }, age: { type: 'integer' } },
            required: ['name', 'age'],
            additionalProperties: false,
          },
        },
      },
    })
    expect(asSchema.body).toMatchObject({
      generationConfig: {
        responseMimeType: 'application/json',
        responseSchema: {
          type: 'OBJECT',
          properties: { name: { type: 'STRING' }, age: { type: 'INTEGER' } },
          required: ['name', 'age'],
        },
      },
    })
    expect(asSchema.warnings).toEqual([
      'response_format.json_schema.schema.additionalProperties: not supported by Gemini, dropped',
    ])
  })

  it('warns about request fields Gemini cannot carry', () => {
    const request = translate({
      messages: [{ role: 'user', content: 'Hi', name: 'ann' }],
      logit_bias: { '1': 2 },
      user: 'u-1',
      parallel_tool_calls: false,
      tools: [{ type: 'function', function: { name: 'ping' } }],
    })
    expect(request.warnings).toEqual([
      'messages[0].name: participant names are not supported by Gemini, ignored',
      'parallel_tool_calls: Gemini cannot be limited to one call per turn, ignored',
      'logit_bias: not supported by Gemini, ignored',
      'user: not supported by Gemini, ignored',
    ])
  })

  it('rejects malformed sampling fields by name', () => {
    expect(
      invalid(() =>
        translate({ messages: [{ role: 'user', content: 'Hi' }], temperature: 'hot' as unknown as number }),
      ),
    ).toContain('temperature: must be a number')
    expect(
      invalid(() =>
        translate({ messages: [{ role: 'user', content: 'Hi' }], stop: [1] as unknown as string[] }),
      ),
    ).toContain('stop: must be a string or an array of strings')
  })
})
