/**
 * F208: long text is evaluated in pieces of at most `maxChars` characters. Pieces end at the last paragraph
 * break that fits, else the last sentence end, else the last whitespace, and only as a last resort mid-word,
 * so a hazard is rarely split across two evaluations. Nothing is dropped: joined back, the pieces are the text.
 */
export function chunkText(text: string, maxChars: number): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError('maxChars must be a positive integer')
  const chunks: string[] = []
  let rest = text
  while (rest.length > maxChars) {
    const cut = cutPoint(rest, maxChars)
    chunks.push(rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  if (rest !== '' || chunks.length === 0) chunks.push(rest)
  return chunks
}

const PARAGRAPH = /\n\s*\n/g
const SENTENCE = /[.!?。！？…]["'”’)\]]*\s+/g
const SPACE = /\s+/g

/** Index just after the best boundary within the first `limit` characters (always ≥ 1, so progress is made). */
function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit)
  for (const boundary of [PARAGRAPH, SENTENCE, SPACE]) {
    const end = lastMatchEnd(window, boundary)
    // A boundary in the first quarter would leave a tiny piece; a coarser-grained cut further on serves better.
    if (end > limit / 4) return end
  }
  return splitSafely(text, limit)
}

function lastMatchEnd(text: string, pattern: RegExp): number {
  let end = -1
  pattern.lastIndex = 0
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    end = match.index + match[0].length
    if (match[0].length === 0) pattern.lastIndex++
  }
  return end
}

/** Never between the two halves of a surrogate pair. */
function splitSafely(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1)
  return code >= 0xd800 && code <= 0xdbff && limit > 1 ? limit - 1 : limit
}
