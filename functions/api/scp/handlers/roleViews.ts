// Reading and rendering SCP roles (spec §2.50): GetRole folds the role's own stream and its links; the policies
// bound to it are rendered whole, as SCP shows them.
import type { Id } from '../../../../domain/core/ids.js'
import { liveRole, roleDecider, roleStream, type Role } from '../../../../domain/scp/role/evolve.js'
import { linksDecider, linksStream } from '../../../../domain/scp/links/evolve.js'
import type { Policy } from '../../../../domain/scp/policy/evolve.js'
import type { ScpServices } from '../deps.js'
import { foldAll, loadPeople, loadPolicies, peopleOf, personOf, renderPolicy, wireTime, type PersonCard } from './identityViews.js'

export async function loadRoles(services: Pick<ScpServices, 'store'>, organizationId: Id, ids: readonly string[]): Promise<Map<string, Role>> {
  const states = await foldAll(services, roleDecider, ids.map((id) => roleStream(organizationId, id)))
  return new Map(states.flatMap((state) => {
    const role = liveRole(state)
    return role ? [[role.id, role] as const] : []
  }))
}

/** The live policies bound to each role, in binding order. */
export async function loadRolePolicies(services: Pick<ScpServices, 'store'>, organizationId: Id, roleIds: readonly string[]): Promise<Map<string, Policy[]>> {
  const links = await foldAll(services, linksDecider, roleIds.map((id) => linksStream(organizationId, id)))
  const policies = await loadPolicies(services, organizationId, [...new Set(links.flatMap((link) => link.policyIds))])
  return new Map(roleIds.map((id, index) => [id, links[index]!.policyIds.flatMap((policyId) => policies.get(policyId) ?? [])]))
}

export function renderRole(role: Role, policies: readonly Policy[], people: ReadonlyMap<string, PersonCard>, srnEnv: string) {
  const creator = personOf(people, role.createdBy)
  const modifier = personOf(people, role.modifiedBy)
  return {
    account_id: role.organizationId,
    assume_role_policy_document: role.trustPolicy,
    created_at: wireTime(role.createdAt),
    created_by: role.createdBy,
    creator_email: creator.email,
    creator_name: creator.name,
    description: role.description,
    id: role.id,
    max_session_duration: role.maxSessionDuration,
    modified_at: wireTime(role.modifiedAt),
    modified_by: role.modifiedBy,
    modifier_email: modifier.email,
    modifier_name: modifier.name,
    name: role.name,
    policies: policies.map((policy) => renderPolicy(policy, people, srnEnv)),
    type: role.type,
  }
}

export type RoleView = ReturnType<typeof renderRole>

/** Roles with their policies, rendered. */
export async function renderRoles(services: Pick<ScpServices, 'store' | 'srnEnv'>, organizationId: Id, roles: readonly Role[]): Promise<RoleView[]> {
  const policies = await loadRolePolicies(services, organizationId, roles.map((role) => role.id))
  const all = [...policies.values()].flat()
  const ids = new Set([...peopleOf(all), ...roles.flatMap((role) => [role.createdBy, role.modifiedBy])])
  const people = await loadPeople(services, organizationId, [...ids])
  return roles.map((role) => renderRole(role, policies.get(role.id) ?? [], people, services.srnEnv))
}

export function renderTrustPolicy(role: Role) {
  return {
    assume_role_policy_document: role.trustPolicy,
    id: role.id,
    created_at: wireTime(role.createdAt),
    created_by: role.createdBy,
    modified_at: wireTime(role.trustPolicyModifiedAt),
    modified_by: role.trustPolicyModifiedBy,
  }
}
