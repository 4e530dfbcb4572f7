import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SpendWindow } from '../../core/stores.js'
import { spendLedgerContract } from '../contract/spend-ledger.contract.js'
import { createSqliteStores } from './create-sqlite-stores.js'

const root = mkdtempSync(join(tmpdir(), 'aigw-sqlite-spend-'))
let counter = 0
const freshPath = (): string => join(root, `db-${++counter}`, 'aigw.db')
afterAll(() => rmSync(root, { recursive: true, force: true }))

spendLedgerContract('sqlite', async () => {
  const stores = createSqliteStores(freshPath())
  return { store: stores.spend, close: () => stores.close() }
})

describe('SqliteSpendLedger', () => {
  const day: SpendWindow = { technique: 'fixed', windowMs: 86_400_000 }
  const noon = Date.UTC(2025, 0, 1, 12)
  const budgets = [{ key: 'acct/gw/daily/*', window: day, limitNanos: 5_000 }]

  it('F233 spend and unsettled holds survive a restart', async () => {
    const path = freshPath()
    const first = createSqliteStores(path)
    await first.spend.reserve({
      id: 'settled',
      budgets,
      amountNanos: 3_000,
      at: noon,
      expiresAt: noon + 60_000,
    })
    await first.spend.settle('settled', 2_000, noon + 1_000)
    await first.spend.reserve({ id: 'open', budgets, amountNanos: 1_000, at: noon, expiresAt: noon + 60_000 })
    await first.close()

    const second = createSqliteStores(path)
    try {
      expect(await second.spend.totals('acct/gw/daily/*', day, noon + 2_000)).toEqual({
        spentNanos: 2_000,
        reservedNanos: 1_000,
      })
      const refused = await second.spend.reserve({
        id: 'next',
        budgets,
        amountNanos: 2_001,
        at: noon + 2_000,
        expiresAt: noon + 62_000,
      })
      expect(refused).toMatchObject({ ok: false, spentNanos: 2_000, reservedNanos: 1_000 })
      // The crashed process's hold expires; its room comes back without anyone settling it.
      const later = await second.spend.reserve({
        id: 'later',
        budgets,
        amountNanos: 3_000,
        at: noon + 61_000,
        expiresAt: noon + 121_000,
      })
      expect(later).toEqual({ ok: true })
    } finally {
      await second.close()
    }
  })

  it('two connections to one file share a budget', async () => {
    const path = freshPath()
    const a = createSqliteStores(path)
    const b = createSqliteStores(path)
    try {
      const hold = (id: string) => ({ id, budgets, amountNanos: 3_000, at: noon, expiresAt: noon + 60_000 })
      expect(await a.spend.reserve(hold('a'))).toEqual({ ok: true })
      expect(await b.spend.reserve(hold('b'))).toMatchObject({ ok: false, reservedNanos: 3_000 })
    } finally {
      await a.close()
      await b.close()
    }
  })
})
