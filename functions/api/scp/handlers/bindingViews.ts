// The identities a policy is bound to (PBD-1, PBD-2's answer): page envelope + `groups`, `roles`, `users`.
// Decision §6.55: users are rendered as the user models' public fields, never the document's raw internal record.
// `count` counts the bindings that match the filters, across the three kinds; the page is taken over them in order.
import type { Id } from '../../../../domain/core/ids.js'
import type { Group } from '../../../../domain/scp/group/evolve.js'
import { roleDecider, roleStream, liveRole, type Role } from '../../../../domain/scp/role/evolve.js'
import type { Binding } from '../../../../domain/scp/policy/evolve.js'
import type { ScpServices } from '../deps.js'
import { contains, paginate, type PageRequest } from '../paging.js'
import { iamSrn } from '../srn.js'
import { DOMAIN_NAME, foldAll, loadGroups, loadPeople, personOf, SERVICE_NAME, wireTime, type PersonCard } from './identityViews.js'

/** A group without its members and policies, as binding lists show it. */
export function renderGroupSummary(group: Group, people: ReadonlyMap<string, PersonCard>, srnEnv: string) {
  const creator = personOf(people, group.createdBy)
  const modifier = personOf(people, group.modifiedBy)
  return {
    created_at: wireTime(group.createdAt),
    created_by: group.createdBy,
    creator_email: creator.email,
    creator_name: creator.name,
    description: group.description,
    domain_name: DOMAIN_NAME,
    id: group.id,
    modified_at: wireTime(group.modifiedAt),
    modified_by: group.modifiedBy,
    modifier_email: modifier.email,
    modifier_name: modifier.name,
    name: group.name,
    resource_type: 'group',
    service_name: SERVICE_NAME,
    service_type: 'iam',
    srn: iamSrn(srnEnv, group.organizationId, 'group', group.id),
    type: group.type,
  }
}

function renderRole(role: Role) {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    type: role.type,
    max_session_duration: role.maxSessionDuration,
    account_id: role.organizationId,
    created_at: wireTime(role.createdAt),
    created_by: role.createdBy,
    modified_at: wireTime(role.modifiedAt),
    modified_by: role.modifiedBy,
  }
}

function renderUser(id: string, person: PersonCard, organizationId: string) {
  return { id, account_id: organizationId, name: person.name, email: person.email, type: 'IAM', state: 'ACTIVE', created_at: wireTime(person.createdAt), last_login_at: wireTime(person.lastLoginAt) }
}

interface Bound {
  binding: Binding
  name: string
  view: Record<string, unknown>
}

export async function renderBindings(
  services: Pick<ScpServices, 'store' | 'srnEnv'>,
  organizationId: Id,
  bindings: readonly Binding[],
  query: PageRequest & { name?: string },
) {
  const ids = (type: Binding['identityType']) => bindings.filter((binding) => binding.identityType === type).map((binding) => binding.identityId)
  const [groups, roles] = await Promise.all([
    loadGroups(services, organizationId, ids('GROUP')),
    foldAll(services, roleDecider, ids('ROLE').map((id) => roleStream(organizationId, id))),
  ])
  const liveRoles = new Map(roles.flatMap((state) => (liveRole(state) ? [[state.role!.id, state.role!] as const] : [])))
  const people = await loadPeople(services, organizationId, [...ids('USER'), ...[...groups.values()].flatMap((group) => [group.createdBy, group.modifiedBy])])
  const bound: Bound[] = bindings.flatMap((binding): Bound[] => {
    const id = binding.identityId
    if (binding.identityType === 'GROUP') {
      const group = groups.get(id)
      return group ? [{ binding, name: group.name, view: renderGroupSummary(group, people, services.srnEnv) }] : []
    }
    if (binding.identityType === 'ROLE') {
      const role = liveRoles.get(id)
      return role ? [{ binding, name: role.name, view: renderRole(role) }] : []
    }
    const person = personOf(people, id)
    return [{ binding, name: person.name, view: renderUser(id, person, organizationId) }]
  })
  const page = paginate(bound.filter((item) => contains(item.name, query.name)), query, {
    sortKeys: { created_at: (item) => item.binding.boundAt, name: (item) => item.name },
    defaultSort: 'created_at:asc',
    idOf: (item) => `${item.binding.identityType}/${item.binding.identityId}`,
  })
  const of = (type: Binding['identityType']) => page.items.filter((item) => item.binding.identityType === type).map((item) => item.view)
  return { count: page.count, page: page.page, size: page.size, sort: page.sort, groups: of('GROUP'), roles: of('ROLE'), users: of('USER') }
}
