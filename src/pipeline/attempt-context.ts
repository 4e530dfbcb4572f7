import type { ProviderDescriptor } from '../providers/define.js'
import type { RequestContext } from './context.js'

/** One upstream try, fully resolved: the send stage only moves bytes. */
export interface AttemptContext {
  readonly request: RequestContext
  readonly provider: ProviderDescriptor
  readonly step: number
  url: string
  method: string
  headers: Record<string, string | string[]>
  body: Buffer | null
}
