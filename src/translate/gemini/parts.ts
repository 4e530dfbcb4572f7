import type { OpenAIContentPart, OpenAIMessage } from '../types.js'
import { contentParts, partField, partText } from '../identity/hub-content.js'
import { invalidRequest } from '../identity/hub-errors.js'
import { isRecord } from '../identity/hub-json.js'
import { mediaPart } from './media.js'
import type { GeminiPart } from './wire.js'

const AUDIO_FORMATS: Record<string, string> = { wav: 'audio/wav', mp3: 'audio/mp3' }

function imagePart(part: OpenAIContentPart, path: string): GeminiPart {
  const image = partField(part, 'image_url')
  const url = isRecord(image) ? image.url : image
  if (typeof url !== 'string') throw invalidRequest(`${path}.image_url.url`, 'must be a string')
  return mediaPart(url, `${path}.image_url.url`)
}

function audioPart(part: OpenAIContentPart, path: string): GeminiPart {
  const audio = partField(part, 'input_audio')
  if (!isRecord(audio) || typeof audio.data !== 'string') {
    throw invalidRequest(`${path}.input_audio.data`, 'must be a base64 string')
  }
  const mimeType = typeof audio.format === 'string' ? AUDIO_FORMATS[audio.format] : undefined
  if (mimeType === undefined) throw invalidRequest(`${path}.input_audio.format`, 'must be "wav" or "mp3"')
  return { inlineData: { mimeType, data: audio.data } }
}

function filePart(part: OpenAIContentPart, path: string): GeminiPart {
  const file = partField(part, 'file')
  if (isRecord(file) && typeof file.file_data === 'string') {
    return mediaPart(file.file_data, `${path}.file.file_data`)
  }
  if (isRecord(file) && typeof file.file_id === 'string') {
    throw invalidRequest(
      `${path}.file.file_id`,
      'OpenAI file ids cannot be read by Gemini; send file_data instead',
    )
  }
  throw invalidRequest(`${path}.file`, 'must carry file_data')
}

/** A user message's content → Gemini parts (text, images, audio, files). */
export function userParts(content: OpenAIMessage['content'], path: string): GeminiPart[] {
  return contentParts(content, path).map((part, index): GeminiPart => {
    const at = `${path}[${index}]`
    switch (part.type) {
      case 'text':
        return { text: partText(part, at) }
      case 'image_url':
        return imagePart(part, at)
      case 'input_audio':
        return audioPart(part, at)
      case 'file':
        return filePart(part, at)
      default:
        throw invalidRequest(`${at}.type`, `"${part.type}" is not supported by Gemini`)
    }
  })
}
