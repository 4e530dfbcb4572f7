import { regexDetector, withContext, type Detector } from '../detector.js'

/**
 * Government Identifiers (F214), United States. SSN and ITIN have checkable structure; passport and driver's
 * licence numbers have none (licence formats differ per state), so those two count only when named as such.
 */

const SSN_CONTEXT = /\b(?:ssn|ss#|social\s+security|taxpayer|tin)\b/i

/** SSA never issues these: area 000, 666, 900–999, group 00, serial 0000, and numbers burnt by advertising. */
const RETIRED_SSNS = new Set(['078051120', '219099999', '123456789'])

export function ssnStructureValid(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area.startsWith('9')) return false
  if (group === '00' || serial === '0000') return false
  return !RETIRED_SSNS.has(area + group + serial)
}

export const usSsn = regexDetector({
  id: '7eae5492-46a5-4ae7-aaea-3ca208e5d600',
  name: 'US Social Security Number (SSN)',
  maxLength: 48,
  // Separated (one consistent separator), or nine bare digits right after "SSN"/"social security".
  pattern:
    /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-]|\.\d)|\b(?:ssn|ss#|social\s+security(?:\s+(?:number|no\.?|#))?)\b[^\d\n]{0,16}(?<!\d)(\d{3})(\d{2})(\d{4})(?![\d-])/gi,
  validate(match, text) {
    const [area, group, serial] = match[1]
      ? [match[1], match[3]!, match[4]!]
      : [match[5]!, match[6]!, match[7]!]
    if (!ssnStructureValid(area, group, serial)) return undefined
    if (!match[1]) return 'very_high'
    const base = match[2] === '-' ? 'high' : 'medium'
    return withContext(text, match.index, SSN_CONTEXT, base, 'very_high')
  },
})

/** IRS ITIN: 9XX-XX-XXXX with the fourth and fifth digits in 50–65, 70–88, 90–92 or 94–99. */
export function itinGroupValid(group: string): boolean {
  const g = Number(group)
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99)
}

export const usItin = regexDetector({
  id: 'a0794fce-64df-4aa4-8b61-97688c38815d',
  name: 'US Individual Taxpayer Identification Number (ITIN)',
  maxLength: 48,
  pattern:
    /(?<![\d-])(9\d{2})([- ])(\d{2})\2(\d{4})(?![\d-]|\.\d)|\b(?:itin|taxpayer\s+id(?:entification)?(?:\s+number)?)\b[^\d\n]{0,16}(?<!\d)(9\d{2})(\d{2})(\d{4})(?![\d-])/gi,
  validate(match, text) {
    const group = match[1] ? match[3]! : match[6]!
    if (!itinGroupValid(group)) return undefined
    return match[1] ? withContext(text, match.index, SSN_CONTEXT, 'high', 'very_high') : 'very_high'
  },
})

// US passport books: nine digits; Next Generation passports (2021+): one letter and eight digits.
export const usPassport = regexDetector({
  id: '2aec22e7-3d7c-4e2b-9788-94e266bb0e9d',
  name: 'US Passport Number',
  maxLength: 48,
  pattern:
    /\bpassport\b(?:\s*(?:number|num|no\.?|#))?[^A-Za-z0-9\n]{0,6}(?:is\s+)?(?<![A-Za-z0-9])([A-Z]\d{8}|\d{9})(?![A-Za-z0-9])/gi,
  validate: (match) => (/^[A-Za-z]?(\d)\1+$/.test(match[1]!) ? undefined : 'high'),
})

// State formats range from 1–2 letters plus 4–14 digits to 6–13 digits (and Washington's letter runs).
export const usDriversLicense = regexDetector({
  id: '47710fff-ade7-4ce8-9f00-915739a236bf',
  name: "US Driver's License Number",
  maxLength: 56,
  pattern:
    /\b(?:driver'?s?\s+licen[cs]e|driving\s+licen[cs]e|dl|dln)\b(?:\s*(?:number|num|no\.?|#))?[^A-Za-z0-9\n]{0,6}(?:is\s+)?(?<![A-Za-z0-9])([A-Z]{1,2}\d{4,14}|\d{6,13}|[A-Z]\d{3}-\d{4}-\d{4})(?![A-Za-z0-9])/gi,
  validate: (match) => (/^[A-Za-z]{0,2}(\d)\1+$/.test(match[1]!) ? undefined : 'medium'),
})

export const governmentDetectors: readonly Detector[] = [usSsn, usItin, usPassport, usDriversLicense]
