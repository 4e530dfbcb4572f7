import type { GatewaySettings } from '../core/gateway-settings.js'

export function validateGatewaySettings(settings: GatewaySettings): void {
  if (typeof settings.id !== 'string' || settings.id === '') {
    throw new Error('Invalid gateway: id must be a non-empty string')
  }
  if (typeof settings.created_at !== 'string') {
    throw new Error(`Invalid gateway ${settings.id}: created_at must be a string`)
  }
}
