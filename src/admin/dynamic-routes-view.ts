import type { DynamicRouteRecord, RouteDeploymentRecord, RouteVersionRecord } from '../core/stores.js'

/**
 * The `cloudflare` SDK's shapes for `aiGateway.dynamicRouting` (F199). A route shows the version it is
 * viewed with (its newest, unless the answer is about a deployment) and the deployment serving traffic;
 * `active` says whether that version is the deployed one. `data` is the version's elements as JSON text.
 */
export function routeView(
  route: DynamicRouteRecord,
  version: RouteVersionRecord,
  deployment: RouteDeploymentRecord | undefined,
) {
  return {
    id: route.id,
    account_tag: route.accountId,
    gateway_id: route.gatewayId,
    name: route.name,
    elements: version.elements,
    created_at: route.createdAt,
    modified_at: route.modifiedAt,
    deployment: deployment ? deploymentView(deployment) : null,
    version: versionView(version, deployment?.versionId),
  }
}

export function versionView(version: RouteVersionRecord, deployedVersionId: string | undefined) {
  return {
    version_id: version.id,
    active: version.id === deployedVersionId ? ('true' as const) : ('false' as const),
    data: JSON.stringify(version.elements),
    created_at: version.createdAt,
    comment: version.comment,
    // Versions are validated before they are saved (F189–F195), so every stored one is valid.
    is_valid: true,
  }
}

/** `getVersion`: the route's identity with the version's own fields and elements. */
export function routeVersionView(
  route: DynamicRouteRecord,
  version: RouteVersionRecord,
  deployedVersionId: string | undefined,
) {
  return {
    id: route.id,
    account_tag: route.accountId,
    gateway_id: route.gatewayId,
    name: route.name,
    elements: version.elements,
    modified_at: route.modifiedAt,
    ...versionView(version, deployedVersionId),
  }
}

export function deploymentView(deployment: RouteDeploymentRecord) {
  return {
    deployment_id: deployment.id,
    version_id: deployment.versionId,
    created_at: deployment.createdAt,
    comment: deployment.comment,
  }
}
