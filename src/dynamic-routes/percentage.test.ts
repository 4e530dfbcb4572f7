import { describe, expect, it } from 'vitest'
import { createIdFactory } from '../core/ids.js'
import { parsePercentLabel, percentageDraw } from './percentage.js'

describe('percentage splits (F192)', () => {
  it('reads labels like "10%" and "33.5 %", nothing else', () => {
    expect(parsePercentLabel('10%')).toBe(10)
    expect(parsePercentLabel('33.5 %')).toBe(33.5)
    expect(parsePercentLabel('100%')).toBe(100)
    for (const bad of ['0%', '101%', '10', 'ten%', '-5%', 'else'])
      expect(parsePercentLabel(bad)).toBeUndefined()
  })

  it('the draw is fixed per request id and element', () => {
    expect(percentageDraw('01J00000000000000000000000', 'split')).toBe(
      percentageDraw('01J00000000000000000000000', 'split'),
    )
    expect(percentageDraw('01J00000000000000000000000', 'split')).not.toBe(
      percentageDraw('01J00000000000000000000000', 'other-split'),
    )
  })

  it('draws of monotonic ULIDs from one millisecond are spread evenly over [0, 100)', () => {
    const ids = createIdFactory()
    const buckets = new Array<number>(10).fill(0)
    let outside = 0
    for (let i = 0; i < 10_000; i++) {
      const draw = percentageDraw(ids(1_700_000_000_000), 'split')
      if (draw < 0 || draw >= 100) outside += 1
      else buckets[Math.floor(draw / 10)]! += 1
    }
    expect(outside).toBe(0)
    // 1,000 expected per decile; ±15 % is over six standard deviations.
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThan(150)
  })
})
