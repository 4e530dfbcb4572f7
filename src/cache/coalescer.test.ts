import { describe, expect, it } from 'vitest'
import { Coalescer, waitBounded } from './coalescer.js'

describe('Coalescer', () => {
  it('makes the first claimant the leader and later ones followers of its result', async () => {
    const coalescer = new Coalescer<string>()
    const leader = coalescer.claim('k')
    const follower = coalescer.claim('k')
    const other = coalescer.claim('other')
    expect(leader.role).toBe('leader')
    expect(follower.role).toBe('follower')
    expect(other.role).toBe('leader')
    if (leader.role !== 'leader' || follower.role !== 'follower') throw new Error('roles')
    leader.settle('answer')
    leader.settle('ignored')
    expect(await follower.result).toBe('answer')
    expect(coalescer.claim('k').role).toBe('leader')
  })

  it('frees the key when the leader settles with nothing', async () => {
    const coalescer = new Coalescer<string>()
    const leader = coalescer.claim('k')
    const follower = coalescer.claim('k')
    if (leader.role !== 'leader' || follower.role !== 'follower') throw new Error('roles')
    leader.settle(undefined)
    expect(await follower.result).toBeUndefined()
    expect(coalescer.size).toBe(0)
  })
})

it('release drops a stuck leader so the next claimant leads, but never a newer leader', () => {
  const coalescer = new Coalescer<string>()
  const stuck = coalescer.claim('k')
  const follower = coalescer.claim('k')
  if (stuck.role !== 'leader' || follower.role !== 'follower') throw new Error('roles')
  coalescer.release('k', follower.result)
  const fresh = coalescer.claim('k')
  expect(fresh.role).toBe('leader')
  coalescer.release('k', follower.result)
  expect(coalescer.claim('k').role).toBe('follower')
})

describe('waitBounded', () => {
  it('gives up after the bound or when the client aborts', async () => {
    const never = new Promise<string | undefined>(() => undefined)
    expect(await waitBounded(never, 5, new AbortController().signal)).toBeUndefined()
    const controller = new AbortController()
    const waiting = waitBounded(never, 60_000, controller.signal)
    controller.abort()
    expect(await waiting).toBeUndefined()
    expect(await waitBounded(Promise.resolve('x'), 60_000, new AbortController().signal)).toBe('x')
  })
})
