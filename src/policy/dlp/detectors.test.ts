import { describe, expect, it } from 'vitest'
import type { Detector } from './detector.js'
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
import {
  abaRouting,
  amexCard,
  bankAccount,
  dinersCard,
  discoverCard,
  financialDetectors,
  iban,
  jcbCard,
  mastercardCard,
  unionPayCard,
  visaCard,
} from './detectors/financial.js'
import { usDriversLicense, usItin, usPassport, usSsn } from './detectors/government.js'
import { deaNumber, medicalRecordNumber, medicareMbi, usNpi } from './detectors/health.js'
import { allDetectors } from './detectors/index.js'
import { email, ipv4Address, ipv6Address, phoneNumber } from './detectors/pii.js'

/** Every substring the detector reports in `text`. */
function found(detector: Detector, text: string): string[] {
  return detector.find(text, 0).map((m) => text.slice(m.start, m.end))
}

type Row = [text: string, expected: string[]]

function table(name: string, detector: Detector, rows: Row[]): void {
  describe(name, () => {
    it('has at least 20 cases, positives and near misses', () => {
      expect(rows.length).toBeGreaterThanOrEqual(20)
      expect(rows.some(([, e]) => e.length === 0)).toBe(true)
      expect(rows.some(([, e]) => e.length > 0)).toBe(true)
    })
    it.each(rows)('%j → %j', (text, expected) => {
      expect(found(detector, text)).toEqual(expected)
    })
  })
}

describe('F214 payment cards: Luhn, brand ranges and lengths, separators', () => {
  const brandOf = (text: string) =>
    financialDetectors.filter((d) => d.name.includes('Card') && d.find(text, 0).length > 0).map((d) => d.name)
  const rows: Array<[string, string | undefined]> = [
    ['card 4111111111111111 exp 12/27', 'Visa Card Number'],
    ['4012 8888 8888 1881', 'Visa Card Number'],
    ['visa: 4222222222222', 'Visa Card Number'],
    ['5555-5555-5555-4444', 'Mastercard Card Number'],
    ['mc 5105105105105100.', 'Mastercard Card Number'],
    ['2-series 2223003122003222', 'Mastercard Card Number'],
    ['2221 0000 0000 0009 low edge of the 2-series', 'Mastercard Card Number'],
    ['2721000000000004 passes Luhn past the 2-series', undefined],
    ['2220000000000000 passes Luhn below the 2-series', undefined],
    ['amex 378282246310005', 'American Express Card Number'],
    ['3714 496353 98431', 'American Express Card Number'],
    ['6011111111111117', 'Discover Card Number'],
    ['6011 0009 9013 9424', 'Discover Card Number'],
    ['jcb 3530111333300000', 'JCB Card Number'],
    ['3566002020360505', 'JCB Card Number'],
    ['diners 30569309025904', 'Diners Club Card Number'],
    ['38520000023237', 'Diners Club Card Number'],
    ['unionpay 6200000000000005', 'UnionPay Card Number'],
    ['6205500000000000004 (19 digits)', 'UnionPay Card Number'],
    ['4111111111111112 fails Luhn', undefined],
    ['5555555555554445', undefined],
    ['1234567812345670 passes Luhn but no brand', undefined],
    ['0000000000000000', undefined],
    ['41111111111111111 is 17 digits for Visa', undefined],
    ['4111 1111-1111 1111 mixes separators', undefined],
    ['order #4111111111111111a is a code', undefined],
    ['3.4111111111111111 is a decimal', undefined],
  ]
  it('has at least 20 cases', () => expect(rows.length).toBeGreaterThanOrEqual(20))
  it.each(rows)('%j → %j', (text, brand) => {
    expect(brandOf(text)).toEqual(brand ? [brand] : [])
  })
  it('reports the exact span, dropping a trailing group that is not part of the card', () => {
    expect(found(visaCard, 'pay with 4111 1111 1111 1111 202 today')).toEqual(['4111 1111 1111 1111'])
    expect(found(mastercardCard, 'x 5555555555554444, y')).toEqual(['5555555555554444'])
    expect(
      [amexCard, discoverCard, jcbCard, dinersCard, unionPayCard].every(
        (d) => found(d, '4111111111111111').length === 0,
      ),
    ).toBe(true)
  })
  it('F222 a card keyword nearby raises confidence', () => {
    expect(visaCard.find('4111111111111111', 0)[0]?.confidence).toBe('high')
    expect(visaCard.find('my credit card is 4111111111111111', 0)[0]?.confidence).toBe('very_high')
  })
})

