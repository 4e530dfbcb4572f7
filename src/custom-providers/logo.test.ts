import { describe, expect, it } from 'vitest'
import { generateLogo } from './logo.js'

const svgOf = (logo: string) => Buffer.from(logo, 'base64').toString('utf8')

describe('generated custom provider logo (F237)', () => {
  it('is a base64 SVG of the initials, the same for the same provider', () => {
    const logo = generateLogo('My Custom Provider', 'some-provider')
    expect(svgOf(logo)).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg".*>MC<\/text><\/svg>$/)
    expect(generateLogo('My Custom Provider', 'some-provider')).toBe(logo)
    expect(generateLogo('My Custom Provider', 'other-provider')).not.toBe(logo)
  })

  it('escapes markup in names', () => {
    const svg = svgOf(generateLogo('<script>', 'x'))
    expect(svg).not.toContain('<script')
    expect(svg).toContain('&#60;S')
  })
})
