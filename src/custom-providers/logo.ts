import { createHash } from 'node:crypto'

/**
 * F237: every custom provider gets a generated logo, a base64 SVG: its initials on a colour derived from
 * the slug, so the same provider always gets the same picture.
 */
export function generateLogo(name: string, slug: string): string {
  const digest = createHash('sha256').update(slug.toLowerCase()).digest()
  const hue = ((digest[0]! << 8) | digest[1]!) % 360
  const initials = escapeXml(initialsOf(name || slug))
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
    `<rect width="64" height="64" rx="12" fill="hsl(${hue},55%,45%)"/>` +
    `<text x="32" y="41" text-anchor="middle" font-family="Helvetica,Arial,sans-serif" font-size="24" ` +
    `font-weight="600" fill="#ffffff">${initials}</text></svg>`
  return Buffer.from(svg, 'utf8').toString('base64')
}

function initialsOf(text: string): string {
  const words = text
    .trim()
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
  const letters =
    words.length > 1
      ? [...words[0]!].slice(0, 1).concat([...words[1]!].slice(0, 1))
      : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
