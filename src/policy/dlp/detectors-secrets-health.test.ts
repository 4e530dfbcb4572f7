import { describe, expect, it } from 'vitest'
import { table } from './test-support/detector-table.js'
import {
  anthropicApiKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  githubToken,
  googleApiKey,
  jsonWebToken,
  openaiApiKey,
  privateKey,
  slackToken,
  slackWebhook,
  stripeKey,
} from './detectors/credentials.js'
import { visaCard } from './detectors/financial.js'
import { deaNumber, medicalRecordNumber, medicareMbi, usNpi } from './detectors/health.js'
import { allDetectors } from './detectors/index.js'
import { email } from './detectors/pii.js'

table(
  'F214 credentials and secrets',
  {
    id: 'all-secrets',
    name: 'secrets',
    maxLength: 200,
    find: (text, from) =>
      [
        openaiApiKey,
        anthropicApiKey,
        awsAccessKeyId,
        awsSecretAccessKey,
        githubToken,
        googleApiKey,
        slackToken,
        slackWebhook,
        stripeKey,
        privateKey,
        jsonWebToken,
      ]
        .flatMap((d) => d.find(text, from))
        .sort((a, b) => a.start - b.start),
  },
  [
    [`key sk-proj-${'Ab3_-x'.repeat(8)}`, [`sk-proj-${'Ab3_-x'.repeat(8)}`.slice(0, 48)]],
    [
      `sk-${'a1B2c3D4e5'.repeat(2)}T3BlbkFJ${'z9Y8x7W6v5'.repeat(2)}`,
      [`sk-${'a1B2c3D4e5'.repeat(2)}T3BlbkFJ${'z9Y8x7W6v5'.repeat(2)}`],
    ],
    [`sk-${'Q1w2E3r4'.repeat(6)}`, [`sk-${'Q1w2E3r4'.repeat(6)}`]],
    [`sk-ant-api03-${'Zx9_-Yw8'.repeat(12)}`, [`sk-ant-api03-${'Zx9_-Yw8'.repeat(5)}`]],
    ['AKIAIOSFODNN7EXAMPLE', ['AKIAIOSFODNN7EXAMPLE']],
    ['ASIAY34FZKBOKMUTVV7A', ['ASIAY34FZKBOKMUTVV7A']],
    [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ],
    [
      'AKIAIOSFODNN7EXAMPLE\nsecret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      ['AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE\nsecret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ],
    ['token 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', ['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']],
    ['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', ['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']],
    [
      `github_pat_${'A1b2C3d4E5f6G7h8I9j0K1'}_${'x'.repeat(59)}`,
      [`github_pat_A1b2C3d4E5f6G7h8I9j0K1_${'x'.repeat(59)}`],
    ],
    ['AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY', ['AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY']],
    ['xoxb-2468013579-1357924680-AbCdEfGhIjKlMnOpQrStUvWx', ['xoxb-2468013579-1357924680-AbCdEfGhIjKlMnOp']],
    [
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    ],
    [`sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`, ['sk_live_4eC39HqLyjWDarjtT1zdp7dc']],
    [`rk_test_${'51H2bXYZabcdefGHIJklmnop'}`, ['rk_test_51H2bXYZabcdefGHIJklmnop']],
    [
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA75ExampleKeyMaterialAAAAAA\n',
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA75ExampleKeyMate'],
    ],
    [
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
      ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUA'],
    ],
    [
      'jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI'],
    ],
    [`sk-proj-short`, []],
    [`sk-ant-api03-tooShort`, []],
    [`pk_live_${'4eC39HqLyjWDarjtT1zdp7dc'} is publishable`, []],
    ['AKIAIOSFODNN7EXAMPL1 (1 is not base32)', []],
    ['AKIAIOSFODNN7EXAMPLEX too long', []],
    ['ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3 bad checksum', []],
    ['aws_secret_access_key = da39a3ee5e6b4b0d3255bfef95601890afd80709', []],
    ['-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', []],
    ['files start with -----BEGIN RSA PRIVATE KEY----- as the header', []],
    ['eyJub3QiOiJhIGhlYWRlciJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig has no alg', []],
    ['eyJhbGciOiJIUzI1NiJ9 alone', []],
    ['AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMB too short', []],
    ['xoxb-not-a-token', []],
  ],
)

table('F214 US NPI: Luhn over 80840 + the ten digits', usNpi, [
  ['NPI 1234567893', ['NPI 1234567893']],
  ['npi: 1999999992', ['npi: 1999999992']],
  ['NPI# 1000000004', ['NPI# 1000000004']],
  ['national provider identifier 2987654326', ['national provider identifier 2987654326']],
  ['NPI number 1122334455', ['NPI number 1122334455']],
  ['provider NPI is 2765432101', ['NPI is 2765432101']],
  ['NPI=1500000017', ['NPI=1500000017']],
  ['NPI id 2345678900', ['NPI id 2345678900']],
  ['National Provider 1234567893.', ['National Provider 1234567893']],
  ['npi no. 1999999992', ['npi no. 1999999992']],
  ['NPI 1234567890 bad check digit', []],
  ['NPI 1999999991', []],
  ['NPI 3234567893 must start with 1 or 2', []],
  ['NPI 123456789 nine digits', []],
  ['NPI 12345678930 eleven digits', []],
  ['1234567893 without a keyword', []],
  ['input 1234567893', []],
  ['NPI 2987654325', []],
  ['NPI 1234567893-1', []],
  ['NPIs 1234567893', []],
])

