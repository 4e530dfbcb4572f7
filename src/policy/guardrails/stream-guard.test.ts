import { describe, expect, it } from 'vitest'
import { StreamInspection } from '../stream-inspector.js'
import type { Decision } from './policy.js'
import { guardrailInspectorOptions } from './stream-guard.js'

const delta = (content: string) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`

async function* source(parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part)
}

/** A judge that blocks text mentioning "VIOLENT" and records every text it was shown. */
function judge() {
  const seen: string[] = []
  const evaluate = async (text: string): Promise<Decision> => {
    seen.push(text)
    return text.includes('VIOLENT')
      ? { action: 'BLOCK', matches: [{ category: 'S1', action: 'BLOCK' }] }
      : { action: null, matches: [] }
  }
  return { seen, evaluate }
}

async function run(parts: string[], evaluate: (text: string) => Promise<Decision>, batchChars = 20) {
  const inspection = new StreamInspection(
    guardrailInspectorOptions({
      schema: 'openai-chat',
      batchChars,
      contextChars: 10,
      evaluate,
      blockOutput: () => 'data: {"error":"blocked"}\n\n',
    }),
  )
  let out = ''
  for await (const chunk of inspection.run(source(parts))) out += chunk.toString()
  return { out, inspection }
}

describe('guardrails on a streamed answer (F206, beyond Cloudflare)', () => {
  it('a clean stream comes through byte for byte; every character was judged', async () => {
    const { seen, evaluate } = judge()
    const parts = [
      delta('The sky is blue today. '),
      delta('Grass is green. '),
      delta('Done.'),
      'data: [DONE]\n\n',
    ]
    const { out } = await run(parts, evaluate)
    expect(out).toBe(parts.join(''))
    const judged = seen.join('')
    for (const text of ['The sky is blue today.', 'Grass is green.', 'Done.']) expect(judged).toContain(text)
  })

  it('earlier approved text is shown again as context, so a sentence split across checks is judged whole', async () => {
    const { seen, evaluate } = judge()
    await run([delta('Calm words come first. '), delta('then more calm words.')], evaluate)
    expect(seen).toHaveLength(2)
    expect(seen).toEqual(['Calm words come first. ', 'me first. then more calm words.'])
  })

  it('stops at the first blocked piece: nothing from it or after it is delivered, the error event closes the stream', async () => {
    const { evaluate } = judge()
    const parts = [delta('A perfectly calm start. '), delta('Now VIOLENT text here. '), delta('tail text')]
    const { out, inspection } = await run(parts, evaluate)
    expect(inspection.blocked).toBe(true)
    expect(out).toBe(delta('A perfectly calm start. ') + 'data: {"error":"blocked"}\n\n')
  })

  it('waits for a full piece before judging, and judges the rest at the end', async () => {
    const { seen, evaluate } = judge()
    await run([delta('short '), delta('bits '), delta('end')], evaluate, 1000)
    expect(seen).toEqual(['short bits end'])
  })
})
