// The Scaleway groups of an organization, for ListGroups: one item per live group (partition `groups`, sort = group
// id), folded from the group's own stream with the aggregate's evolve, so a list item and GetGroup never disagree.
// Members that are deleted leave through GroupMembersRemoved on the group stream (the cascade), so no other stream
// is read. ListGroups filters and orders in memory (functions/api/scaleway/paging.ts): a group quota bounds the list.
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { GroupEvent } from '../../domain/scaleway/group/events.js'
import { evolveGroup, GROUP, type Group } from '../../domain/scaleway/group/evolve.js'
import { noLinks } from '../../domain/scaleway/links.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const GROUP_LIST = 'scwGroupList'
export const GROUP_LIST_PARTITION = 'groups'

/** A group as ListGroups renders it: the aggregate's state without its links. */
export interface GroupListItem {
  [attribute: string]: unknown
  id: string
  organizationId: string
  name: string
  description: string
  tags: string[]
  userIds: string[]
  applicationIds: string[]
  editable: boolean
  deletable: boolean
  managed: boolean
  createdAt: string
  updatedAt: string
}

export function groupListKey(organizationId: string, groupId: string): ModelKey {
  return { scope: organizationId, partition: GROUP_LIST_PARTITION, sort: groupId }
}

function keyOf(event: StoredEvent): ModelKey | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  return aggregateType === GROUP && organizationId && aggregateId ? groupListKey(organizationId, aggregateId) : undefined
}

/** The item after one event of its group's stream; null once the group is deleted. */
export function nextGroupListItem(current: GroupListItem | undefined, event: StoredEvent): GroupListItem | null | undefined {
  const before = current ? { group: { ...current, links: noLinks() }, deleted: false } : { deleted: false }
  const after = evolveGroup(before, event as unknown as GroupEvent)
  if (after.deleted) return null
  if (!after.group) return undefined
  const { links: _links, ...item } = after.group as Group
  return item
}

export const groupList: PureProjection<GroupListItem> = {
  kind: 'pure',
  name: GROUP_LIST,
  aggregateTypes: [GROUP],
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
