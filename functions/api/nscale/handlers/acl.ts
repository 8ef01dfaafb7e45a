// The ACL endpoints (spec #13, #19, §6.3): the caller's grants rendered from the effective-grants projection in one
// read (plus what configuration gives platform administrators). `/api/v1/acl` holds global grants only (1.4.0);
// the organization's ACL adds that organization's and its projects'. Ids are rendered as dashed UUIDs.
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
    const acl = await access.acl(caller, input.params.organizationID, consistencyTokens)
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
