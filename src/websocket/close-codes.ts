/** RFC 6455 §7.4 close codes the gateway itself uses. */
export const CLOSE_NORMAL = 1000
/** Server shutting down (graceful drain). */
export const CLOSE_GOING_AWAY = 1001
export const CLOSE_INTERNAL_ERROR = 1011
/** RFC 6455 registry: the gateway got an invalid response from, or lost, its upstream. */
export const CLOSE_BAD_GATEWAY = 1014

/** Codes that only describe what happened locally and may never appear in a close frame. */
const RESERVED = new Set([1004, 1005, 1006, 1015])

/** Whether `code` may be sent in a close frame (the same rule `ws` enforces). */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && !RESERVED.has(code)) || (code >= 3000 && code <= 4999)
}

/**
 * What to send one side when the other closed with `code`: the same code and reason when it can travel,
 * no code for 1005 (the peer sent none), and `whenLost` when the peer vanished without a close frame (1006):
 * 1014 towards the client when the provider dropped, 1001 towards the provider when the client did.
 */
export function relayedClose(
  code: number,
  reason: Buffer,
  whenLost: number,
): { code?: number; reason?: Buffer } {
  if (isSendableCloseCode(code)) return { code, reason }
  if (code === 1005) return {}
  return { code: whenLost, reason: Buffer.from('peer connection lost') }
}

/** A clean end of a session: a normal close, a going-away close, or a close frame without a code. */
export function isCleanClose(code: number): boolean {
  return code === CLOSE_NORMAL || code === CLOSE_GOING_AWAY || code === 1005
}
