import type { StepControls } from '../core/step-controls.js'
import type { ProviderDescriptor } from '../providers/define.js'
import type { RequestContext } from './context.js'

/** One upstream try, fully resolved: the send stage only moves bytes. */
export interface AttemptContext {
  readonly request: RequestContext
  readonly provider: ProviderDescriptor
  readonly step: number
  /** Cache, retry and timeout controls for this step after precedence (F040, F128). */
  readonly controls: StepControls
  /** Whether the upstream call streams (decides cacheability by default, F161). */
  readonly stream: boolean
  url: string
  method: string
  headers: Record<string, string | string[]>
  body: Buffer | null
  /** Aborts this try's upstream call: the client's signal plus the request timeout (F118); else the client's. */
  signal?: AbortSignal
}
