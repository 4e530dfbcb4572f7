import type { Detector } from '../detector.js'
import { credentialDetectors } from './credentials.js'
import { financialDetectors } from './financial.js'
import { governmentDetectors } from './government.js'
import { healthDetectors } from './health.js'
import { piiDetectors } from './pii.js'

export { credentialDetectors, financialDetectors, governmentDetectors, healthDetectors, piiDetectors }

export const allDetectors: readonly Detector[] = [
  ...financialDetectors,
  ...piiDetectors,
  ...governmentDetectors,
  ...healthDetectors,
  ...credentialDetectors,
]

const byId = new Map(allDetectors.map((detector) => [detector.id, detector]))

export function detectorById(id: string): Detector | undefined {
  return byId.get(id)
}
