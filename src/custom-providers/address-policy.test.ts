import { describe, expect, it } from 'vitest'
import { AddressPolicy, parseCidr } from './address-policy.js'

const strict = new AddressPolicy({ allowPrivateNetworks: false, allowedNetworks: [] })

describe('custom provider address policy (F236, F243)', () => {
  it('refuses loopback, private, link-local, unique-local and metadata addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::10.0.0.1',
      '64:ff9b::a00:1',
      '224.0.0.1',
    ]) {
      expect(strict.refusal(address), address).toMatch(/address$/)
    }
    expect(strict.refusal('169.254.169.254')).toBe('169.254.169.254 is a link-local address')
  })

  it('lets public addresses through, including public NAT64 ones', () => {
    for (const address of ['1.1.1.1', '104.18.2.3', '2606:4700::1111', '64:ff9b::808:808']) {
      expect(strict.refusal(address), address).toBeUndefined()
    }
  })

  it('opens everything with allow_private_networks, or only listed ranges with allowed_networks', () => {
    expect(
      new AddressPolicy({ allowPrivateNetworks: true, allowedNetworks: [] }).refusal('127.0.0.1'),
    ).toBeUndefined()
    const listed = new AddressPolicy({ allowPrivateNetworks: false, allowedNetworks: ['10.8.0.0/16', '::1'] })
    expect(listed.refusal('10.8.4.2')).toBeUndefined()
    expect(listed.refusal('::1')).toBeUndefined()
    expect(listed.refusal('10.9.0.1')).toMatch(/private/)
    expect(listed.refusal('127.0.0.1')).toMatch(/loopback/)
  })

  it('parses CIDRs and names a bad entry', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' })
    expect(parseCidr('fd00::1')).toEqual({ address: 'fd00::1', prefix: 128, family: 'ipv6' })
    expect(() => parseCidr('10.0.0.0/33')).toThrow(/10.0.0.0\/33/)
    expect(() => parseCidr('intranet')).toThrow(/intranet/)
  })
})
