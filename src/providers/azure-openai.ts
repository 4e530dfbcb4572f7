import { GatewayError } from '../core/errors.js'
import { defineProvider, header } from './define.js'
import { afterSegments, decodeSegment, segments } from './path.js'

const SHAPE = '/azure-openai/{resource_name}/{deployment_name}/{endpoint}?api-version=…'

interface AzurePath {
  resource: string
  deployment: string
  /** Endpoint after the deployment, with its leading `/` (`/chat/completions`), or empty. */
  endpoint: string
}

/**
 * Row 3 accepts two shapes: the documented `/{resource}/{deployment}/{endpoint}` and the AzureOpenAI
 * SDK's `/{resource}/deployments/{deployment}/{endpoint}` (SDK `baseURL` = `GW/azure-openai/{resource}/`).
 * A `deployments` segment followed by another one is always read as the SDK shape, so a deployment
 * literally named `deployments` is only reachable through the SDK shape.
 */
function parseAzurePath(rest: string): AzurePath {
  const parts = segments(rest)
  const resource = parts[0]
  if (!resource)
    throw new GatewayError('invalid_request', `Azure OpenAI resource name is missing: use ${SHAPE}`)
  const sdkShape = parts[1] === 'deployments' && (parts[2] ?? '') !== ''
  const deploymentIndex = sdkShape ? 2 : 1
  const deployment = parts[deploymentIndex]
  if (!deployment)
    throw new GatewayError('invalid_request', `Azure OpenAI deployment name is missing: use ${SHAPE}`)
  return { resource, deployment, endpoint: afterSegments(rest, deploymentIndex + 1) }
}

/** `https://{resource}.openai.azure.com/openai/deployments/{deployment}/{endpoint}`; `api-version` is in the query. */
export const azureOpenai = defineProvider({
  slug: 'azure-openai',
  name: 'Azure OpenAI',
  base: 'https://{resource}.openai.azure.com',
  auth: header('api-key'),
  schema: 'openai-chat',
  target: ({ rest }) => {
    const { resource, deployment, endpoint } = parseAzurePath(rest)
    return { path: `/openai/deployments/${deployment}${endpoint}`, vars: { resource } }
  },
  modelFromPath: (rest) => {
    try {
      return decodeSegment(parseAzurePath(rest).deployment)
    } catch {
      return undefined
    }
  },
})
