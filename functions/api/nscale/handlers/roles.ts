// Roles (spec #29, §6.5): the configured roles the caller could grant, sorted by name. Protected roles are never
// listed, nor roles holding a scope the caller lacks (upstream's AllowRole filter).
import { renderRoleId, rolesByName } from '../../../../domain/nscale/rbac/config.js'
import { defineHandlers, operation } from '../operation.js'
import { grantableRoles } from './escalation.js'

export const roleHandlers = defineHandlers(
  operation('apiV1OrganizationsOrganizationIDRolesGet', async ({ input, caller, access, consistencyTokens, deps }) => {
    const organizationId = input.params.organizationID
    const roles = rolesByName(deps.services.rbac)
    const grantable = await grantableRoles(access, caller, organizationId, roles, consistencyTokens)
    if (grantable === 'stale') return { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }
    return {
      body: grantable.map((role) => ({
        metadata: {
          id: renderRoleId(role),
          name: role.name,
          ...(role.description ? { description: role.description } : {}),
          creationTime: ROLES_CREATED,
          provisioningStatus: 'provisioned',
          healthStatus: 'healthy',
        },
      })),
    }
  }),
)

/** Roles are configuration: they carry the time of the configuration's first release. */
const ROLES_CREATED = '2024-01-01T00:00:00Z'
