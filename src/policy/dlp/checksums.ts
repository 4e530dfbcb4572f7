import { crc32 } from 'node:zlib'

/** Check-digit algorithms the detectors validate with; inputs are already stripped of separators. */

export function digitsOnly(text: string): string {
  return text.replace(/\D/g, '')
}

/** Luhn (mod 10) over a digit string, check digit last: cards, NPI (with its 80840 prefix), custom entries. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits) || digits.length < 2) return false
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

/** ISO 13616: the first four characters move to the end, letters become 10–35, the number mod 97 is 1. */
export function ibanChecksumValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  let remainder = 0
  for (const char of rearranged) {
    const code = char.charCodeAt(0)
    const value = code >= 65 ? String(code - 55) : char
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97
  }
  return remainder === 1
}

/** ABA routing transit number: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10), known Fed prefixes. */
export function abaValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false
  const prefix = Number(digits.slice(0, 2))
  const knownPrefix =
    (prefix >= 0 && prefix <= 12) ||
    (prefix >= 21 && prefix <= 32) ||
    (prefix >= 61 && prefix <= 72) ||
    prefix === 80
  if (!knownPrefix || /^0+$/.test(digits)) return false
  const d = [...digits].map(Number)
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!)
  return sum % 10 === 0
}

/** US NPI: Luhn over the 10 digits prefixed with 80840 (the ISO card-issuer prefix for US health). */
export function npiValid(digits: string): boolean {
  return /^[12]\d{9}$/.test(digits) && luhnValid(`80840${digits}`)
}

/** DEA registration: (d1+d3+d5) + 2·(d2+d4+d6), last digit of the sum is d7. */
export function deaValid(registration: string): boolean {
  const match = /^[A-Z][A-Z9](\d{7})$/.exec(registration)
  if (!match) return false
  const d = [...match[1]!].map(Number)
  const sum = d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!)
  return sum % 10 === d[6]
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function base62(value: number, width: number): string {
  let out = ''
  let rest = value
  do {
    out = BASE62[rest % 62]! + out
    rest = Math.floor(rest / 62)
  } while (rest > 0)
  return out.padStart(width, '0')
}

/**
 * GitHub tokens (`ghp_…` and friends, 2021 format): the last six characters are the base62 CRC32 of the 30
 * random ones before them.
 */
export function githubTokenChecksumValid(body: string): boolean {
  if (!/^[A-Za-z0-9]{36}$/.test(body)) return false
  return base62(crc32(body.slice(0, 30)) >>> 0, 6) === body.slice(30)
}
