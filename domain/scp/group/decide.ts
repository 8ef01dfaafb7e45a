// Decisions on an SCP group: create, modify (name and description together), delete, add and remove members.
// Decisions §6.36–§6.37: adding a member already in the group or removing one that is not changes nothing here
// (the wire decides whether that is 404); names are checked against the reservation by the plan.
import { alreadyExists, notFound, quotaExceeded, type DomainError } from '../../core/errors.js'
import { GroupCreated, GroupDeleted, GroupMembersAdded, GroupMembersRemoved, GroupUpdated, type GroupEvent } from './events.js'
import { isMember, liveGroup, type GroupState } from './evolve.js'
import { checkDescription, checkName, checkTags, firstError, unique, type Tag } from './fields.js'

export const GROUP_NAME_MIN = 3
export const GROUP_NAME_MAX = 24
/** Joining or leaving fans out to every member's grants item (O(N) writes). */
export const MEMBERS_PER_GROUP = 500

interface Target {
  organizationId: string
  id: string
  at: string
  by: string
}

export type GroupCommand =
  | (Target & { type: 'CreateGroup'; name: string; description: string | null; tags: Tag[] })
  | (Target & { type: 'ModifyGroup'; name: string; description: string | null })
  | (Target & { type: 'DeleteGroup' })
  | (Target & { type: 'AddGroupMembers'; userIds: readonly string[] })
  | (Target & { type: 'RemoveGroupMembers'; userIds: readonly string[] })

export function decideGroup(state: GroupState, command: GroupCommand): GroupEvent[] | DomainError {
  const { at, by } = command
  if (command.type === 'CreateGroup') {
    if (state.group) return alreadyExists('group', command.id)
    const invalid = firstError(
      checkName('name', command.name, GROUP_NAME_MIN, GROUP_NAME_MAX),
      checkDescription('description', command.description),
      checkTags('tags', command.tags),
    )
    if (invalid) return invalid
    const { id, organizationId, name, description, tags } = command
    return [GroupCreated({ id, organizationId, name, description, tags, at, by })]
  }
  const group = liveGroup(state)
  if (!group) return notFound('group', command.id)
  switch (command.type) {
    case 'ModifyGroup': {
      const invalid = firstError(checkName('name', command.name, GROUP_NAME_MIN, GROUP_NAME_MAX), checkDescription('description', command.description))
      if (invalid) return invalid
      if (command.name === group.name && command.description === group.description) return []
      return [GroupUpdated({ name: command.name, description: command.description, at, by })]
    }
    case 'DeleteGroup':
      return [GroupDeleted({ at, by })]
    case 'AddGroupMembers': {
      const joining = unique(command.userIds).filter((userId) => !isMember(group, userId))
      if (joining.length === 0) return []
      if (group.members.length + joining.length > MEMBERS_PER_GROUP) {
        return quotaExceeded('members_per_group', MEMBERS_PER_GROUP, group.members.length, group.organizationId)
      }
      return [GroupMembersAdded({ userIds: joining, at, by })]
    }
    case 'RemoveGroupMembers': {
      const leaving = unique(command.userIds).filter((userId) => isMember(group, userId))
      return leaving.length === 0 ? [] : [GroupMembersRemoved({ userIds: leaving, at, by })]
    }
  }
}
