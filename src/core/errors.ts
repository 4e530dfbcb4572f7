/**
 * The one table of errors the gateway itself produces (ARCHITECTURE principle 7).
 * Upstream errors never pass through here: they are returned untouched (F030).
 * Codes without an F-number are aigw's own, recorded in docs/decisions/0003-error-table.md.
 */
export interface ErrorSpec {
  readonly status: number
  readonly code: number
  readonly message: string
  readonly retryable?: boolean
}

export const errorTable = {
  gateway_not_found: { status: 404, code: 2001, message: 'Gateway not found' }, // F034
  account_not_found: { status: 404, code: 2002, message: 'Account not found' },
  unknown_provider: { status: 400, code: 2003, message: 'Unknown provider' },
  not_found: { status: 404, code: 2004, message: 'Not found' },
  invalid_request: { status: 400, code: 2005, message: 'Invalid request' },
  invalid_json: { status: 400, code: 2006, message: 'Malformed JSON body' },
  payload_too_large: { status: 413, code: 2007, message: 'Request body too large' },
  method_not_allowed: { status: 405, code: 2008, message: 'Method not allowed' },
  unauthorized: { status: 401, code: 2009, message: 'Unauthorized' }, // F080, F139
  missing_provider_key: { status: 401, code: 2010, message: 'No provider key for this request' },
  forbidden_target: { status: 400, code: 2011, message: 'Target URL not allowed' },
  rate_limited: { status: 429, code: 2012, message: 'Rate limit exceeded' }, // F138
  spend_limited: { status: 429, code: 2013, message: 'Spend limit reached' }, // F147
  upstream_timeout: { status: 504, code: 2014, message: 'Upstream request timed out', retryable: true }, // F150
  upstream_unreachable: { status: 502, code: 2015, message: 'Upstream unreachable', retryable: true },
  prompt_blocked: { status: 400, code: 2016, message: 'Prompt blocked due to security configurations' }, // F140
  response_blocked: { status: 400, code: 2017, message: 'Response blocked due to security configurations' }, // F141
  not_implemented: { status: 501, code: 2018, message: 'Not implemented' },
  shutting_down: { status: 503, code: 2019, message: 'Gateway is shutting down', retryable: true },
  dlp_request_blocked: {
    status: 400,
    code: 2029,
    message: 'Request content blocked due to DLP policy violations',
  }, // F142
  dlp_response_blocked: {
    status: 400,
    code: 2030,
    message: 'Response content blocked due to DLP policy violations',
  }, // F143
  provider_key_not_allowed: {
    status: 403,
    code: 2050,
    message: 'This gateway only uses stored provider keys',
  }, // gateway byok_only (F223)
  insufficient_credit: { status: 402, code: 2051, message: 'Insufficient credit' }, // F231
  custom_provider_disabled: { status: 403, code: 2052, message: 'Custom provider is disabled' }, // F244
  private_address: {
    status: 502,
    code: 2053,
    message: 'Upstream address not allowed',
  }, // custom provider resolved to a private network
  route_limited: { status: 429, code: 2054, message: 'Dynamic route limit reached' }, // F149, F193
  client_closed: { status: 499, code: 2098, message: 'Client closed the request' }, // logged, never seen by the client
  internal: { status: 500, code: 2099, message: 'Internal gateway error' },
} as const satisfies Record<string, ErrorSpec>

export type ErrorKind = keyof typeof errorTable

export class GatewayError extends Error {
  readonly kind: ErrorKind
  readonly detail: string | undefined
  /** Response headers the error reply carries, e.g. `retry-after` on rate_limited (F138). */
  readonly headers: Record<string, string> | undefined

  constructor(
    kind: ErrorKind,
    detail?: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(detail ? `${errorTable[kind].message}: ${detail}` : errorTable[kind].message, options)
    this.kind = kind
    this.detail = detail
    this.headers = options?.headers
  }

  get status(): number {
    return errorTable[this.kind].status
  }

  get code(): number {
    return errorTable[this.kind].code
  }

  get retryable(): boolean {
    const spec: ErrorSpec = errorTable[this.kind]
    return spec.retryable === true
  }
}

/** F144: data-plane errors in Cloudflare's gateway shape (note: `error`, not `errors`). */
export function cloudflareErrorBody(error: GatewayError): string {
  return JSON.stringify({
    success: false,
    result: [],
    messages: [],
    error: [{ code: error.code, message: error.message }],
  })
}

/** /compat answers in OpenAI's error shape so the OpenAI SDKs surface the message. */
export function openaiErrorBody(error: GatewayError): string {
  return JSON.stringify({
    error: { message: error.message, type: 'aigw_error', code: String(error.code), param: null },
  })
}

export function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error
  return new GatewayError('internal', undefined, { cause: error })
}
