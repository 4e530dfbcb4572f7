import { describe, expect, it } from 'vitest'
import { checksResponse, modelTypeOf } from './model-type.js'

describe('model types (F205)', () => {
  it.each([
    ['/chat/completions', 'text-generation'],
    ['/v1/chat/completions', 'text-generation'],
    ['/v1/messages', 'text-generation'],
    ['/responses', 'text-generation'],
    ['/v1beta/models/gemini-2.5-flash:generateContent', 'text-generation'],
    ['/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', 'text-generation'],
    ['/v2/chat', 'text-generation'],
    ['/model/anthropic.claude/converse-stream', 'text-generation'],
    ['/embeddings', 'embeddings'],
    ['/v1/embeddings', 'embeddings'],
    ['/v1beta/models/text-embedding-004:embedContent', 'embeddings'],
    ['/v2/embed', 'embeddings'],
    ['/audio/speech', 'unknown'],
    ['/images/generations', 'unknown'],
  ])('F205 %s is %s', (path, type) => {
    expect(modelTypeOf(path, undefined)).toBe(type)
  })

  it('F205 model-in-path APIs are text generation when the body carries messages or a prompt', () => {
    expect(modelTypeOf('/@cf/meta/llama-3.1-8b-instruct', { messages: [] })).toBe('text-generation')
    expect(modelTypeOf('/@cf/meta/llama-3.1-8b-instruct', { prompt: 'hi' })).toBe('text-generation')
    expect(modelTypeOf('/@cf/baai/bge-base-en-v1.5', { text: ['hi'] })).toBe('unknown')
  })

  it('F205 only text generation has its response checked', () => {
    expect(checksResponse('text-generation')).toBe(true)
    expect(checksResponse('embeddings')).toBe(false)
    expect(checksResponse('unknown')).toBe(false)
  })
})
