import { abaValid, ibanChecksumValid, luhnValid } from '../checksums.js'
import {
  regexDetector,
  withContext,
  type Confidence,
  type Detector,
  type DetectorMatch,
} from '../detector.js'

/** Financial Information (F214): payment cards per brand, IBAN, ABA routing numbers, bank account numbers. */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay'

/** IIN ranges and lengths; order matters where ranges overlap (Discover's co-branded 622126–622925 before UnionPay). */
const BRANDS: ReadonlyArray<{ brand: CardBrand; prefix: RegExp; lengths: readonly number[] }> = [
  { brand: 'amex', prefix: /^3[47]/, lengths: [15] },
  { brand: 'diners', prefix: /^3(?:0[0-5]|095|[689])/, lengths: [14, 15, 16, 17, 18, 19] },
  { brand: 'jcb', prefix: /^35(?:2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] },
  { brand: 'visa', prefix: /^4/, lengths: [13, 16, 19] },
  {
    brand: 'mastercard',
    prefix: /^(?:5[1-5]|2(?:2(?:2[1-9]|[3-9]\d)|[3-6]\d\d|7(?:[01]\d|20)))/,
    lengths: [16],
  },
  {
    brand: 'discover',
    prefix: /^(?:6011|64[4-9]|65|622(?:1(?:2[6-9]|[3-9]\d)|[2-8]\d\d|9(?:[01]\d|2[0-5])))/,
    lengths: [16, 17, 18, 19],
  },
  { brand: 'unionpay', prefix: /^62/, lengths: [16, 17, 18, 19] },
]

export function cardBrand(digits: string): CardBrand | undefined {
  return BRANDS.find((b) => b.prefix.test(digits) && b.lengths.includes(digits.length))?.brand
}

interface CardMatch extends DetectorMatch {
  brand: CardBrand
}

// 12–19 digits, optionally grouped by single spaces or dashes; not glued to other digits, letters or decimals.
const CARD_CANDIDATE = /(?<![\w.-])\d(?:[ -]?\d){11,18}(?![\w]|[.,-]\d)/g
const CARD_CONTEXT =
  /\b(?:card|credit|debit|visa|master\s?card|amex|american express|discover|jcb|diners|union\s?pay|cc|pan|payment)\b/i

/**
 * The longest valid card in a candidate: the whole run, or it without trailing groups (a card followed by a
 * year). Grouped numbers use one separator and groups of at least three digits (phone-like "41 11 …" runs are
 * not cards), so only the groups before the first short one can form a card.
 */
function validCard(candidate: string): { length: number; brand: CardBrand } | undefined {
  const separators = new Set(candidate.match(/[ -]/g) ?? [])
  if (separators.size > 1) return undefined
  const groups = candidate.split(/[ -]/)
  const short = separators.size === 0 ? -1 : groups.findIndex((group) => group.length < 3)
  for (let keep = short === -1 ? groups.length : short; keep >= 1; keep--) {
    const kept = groups.slice(0, keep)
    const digits = kept.join('')
    if (digits.length < 12) return undefined
    const brand = cardBrand(digits)
    if (brand && luhnValid(digits)) return { length: digits.length + keep - 1, brand }
  }
  return undefined
}

let memo: { text: string; from: number; matches: CardMatch[] } | undefined

/** All card numbers in a text, computed once for the seven brand entries that share it. */
function findCards(text: string, from: number): CardMatch[] {
  if (memo && memo.text === text && memo.from === from) return memo.matches
  const matches: CardMatch[] = []
  CARD_CANDIDATE.lastIndex = from
  for (let m = CARD_CANDIDATE.exec(text); m; m = CARD_CANDIDATE.exec(text)) {
    const card = validCard(m[0])
    if (!card) continue
    const confidence = withContext(text, m.index, CARD_CONTEXT, 'high', 'very_high')
    matches.push({ start: m.index, end: m.index + card.length, confidence, brand: card.brand })
  }
  memo = { text, from, matches }
  return matches
}

