import type { CompatStep } from '../compat/chat.js'
import type { ProviderStep } from '../pipeline/provider-call.js'

/**
 * What a model node of a route calls (the `T` of `src/routing`): a provider-native request or a `/compat`
 * chat request, each with its own headers, body and step controls. `logPath` is the upstream path the log
 * shows when the entry's own path does not name one (Universal, F035).
 */
export type ModelCall =
  | { readonly kind: 'provider'; readonly step: ProviderStep; readonly logPath?: string }
  | { readonly kind: 'compat'; readonly step: CompatStep; readonly logPath?: string }
