// The state of an SCP group folded from its stream. Members keep the order they joined in, with who added them.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { Tag } from './fields.js'
import type { GroupEvent } from './events.js'

export const SCP_GROUP = 'scp-group'

export interface GroupMember {
  userId: string
  addedAt: string
  addedBy: string
}

export interface Group {
  id: string
  organizationId: string
  name: string
  description: string | null
  tags: Tag[]
  type: 'USER_DEFINED'
  members: GroupMember[]
  createdAt: string
  createdBy: string
  modifiedAt: string
  modifiedBy: string
}

export interface GroupState {
  group?: Group
  deleted: boolean
}

export function groupStream(organizationId: string, id: string): string {
  return streamId(organizationId, SCP_GROUP, id)
}

export function evolveGroup(state: GroupState, event: GroupEvent): GroupState {
  if (event.type === 'ScpGroupCreated') {
    const { at, by, ...fields } = event.data
    return { group: { ...fields, type: 'USER_DEFINED', members: [], createdAt: at, createdBy: by, modifiedAt: at, modifiedBy: by }, deleted: false }
  }
  const group = state.group
  if (!group) return state
  switch (event.type) {
    case 'ScpGroupUpdated': {
      const { at, by, name, description } = event.data
      return { ...state, group: { ...group, name, description, modifiedAt: at, modifiedBy: by } }
    }
    case 'ScpGroupMembersAdded': {
      const { at, by, userIds } = event.data
      const joining = userIds.filter((userId) => !group.members.some((member) => member.userId === userId))
      const members = [...group.members, ...joining.map((userId) => ({ userId, addedAt: at, addedBy: by }))]
      return { ...state, group: { ...group, members, modifiedAt: at, modifiedBy: by } }
    }
    case 'ScpGroupMembersRemoved': {
      const { at, by, userIds } = event.data
      return { ...state, group: { ...group, members: group.members.filter((member) => !userIds.includes(member.userId)), modifiedAt: at, modifiedBy: by } }
    }
    case 'ScpGroupDeleted':
      return { ...state, deleted: true }
  }
}

export const groupDecider: Decider<GroupState, GroupEvent> = {
  aggregateType: SCP_GROUP,
  initialState: () => ({ deleted: false }),
  evolve: evolveGroup,
}

export function liveGroup(state: GroupState): Group | undefined {
  return state.deleted ? undefined : state.group
}

export function isMember(group: Group, userId: string): boolean {
  return group.members.some((member) => member.userId === userId)
}
