// CheckPermissions (spec §1.8, §4.6, §5.7 #46): one decision per requested permission, in request order, for the
// caller itself, through the authorization core's check (one read of the caller's effective grants).
//
// Decisions: a permission is the catalogue triple (service, name, action), matched case-insensitively; a triple
// the catalogue does not know is denied. Its scope is `project_id` (a project of the caller's organization),
// `organization_id`, or when neither is given the caller's organization; an `account_root_user` name is checked on
// the organization's root user. Another organization's scope is evaluated like any other, so it is denied. Any
// caller may ask about itself (surface.ts lets this operation through without `iam:authz:check`): the answer only
// tells the caller what it could learn by trying. Consistency tokens are honoured; past the wait, 503.
import { organizationResource, projectResource } from '../../../../domain/authz/resource.js'
import { fold } from '../../../../domain/core/decider.js'
import { invalidArgument, type DomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import { organizationDecider, organizationStreamId, type OrganizationEvent } from '../../../../domain/core/organization/index.js'
import { accountRootUserResource, isKnownPermission, levelOf, normalizePermission, permissionAction } from '../../../../domain/scaleway/index.js'
import { MAX_DISTINCT_RESOURCES } from '../../../authz/check.js'
import type { ScalewayServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { conditionContext } from '../request.js'

interface RequestedPermission {
  service: string
  name: string
  action: string
  project_id?: Id
  organization_id?: Id
}

export const checkPermissionsHandlers = defineHandlers(
  operation('CheckPermissions', async ({ input, deps, principal, meta, now, consistencyTokens }) => {
    const requested = input.body.permissions
    const owner = requested.some((item) => levelOf(normalizePermission(item)) === 'account_root_user')
      ? await ownerOf(deps.services, principal.organizationId)
      : undefined
    const checks = requested.map((item) => checkOf(item, principal.organizationId, owner))
    const asked = checks.filter((check): check is NonNullable<typeof check> => check !== undefined)
    if (new Set(asked.map((check) => check.resource)).size > MAX_DISTINCT_RESOURCES) {
      return invalidArgument('permissions', `a request may name at most ${MAX_DISTINCT_RESOURCES} distinct scopes`)
    }
    const context = conditionContext({ requestId: meta.requestId, sourceIp: meta.sourceIp, userAgent: meta.userAgent }, now)
    const results = await deps.services.checker.checkMany({
      principal: { organizationId: principal.organizationId, kind: principal.kind, id: principal.id },
      checks: asked.map((check) => ({ ...check, context })),
      consistency: consistencyTokens,
    })
    if (results.some((result) => result.reason === 'stale')) return stale()
    const decisions = results.values()
    return {
      body: {
        responses: checks.map((check) => ({ decision: check === undefined ? ('deny' as const) : (decisions.next().value?.decision ?? 'deny') })),
      },
    }
  }),
)

/** The engine action and resource of a requested permission; undefined for a triple the catalogue does not know. */
function checkOf(item: RequestedPermission, organizationId: Id, owner: Id | undefined): { action: string; resource: string } | undefined {
  const permission = normalizePermission(item)
  if (!isKnownPermission(permission)) return undefined
  const action = permissionAction(permission)
  if (item.project_id !== undefined) return { action, resource: projectResource(organizationId, item.project_id) }
  const target = item.organization_id ?? organizationId
  if (levelOf(permission) === 'account_root_user' && target === organizationId && owner !== undefined) {
    return { action, resource: accountRootUserResource(organizationId, owner) }
  }
  return { action, resource: organizationResource(target) }
}

async function ownerOf(services: Pick<ScalewayServices, 'store'>, organizationId: Id): Promise<Id | undefined> {
  const stream = organizationStreamId(organizationId)
  const events = (await services.store.load([stream])).get(stream) ?? []
  const state = fold(organizationDecider, events as unknown as OrganizationEvent[])
  return state.status === 'active' ? state.ownerPrincipalId : undefined
}

function stale(): DomainError {
  return { kind: 'stale', message: 'the permissions of the caller are still being updated' }
}
