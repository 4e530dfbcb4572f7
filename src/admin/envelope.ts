import type { AdminResponse } from './types.js'
import type { AdminError } from './admin-errors.js'

/** F297: every management response, success or failure, is a Cloudflare v4 envelope. */
export interface ResultInfo {
  page: number
  per_page: number
  count: number
  total_count: number
  total_pages: number
  [extra: string]: number | null
}

export function ok(result: unknown, resultInfo?: ResultInfo, status = 200): AdminResponse {
  const body: Record<string, unknown> = { success: true, errors: [], messages: [], result }
  if (resultInfo) body.result_info = resultInfo
  return { status, body }
}

export function failure(error: AdminError): AdminResponse {
  const body = { success: false, errors: error.details, messages: [], result: null }
  const headers = error.headers
  return Object.keys(headers).length > 0
    ? { status: error.status, body, headers }
    : { status: error.status, body }
}

export function pageInfo(page: number, perPage: number, count: number, total: number): ResultInfo {
  return {
    page,
    per_page: perPage,
    count,
    total_count: total,
    total_pages: Math.ceil(total / perPage),
  }
}
