import type { RequestContext } from '../pipeline/context.js'
import { jsonReply, type Reply } from '../pipeline/exchange.js'
import { providerBySlug } from '../providers/index.js'

/** The listing only changes with the pricing instance (i.e. never while the process runs). */
const rendered = new WeakMap<object, string>()

/**
 * F005/F268: `GET /compat/v1/models` — every model aigw can route to on /compat with its per-token price from
 * the pricing catalogue, in OpenAI's list shape. `pricing` is aigw's documented extension:
 * `{ input_per_token, output_per_token, currency: "USD" }`.
 */
export function listCompatModels(context: RequestContext): Reply {
  const pricing = context.services.pricing
  let body = rendered.get(pricing)
  if (body === undefined) {
    const data = pricing.models().flatMap((entry) => {
      const prefix = providerBySlug(entry.provider)?.compat?.prefix
      if (!prefix) return []
      return [
        {
          id: `${prefix}/${entry.model}`,
          object: 'model',
          created: 0,
          owned_by: entry.provider,
          pricing: { input_per_token: entry.input, output_per_token: entry.output, currency: 'USD' },
        },
      ]
    })
    data.sort((a, b) => a.id.localeCompare(b.id))
    body = JSON.stringify({ object: 'list', data })
    rendered.set(pricing, body)
  }
  return jsonReply(200, body)
}
