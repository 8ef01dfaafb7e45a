// The SCP groups of an account, for ListGroups: one item per live group (partition `groups`, sort = group id),
// folded from the group's own stream with the aggregate's evolve (members included, bounded by MEMBERS_PER_GROUP),
// so a list item and GetGroup never disagree. ListGroups filters and orders in memory.
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { GroupEvent } from '../../domain/scp/group/events.js'
import { evolveGroup, SCP_GROUP, type Group } from '../../domain/scp/group/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const SCP_GROUP_LIST = 'scpGroupList'
export const SCP_GROUP_LIST_PARTITION = 'groups'

export type GroupListItem = Group & { [attribute: string]: unknown }

export function groupListKey(organizationId: string, groupId: string): ModelKey {
  return { scope: organizationId, partition: SCP_GROUP_LIST_PARTITION, sort: groupId }
}

function keyOf(event: StoredEvent): ModelKey | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  return aggregateType === SCP_GROUP && organizationId && aggregateId ? groupListKey(organizationId, aggregateId) : undefined
}

export function nextGroupListItem(current: GroupListItem | undefined, event: StoredEvent): GroupListItem | null | undefined {
  const after = evolveGroup(current ? { group: current, deleted: false } : { deleted: false }, event as unknown as GroupEvent)
  if (after.deleted) return null
  return after.group as GroupListItem | undefined
}

export const scpGroupList: PureProjection<GroupListItem> = {
  kind: 'pure',
  name: SCP_GROUP_LIST,
  aggregateTypes: [SCP_GROUP],
  keys(event) {
    const key = keyOf(event)
    return key ? [key] : []
  },
  evolve(current, event) {
    const key = keyOf(event)
    if (!key) return new Map()
    const id = modelKeyId(key)
    const next = nextGroupListItem(current.get(id), event)
    return next === undefined ? new Map() : new Map([[id, next]])
  },
}