table('F214 IBAN: country length and mod-97', iban, [
  ['IBAN DE89370400440532013000', ['DE89370400440532013000']],
  ['DE89 3704 0044 0532 0130 00', ['DE89 3704 0044 0532 0130 00']],
  ['GB29NWBK60161331926819', ['GB29NWBK60161331926819']],
  ['GB29 NWBK 6016 1331 9268 19 please', ['GB29 NWBK 6016 1331 9268 19']],
  ['FR1420041010050500013M02606', ['FR1420041010050500013M02606']],
  ['NL91ABNA0417164300', ['NL91ABNA0417164300']],
  ['BE68539007547034.', ['BE68539007547034']],
  ['CH9300762011623852957', ['CH9300762011623852957']],
  ['ES91 2100 0418 4502 0005 1332', ['ES91 2100 0418 4502 0005 1332']],
  ['IT60X0542811101000000123456', ['IT60X0542811101000000123456']],
  ['NO9386011117947', ['NO9386011117947']],
  ['MT84MALT011000012345MTLCAST001S', ['MT84MALT011000012345MTLCAST001S']],
  ['SA0380000000608010167519', ['SA0380000000608010167519']],
  ['PL61 1090 1014 0000 0712 1981 2874 IBAN', ['PL61 1090 1014 0000 0712 1981 2874']],
  ['DE89370400440532013001 bad check digits', []],
  ['DE88370400440532013000 bad check number', []],
  ['DE8937040044053201300 one short', []],
  ['DE893704004405320130000 one too long', []],
  ['XX89370400440532013000 unknown country', []],
  ['de89370400440532013000 lower case', []],
  ['ADE89370400440532013000 glued to a letter', []],
])

table('F214 ABA routing numbers (named as such): checksum and Fed prefix', abaRouting, [
  ['routing number 021000021', ['routing number 021000021']],
  ['ABA: 011000015', ['ABA: 011000015']],
  ['Routing # 111000025.', ['Routing # 111000025']],
  ['RTN 122105155', ['RTN 122105155']],
  ['transit number is 026009593', ['transit number is 026009593']],
  ['routing=121000358', ['routing=121000358']],
  ['wire via routing 322271627 today', ['routing 322271627']],
  ['routing 011401533', ['routing 011401533']],
  ['routing no. 031176110', ['routing no. 031176110']],
  ['ABA 071000013', ['ABA 071000013']],
  ['routing number 021000022', []],
  ['routing 123456789', []],
  ['routing 131000000 prefix 13 is unused', []],
  ['routing 000000000', []],
  ['routing 0210000211 has ten digits', []],
  ['routing 02100002 has eight', []],
  ['021000021 without a keyword', []],
  ['my route 021000021', []],
  ['routing 921000021', []],
  ['aba 021000021-5 continues', []],
])

table('F214 bank account numbers (keyword-anchored)', bankAccount, [
  ['account number 12345678', ['account number 12345678']],
  ['Account #: 000123456789', ['Account #: 000123456789']],
  ['acct 987654321', ['acct 987654321']],
  ['bank account 4455667788', ['bank account 4455667788']],
  ['A/C no. 11223344556', ['A/C no. 11223344556']],
  ['account is 31926819', ['account is 31926819']],
  ['acct#123456', ['acct#123456']],
  ['Account Number: 12345678901234567', ['Account Number: 12345678901234567']],
  ['account num 7654321', ['account num 7654321']],
  ['checking account 56781234', ['account 56781234']],
  ['account 12345', []],
  ['account 123456789012345678 too long', []],
  ['account 11111111', []],
  ['accounting 12345678', []],
  ['account number 1234-5678', []],
  ['12345678 with no keyword', []],
  ['count 12345678', []],
  ['the account was closed in 2019', []],
  ['account id abc12345678', []],
  ['subaccount 12345678', []],
])

