import { describe, expect, it } from 'vitest'
import { translatorFor } from './index.js'

const ask = { model: 'compat-model', messages: [{ role: 'user' as const, content: 'Hi' }] }

describe('translatorFor (F012, F019)', () => {
  it.each([
    ['openai-chat', 'gpt-4o-mini', '/chat/completions'],
    ['gemini', 'gemini-2.5-flash', '/v1beta/models/gemini-2.5-flash:generateContent'],
    ['cohere', 'command-r-plus', '/v2/chat'],
    ['workers-ai', '@cf/meta/llama-3.2-3b-instruct', '/v1/chat/completions'],
    ['anthropic-messages', 'claude-sonnet-4-5', '/v1/messages'],
  ] as const)('%s targets %s at %s', (schema, model, path) => {
    expect(translatorFor(schema).request(ask, { model, stream: false }).path).toBe(path)
  })
})
