// Plans of the group commands: the group's events, the name reservation, the quota, and the links each member
// keeps on its own stream (links.ts), so that deleting a member can leave its groups in the same request.
import { fold } from '../../core/decider.js'
import { alreadyExists, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'
import type { ApplicationState } from '../application/evolve.js'
import { combine, withinOneRequest, writes, type PlannedWrites } from '../plan.js'
import { isLive, linkProfile, unlinkProfile, type Profile } from '../profiles.js'
import { consumeQuota, type QuotaOverrides } from '../quota/quota.js'
import type { UserState } from '../user/evolve.js'
import { decideGroup, type GroupCommand, type Members } from './decide.js'
import type { GroupEvent } from './events.js'
import { groupDecider, groupStream, type GroupState } from './evolve.js'

/** The members named by a command, as loaded by the shell (a foreign or unknown id loads as absent). */
export interface LoadedMembers {
  users: ReadonlyMap<string, UserState>
  applications: ReadonlyMap<string, ApplicationState>
}

/** Group names are unique in an organization (exact match, spec §4.3). */
export function groupNameReservation(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#scw-group-name`, sk: name }
}

function reserveName(organizationId: string, id: string, name: string): Extra {
  return { kind: 'reserve', key: groupNameReservation(organizationId, name), owner: id, onTaken: alreadyExists('group', name, 'a group with this name already exists') }
}

export function planCreateGroup(command: Extract<GroupCommand, { type: 'CreateGroup' }>, quota: QuotaOverrides = {}): PlannedWrites | DomainError {
  const events = decideGroup({ deleted: false }, command)
  if (!Array.isArray(events)) return events
  return writes(groupStream(command.organizationId, command.id), events, [
    reserveName(command.organizationId, command.id, command.name),
    consumeQuota(command.organizationId, 'groups', quota),
  ])
}

export function planUpdateGroup(state: GroupState, command: Extract<GroupCommand, { type: 'UpdateGroup' }>): PlannedWrites | DomainError {
  const events = decideGroup(state, command)
  if (!Array.isArray(events)) return events
  const before = state.group!.name
  const after = fold(groupDecider, events, state).group!.name
  const extras: Extra[] =
    before === after
      ? []
      : [{ kind: 'release', key: groupNameReservation(command.organizationId, before), owner: command.id }, reserveName(command.organizationId, command.id, after)]
  return writes(groupStream(command.organizationId, command.id), events, extras)
}

/**
 * AddGroupMember(s), SetGroupMembers and RemoveGroupMember. Joining members must be live users or applications
 * of the organization; removing a member that is not in the group changes nothing, but naming a user or an
 * application that does not exist is not found. Members that leave are unlinked if they still exist.
 */
export function planGroupMembers(
  state: GroupState,
  members: LoadedMembers,
  command: Extract<GroupCommand, { members: Members }>,
): PlannedWrites | DomainError {
  const group = state.group
  const named =
    command.type === 'RemoveGroupMembers'
      ? {
          userIds: command.members.userIds.filter((id) => !group?.userIds.includes(id)),
          applicationIds: command.members.applicationIds.filter((id) => !group?.applicationIds.includes(id)),
        }
      : command.members
  const missing = firstMissing(named, members)
  if (missing && group && !state.deleted) return missing
  return membershipWrites(state, members, command)
}

/**
 * The members the loader must provide for a membership command: those named, and for SetGroupMembers also the
 * current members (they may leave).
 */
export function membersToLoad(state: GroupState, command: Extract<GroupCommand, { members: Members }>): Members {
  const current = command.type === 'SetGroupMembers' && state.group ? state.group : { userIds: [], applicationIds: [] }
  return {
    userIds: [...new Set([...command.members.userIds, ...current.userIds])],
    applicationIds: [...new Set([...command.members.applicationIds, ...current.applicationIds])],
  }
}

function membershipWrites(
  state: GroupState,
  members: LoadedMembers,
  command: Extract<GroupCommand, { members: Members }>,
): PlannedWrites | DomainError {
  const events = decideGroup(state, command)
  if (!Array.isArray(events)) return events
  const link = { link: 'group' as const, id: command.id }
  const parts: PlannedWrites[] = [writes(groupStream(command.organizationId, command.id), events)]
  for (const event of events) {
    const joined = event.type === 'ScwGroupMembersAdded'
    if (!joined && event.type !== 'ScwGroupMembersRemoved') continue
    for (const profile of profilesOf(event as Extract<GroupEvent, { data: Members }>, members)) {
      if (joined) {
        const linked = linkProfile(command.organizationId, profile, link)
        if (isDomainError(linked)) return linked
        parts.push(linked)
      } else {
        parts.push(unlinkProfile(command.organizationId, profile, link))
      }
    }
  }
  return withinOneRequest(combine(...parts))
}

function profilesOf(event: { data: Members }, members: LoadedMembers): Profile[] {
  return [
    ...event.data.userIds.map((id): Profile => ({ kind: 'user', id, state: members.users.get(id) ?? { deleted: false } })),
    ...event.data.applicationIds.map((id): Profile => ({ kind: 'application', id, state: members.applications.get(id) ?? { deleted: false } })),
  ]
}

function firstMissing(named: Members, members: LoadedMembers): DomainError | undefined {
  for (const id of named.userIds) {
    if (!isLive({ kind: 'user', id, state: members.users.get(id) ?? { deleted: false } })) return notFound('user', id)
  }
  for (const id of named.applicationIds) {
    if (!isLive({ kind: 'application', id, state: members.applications.get(id) ?? { deleted: false } })) return notFound('application', id)
  }
  return undefined
}
