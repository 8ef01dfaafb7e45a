// The Scaleway surface's `Authorize` port on the check: each operation asks for its one catalogue permission
// (domain/scaleway/routes.ts) at the organization or project the request is about. Denied → `permission_denied`
// naming the permission (Scaleway's `permissions_denied` details); tokens not covered in time → `stale` (503).
import { permissionDenied, type DomainError } from '../../domain/core/errors.js'
import { routePermission, routeResource } from '../../domain/scaleway/routes.js'
import type { Authorize, AuthorizeRequest } from '../api/scaleway/deps.js'
import type { Checker } from './check.js'

export function scalewayAuthorizer(checker: Pick<Checker, 'check'>): Authorize {
  return async (request: AuthorizeRequest): Promise<DomainError | undefined> => {
    const route = routePermission('scaleway', request.operationId)
    if (!route) return permissionDenied(request.operationId, 'unknown')
    const denied = permissionDenied(route.permission.name, route.permission.action)
    // A caller acts in its own organization only.
    if (request.scope.organizationId !== request.principal.organizationId) return denied
    const result = await checker.check({
      principal: { organizationId: request.principal.organizationId, kind: request.principal.kind, id: request.principal.id },
      action: route.action,
      resource: routeResource(route, request.scope),
      context: request.context,
      consistency: request.consistencyTokens,
    })
    if (result.reason === 'stale') return { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }
    return result.decision === 'allow' ? undefined : denied
  }
}
