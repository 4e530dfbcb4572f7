import { isIPv6 } from 'node:net'
import { regexDetector, withContext, type Detector } from '../detector.js'

/** Personally Identifiable Information (F214): e-mail addresses, phone numbers, IP addresses. */

// Local part ≤ 64, domain labels ≤ 63, alphabetic TLD; matches longer than 128 characters are not expected.
export const email = regexDetector({
  id: 'b288cbf2-ba5a-48d3-9196-3a2437597ea5',
  name: 'Email Address',
  maxLength: 128,
  pattern:
    /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,6}[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g,
  validate(match) {
    const [local, domain] = match[0].split('@') as [string, string]
    if (local.includes('..') || domain.length > 253) return undefined
    return 'high'
  },
})

const PHONE_CONTEXT = /\b(?:phone|tel|telephone|mobile|cell|call|fax|whatsapp|sms)\b/i

/** NANP: area code and exchange start 2–9 and are not N11; 555-0100…0199 are reserved for fiction. */
export function nanpValid(area: string, exchange: string, line: string): boolean {
  if (area[1] === '1' && area[2] === '1') return false
  if (exchange[1] === '1' && exchange[2] === '1') return false
  return !(exchange === '555' && line.startsWith('01'))
}

// Separators are required for NANP numbers: a bare ten-digit run is as often an id or an amount.
const NANP =
  /(?<![\w+])(?:(?:\+?1)([ .-]?))?(?:\(([2-9]\d{2})\)[ .-]?|([2-9]\d{2})([ .-]))([2-9]\d{2})([ .-])(\d{4})(?![\d-]|\.\d)/

const E164 = /(?<![\w+])\+([1-9]\d{0,2})((?:[ .-]?(?:\(\d{1,4}\)|\d{1,4})){2,6})(?![\d-]|\.\d)/

export const phoneNumber = regexDetector({
  id: '89f1f0ad-c997-4288-9045-6297cbaca35e',
  name: 'Phone Number',
  maxLength: 32,
  pattern: new RegExp(`${NANP.source}|${E164.source}`, 'g'),
  validate(match, text) {
    if (match[5] !== undefined) {
      const area = match[2] ?? match[3]!
      if (match[3] !== undefined && match[4] !== match[6]) return undefined
      if (!nanpValid(area, match[5], match[7]!)) return undefined
      return withContext(text, match.index, PHONE_CONTEXT, 'medium', 'high')
    }
    const digits = (match[8]! + match[9]!).replace(/\D/g, '')
    if (digits.length < 8 || digits.length > 15) return undefined
    if (match[8]!.startsWith('1')) {
      const national = digits.slice(1)
      if (national.length !== 10) return undefined
      if (!/^[2-9]\d\d[2-9]/.test(national)) return undefined
      if (!nanpValid(national.slice(0, 3), national.slice(3, 6), national.slice(6))) return undefined
    }
    return withContext(text, match.index, PHONE_CONTEXT, 'medium', 'high')
  },
})

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'

export const ipv4Address = regexDetector({
  id: '508194b4-63e5-4ff3-8845-0f81aa2389fd',
  name: 'IPv4 Address',
  maxLength: 16,
  pattern: new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?![\\w]|\\.\\d)`, 'g'),
  validate: () => 'medium',
})

/**
 * Candidates are validated by Node's parser. Short compressed forms like `ab::cd` are also valid English-ish
 * tokens, so a compressed address needs two groups with a digit (or is the loopback `::1`).
 */
export const ipv6Address = regexDetector({
  id: 'cde13e3e-36d1-42bb-bc5b-e0da31525fcf',
  name: 'IPv6 Address',
  maxLength: 46,
  pattern:
    /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:|(?:\d{1,3}\.){3}\d{1,3})(?![\w:]|\.\d)/g,
  validate(match) {
    const candidate = match[0]
    if (!isIPv6(candidate)) return undefined
    if (candidate === '::1' || candidate.includes('.')) return 'medium'
    const groups = candidate.split(':').filter((group) => group !== '')
    if (!candidate.includes('::')) return groups.length >= 7 ? 'medium' : undefined
    return groups.filter((group) => /\d/.test(group)).length >= 2 ? 'medium' : undefined
  },
})

export const piiDetectors: readonly Detector[] = [email, phoneNumber, ipv4Address, ipv6Address]
