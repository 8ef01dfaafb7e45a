// The SCP roles of an account, for ListRoles: one item per live role (partition `roles`, sort = role id), folded
// from the role's own stream with the aggregate's evolve, so a list item and GetRole never disagree.
import type { RoleEvent } from '../../domain/scp/role/events.js'
import { evolveRole, liveRole, ROLE, type Role } from '../../domain/scp/role/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const SCP_ROLE_LIST = 'scpRoleList'
export const SCP_ROLE_LIST_PARTITION = 'roles'

export type RoleListItem = Role & { [attribute: string]: unknown }

export const scpRoleList = streamItemList<RoleListItem>({
  name: SCP_ROLE_LIST,
  aggregateType: ROLE,
  partition: SCP_ROLE_LIST_PARTITION,
  next: (current, event) => (liveRole(evolveRole({ role: current, deleted: false }, event as unknown as RoleEvent)) as RoleListItem | undefined) ?? null,
})

export const roleListKey = scpRoleList.key
