import { extractRequestText, extractUniversalText } from './request-text.js'
import type { Segment, TextSchema } from './types.js'

/**
 * The text of a request body of any content type (F215): JSON through the schema's reader, `text/*` as one
 * piece, multipart form data by its text fields only (file parts and binary fields are not read), anything
 * else (audio, images, octet streams) as no text at all.
 */
export function extractBodyText(
  body: Buffer,
  contentType: string | undefined,
  schema: TextSchema | { universal: (provider: string) => TextSchema },
): Segment[] {
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase()
  if (type === 'multipart/form-data') return multipartText(body, contentType ?? '')
  const text = body.toString('utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    if (type === '' || type.startsWith('text/') || type === 'application/json' || type.endsWith('+json')) {
      return text.trim() === '' ? [] : [{ text, location: '', kind: 'other' }]
    }
    return []
  }
  return typeof schema === 'string'
    ? extractRequestText(schema, json)
    : extractUniversalText(json, schema.universal)
}

function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return match?.[1] ?? match?.[2]
}

/** Text fields of a multipart body: parts without a filename whose type, if given, is textual. */
export function multipartText(body: Buffer, contentType: string): Segment[] {
  const boundary = boundaryOf(contentType)
  if (!boundary) return []
  const delimiter = Buffer.from(`--${boundary}`)
  const segments: Segment[] = []
  let start = body.indexOf(delimiter)
  while (start !== -1) {
    const partStart = start + delimiter.length
    if (body.subarray(partStart, partStart + 2).toString('latin1') === '--') break
    const next = body.indexOf(delimiter, partStart)
    if (next === -1) break
    const part = body.subarray(partStart, next)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('latin1')
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? ''
      const partType = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim().toLowerCase()
      const isFile = /filename\*?=/i.test(headers)
      const textual = partType === undefined || partType.startsWith('text/') || partType.includes('json')
      if (!isFile && textual) {
        const value = part.subarray(headerEnd + 4, part.length - 2).toString('utf8')
        if (value !== '') segments.push({ text: value, location: `/${name}`, kind: 'other' })
      }
    }
    start = next
  }
  return segments
}
