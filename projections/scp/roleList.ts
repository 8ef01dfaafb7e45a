// The SCP roles of an account, for ListRoles: one item per live role (partition `roles`, sort = role id), folded
// from the role's own stream with the aggregate's evolve, so a list item and GetRole never disagree.
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { RoleEvent } from '../../domain/scp/role/events.js'
import { evolveRole, liveRole, ROLE, type Role } from '../../domain/scp/role/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const SCP_ROLE_LIST = 'scpRoleList'
export const SCP_ROLE_LIST_PARTITION = 'roles'

export type RoleListItem = Role & { [attribute: string]: unknown }

export function roleListKey(organizationId: string, roleId: string): ModelKey {
  return { scope: organizationId, partition: SCP_ROLE_LIST_PARTITION, sort: roleId }
}

function keyOf(event: StoredEvent): ModelKey | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  return aggregateType === ROLE && organizationId && aggregateId ? roleListKey(organizationId, aggregateId) : undefined
}

export const scpRoleList: PureProjection<RoleListItem> = {
  kind: 'pure',
  name: SCP_ROLE_LIST,
  aggregateTypes: [ROLE],
  keys(event) {
    const key = keyOf(event)
    return key ? [key] : []
  },
  evolve(current, event) {
    const key = keyOf(event)
    if (!key) return new Map()
    const id = modelKeyId(key)
    const before = current.get(id)
    const after = evolveRole({ role: before, deleted: false }, event as unknown as RoleEvent)
    const role = liveRole(after)
    return new Map([[id, role ? (role as RoleListItem) : null]])
  },
}
