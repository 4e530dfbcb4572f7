/** Page numbers are 1-based, as in Cloudflare's V4 pagination. */
export function checkPage(page: number, perPage: number): { offset: number; perPage: number } {
  if (!Number.isInteger(page) || page < 1) {
    throw new Error(`Invalid page: must be a positive integer, got ${String(page)}`)
  }
  if (!Number.isInteger(perPage) || perPage < 1) {
    throw new Error(`Invalid per_page: must be a positive integer, got ${String(perPage)}`)
  }
  const offset = (page - 1) * perPage
  if (!Number.isSafeInteger(offset)) throw new Error(`Invalid page: ${page} is too large`)
  return { offset, perPage }
}

/** Case-insensitive substring test shared by every backend's search (needle already lower-cased). */
export function containsFolded(haystack: string, foldedNeedle: string): boolean {
  return haystack.toLowerCase().includes(foldedNeedle)
}
