// The SCP groups of an account, for ListGroups: one item per live group (partition `groups`, sort = group id),
// folded from the group's own stream with the aggregate's evolve (members included, bounded by MEMBERS_PER_GROUP),
// so a list item and GetGroup never disagree. ListGroups filters and orders in memory.
import type { StoredEvent } from '../../domain/core/events.js'
import type { GroupEvent } from '../../domain/scp/group/events.js'
import { evolveGroup, SCP_GROUP, type Group } from '../../domain/scp/group/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const SCP_GROUP_LIST = 'scpGroupList'
export const SCP_GROUP_LIST_PARTITION = 'groups'

export type GroupListItem = Group & { [attribute: string]: unknown }

export function nextGroupListItem(current: GroupListItem | undefined, event: StoredEvent): GroupListItem | null | undefined {
  const after = evolveGroup(current ? { group: current, deleted: false } : { deleted: false }, event as unknown as GroupEvent)
  if (after.deleted) return null
  return after.group as GroupListItem | undefined
}

export const scpGroupList = streamItemList<GroupListItem>({ name: SCP_GROUP_LIST, aggregateType: SCP_GROUP, partition: SCP_GROUP_LIST_PARTITION, next: nextGroupListItem })

export const groupListKey = scpGroupList.key
