import { GatewayError } from '../core/errors.js'
import { defineProvider } from './define.js'
import { afterSegments, decodeSegment, segments } from './path.js'

const SHAPE = '/aws-bedrock/bedrock-runtime/{region}/model/{model_id}/invoke'
/** Only Bedrock endpoints (`bedrock-runtime`, `bedrock-agent-runtime`, …): the slug must not reach other AWS services. */
const BEDROCK_SERVICE = /^bedrock(?:-[a-z]+)*$/
const MODEL_IN_PATH = /^\/model\/([^/]+)/

interface BedrockPath {
  service: string
  region: string
  path: string
}

function parseBedrockPath(rest: string): BedrockPath {
  const [service = '', region = ''] = segments(rest)
  if (!BEDROCK_SERVICE.test(service)) {
    throw new GatewayError(
      'invalid_request',
      `Amazon Bedrock service segment is missing or unknown: use ${SHAPE}`,
    )
  }
  if (region === '')
    throw new GatewayError('invalid_request', `Amazon Bedrock region is missing: use ${SHAPE}`)
  return { service, region, path: afterSegments(rest, 2) }
}

/**
 * Row 5 / F028: the client signs the original AWS URL with SigV4, so the path and body go out untouched,
 * nothing is re-signed, and the upstream always sees the signed `Host`, even when an override sends the
 * request elsewhere.
 */
export const awsBedrock = defineProvider({
  slug: 'aws-bedrock',
  name: 'Amazon Bedrock',
  base: 'https://{service}.{region}.amazonaws.com',
  auth: { type: 'signed-passthrough' },
  schema: 'bedrock',
  target: ({ rest }) => {
    const { service, region, path } = parseBedrockPath(rest)
    return { path, vars: { service, region }, host: `${service}.${region}.amazonaws.com` }
  },
  modelFromPath: (rest) => {
    const match = MODEL_IN_PATH.exec(afterSegments(rest, 2))
    // Model ids and ARNs arrive percent-encoded (`anthropic.claude-3-haiku-20240307-v1%3A0`).
    return match?.[1] ? decodeSegment(match[1]) : undefined
  },
})
