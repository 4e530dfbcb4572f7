import { GatewayError } from '../core/errors.js'
import type { ProviderDescriptor } from '../providers/define.js'
import { CUSTOM_PREFIX, providerByCompatPrefix } from '../providers/index.js'
import type { RequestContext } from '../pipeline/context.js'

export interface CompatTarget {
  provider: ProviderDescriptor
  /** The model id the provider sees, without the `{provider}/` prefix (F023). */
  model: string
}

/** F186, F198: the route name of a `dynamic/<name>` model, or undefined for any other model. */
export function dynamicRouteName(model: unknown): string | undefined {
  if (typeof model !== 'string' || !model.startsWith('dynamic/')) return undefined
  return model.slice('dynamic/'.length)
}

/** F013: split on the first `/` only, because model ids contain slashes (`workers-ai/@cf/meta/…`). */
export function resolveCompatModel(model: unknown): CompatTarget {
  if (typeof model !== 'string' || model === '') {
    throw new GatewayError(
      'invalid_request',
      'model: required, as "{provider}/{model}", e.g. "openai/gpt-4o-mini"',
    )
  }
  const slash = model.indexOf('/')
  if (slash <= 0 || slash === model.length - 1) {
    throw new GatewayError(
      'invalid_request',
      `model: "${model}" must be "{provider}/{model}", e.g. "anthropic/claude-sonnet-4-5"`,
    )
  }
  const prefix = model.slice(0, slash)
  const providerModel = model.slice(slash + 1)
  if (prefix === 'dynamic') {
    throw new GatewayError(
      'invalid_request',
      `model: the dynamic route "${providerModel}" is called as the model of /compat/chat/completions, not from a Universal step or another route`,
    )
  }
  if (prefix.toLowerCase().startsWith(CUSTOM_PREFIX)) {
    throw new GatewayError(
      'invalid_request',
      `model: no custom provider "${prefix.slice(CUSTOM_PREFIX.length)}" exists in this account`,
    )
  }
  const provider = providerByCompatPrefix(prefix)
  if (!provider?.compat) {
    throw new GatewayError(
      'invalid_request',
      `model: "${prefix}" is not a provider reachable through /compat (F014)`,
    )
  }
  return { provider, model: providerModel }
}

/**
 * Like {@link resolveCompatModel}, and `custom-{slug}/{model}` reaches the account's custom provider's
 * OpenAI-style chat endpoint (F021, F241).
 */
export async function resolveCompatTarget(context: RequestContext, model: unknown): Promise<CompatTarget> {
  const directory = context.services.customProviders
  if (directory && typeof model === 'string') {
    const slash = model.indexOf('/')
    const prefix = slash > 0 ? model.slice(0, slash) : ''
    if (prefix.toLowerCase().startsWith(CUSTOM_PREFIX) && slash < model.length - 1) {
      const provider = await directory.descriptor(context.accountId, prefix.slice(CUSTOM_PREFIX.length))
      if (provider) return { provider, model: model.slice(slash + 1) }
    }
  }
  return resolveCompatModel(model)
}
