import { BlockList, isIP } from 'node:net'

/**
 * Which upstream addresses a custom provider may reach. Custom providers are defined through the
 * management API, so without this an API token could make the gateway call loopback, the cloud metadata
 * service or the private network it runs in. Operators open ranges with `custom_providers.
 * allow_private_networks` or `allowed_networks` (CIDRs).
 */
export interface AddressPolicyOptions {
  allowPrivateNetworks: boolean
  allowedNetworks: readonly string[]
}

const V4_RANGES: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, '"this" network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
]

const V6_RANGES: ReadonlyArray<[string, number, string]> = [
  ['::', 96, 'unspecified, loopback or IPv4-compatible'],
  ['100::', 64, 'discard'],
  ['2001::', 32, 'Teredo'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
]

const NAT64 = /^64:ff9b::(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i

export class AddressPolicy {
  private readonly blocked = new BlockList()
  private readonly reasons: Array<{ list: BlockList; reason: string }> = []
  private readonly allowed = new BlockList()

  constructor(private readonly options: AddressPolicyOptions) {
    for (const [address, prefix, reason] of V4_RANGES) this.add(address, prefix, 'ipv4', reason)
    for (const [address, prefix, reason] of V6_RANGES) this.add(address, prefix, 'ipv6', reason)
    for (const network of options.allowedNetworks) {
      const { address, prefix, family } = parseCidr(network)
      this.allowed.addSubnet(address, prefix, family)
    }
  }

  get allowsEverything(): boolean {
    return this.options.allowPrivateNetworks
  }

  /** Why `address` may not be reached, or undefined when it may. IPv4-mapped IPv6 counts as IPv4. */
  refusal(address: string): string | undefined {
    if (this.options.allowPrivateNetworks) return undefined
    const family = isIP(address)
    if (family === 0) return `"${address}" is not an IP address`
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (this.allowed.check(address, type)) return undefined
    const embedded = family === 6 ? nat64Embedded(address) : undefined
    if (embedded !== undefined) return this.refusal(embedded)
    if (!this.blocked.check(address, type)) return undefined
    const reason = this.reasons.find((entry) => entry.list.check(address, type))?.reason ?? 'private'
    return `${address} is a ${reason} address`
  }

  private add(address: string, prefix: number, type: 'ipv4' | 'ipv6', reason: string): void {
    this.blocked.addSubnet(address, prefix, type)
    const single = new BlockList()
    single.addSubnet(address, prefix, type)
    this.reasons.push({ list: single, reason })
  }
}

/** `10.0.0.0/8`, `fd00::/8` or a single address; throws a message naming the entry. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText] = text.trim().split('/')
  const version = isIP(address)
  if (version === 0) throw new Error(`"${text}" is not an IP address or CIDR range`)
  const max = version === 4 ? 32 : 128
  const prefix = prefixText === undefined ? max : Number(prefixText)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || prefixText === '') {
    throw new Error(`"${text}" has an invalid prefix length (0–${max})`)
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' }
}

/** NAT64 (RFC 6052) addresses carry an IPv4 address that decides where the packet really goes. */
function nat64Embedded(address: string): string | undefined {
  const match = NAT64.exec(address)
  if (!match) return undefined
  if (match[1] !== undefined) return match[1]
  const high = Number.parseInt(match[2]!, 16)
  const low = Number.parseInt(match[3]!, 16)
  return [high >> 8, high & 255, low >> 8, low & 255].join('.')
}
