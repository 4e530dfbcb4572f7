/** Anthropic content blocks → OpenAI content parts (the hub). */
import { GatewayError } from '../../core/errors.js'
import { isRecord, optionalString } from '../anthropic-messages/guards.js'
import type { OpenAIContentPart, OpenAITextPart } from '../types.js'

export function invalid(path: string, why: string): GatewayError {
  return new GatewayError('invalid_request', `${path}: ${why}`)
}

/** Prompt-caching hints have no meaning for other providers and OpenAI-style upstreams reject unknown fields. */
export function noteCacheControl(block: Record<string, unknown>, path: string, warnings: string[]): void {
  if (block['cache_control'] !== undefined && block['cache_control'] !== null) {
    warnings.push(
      `${path}.cache_control: prompt caching hints are not carried through the OpenAI hub; ignored`,
    )
  }
}

export function textPart(block: Record<string, unknown>, path: string): OpenAITextPart {
  const text = block['text']
  if (typeof text !== 'string') throw invalid(`${path}.text`, 'Field required')
  return { type: 'text', text }
}

function imagePart(block: Record<string, unknown>, path: string): OpenAIContentPart {
  const source = block['source']
  if (!isRecord(source)) throw invalid(`${path}.source`, 'Field required')
  if (source['type'] === 'base64') {
    const mediaType = optionalString(source['media_type'])
    const data = optionalString(source['data'])
    if (mediaType === undefined || data === undefined)
      throw invalid(`${path}.source`, 'media_type and data are required')
    return { type: 'image_url', image_url: { url: `data:${mediaType};base64,${data}` } }
  }
  if (source['type'] === 'url') {
    const url = optionalString(source['url'])
    if (url === undefined) throw invalid(`${path}.source.url`, 'Field required')
    return { type: 'image_url', image_url: { url } }
  }
  throw invalid(
    `${path}.source.type`,
    `'${String(source['type'])}' image sources cannot be sent to other providers`,
  )
}

function documentPart(block: Record<string, unknown>, path: string, warnings: string[]): OpenAIContentPart {
  const source = block['source']
  if (!isRecord(source)) throw invalid(`${path}.source`, 'Field required')
  const title = optionalString(block['title'])
  if (source['type'] === 'base64' && source['media_type'] === 'application/pdf') {
    const data = optionalString(source['data'])
    if (data === undefined) throw invalid(`${path}.source.data`, 'Field required')
    const file: Record<string, string> = { file_data: `data:application/pdf;base64,${data}` }
    if (title !== undefined) file['filename'] = title
    return { type: 'file', file }
  }
  if (source['type'] === 'text') {
    const data = optionalString(source['data'])
    if (data === undefined) throw invalid(`${path}.source.data`, 'Field required')
    warnings.push(`${path}: plain-text document sent as a text part (no citations)`)
    return { type: 'text', text: title !== undefined ? `${title}\n\n${data}` : data }
  }
  throw invalid(
    `${path}.source.type`,
    `'${String(source['type'])}' document sources cannot be sent to other providers`,
  )
}

/** One non-tool block of a user turn. */
export function userPart(
  block: Record<string, unknown>,
  path: string,
  warnings: string[],
): OpenAIContentPart {
  noteCacheControl(block, path, warnings)
  switch (block['type']) {
    case 'text':
      return textPart(block, path)
    case 'image':
      return imagePart(block, path)
    case 'document':
      return documentPart(block, path, warnings)
    default:
      throw invalid(`${path}.type`, `'${String(block['type'])}' blocks cannot be sent to other providers`)
  }
}

/** One part is sent as a plain string, which every OpenAI-compatible upstream accepts. */
export function textContent(parts: OpenAITextPart[]): string | OpenAITextPart[] {
  const only = parts[0]
  return parts.length === 1 && only ? only.text : parts
}

/** OpenAI tool messages carry text only. */
export function toolResultContent(
  block: Record<string, unknown>,
  path: string,
  warnings: string[],
): string | OpenAITextPart[] {
  noteCacheControl(block, path, warnings)
  if (block['is_error'] === true) {
    warnings.push(`${path}.is_error: OpenAI tool messages have no error flag; the result text is sent as is`)
  }
  const content = block['content']
  if (content === undefined || content === null) return ''
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) throw invalid(`${path}.content`, 'must be a string or an array of blocks')
  const parts = content.map((inner: unknown, k) => {
    const innerPath = `${path}.content[${k}]`
    if (!isRecord(inner) || inner['type'] !== 'text') {
      throw invalid(`${innerPath}.type`, 'only text can be returned in a tool result to other providers')
    }
    noteCacheControl(inner, innerPath, warnings)
    return textPart(inner, innerPath)
  })
  return textContent(parts)
}
