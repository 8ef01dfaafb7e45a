// The ACL endpoints (spec #13, #19, §6.3): the caller's grants rendered from the effective-grants projection in one
// read (plus what configuration gives platform administrators). `/api/v1/acl` holds global grants only (1.4.0);
// the organization's ACL adds that organization's and its projects', and is 403 to a caller with no principal there
// and no configured grants. Ids are rendered as dashed UUIDs.
import { permissionDenied } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { Acl } from '../../../../domain/nscale/rbac/acl.js'
import { defineHandlers, operation } from '../operation.js'

const STALE = { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' } as const

export const aclHandlers = defineHandlers(
  operation('apiV1AclGet', async ({ caller, access, consistencyTokens }) => {
    const acl = await access.acl(caller, undefined, consistencyTokens)
    return acl === 'stale' ? STALE : { body: rendered(acl) }
  }),
  operation('apiV1OrganizationsOrganizationIDAclGet', async ({ input, caller, access, consistencyTokens }) => {
    const organizationId = input.params.organizationID
    // Upstream cannot compute the ACL of a non-member (500); spec §9 #1: 403. Configured grants are global.
    const configured = caller.platformAdmin || caller.identity.kind === 'system_account'
    const member = configured ? undefined : await access.principalIn(caller, organizationId)
    if (!configured && member?.organizationId !== organizationId) return permissionDenied('identity:organizations', 'read')
    const acl = await access.acl(caller, organizationId, consistencyTokens)
    return acl === 'stale' ? STALE : { body: rendered(acl) }
  }),
)

function rendered(acl: Acl): Acl {
  return {
    ...(acl.global ? { global: acl.global } : {}),
    ...(acl.organization ? { organization: { ...acl.organization, id: toUuid(acl.organization.id) } } : {}),
    ...(acl.projects ? { projects: acl.projects.map((project) => ({ ...project, id: toUuid(project.id) })) } : {}),
  }
}
