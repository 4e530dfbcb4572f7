import type {
  CustomProviderQuery,
  CustomProviderRecord,
  CustomProviderStore,
  CustomProviderUpdate,
  Page,
} from '../../core/stores.js'
import { compareText } from '../ordering.js'
import { checkPage, containsFolded } from '../paging.js'

export class MemoryCustomProviderStore implements CustomProviderStore {
  private readonly byId = new Map<string, CustomProviderRecord>()

  async list(accountId: string, query: CustomProviderQuery): Promise<Page<CustomProviderRecord>> {
    const { offset, perPage } = checkPage(query.page, query.perPage)
    const needle = query.search?.toLowerCase()
    const matches = this.ofAccount(accountId)
      .filter((p) => query.enable === undefined || p.enable === query.enable)
      .filter((p) => query.beta === undefined || p.beta === query.beta)
      .filter(
        (p) =>
          needle === undefined ||
          containsFolded(p.id, needle) ||
          containsFolded(p.name, needle) ||
          containsFolded(p.slug, needle),
      )
      .sort(comparator(query))
    return { items: matches.slice(offset, offset + perPage).map(copy), total: matches.length }
  }

  async get(accountId: string, id: string): Promise<CustomProviderRecord | undefined> {
    const found = this.byId.get(id)
    return found && found.accountId === accountId ? copy(found) : undefined
  }

  async findBySlug(accountId: string, slug: string): Promise<CustomProviderRecord | undefined> {
    const folded = slug.toLowerCase()
    const found = this.ofAccount(accountId).find((p) => p.slug.toLowerCase() === folded)
    return found ? copy(found) : undefined
  }

  async create(record: CustomProviderRecord): Promise<boolean> {
    if (this.byId.has(record.id)) throw new Error(`Custom provider ${record.id} already exists`)
    if (this.slugTaken(record)) return false
    this.byId.set(record.id, copy(record))
    return true
  }

  async update(record: CustomProviderRecord): Promise<CustomProviderUpdate> {
    const current = this.byId.get(record.id)
    if (!current || current.accountId !== record.accountId) return 'not_found'
    if (this.slugTaken(record)) return 'slug_taken'
    this.byId.set(record.id, copy(record))
    return 'updated'
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    const current = this.byId.get(id)
    if (!current || current.accountId !== accountId) return false
    return this.byId.delete(id)
  }

  private ofAccount(accountId: string): CustomProviderRecord[] {
    return [...this.byId.values()].filter((p) => p.accountId === accountId)
  }

  private slugTaken(record: CustomProviderRecord): boolean {
    const folded = record.slug.toLowerCase()
    return this.ofAccount(record.accountId).some(
      (other) => other.id !== record.id && other.slug.toLowerCase() === folded,
    )
  }
}

/** Same order as the SQL backend: the key (unset positions last either way), then name, then id. */
function comparator(query: CustomProviderQuery) {
  const sign = query.direction === 'desc' ? -1 : 1
  return (a: CustomProviderRecord, b: CustomProviderRecord): number =>
    (query.orderBy === 'position' ? unsetRank(a) - unsetRank(b) : 0) ||
    sign * compareKey(a, b, query.orderBy) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id)
}

function unsetRank(record: CustomProviderRecord): number {
  return record.position === null ? 1 : 0
}

function compareKey(
  a: CustomProviderRecord,
  b: CustomProviderRecord,
  key: CustomProviderQuery['orderBy'],
): number {
  if (key === 'name') return compareText(a.name, b.name)
  if (key === 'slug') return compareText(a.slug, b.slug)
  if (key === 'created_at') return a.createdAt - b.createdAt
  if (key === 'modified_at') return a.modifiedAt - b.modifiedAt
  return (a.position ?? 0) - (b.position ?? 0)
}

function copy(record: CustomProviderRecord): CustomProviderRecord {
  return { ...record }
}