function cardDetector(id: string, name: string, brand: CardBrand): Detector {
  return {
    id,
    name,
    maxLength: 24,
    find: (text, from) =>
      findCards(text, from)
        .filter((m) => m.brand === brand)
        .map(({ start, end, confidence }) => ({ start, end, confidence })),
  }
}

export const visaCard = cardDetector('6701ef40-bf54-405e-9d6a-3619341b73d3', 'Visa Card Number', 'visa')
export const mastercardCard = cardDetector(
  '9f420f68-fb14-481d-9891-db0e1642b88d',
  'Mastercard Card Number',
  'mastercard',
)
export const amexCard = cardDetector(
  '48405fd3-49e3-43fd-b6c2-a6810c626fdb',
  'American Express Card Number',
  'amex',
)
export const discoverCard = cardDetector(
  'a9d5fd3b-fff2-4521-9349-71a8ad3ac4e8',
  'Discover Card Number',
  'discover',
)
export const jcbCard = cardDetector('a92862cc-5cfa-4b3e-a6aa-b22ba3c09ae4', 'JCB Card Number', 'jcb')
export const dinersCard = cardDetector(
  '5ef896ed-f992-4ec2-8d3f-c7c84c7c34b3',
  'Diners Club Card Number',
  'diners',
)
export const unionPayCard = cardDetector(
  '0d199019-256c-4697-9a2a-6fdabe190103',
  'UnionPay Card Number',
  'unionpay',
)

/** Registry lengths per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.fromEntries(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 ' +
    'EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 ' +
    'KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 ' +
    'PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 ' +
    'VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))]),
)

/** Candidate run; the country's registry length decides where the IBAN ends (a following word may be glued on by spaces). */
export const iban = regexDetector({
  id: 'cb38444d-bc2a-4b76-ac8c-be7707d3a349',
  name: 'International Bank Account Number (IBAN)',
  maxLength: 44,
  pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}/g,
  validate(match) {
    const length = IBAN_LENGTHS[match[0].slice(0, 2)]
    if (!length) return undefined
    let seen = 0
    let end = 0
    while (end < match[0].length && seen < length) if (match[0][end++] !== ' ') seen++
    if (seen < length || /[A-Za-z0-9]/.test(match[0][end] ?? '')) return undefined
    return ibanChecksumValid(match[0].slice(0, end).replace(/ /g, ''))
      ? { confidence: 'high', length: end }
      : undefined
  },
})

// A bare nine-digit number passes the ABA checksum one time in ten: only numbers named as routing numbers count.
export const abaRouting = regexDetector({
  id: '46a2265d-2f40-4741-a1b1-b9360de6c91b',
  name: 'ABA Routing Number',
  maxLength: 48,
  pattern: /\b(?:routing|aba|rtn|transit)\b[^\d\n]{0,24}(?<!\d)(\d{9})(?![\d-])/gi,
  validate: (match) => (abaValid(match[1]!) ? 'high' : undefined),
})

export const bankAccount = regexDetector({
  id: 'db61f852-a457-49fc-925d-8972c2b27c9c',
  name: 'Bank Account Number',
  maxLength: 48,
  pattern:
    /\b(?:bank\s+)?(?:account|acct|a\/c)\b(?:\s*(?:number|num|no\.?|#))?[^\dA-Za-z\n]{0,6}(?:is\s+)?(?<![\d-])(\d{6,17})(?![\d-])/gi,
  validate: (match) => (/^(\d)\1+$/.test(match[1]!) ? undefined : 'medium'),
})

export const financialDetectors: readonly Detector[] = [
  visaCard,
  mastercardCard,
  amexCard,
  discoverCard,
  jcbCard,
  dinersCard,
  unionPayCard,
  iban,
  abaRouting,
  bankAccount,
]

export type { Confidence }