table('F214 medical record numbers (keyword-anchored)', medicalRecordNumber, [
  ['MRN 00123456', ['MRN 00123456']],
  ['MRN: A1234567', ['MRN: A1234567']],
  ['medical record number 7654321', ['medical record number 7654321']],
  ['Medical Record #: MR-1234567', ['Medical Record #: MR-1234567']],
  ['patient id 8765432', ['patient id 8765432']],
  ['Patient No. 12345', ['Patient No. 12345']],
  ['mrn=AB99887766', ['mrn=AB99887766']],
  ['the MRN is 5551234', ['MRN is 5551234']],
  ['patient number: 0012345678', ['patient number: 0012345678']],
  ['MRN#2233445', ['MRN#2233445']],
  ['MRN 1234', []],
  ['MRN 11111111', []],
  ['MRN 12345678901', []],
  ['MRN ABCD1234567', []],
  ['00123456 without a keyword', []],
  ['patient identified 1234567', []],
  ['MRNA 1234567', []],
  ['medical record pending', []],
  ['MRN 12345-67', []],
  ['patients 1234567', []],
])

table('F214 DEA registration numbers: registrant type and check digit', deaNumber, [
  ['DEA AB1234563', ['AB1234563']],
  ['BJ6543210', ['BJ6543210']],
  ['dea: FK1111119', ['FK1111119']],
  ['MS9876547', ['MS9876547']],
  ['A92468103', ['A92468103']],
  ['XR1357917', ['XR1357917']],
  ['PZ5000005', ['PZ5000005']],
  ['GA3141594', ['GA3141594']],
  ['registration CB1234563.', ['CB1234563']],
  ['(UX6543210)', ['UX6543210']],
  ['AB1234564 bad check digit', []],
  ['BJ6543211', []],
  ['ZB1234563 Z is not a registrant type', []],
  ['IB1234563 I is not a registrant type', []],
  ['A81234563 second must be a letter or 9', []],
  ['AB123456 too short', []],
  ['AB12345630 too long', []],
  ['ab1234563 lower case', []],
  ['XAB1234563 glued', []],
  ['AB-1234563', []],
])

table('F214 Medicare MBI: character positions and excluded letters', medicareMbi, [
  ['MBI 1EG4-TE5-MK73', ['1EG4-TE5-MK73']],
  ['1EG4TE5MK73', ['1EG4TE5MK73']],
  ['2A99C00AA00', ['2A99C00AA00']],
  ['9YY9Y99YY99', ['9YY9Y99YY99']],
  ['3CD5EF7GH12', ['3CD5EF7GH12']],
  ['card 5HJ2-KM3-NP45', ['5HJ2-KM3-NP45']],
  ['4QR6TU8VW90.', ['4QR6TU8VW90']],
  ['7X12-X13-XX11', ['7X12-X13-XX11']],
  ['(8AC1DE2FG33)', ['8AC1DE2FG33']],
  ['6WX0YA1CD22', ['6WX0YA1CD22']],
  ['0EG4TE5MK73 first is 0', []],
  ['1SG4TE5MK73 S excluded', []],
  ['1LG4TE5MK73 L excluded', []],
  ['1EG4OE5MK73 O excluded', []],
  ['1EG4TE5IK73 I excluded', []],
  ['1EG4TE5MB73 B excluded', []],
  ['1EG4-TE5MK73 one dash', []],
  ['1EGATE5MK73 fourth must be a digit', []],
  ['1eg4te5mk73 lower case', []],
  ['1EG4TE5MK734 too long', []],
])

describe('the detector set', () => {
  it('every entry has a unique UUID id and a bounded match length for the streaming overlap', () => {
    const ids = allDetectors.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const detector of allDetectors) {
      expect(detector.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(detector.maxLength).toBeGreaterThan(0)
      expect(detector.maxLength).toBeLessThanOrEqual(160)
    }
  })

  it('a match longer than an entry says cannot be produced (streaming relies on maxLength)', () => {
    const samples = [
      'DE89 3704 0044 0532 0130 00',
      'routing number is 026009593',
      'jane.doe@example.com',
      '+44 20 7946 0958',
    ]
    for (const text of samples) {
      for (const detector of allDetectors) {
        for (const match of detector.find(text, 0))
          expect(match.end - match.start).toBeLessThanOrEqual(detector.maxLength)
      }
    }
  })

  it('from skips matches that start earlier but lookbehind still sees the text before it', () => {
    expect(visaCard.find('4111111111111111 and 4012888888881881', 1).map((m) => m.start)).toEqual([21])
    expect(visaCard.find('x4111111111111111', 1)).toEqual([])
    expect(email.find('ab@example.com', 1)).toEqual([])
  })
})
