import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import type { AddressPolicy } from './address-policy.js'

/** How `base_url` is checked when a custom provider is created or changed (F145, F236, F243). */
export interface BaseUrlPolicy {
  addresses: AddressPolicy
  /** `custom_providers.allow_insecure_http`: accept `http://` (local development and tests only). */
  allowInsecureHttp: boolean
  resolve?: (hostname: string) => Promise<string[]>
  resolveTimeoutMs?: number
}

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; message: string }

/** Cloudflare's own wording for a bad scheme (F145). */
export const HTTPS_REQUIRED = 'base_url must be a valid HTTPS URL starting with https://'

/**
 * Parses and normalises `base_url` (no trailing slash) and refuses hosts that resolve to loopback, private,
 * link-local or unique-local addresses. A host that does not resolve now is accepted: the address is checked
 * again on every connection (DNS may change, on purpose or not), which is where the real protection lies.
 */
export async function checkBaseUrl(value: string, policy: BaseUrlPolicy): Promise<BaseUrlCheck> {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return { ok: false, message: HTTPS_REQUIRED }
  }
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && policy.allowInsecureHttp)
  if (!schemeOk || url.hostname === '') return { ok: false, message: HTTPS_REQUIRED }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      message: 'base_url must not contain credentials; store the key with BYOK or in headers',
    }
  }
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    return {
      ok: false,
      message: 'base_url must not contain a query or fragment: the request path and query are appended to it',
    }
  }
  const refusal = await hostRefusal(url.hostname, policy)
  if (refusal) {
    return {
      ok: false,
      message: `base_url host ${url.hostname} is not allowed: ${refusal}; operators can permit private networks with custom_providers.allow_private_networks or allowed_networks`,
    }
  }
  return { ok: true, url: url.href.replace(/\/+$/, '') }
}

async function hostRefusal(hostname: string, policy: BaseUrlPolicy): Promise<string | undefined> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
  if (isIP(host) !== 0) return policy.addresses.refusal(host)
  if (policy.addresses.allowsEverything) return undefined
  const addresses = await resolveWithin(host, policy)
  for (const address of addresses) {
    const refusal = policy.addresses.refusal(address)
    if (refusal) return `it resolves to ${refusal}`
  }
  return undefined
}

async function resolveWithin(host: string, policy: BaseUrlPolicy): Promise<string[]> {
  const resolve =
    policy.resolve ??
    (async (name: string) => (await dnsLookup(name, { all: true, verbatim: true })).map((a) => a.address))
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<string[]>((done) => {
    timer = setTimeout(() => done([]), policy.resolveTimeoutMs ?? 3_000)
  })
  try {
    return await Promise.race([resolve(host).catch(() => []), timeout])
  } finally {
    clearTimeout(timer)
  }
}
