/**
 * What the API shows instead of a secret (F223): at most the first and last four characters, fewer for
 * short values so a preview never gives away most of a key.
 */
export function secretPreview(value: string): string {
  const text = value.trim()
  const chars = [...text]
  if (chars.length >= 16) return `${chars.slice(0, 4).join('')}…${chars.slice(-4).join('')}`
  if (chars.length >= 8) return `…${chars.slice(-2).join('')}`
  return '…'
}
