/** Tags every cache entry carries, so a provider or a gateway can drop its entries at once (F095, F166). */
export const providerTag = (slug: string): string => `provider:${slug}`
export const gatewayTag = (accountId: string, gatewayId: string): string =>
  `gateway:${accountId}/${gatewayId}`
