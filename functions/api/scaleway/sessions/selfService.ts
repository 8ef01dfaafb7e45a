// Authorization of a user acting on itself (issue 9): a user may manage its own password, MFA, grace periods and
// sessions without an IAM permission, and a restricted session (a grace period has ended) may do nothing else
// than renew its password or enrol MFA. Everything else goes to the authorization core's check.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { credentialItemKey, type CredentialItem } from '../../../../domain/core/credential/items.js'
import { permissionDenied } from '../../../../domain/core/errors.js'
import { routePermission } from '../../../../domain/scaleway/routes.js'
import type { Dynamo } from '../../../store/dynamo.js'
import type { Authorize, AuthorizeRequest } from '../deps.js'

/** What a restricted session may still do, on its own user only. */
const RESTRICTED_OPERATIONS: ReadonlySet<string> = new Set(['UpdateUserPassword', 'CreateUserMFAOTP', 'ValidateUserMFAOTP'])

/** Operations on the user named by `user_id` (path or query) that the user itself may call. */
const ON_OWN_USER: ReadonlySet<string> = new Set([...RESTRICTED_OPERATIONS, 'DeleteUserMFAOTP', 'ListGracePeriods'])

export function selfServiceAuthorizer(checked: Authorize, dynamo: Dynamo): Authorize {
  return async (request) => {
    const own = request.principal.kind === 'user' && (await isOwn(request, dynamo))
    if (request.principal.restricted) {
      if (own && RESTRICTED_OPERATIONS.has(request.operationId)) return undefined
      const route = routePermission('scaleway', request.operationId)
      return permissionDenied(route?.permission.name ?? request.operationId, route?.permission.action ?? 'unknown')
    }
    return own ? undefined : checked(request)
  }
}

async function isOwn(request: AuthorizeRequest, dynamo: Dynamo): Promise<boolean> {
  const { principal, operationId, input } = request
  if (!input || request.scope.organizationId !== principal.organizationId) return false
  if (ON_OWN_USER.has(operationId)) {
    const named = input.params.user_id ?? input.query.user_id
    // ListGracePeriods without a user lists the caller's own.
    return named === principal.id || (operationId === 'ListGracePeriods' && named === undefined)
  }
  if (operationId === 'ListJWTs') return input.query.audience_id === principal.id
  if (operationId === 'GetJWT' || operationId === 'DeleteJWT') {
    const jti = input.params.jti
    if (typeof jti !== 'string') return false
    const { Item } = await dynamo.doc.send(
      new GetCommand({ TableName: dynamo.tables.state, Key: { ...credentialItemKey(principal.organizationId, jti) }, ConsistentRead: true }),
    )
    const item = Item as CredentialItem | undefined
    return item?.kind === 'session' && item.principalId === principal.id
  }
  return false
}
