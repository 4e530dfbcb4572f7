import { deaValid, npiValid } from '../checksums.js'
import { regexDetector, type Detector } from '../detector.js'

/** Healthcare Information (F214): US NPI, medical record numbers, DEA registrations, Medicare MBIs. */

// A bare ten-digit number passes the NPI check one time in ten: only numbers named as an NPI count.
export const usNpi = regexDetector({
  id: 'ef0d07ad-dcfe-4aca-8837-ebe722fa9bb7',
  name: 'US National Provider Identifier (NPI)',
  maxLength: 56,
  pattern:
    /\b(?:npi|national\s+provider(?:\s+identifier)?)\b(?:\s*(?:number|num|no\.?|#|id))?[^\d\n]{0,12}(?<!\d)([12]\d{9})(?![\d-])/gi,
  validate: (match) => (npiValid(match[1]!) ? 'high' : undefined),
})

// Record number formats are per institution; the keyword carries the signal, the number its shape.
export const medicalRecordNumber = regexDetector({
  id: '840e5d59-b31f-418d-a318-9a978e1301a0',
  name: 'Medical Record Number (MRN)',
  maxLength: 56,
  pattern:
    /\b(?:mrn|medical\s+record(?:\s+(?:number|num|no\.?|#))?|patient\s+(?:id|number|no\.?|#))(?![A-Za-z])[^A-Za-z0-9\n]{0,6}(?:is\s+)?(?<![A-Za-z0-9])([A-Z]{0,3}-?\d{5,10})(?![A-Za-z0-9-])/gi,
  validate: (match) => (/^[A-Za-z]{0,3}-?(\d)\1+$/.test(match[1]!) ? undefined : 'medium'),
})

/** First letter: registrant type; second: the registrant's last-name initial (or 9 for business activity). */
export const deaNumber = regexDetector({
  id: 'fdba5e01-2010-4037-be7e-28ce6de426fd',
  name: 'DEA Registration Number',
  maxLength: 9,
  pattern: /(?<![A-Za-z0-9])[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}(?![A-Za-z0-9])/g,
  validate: (match) => (deaValid(match[0]) ? 'high' : undefined),
})

// C A AN N A AN N A A N N, letters without S L O I B Z; optional dashes after the 4th and 7th characters.
const L = '[AC-HJKMNP-RT-Y]'
export const medicareMbi = regexDetector({
  id: '76505a7e-ffb5-40f6-946e-d67ccaf414ba',
  name: 'Medicare Beneficiary Identifier (MBI)',
  maxLength: 13,
  pattern: new RegExp(
    `(?<![A-Za-z0-9-])[1-9]${L}(?:${L}|\\d)\\d(-?)${L}(?:${L}|\\d)\\d\\1${L}{2}\\d{2}(?![A-Za-z0-9-])`,
    'g',
  ),
  validate: () => 'high',
})

export const healthDetectors: readonly Detector[] = [usNpi, medicalRecordNumber, deaNumber, medicareMbi]
