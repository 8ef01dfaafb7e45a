// The Scaleway surface as the app serves it: the wire layer built with the real ports (API-key credential
// items for authentication, the authorization core's check for every operation's catalogue permission).
import { permissionDenied, type DomainError } from '../../../domain/core/errors.js'
import { routePermission, routeResource } from '../../../domain/scaleway/routes.js'
import { createChecker, type Checker } from '../../authz/check.js'
import type { AppDeps } from '../deps.js'
import type { Surface } from '../surfaces.js'
import { apiKeyAuthentication } from './auth.js'
import { scalewayApp } from './app.js'
import type { Authorize } from './deps.js'
import { BASE_PATH } from './routes/index.js'

export function scalewayAuthorize(checker: Checker): Authorize {
  return async ({ principal, operationId, scope, context, consistencyTokens }): Promise<DomainError | undefined> => {
    const route = routePermission('scaleway', operationId)
    if (!route) return permissionDenied(operationId, 'unknown')
    const result = await checker.check({
      principal: { organizationId: principal.organizationId, kind: principal.kind, id: principal.id },
      action: route.action,
      resource: routeResource(route, scope),
      context,
      consistency: consistencyTokens,
    })
    if (result.decision === 'allow') return undefined
    if (result.reason === 'stale') return { kind: 'stale', message: 'the permissions of the caller are still being updated' }
    return permissionDenied(route.permission.name, route.permission.action)
  }
}

export const scalewaySurface: Surface = {
  name: 'scaleway',
  prefixes: [BASE_PATH],
  routes: (deps: AppDeps) =>
    scalewayApp({
      clock: deps.clock,
      ids: deps.ids,
      authenticate: apiKeyAuthentication(deps.dynamo),
      authorize: scalewayAuthorize(deps.checker),
      services: { dynamo: deps.dynamo, store: deps.store, commands: deps.runner, readStore: deps.readStore, projector: deps.projector },
      maxBodyBytes: deps.config.maxBodyBytes,
      logError: (message, details) => deps.logger.error(message, details),
    }),
}
