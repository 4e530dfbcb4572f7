import { Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import { GatewayError } from '../../core/errors.js'
import { inspectStream, streamErrorEvent, type ScanWindow } from '../../policy/stream-inspector.js'
import {
  bodyKind,
  createEventTextReader,
  createResponseTextReader,
  type TextSchema,
} from '../../policy/text/index.js'
import type { Reply } from '../exchange.js'
import type { DlpEvaluation } from '../../policy/dlp/evaluation.js'
import { combine, dlpHeaderValue, dlpLogFields } from '../../policy/dlp/header.js'
import type { RequestContext } from '../context.js'

export const DLP_HEADER = 'cf-aig-dlp'

/** Both checks of one request, and where their findings go. */
export interface DlpState {
  context: RequestContext
  request: DlpEvaluation
  response: DlpEvaluation
}

/** Publishes what fired so far: the `cf-aig-dlp` header for replies not yet started (F136, F218), the log fields (F220). */
export function recordFindings(state: DlpState): void {
  const outcome = combine([state.request.result(), state.response.result()])
  if (!outcome) return
  state.context.dlp = {
    ...dlpLogFields(outcome),
    ...(state.context.dlp?.blockedMidStream ? { blockedMidStream: true } : {}),
  }
  state.context.replyHeaders[DLP_HEADER] = dlpHeaderValue(outcome)
}

/** JSON answers up to this size are buffered and read as JSON; larger ones are scanned as streamed text. */
const MAX_BUFFERED_JSON_BYTES = 32 * 1024 * 1024

type Body = Reply['body']

async function* chunks(body: Body): AsyncGenerator<Uint8Array> {
  if (body === null) return
  if (typeof body === 'string') yield Buffer.from(body)
  else if (Buffer.isBuffer(body)) yield body
  else for await (const chunk of body) yield chunk as Uint8Array
}

function header(reply: Reply, name: string): string | undefined {
  const value = reply.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Upstreams are asked for identity encoding, but signed passthrough (Bedrock) forwards the client's choice:
 * an encoded answer is decoded so its text can be read, and delivered decoded.
 */
function decoded(reply: Reply): Reply {
  const encoding = header(reply, 'content-encoding')?.trim().toLowerCase()
  if (!encoding || encoding === 'identity' || reply.body === null) return reply
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined
  if (!decoder) return reply
  const { 'content-encoding': _encoding, 'content-length': _length, ...headers } = reply.headers
  const source = reply.body instanceof Readable ? reply.body : Readable.from([Buffer.from(reply.body)])
  return { ...reply, headers, body: source.pipe(decoder) }
}

async function readUpTo(
  body: Body,
  limit: number,
): Promise<{ bytes: Buffer } | { rest: AsyncGenerator<Uint8Array> }> {
  const source = chunks(body)
  const parts: Buffer[] = []
  let size = 0
  for (let next = await source.next(); !next.done; next = await source.next()) {
    parts.push(Buffer.from(next.value))
    size += next.value.length
    if (size > limit) {
      return {
        rest: (async function* () {
          yield* parts
          yield* source
        })(),
      }
    }
  }
  return { bytes: Buffer.concat(parts, size) }
}

/**
 * Response-side DLP (F216, beyond Cloudflare's full buffering). JSON is buffered (bounded) and checked before
 * delivery. SSE is checked as it streams: events are held only until the text they carry is decided, with an
 * overlap as long as the longest possible match, so a card number split across chunks is still caught and none
 * of it is delivered. A block before the first byte is an ordinary 2030 reply; after it, the stream ends with an
 * error event in the stream's own dialect. Findings made before the first byte go into `cf-aig-dlp`; later ones
 * only into the log (the headers are gone by then). Other bodies are scanned as raw text and aborted on a block.
 */
export async function inspectResponse(state: DlpState, original: Reply, schema: TextSchema): Promise<Reply> {
  const reply = decoded(original)
  const contentType = header(reply, 'content-type')
  const kind = bodyKind(contentType)
  if (kind === 'json') {
    const read = await readUpTo(reply.body, MAX_BUFFERED_JSON_BYTES)
    if ('bytes' in read) return checkWhole(state, reply, schema, contentType, read.bytes)
    return inspectStreamed(
      state,
      { ...reply, body: Readable.from(read.rest, { objectMode: false }) },
      schema,
      'text',
    )
  }
  return inspectStreamed(state, reply, schema, kind)
}

function checkWhole(
  state: DlpState,
  reply: Reply,
  schema: TextSchema,
  contentType: string | undefined,
  bytes: Buffer,
): Reply {
  const reader = createResponseTextReader(schema, contentType)
  for (const segment of [...reader.push(bytes), ...reader.end()]) {
    state.response.scan(segment.text, { channel: segment.location })
  }
  recordFindings(state)
  if (state.response.blocked) throw new GatewayError('dlp_response_blocked')
  return { ...reply, body: bytes }
}

async function inspectStreamed(
  state: DlpState,
  reply: Reply,
  schema: TextSchema,
  kind: 'sse' | 'text',
): Promise<Reply> {
  const evaluation = state.response
  const check = (window: ScanWindow) => {
    evaluation.scan(window.text, {
      from: window.truncated ? 1 : 0,
      offset: window.start,
      channel: window.channel,
      final: window.final,
    })
    recordFindings(state)
    return { block: evaluation.blocked }
  }
  const blockOutput = (): string | Error => {
    const error = new GatewayError('dlp_response_blocked')
    state.context.streamError = error.message
    if (state.context.dlp) state.context.dlp.blockedMidStream = true
    return kind === 'sse' ? streamErrorEvent(schema, error) : error
  }
  const inspected = await inspectStream(chunks(reply.body), {
    mode: kind,
    extract: createEventTextReader(schema),
    check,
    overlap: evaluation.overlap,
    blockOutput,
  })
  if (inspected.blockedBeforeOutput) throw new GatewayError('dlp_response_blocked')
  // A block may replace the rest with an error event: a declared length would no longer hold.
  const { 'content-length': _length, ...headers } = reply.headers
  return { ...reply, headers, body: inspected.body }
}
