import { invalidRequest } from '../identity/hub-errors.js'

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)((?:;[^;,]*)*);base64,(.*)$/s

/** `data:<mime>;base64,<data>` → Gemini `inlineData`. */
export function parseDataUrl(url: string, path: string): { mimeType: string; data: string } {
  const match = DATA_URL.exec(url)
  if (!match || match[1] === undefined || match[3] === undefined) {
    throw invalidRequest(path, 'data: URLs must look like data:<mime type>;base64,<data>')
  }
  return { mimeType: match[1].toLowerCase(), data: match[3] }
}

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  wav: 'audio/wav',
  mp3: 'audio/mp3',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  mov: 'video/mov',
  webm: 'video/webm',
}

/**
 * Gemini's `fileData` needs a MIME type that a bare URL does not state, so it is guessed from the extension. The
 * gateway never downloads the file (no SSRF surface, no buffering): Vertex AI reads `gs://` and public `https://`
 * URIs; AI Studio reads Files-API URIs (`https://generativelanguage.googleapis.com/v1beta/files/…`), YouTube links
 * and, on recent models, public `https://` URLs. Anything else is best sent as a `data:` URL.
 */
export function mimeTypeFromUrl(url: string, path: string): string {
  let pathname: string
  try {
    pathname = new URL(url).pathname
  } catch {
    throw invalidRequest(path, 'must be a data: URL or an absolute https:// or gs:// URL')
  }
  const dot = pathname.lastIndexOf('.')
  const mime = dot === -1 ? undefined : BY_EXTENSION[pathname.slice(dot + 1).toLowerCase()]
  if (mime === undefined) {
    throw invalidRequest(
      path,
      `cannot tell the file type of ${url} for Gemini; use a data: URL or a URL ending in .${Object.keys(BY_EXTENSION).join('/.')}`,
    )
  }
  return mime
}

const REMOTE = /^(https?|gs):\/\//i

/** An `image_url`/file URL → `inlineData` (data: URL) or `fileData` (remote URL). */
export function mediaPart(url: string, path: string) {
  if (url.startsWith('data:')) return { inlineData: parseDataUrl(url, path) }
  if (!REMOTE.test(url))
    throw invalidRequest(path, 'must be a data: URL or an absolute https:// or gs:// URL')
  return { fileData: { mimeType: mimeTypeFromUrl(url, path), fileUri: url } }
}
