// The Scaleway groups of an organization, for ListGroups: one item per live group (partition `groups`, sort = group
// id), folded from the group's own stream with the aggregate's evolve, so a list item and GetGroup never disagree.
// Members that are deleted leave through GroupMembersRemoved on the group stream (the cascade), so no other stream
// is read. ListGroups filters and orders in memory (functions/api/scaleway/paging.ts): a group quota bounds the list.
import type { StoredEvent } from '../../domain/core/events.js'
import type { GroupEvent } from '../../domain/scaleway/group/events.js'
import { evolveGroup, GROUP, type Group } from '../../domain/scaleway/group/evolve.js'
import { noLinks } from '../../domain/scaleway/links.js'
import { streamItemList } from '../streamItemList.js'

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

/** The item after one event of its group's stream; null once the group is deleted. */
export function nextGroupListItem(current: GroupListItem | undefined, event: StoredEvent): GroupListItem | null | undefined {
  const before = current ? { group: { ...current, links: noLinks() }, deleted: false } : { deleted: false }
  const after = evolveGroup(before, event as unknown as GroupEvent)
  if (after.deleted) return null
  if (!after.group) return undefined
  const { links: _links, ...item } = after.group as Group
  return item
}

export const groupList = streamItemList<GroupListItem>({ name: GROUP_LIST, aggregateType: GROUP, partition: GROUP_LIST_PARTITION, next: nextGroupListItem })

export const groupListKey = groupList.key
