// Onboarding (spec §5.6): a person the upstream signed in, whom no organization knows, creates an `adhoc`
// organization of their own. One transaction through createOrganization with every registered contribution
// (the CLI's), except that the nscale part issues no administrator service account: instead a group named by the
// person holds the requested roles (by name, protected ones dropped) and the person's membership, active at once.
import { invalidArgument, isDomainError, type DomainError } from '../../domain/core/errors.js'
import type { RequestMeta } from '../../domain/core/ports.js'
import { planCreateGroup } from '../../domain/nscale/group/decide.js'
import { labelFromName } from '../../domain/nscale/organization/decide.js'
import { RBAC_CONFIG, type RbacConfig } from '../../domain/nscale/rbac/config.js'
import { planCreateUser } from '../../domain/nscale/user/decide.js'
import { nscaleOrganization, nscaleOrganizationContribution } from '../core/nscaleContributions.js'
import { organizationContributions } from '../core/organizationContributions.js'
import { createOrganization, type CreateOrganizationDeps, type OrganizationContribution } from '../core/organizations.js'

export const DEFAULT_ONBOARD_ROLES = ['administrator']
const NAME_MAX = 63
const DESCRIPTION_MAX = 2048

export interface OnboardRequest {
  email: string
  organizationName: string
  organizationDescription?: string
  groupName: string
  groupDescription?: string
  /** Role names; the default role when empty. */
  roles: string[]
}

/** The form `onboardRequestOptions` (spec §9 #22: `roles` repeated or space-separated), or what is wrong with it. */
export function onboardOptions(form: URLSearchParams): Omit<OnboardRequest, 'email'> | DomainError {
  const text = (name: string) => form.get(name)?.trim() ?? ''
  const organizationName = text('organization_name')
  const groupName = text('group_name')
  if (!organizationName || organizationName.length > NAME_MAX) return invalidArgument('organization_name', `organization_name is required (at most ${NAME_MAX} characters)`, 'required')
  if (!groupName || groupName.length > NAME_MAX) return invalidArgument('group_name', `group_name is required (at most ${NAME_MAX} characters)`, 'required')
  const organizationDescription = text('organization_description')
  const groupDescription = text('group_description')
  if (organizationDescription.length > DESCRIPTION_MAX || groupDescription.length > DESCRIPTION_MAX) {
    return invalidArgument('description', `descriptions are at most ${DESCRIPTION_MAX} characters`, 'format')
  }
  const roles = form.getAll('roles').flatMap((value) => value.split(/\s+/)).filter(Boolean)
  return {
    organizationName,
    groupName,
    roles,
    ...(organizationDescription ? { organizationDescription } : {}),
    ...(groupDescription ? { groupDescription } : {}),
  }
}

/** Role ids by name, unknown and protected roles dropped; the default role when none is left. */
export function onboardRoleIds(names: readonly string[], config: RbacConfig = RBAC_CONFIG): string[] {
  const pick = (wanted: readonly string[]) =>
    [...new Set(wanted)].flatMap((name) => {
      const role = config.byName.get(name)
      return role && !role.protected ? [role.id] : []
    })
  const chosen = pick(names)
  return chosen.length > 0 ? chosen : pick(DEFAULT_ONBOARD_ROLES)
}

function onboardedMember(request: OnboardRequest): OrganizationContribution {
  return (draft, ids) => {
    const userId = ids.newId()
    const by = request.email
    const user = planCreateUser({ deleted: false }, {
      id: userId, organizationId: draft.organizationId, subject: request.email, state: 'active', now: draft.now, by,
    })
    if (isDomainError(user)) return user
    const group = planCreateGroup({ deleted: false }, {
      id: ids.newId(),
      organizationId: draft.organizationId,
      metadata: { name: labelFromName(request.groupName), ...(request.groupDescription ? { description: request.groupDescription } : {}) },
      spec: { roleIds: onboardRoleIds(request.roles), userIds: [userId], serviceAccountIds: [] },
      now: draft.now,
      by,
    })
    if (isDomainError(group)) return group
    return { appends: [...user.appends, ...group.appends], extras: [...user.extras, ...group.extras] }
  }
}

export async function onboardPerson(
  deps: Omit<CreateOrganizationDeps, 'contributions'>,
  request: OnboardRequest,
  meta: RequestMeta,
): Promise<{ organizationId: string } | DomainError> {
  const nscalePart = nscaleOrganizationContribution({
    metadata: { name: labelFromName(request.organizationName), ...(request.organizationDescription ? { description: request.organizationDescription } : {}) },
    spec: { organizationType: 'adhoc' },
    by: request.email,
    administratorAccount: false,
  })
  const contributions = [...organizationContributions.filter((part) => part !== nscaleOrganization), nscalePart, onboardedMember(request)]
  const created = await createOrganization({ ...deps, contributions }, { name: request.organizationName, owner: { email: request.email }, meta })
  return isDomainError(created) ? created : { organizationId: created.organizationId }
}