table('F214 US SSN: excluded areas, groups, serials and retired numbers', usSsn, [
  ['SSN 536-22-1234', ['536-22-1234']],
  ['536 22 1234', ['536 22 1234']],
  ['ssn: 536221234', ['ssn: 536221234']],
  ['social security number 401-33-9876', ['401-33-9876']],
  ['Social Security # 401339876', ['Social Security # 401339876']],
  ['id 001-01-0001', ['001-01-0001']],
  ['665-12-3456', ['665-12-3456']],
  ['899-99-9999', ['899-99-9999']],
  ['000-12-3456 area 000', []],
  ['666-12-3456 area 666', []],
  ['900-12-3456 area 9xx', []],
  ['536-00-1234 group 00', []],
  ['536-22-0000 serial 0000', []],
  ['078-05-1120 Woolworth wallet card', []],
  ['219-09-9999 pamphlet number', []],
  ['123-45-6789 placeholder', []],
  ['536221234 without a keyword', []],
  ['536-22 1234 mixed separators', []],
  ['phone 536-221-2345', []],
  ['536-22-12345 one digit too many', []],
  ['date 2024-01-15', []],
])

table('F214 US ITIN: 9XX with the IRS group ranges', usItin, [
  ['ITIN 912-70-1234', ['912-70-1234']],
  ['900-50-1234', ['900-50-1234']],
  ['999-65-0001', ['999-65-0001']],
  ['955-88-7777', ['955-88-7777']],
  ['912 90 1234', ['912 90 1234']],
  ['931-92-4321', ['931-92-4321']],
  ['972-94-1234', ['972-94-1234']],
  ['972-99-1234', ['972-99-1234']],
  ['itin: 912701234', ['itin: 912701234']],
  ['taxpayer id 900501234', ['taxpayer id 900501234']],
  ['912-49-1234 group 49', []],
  ['912-66-1234 group 66', []],
  ['912-69-1234 group 69', []],
  ['912-89-1234 group 89', []],
  ['912-93-1234 group 93', []],
  ['812-70-1234 not 9xx', []],
  ['912701234 without a keyword', []],
  ['912-70 1234 mixed', []],
  ['9912-70-1234 glued', []],
  ['itin 912-701-234', []],
])

table('F214 US passport numbers (named as such; the format alone is ambiguous)', usPassport, [
  ['passport number 123456780', ['passport number 123456780']],
  ['Passport: A12345678', ['Passport: A12345678']],
  ['passport no. 987654321', ['passport no. 987654321']],
  ['PASSPORT # C03005988', ['PASSPORT # C03005988']],
  ['my passport is 340020013', ['passport is 340020013']],
  ['passport 505068245', ['passport 505068245']],
  ['passport num Z12345678', ['passport num Z12345678']],
  ['passport=310000014', ['passport=310000014']],
  ['Passport Number - 912803456', ['Passport Number - 912803456']],
  ['passport#E00007734', ['passport#E00007734']],
  ['passport 12345678 (8 digits)', []],
  ['passport 1234567890 (10 digits)', []],
  ['passport AB1234567', []],
  ['passport 111111111', []],
  ['123456780 without a keyword', []],
  ['passport photo taken in 2019', []],
  ['passports 12345678A', []],
  ['passport A1234567', []],
  ['passport 12345678X', []],
  ['passport expires 2030-01-01', []],
])

table("F214 US driver's licences (named as such; formats differ per state)", usDriversLicense, [
  ["driver's license D1234567", ["driver's license D1234567"]],
  ['Driver License Number: A1234567', ['Driver License Number: A1234567']],
  ['DL 123456789', ['DL 123456789']],
  ['DLN: S12345678901', ['DLN: S12345678901']],
  ['driving licence no. 99887766', ['driving licence no. 99887766']],
  ['drivers license # F255-9215-0094', ['drivers license # F255-9215-0094']],
  ['DL# AB123456', ['DL# AB123456']],
  ["driver's licence 1234567890123", ["driver's licence 1234567890123"]],
  ['dl: W12345678', ['dl: W12345678']],
  ["driver's license is Y1234567", ["driver's license is Y1234567"]],
  ["driver's license 12345", []],
  ["driver's license 1111111", []],
  ["driver's license ABC123456", []],
  ['D1234567 without a keyword', []],
  ['download 123456789', []],
  ['DLL 123456789', []],
  ["driver's license expired", []],
  ["driver's license 12345678901234", []],
  ['dl 123-456', []],
  ['the DL is valid', []],
])

