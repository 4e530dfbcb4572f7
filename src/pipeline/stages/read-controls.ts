import { readControls } from '../../core/controls.js'
import type { RequestContext } from '../context.js'
import type { Next } from '../compose.js'
import type { Reply } from '../exchange.js'

export async function readRequestControls(context: RequestContext, next: Next<Reply>): Promise<Reply> {
  context.controls = readControls(context.request.headers)
  return next()
}
