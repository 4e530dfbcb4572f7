/** OpenAI message content (string or parts) → Anthropic content blocks. */
import { GatewayError } from '../../core/errors.js'
import type { OpenAIMessage } from '../types.js'
import { isRecord, optionalString } from './guards.js'
import type {
  AnthropicCacheControl,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicImageMediaType,
  AnthropicTextBlock,
} from './wire-types.js'

export type UserContentBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock

const IMAGE_MEDIA_TYPES: readonly AnthropicImageMediaType[] = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
]

function invalid(path: string, why: string): GatewayError {
  return new GatewayError('invalid_request', `${path}: ${why}`)
}

function isImageMediaType(value: string): value is AnthropicImageMediaType {
  return (IMAGE_MEDIA_TYPES as readonly string[]).includes(value)
}

/** `data:<media type>;base64,<payload>`; only base64 payloads can become Anthropic base64 sources. */
export function parseDataUrl(url: string, path: string): { mediaType: string; data: string } {
  const match = /^data:([^;,]+)((?:;[^;,]+)*),(.*)$/s.exec(url)
  if (!match) throw invalid(path, 'malformed data: URL')
  const params = (match[2] ?? '').split(';').filter((p) => p !== '')
  if (!params.includes('base64')) throw invalid(path, 'data: URL must be base64-encoded')
  return { mediaType: (match[1] ?? '').toLowerCase(), data: match[3] ?? '' }
}

/** OpenAI-SDK users may attach Anthropic's `cache_control` to a part; it is Anthropic's own field, so it is kept. */
function cacheControl(part: Record<string, unknown>): { cache_control?: AnthropicCacheControl } {
  const value = part['cache_control']
  if (!isRecord(value) || value['type'] !== 'ephemeral') return {}
  const ttl = value['ttl']
  return { cache_control: ttl === '5m' || ttl === '1h' ? { type: 'ephemeral', ttl } : { type: 'ephemeral' } }
}

function textBlock(part: Record<string, unknown>, path: string): AnthropicTextBlock | undefined {
  const text = part['text']
  if (typeof text !== 'string') throw invalid(`${path}.text`, 'must be a string')
  // Anthropic rejects empty text blocks; an empty part carries nothing, so it is left out.
  if (text === '') return undefined
  return { type: 'text', text, ...cacheControl(part) }
}

function imageBlock(part: Record<string, unknown>, path: string, warnings: string[]): AnthropicImageBlock {
  const image = part['image_url']
  const url = isRecord(image) ? optionalString(image['url']) : undefined
  if (url === undefined) throw invalid(`${path}.image_url.url`, 'must be a string')
  if (isRecord(image) && image['detail'] !== undefined && image['detail'] !== 'auto') {
    warnings.push(`${path}.image_url.detail: Anthropic has no image detail setting; ignored`)
  }
  if (url.startsWith('data:')) {
    const { mediaType, data } = parseDataUrl(url, `${path}.image_url.url`)
    if (!isImageMediaType(mediaType)) {
      throw invalid(
        `${path}.image_url.url`,
        `media type ${mediaType} is not supported (jpeg, png, gif, webp)`,
      )
    }
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data }, ...cacheControl(part) }
  }
  if (!/^https?:\/\//i.test(url)) throw invalid(`${path}.image_url.url`, 'must be an http(s) or data: URL')
  return { type: 'image', source: { type: 'url', url }, ...cacheControl(part) }
}

function documentBlock(part: Record<string, unknown>, path: string): AnthropicDocumentBlock {
  const file = part['file']
  if (!isRecord(file)) throw invalid(`${path}.file`, 'must be an object')
  if (file['file_id'] !== undefined) {
    throw invalid(`${path}.file.file_id`, 'OpenAI file ids cannot be read by Anthropic; send file_data')
  }
  const fileData = optionalString(file['file_data'])
  if (fileData === undefined) throw invalid(`${path}.file.file_data`, 'must be a data: URL')
  const { mediaType, data } = parseDataUrl(fileData, `${path}.file.file_data`)
  if (mediaType !== 'application/pdf') {
    throw invalid(`${path}.file.file_data`, `media type ${mediaType} is not supported (application/pdf)`)
  }
  const title = optionalString(file['filename'])
  return {
    type: 'document',
    source: { type: 'base64', media_type: 'application/pdf', data },
    ...(title !== undefined ? { title } : {}),
    ...cacheControl(part),
  }
}

function eachPart(content: OpenAIMessage['content'], path: string): Array<[Record<string, unknown>, string]> {
  if (content === null || content === undefined || typeof content === 'string') return []
  if (!Array.isArray(content)) throw invalid(path, 'must be a string or an array of content parts')
  return content.map((part, i): [Record<string, unknown>, string] => {
    if (!isRecord(part)) throw invalid(`${path}[${i}]`, 'must be an object')
    return [part, `${path}[${i}]`]
  })
}

function stringContent(content: OpenAIMessage['content']): AnthropicTextBlock[] | undefined {
  if (typeof content !== 'string') return undefined
  return content === '' ? [] : [{ type: 'text', text: content }]
}

/** User content: text, images and PDFs. */
export function userBlocks(
  content: OpenAIMessage['content'],
  path: string,
  warnings: string[],
): UserContentBlock[] {
  const fromString = stringContent(content)
  if (fromString) return fromString
  const blocks: UserContentBlock[] = []
  for (const [part, partPath] of eachPart(content, path)) {
    const type = part['type']
    if (type === 'text') {
      const block = textBlock(part, partPath)
      if (block) blocks.push(block)
    } else if (type === 'image_url') blocks.push(imageBlock(part, partPath, warnings))
    else if (type === 'file') blocks.push(documentBlock(part, partPath))
    else throw invalid(`${partPath}.type`, `content part '${String(type)}' is not supported by Anthropic`)
  }
  return blocks
}

function refusalBlock(part: Record<string, unknown>, path: string): AnthropicTextBlock | undefined {
  const refusal = part['refusal']
  if (typeof refusal !== 'string') throw invalid(`${path}.refusal`, 'must be a string')
  return refusal === '' ? undefined : { type: 'text', text: refusal }
}

/** System, developer, assistant and tool content: text only (assistant refusals are text the model said). */
export function textBlocks(content: OpenAIMessage['content'], path: string): AnthropicTextBlock[] {
  const fromString = stringContent(content)
  if (fromString) return fromString
  const blocks: AnthropicTextBlock[] = []
  for (const [part, partPath] of eachPart(content, path)) {
    const type = part['type']
    let block: AnthropicTextBlock | undefined
    if (type === 'text') block = textBlock(part, partPath)
    else if (type === 'refusal') block = refusalBlock(part, partPath)
    else throw invalid(`${partPath}.type`, `only text parts are allowed here, got '${String(type)}'`)
    if (block) blocks.push(block)
  }
  return blocks
}