table('F214 e-mail addresses', email, [
  ['mail jane.doe@example.com now', ['jane.doe@example.com']],
  ['<john+tag@mail.example.co.uk>', ['john+tag@mail.example.co.uk']],
  ['a_b@sub-domain.example.org.', ['a_b@sub-domain.example.org']],
  ['x@y.io', ['x@y.io']],
  ['"first.last"@example.com quoted local parts are not matched', []],
  ['USER@EXAMPLE.COM', ['USER@EXAMPLE.COM']],
  ['contact: support@aigw.dev, sales@aigw.dev', ['support@aigw.dev', 'sales@aigw.dev']],
  ['name%ops@example.travel', ['name%ops@example.travel']],
  ['1234@numbers.example', ['1234@numbers.example']],
  ['email me at me@home.example!', ['me@home.example']],
  ['user@localhost', []],
  ['user@example.c', []],
  ['user@@example.com', []],
  ['first..last@example.com', []],
  ['.user@example.com', []],
  ['user.@example.com', []],
  ['user@-example.com', []],
  ['user@exa_mple.com', []],
  ['@example.com', []],
  ['user@example.123', []],
  ['user at example dot com', []],
])

table('F214 phone numbers: E.164 and NANP, never card or SSN numbers', phoneNumber, [
  ['call (415) 555-2671', ['(415) 555-2671']],
  ['415-555-2671', ['415-555-2671']],
  ['415.555.2671', ['415.555.2671']],
  ['415 555 2671', ['415 555 2671']],
  ['+1 415 555 2671', ['+1 415 555 2671']],
  ['1-800-225-5288', ['1-800-225-5288']],
  ['+14155552671', ['+14155552671']],
  ['+44 20 7946 0958', ['+44 20 7946 0958']],
  ['+33 1 42 68 53 00', ['+33 1 42 68 53 00']],
  ['+49 30 901820', ['+49 30 901820']],
  ['+81-3-3224-9999', ['+81-3-3224-9999']],
  ['4155552671 (bare digits)', []],
  ['415-555 2671 mixed separators', []],
  ['(115) 555-2671 area code starts with 1', []],
  ['411-555-2671 N11 area code', []],
  ['415-511-2671 N11 exchange', []],
  ['415-555-0123 fictional range', []],
  ['536-22-1234 SSN', []],
  ['4111 1111 1111 1111 card', []],
  ['+1 415 555 267 too short for +1', []],
  ['+1234567890123456 sixteen digits', []],
  ['v2024-01-15 date', []],
])

table('F214 IPv4 addresses', ipv4Address, [
  ['server 192.168.1.20 down', ['192.168.1.20']],
  ['10.0.0.1.', ['10.0.0.1']],
  ['8.8.8.8', ['8.8.8.8']],
  ['255.255.255.255', ['255.255.255.255']],
  ['0.0.0.0', ['0.0.0.0']],
  ['(172.16.254.1)', ['172.16.254.1']],
  ['203.0.113.7:8080', ['203.0.113.7']],
  ['ips 1.2.3.4 and 5.6.7.8', ['1.2.3.4', '5.6.7.8']],
  ['100.64.0.1/10', ['100.64.0.1']],
  ['ip=198.51.100.42', ['198.51.100.42']],
  ['256.1.1.1', []],
  ['1.2.3', []],
  ['1.2.3.4.5', []],
  ['01.2.3.4', []],
  ['192.168.1.256', []],
  ['v1.2.3.4', []],
  ['version 1.2.3.4a', []],
  ['3.14159', []],
  ['192.168.01.1', []],
  ['1..2.3.4', []],
])

table('F214 IPv6 addresses', ipv6Address, [
  ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', ['2001:0db8:85a3:0000:0000:8a2e:0370:7334']],
  ['host 2001:db8::1 up', ['2001:db8::1']],
  ['::1', ['::1']],
  ['fe80::1ff:fe23:4567:890a', ['fe80::1ff:fe23:4567:890a']],
  ['::ffff:192.0.2.128', ['::ffff:192.0.2.128']],
  ['2001:db8:0:0:1:0:0:1', ['2001:db8:0:0:1:0:0:1']],
  ['[2001:db8::7]:443', ['2001:db8::7']],
  ['2606:4700:4700::1111', ['2606:4700:4700::1111']],
  ['ff02::2 multicast', ['ff02::2']],
  ['2001:DB8::8:800:200C:417A', ['2001:DB8::8:800:200C:417A']],
  ['12:30:45', []],
  ['dead::beef', []],
  ['std::map', []],
  ['2001:db8:::1', []],
  ['2001:db8::g1', []],
  ['1:2:3:4:5:6:7:8:9', []],
  ['a:b:c', []],
  ['2001:db8:85a3::8a2e:370:7334:1:2', []],
  ['ab::cd', []],
  ['10:20', []],
])

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
