import type Cloudflare from 'cloudflare'

/** Route elements in the docs' JSON (F190–F195), for dynamic-routing tests. */
export type Elements = Parameters<Cloudflare['aiGateway']['dynamicRouting']['create']>[1]['elements']

export const start = (next: string) => ({
  id: 'start',
  type: 'start',
  outputs: { next: { elementId: next } },
})

export const end = { id: 'end', type: 'end' }

export const model = (id: string, provider: string, name: string, fallback?: string) => ({
  id,
  type: 'model',
  properties: { provider, model: name, timeout: 60000, retries: 0 },
  outputs: { success: { elementId: 'end' }, ...(fallback ? { fallback: { elementId: fallback } } : {}) },
})

/** Start → one model → end. */
export const single = (provider: string, name: string) => [start('m'), model('m', provider, name), end]

/** The SDK types the elements in the API schema's spelling; tests send either spelling (F345). */
export function createRoute(
  client: Cloudflare,
  gateway: string,
  accountId: string,
  name: string,
  elements: unknown[],
) {
  return client.aiGateway.dynamicRouting.create(gateway, {
    account_id: accountId,
    name,
    elements: elements as Elements,
  })
}
