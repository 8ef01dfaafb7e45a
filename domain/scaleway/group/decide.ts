// Decisions on a Scaleway group: create, update, delete, membership (add, set all, remove), policy links.
import { alreadyExists, invalidArgument, notFound, type DomainError } from '../../core/errors.js'
import { checkDescription, checkName, checkTags, firstError, notDeletable, notEditable, sameList, unique } from '../fields.js'
import { hasLink, type Link } from '../links.js'
import { checkQuota, type QuotaOverrides } from '../quota/quota.js'
import {
  GroupCreated,
  GroupDeleted,
  GroupLinked,
  GroupMembersAdded,
  GroupMembersRemoved,
  GroupUnlinked,
  GroupUpdated,
  type GroupEvent,
} from './events.js'
import { liveGroup, memberCount, type Group, type GroupState } from './evolve.js'

interface Target {
  organizationId: string
  id: string
}

export interface Members {
  userIds: readonly string[]
  applicationIds: readonly string[]
}

export type GroupCommand =
  | (Target & { type: 'CreateGroup'; name: string; description?: string; tags?: string[]; managed?: boolean; at: string })
  | (Target & { type: 'UpdateGroup'; name?: string; description?: string; tags?: string[]; at: string })
  | (Target & { type: 'DeleteGroup'; at: string })
  /** AddGroupMember and AddGroupMembers: members already in the group are left as they are. */
  | (Target & { type: 'AddGroupMembers'; members: Members; quota?: QuotaOverrides; at: string })
  /** SetGroupMembers: replaces both lists. */
  | (Target & { type: 'SetGroupMembers'; members: Members; quota?: QuotaOverrides; at: string })
  /**
   * RemoveGroupMember: members not in the group are ignored. `memberDeleted` marks a deleted member's cascade,
   * which applies to managed groups too.
   */
  | (Target & { type: 'RemoveGroupMembers'; members: Members; memberDeleted?: boolean; at: string })
  | (Target & { type: 'LinkGroup'; link: Link })
  | (Target & { type: 'UnlinkGroup'; link: Link })

export function decideGroup(state: GroupState, command: GroupCommand): GroupEvent[] | DomainError {
  if (command.type === 'CreateGroup') {
    if (state.group) return alreadyExists('group', command.id)
    const description = command.description ?? ''
    const tags = command.tags ?? []
    const invalid = firstError(checkName('name', command.name), checkDescription('description', description), checkTags('tags', tags))
    if (invalid) return invalid
    const { id, organizationId, name, at } = command
    return [GroupCreated({ id, organizationId, name, description, tags, managed: command.managed ?? false, at })]
  }
  const group = liveGroup(state)
  if (command.type === 'UnlinkGroup') return group && hasLink(group.links, command.link) ? [GroupUnlinked(command.link)] : []
  if (!group) return notFound('group', command.id)
  switch (command.type) {
    case 'LinkGroup':
      if (command.link.link !== 'policy') return invalidArgument('link', 'only a policy can be attached to a group')
      return hasLink(group.links, command.link) ? [] : [GroupLinked(command.link)]
    case 'DeleteGroup':
      return group.deletable ? [GroupDeleted({ at: command.at })] : notDeletable('group')
    case 'UpdateGroup':
      return update(group, command)
  }
  if (command.type === 'RemoveGroupMembers' && command.memberDeleted) return remove(group, command.members, command.at)
  if (!group.editable) return notEditable('group')
  switch (command.type) {
    case 'AddGroupMembers':
      return add(group, command.members, command.at, command.quota)
    case 'RemoveGroupMembers':
      return remove(group, command.members, command.at)
    case 'SetGroupMembers': {
      const wanted = { userIds: unique(command.members.userIds), applicationIds: unique(command.members.applicationIds) }
      const leaving = {
        userIds: group.userIds.filter((id) => !wanted.userIds.includes(id)),
        applicationIds: group.applicationIds.filter((id) => !wanted.applicationIds.includes(id)),
      }
      const removed = remove(group, leaving, command.at)
      const remaining = { ...group, userIds: group.userIds.filter((id) => !leaving.userIds.includes(id)), applicationIds: group.applicationIds.filter((id) => !leaving.applicationIds.includes(id)) }
      const added = add(remaining, wanted, command.at, command.quota)
      return Array.isArray(added) ? [...removed, ...added] : added
    }
  }
}

function update(group: Group, command: Extract<GroupCommand, { type: 'UpdateGroup' }>): GroupEvent[] | DomainError {
  if (!group.editable) return notEditable('group')
  const invalid = firstError(
    command.name === undefined ? undefined : checkName('name', command.name),
    command.description === undefined ? undefined : checkDescription('description', command.description),
    command.tags === undefined ? undefined : checkTags('tags', command.tags),
  )
  if (invalid) return invalid
  const changes = {
    ...(command.name !== undefined && command.name !== group.name ? { name: command.name } : {}),
    ...(command.description !== undefined && command.description !== group.description ? { description: command.description } : {}),
    ...(command.tags !== undefined && !sameList(command.tags, group.tags) ? { tags: command.tags } : {}),
  }
  return Object.keys(changes).length === 0 ? [] : [GroupUpdated({ ...changes, at: command.at })]
}

function add(group: Group, members: Members, at: string, quota?: QuotaOverrides): GroupEvent[] | DomainError {
  const joining = {
    userIds: unique(members.userIds).filter((id) => !group.userIds.includes(id)),
    applicationIds: unique(members.applicationIds).filter((id) => !group.applicationIds.includes(id)),
  }
  const count = joining.userIds.length + joining.applicationIds.length
  if (count === 0) return []
  const tooMany = checkQuota(group.organizationId, 'members_per_group', memberCount(group), count, quota)
  return tooMany ?? [GroupMembersAdded({ ...joining, at })]
}

function remove(group: Group, members: Members, at: string): GroupEvent[] {
  const leaving = {
    userIds: unique(members.userIds).filter((id) => group.userIds.includes(id)),
    applicationIds: unique(members.applicationIds).filter((id) => group.applicationIds.includes(id)),
  }
  return leaving.userIds.length + leaving.applicationIds.length === 0 ? [] : [GroupMembersRemoved({ ...leaving, at })]
}
