import { describe, expect, it } from 'vitest'
import { AddressPolicy } from './address-policy.js'
import { checkBaseUrl, HTTPS_REQUIRED, type BaseUrlPolicy } from './base-url.js'

const dns: Record<string, string[]> = {
  'api.example.com': ['93.184.216.34'],
  'rebind.example.com': ['93.184.216.34', '10.0.0.7'],
  localhost: ['127.0.0.1', '::1'],
}
const policy = (overrides: Partial<BaseUrlPolicy> = {}): BaseUrlPolicy => ({
  addresses: new AddressPolicy({ allowPrivateNetworks: false, allowedNetworks: [] }),
  allowInsecureHttp: false,
  resolve: async (host) => {
    const found = dns[host]
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
    return found
  },
  ...overrides,
})

describe('custom provider base_url (F145, F236, F243)', () => {
  it('accepts HTTPS and drops trailing slashes (F241: the path is appended)', async () => {
    expect(await checkBaseUrl('https://api.example.com/', policy())).toEqual({
      ok: true,
      url: 'https://api.example.com',
    })
    expect(await checkBaseUrl('https://api.example.com/prefix//', policy())).toEqual({
      ok: true,
      url: 'https://api.example.com/prefix',
    })
  })

  it('F145 refuses anything but https:// with Cloudflare’s message; http only when the operator allows it', async () => {
    for (const url of ['http://api.example.com', 'ftp://api.example.com', 'api.example.com', 'https://']) {
      expect(await checkBaseUrl(url, policy())).toEqual({ ok: false, message: HTTPS_REQUIRED })
    }
    expect(await checkBaseUrl('http://api.example.com', policy({ allowInsecureHttp: true }))).toEqual({
      ok: true,
      url: 'http://api.example.com',
    })
  })

  it('refuses credentials, queries and fragments', async () => {
    expect(await checkBaseUrl('https://user:pw@api.example.com', policy())).toMatchObject({
      ok: false,
      message: /credentials/,
    })
    expect(await checkBaseUrl('https://api.example.com?x=1', policy())).toMatchObject({
      ok: false,
      message: /query/,
    })
    expect(await checkBaseUrl('https://api.example.com/#top', policy())).toMatchObject({
      ok: false,
      message: /fragment/,
    })
  })

  it('refuses hosts that are or resolve to private addresses, any of them', async () => {
    for (const url of [
      'https://127.0.0.1:8443',
      'https://[::1]',
      'https://localhost',
      'https://rebind.example.com',
    ]) {
      const checked = await checkBaseUrl(url, policy())
      expect(checked.ok, url).toBe(false)
      expect(!checked.ok && checked.message).toMatch(/allow_private_networks/)
    }
    const open = policy({ addresses: new AddressPolicy({ allowPrivateNetworks: true, allowedNetworks: [] }) })
    expect((await checkBaseUrl('https://localhost', open)).ok).toBe(true)
  })

  it('accepts a host that does not resolve now: every connection is checked again', async () => {
    expect((await checkBaseUrl('https://not-yet.example.com', policy())).ok).toBe(true)
    const hanging = policy({ resolve: () => new Promise(() => undefined), resolveTimeoutMs: 10 })
    expect((await checkBaseUrl('https://slow.example.com', hanging)).ok).toBe(true)
  })
})
