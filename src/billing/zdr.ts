import type { StepControls } from '../core/step-controls.js'
import type { RequestContext } from '../pipeline/context.js'

/**
 * F234: `cf-aig-zdr` overrides the gateway's `zdr` for the step that runs. It is recorded on the log entry;
 * no built-in provider descriptor defines a zero-retention endpoint yet, so nothing else changes.
 */
export function recordZdr(context: RequestContext, controls: StepControls): void {
  const zdr = controls.zdr ?? (context.gateway?.zdr === true ? true : undefined)
  if (zdr !== undefined) context.zdr = zdr
}

/**
 * The record's `zdr` field: what the step that ran decided, else the request header, else the gateway
 * setting; absent when none says anything. Never throws: a malformed header has already failed the request.
 */
export function zdrOf(context: RequestContext): { zdr?: boolean } {
  if (context.zdr !== undefined) return { zdr: context.zdr }
  const raw = context.request.headers['cf-aig-zdr']
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase()
  if (value === 'true' || value === '1') return { zdr: true }
  if (value === 'false' || value === '0') return { zdr: false }
  return context.gateway?.zdr === true ? { zdr: true } : {}
}
