// The state of a Scaleway group, folded from its events. Members keep the order they joined in.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import { addLink, noLinks, removeLink, type Links } from '../links.js'
import type { GroupEvent } from './events.js'

export const GROUP = 'scw-group'

export interface Group {
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
  /** Policies attached to the group. */
  links: Links
}

export interface GroupState {
  group?: Group
  deleted: boolean
}

export function groupStream(organizationId: string, id: string): string {
  return streamId(organizationId, GROUP, id)
}

export function evolveGroup(state: GroupState, event: GroupEvent): GroupState {
  if (event.type === 'ScwGroupCreated') {
    const { at, managed, ...fields } = event.data
    return {
      group: { ...fields, userIds: [], applicationIds: [], managed, editable: !managed, deletable: !managed, createdAt: at, updatedAt: at, links: noLinks() },
      deleted: false,
    }
  }
  const group = state.group
  if (!group) return state
  switch (event.type) {
    case 'ScwGroupUpdated': {
      const { at, ...changes } = event.data
      return { ...state, group: { ...group, ...changes, updatedAt: at } }
    }
    case 'ScwGroupMembersAdded':
      return {
        ...state,
        group: {
          ...group,
          userIds: [...group.userIds, ...event.data.userIds.filter((id) => !group.userIds.includes(id))],
          applicationIds: [...group.applicationIds, ...event.data.applicationIds.filter((id) => !group.applicationIds.includes(id))],
          updatedAt: event.data.at,
        },
      }
    case 'ScwGroupMembersRemoved':
      return {
        ...state,
        group: {
          ...group,
          userIds: group.userIds.filter((id) => !event.data.userIds.includes(id)),
          applicationIds: group.applicationIds.filter((id) => !event.data.applicationIds.includes(id)),
          updatedAt: event.data.at,
        },
      }
    case 'ScwGroupDeleted':
      return { ...state, deleted: true }
    case 'ScwGroupLinked':
      return { ...state, group: { ...group, links: addLink(group.links, event.data) } }
    case 'ScwGroupUnlinked':
      return { ...state, group: { ...group, links: removeLink(group.links, event.data) } }
  }
}

export const groupDecider: Decider<GroupState, GroupEvent> = {
  aggregateType: GROUP,
  initialState: () => ({ deleted: false }),
  evolve: evolveGroup,
}

export function liveGroup(state: GroupState): Group | undefined {
  return state.deleted ? undefined : state.group
}

export function memberCount(group: Group): number {
  return group.userIds.length + group.applicationIds.length
}
