import type { RequestContext } from './context.js'
import { compose, type Stage } from './compose.js'
import type { Reply } from './exchange.js'
import { authenticate } from './stages/authenticate.js'
import { dlp } from './stages/dlp.js'
import { findGateway } from './stages/find-gateway.js'
import { guardrails } from './stages/guardrails.js'
import { observe } from './stages/observe.js'
import { parseEntry } from './stages/parse-entry.js'
import { readRequestControls } from './stages/read-controls.js'
import { route } from './stages/route.js'

/**
 * The request lifecycle, once per request, in order (ARCHITECTURE principle 3). Reading this array tells the
 * whole story; each stage lives in ./stages/.
 */
export const REQUEST_STAGES: ReadonlyArray<Stage<RequestContext, Reply>> = [
  observe, // ids on every reply, errors → replies, request:end when the last byte left
  findGateway, // account and gateway exist (F034)
  parseEntry, // provider / compat / universal
  authenticate, // cf-aig-authorization or the gateway token in a key slot (F078–F089)
  readRequestControls, // cf-aig-* headers → typed controls (F109–F127)
  dlp, // request text checked before sending, the answer before delivery, streams incrementally (F213–F221)
  // DLP first: a prompt DLP blocks never reaches the moderation model (decision 0008).
  guardrails, // prompt judged before the model, answer before the client (F201–F212)
]

export const runRequest = compose(REQUEST_STAGES, route)
