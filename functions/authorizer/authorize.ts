// The API Gateway HTTP API Lambda authorizer (payload format 2.0, simple responses) that other services put in front
// of their routes: it authenticates the caller's credential, derives the permission the route needs from the route
// map, asks the authorization core's check (DESIGN §6), and hands the principal to the integration in the context
// (`$context.authorizer.<key>`). Anything missing or unknown is a denial: API Gateway then answers 403.
import type { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda'
import { CONTEXT_KEYS } from '../../domain/authz/context.js'
import { toUuid, type Clock } from '../../domain/core/ids.js'
import type { Checker } from '../authz/check.js'
import type { Dynamo } from '../store/dynamo.js'
import { CREDENTIAL_SOURCES, header, type CredentialSource } from './credentials.js'
import { requiredPermission, type RouteMap } from './routes.js'

/** What the integration receives when the caller is allowed. Ids are UUIDs. */
export interface AuthorizerContext {
  [key: string]: string
  organizationId: string
  principalId: string
  principalKind: string
  credentialId: string
  credentialKind: string
  action: string
  resource: string
}

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>

export type DenyReason =
  | 'unmapped_route'
  | 'no_credential'
  | 'invalid_argument'
  | 'not_found'
  | 'expired'
  | 'locked'
  | 'invalid_path_parameter'
  | 'denied'
  | 'stale'

export interface AuthorizerDeps {
  dynamo: Dynamo
  checker: Pick<Checker, 'check'>
  routes: RouteMap
  clock: Clock
  sources?: readonly CredentialSource[]
  logger?: Pick<Logger, 'info'>
}

export type Authorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<AuthorizerResult>

export function createAuthorizer(deps: AuthorizerDeps): Authorizer {
  const sources = deps.sources ?? CREDENTIAL_SOURCES

  const deny = (event: APIGatewayRequestAuthorizerEventV2, reason: DenyReason, detail: Record<string, unknown> = {}): AuthorizerResult => {
    deps.logger?.info('authorizer denied', { reason, routeKey: event.routeKey, requestId: event.requestContext?.requestId, ...detail })
    return { isAuthorized: false, context: {} }
  }

  return async (event) => {
    if (!deps.routes.has(event.routeKey)) return deny(event, 'unmapped_route')
    const now = deps.clock.now()
    let authenticating: ReturnType<CredentialSource['authenticate']>
    for (const source of sources) {
      authenticating = source.authenticate(event, deps.dynamo, now)
      if (authenticating) break
    }
    if (!authenticating) return deny(event, 'no_credential')
    const authentication = await authenticating
    if (!authentication.ok) return deny(event, authentication.reason)
    const { principal } = authentication

    const permission = requiredPermission(deps.routes, event.routeKey, event.pathParameters ?? {}, principal)
    if (typeof permission === 'string') return deny(event, permission, { principalId: principal.principalId })
    const http = event.requestContext?.http
    const result = await deps.checker.check({
      principal: { organizationId: principal.organizationId, kind: principal.principalKind, id: principal.principalId },
      action: permission.action,
      resource: permission.resource,
      context: { [CONTEXT_KEYS.ip]: http?.sourceIp, [CONTEXT_KEYS.userAgent]: http?.userAgent, [CONTEXT_KEYS.time]: now.toISOString() },
      consistency: header(event, 'x-consistency-token'),
    })
    if (result.decision !== 'allow') {
      return deny(event, result.reason === 'stale' ? 'stale' : 'denied', { principalId: principal.principalId, ...permission })
    }
    return {
      isAuthorized: true,
      context: {
        organizationId: toUuid(principal.organizationId),
        principalId: toUuid(principal.principalId),
        principalKind: principal.principalKind,
        credentialId: toUuid(principal.credentialId),
        credentialKind: principal.kind,
        action: permission.action,
        resource: permission.resource,
      },
    }
  }
}
