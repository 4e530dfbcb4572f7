import { describe, expect, it } from 'vitest'
import { systemSleep } from './sleep.js'

describe('systemSleep', () => {
  it('resolves after the wait', async () => {
    await expect(systemSleep(1, new AbortController().signal)).resolves.toBeUndefined()
  })

  it('rejects with the abort reason when the client goes away mid-wait', async () => {
    const controller = new AbortController()
    const waiting = systemSleep(60_000, controller.signal)
    controller.abort(new Error('client disconnected'))
    await expect(waiting).rejects.toThrow('client disconnected')
  })

  it('rejects at once when already aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('gone'))
    await expect(systemSleep(60_000, controller.signal)).rejects.toThrow('gone')
  })
})
