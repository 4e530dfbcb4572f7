import { GatewayError } from '../core/errors.js'
import { defineProvider, scheme } from './define.js'
import { firstHeader } from './path.js'

export const FAL_TARGET_HEADER = 'x-fal-target-url'
const FAL_DOMAINS = ['fal.run', 'fal.ai', 'fal.media']

function isFalHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  return FAL_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`))
}

/**
 * F027: `x-fal-target-url` carries the entire upstream URL (queue, status, storage endpoints). It is only
 * followed to Fal's own hosts over https, otherwise the gateway would be an open proxy.
 */
export function falTargetUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new GatewayError('forbidden_target', `${FAL_TARGET_HEADER} is not an absolute URL`)
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || !isFalHost(url.hostname)) {
    throw new GatewayError(
      'forbidden_target',
      `${FAL_TARGET_HEADER} must be an https URL on fal.run, fal.ai or fal.media (or a subdomain)`,
    )
  }
  return url.href
}

/**
 * Row 12: `…/fal/fal-ai/fast-sdxl` → `https://fal.run/fal-ai/fast-sdxl`. The key is `Authorization: Key …`
 * (the target-URL example uses `Bearer`; whatever the client sends passes through, providers.md §4.4).
 */
export const fal = defineProvider({
  slug: 'fal',
  name: 'Fal AI',
  base: 'https://fal.run',
  auth: scheme('Key'),
  schema: 'opaque',
  target: ({ rest, headers }) => {
    const targetUrl = firstHeader(headers[FAL_TARGET_HEADER])
    if (targetUrl === undefined || targetUrl === '') return { path: rest }
    return { path: '', absolute: falTargetUrl(targetUrl) }
  },
  modelFromPath: (rest) => (rest.length > 1 ? rest.slice(1).replace(/\/+$/, '') || undefined : undefined),
})
