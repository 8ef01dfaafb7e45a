// Decisions on nscale groups (spec §3.2 #34–38, §6): create and replace (metadata, roles and members), delete,
// and the membership and project-binding changes other aggregates' writes make on groups. Names are unique per
// organization (409, spec §9 #4). Role checks that need the caller's grants (unknown 400, protected or not
// grantable 403) are made by the handler before it plans (rbac/escalation.ts).
import { alreadyExists, invalidArgument, notFound, type DomainError } from '../../core/errors.js'
import type { DomainEvent } from '../../core/events.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { normalizedMetadata, sameMetadata, type ResourceMetadata } from '../resourceMetadata.js'
import {
  NscaleGroupCreated, NscaleGroupDeleted, NscaleGroupMembersAdded, NscaleGroupMembersRemoved, NscaleGroupProjectsBound,
  NscaleGroupProjectsUnbound, NscaleGroupUpdated,
} from './events.js'
import { groupStreamId, liveGroup, without, type Group, type GroupState } from './evolve.js'

export interface Writes {
  appends: Array<{ streamId: string; events: DomainEvent[] }>
  extras: Extra[]
}

export interface GroupSpec {
  roleIds: readonly string[]
  userIds: readonly string[]
  serviceAccountIds: readonly string[]
}

export function groupNameKey(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#nscale-group-name`, sk: name }
}

export function planCreateGroup(
  state: GroupState,
  command: { id: string; organizationId: string; metadata: ResourceMetadata; spec: GroupSpec; now: Date; by: string },
): Writes | DomainError {
  if (state.group) return alreadyExists('group', command.id)
  const { id, organizationId, spec } = command
  const metadata = normalizedMetadata(command.metadata)
  const at = command.now.toISOString()
  const events: DomainEvent[] = [NscaleGroupCreated({ id, organizationId, metadata, roleIds: distinct(spec.roleIds), at, by: command.by })]
  if (spec.userIds.length > 0 || spec.serviceAccountIds.length > 0) {
    events.push(NscaleGroupMembersAdded({ userIds: distinct(spec.userIds), serviceAccountIds: distinct(spec.serviceAccountIds), at, by: command.by }))
  }
  return { appends: [{ streamId: groupStreamId(organizationId, id), events }], extras: [nameReservation(organizationId, metadata.name, id)] }
}

/** PUT: a full replacement of metadata, roles and both member lists (spec #37). */
export function planReplaceGroup(
  state: GroupState,
  command: { id: string; metadata: ResourceMetadata; spec: GroupSpec; now: Date; by: string },
): Writes | DomainError {
  const group = liveGroup(state)
  if (!group) return notFound('group', command.id)
  const metadata = normalizedMetadata(command.metadata)
  const at = command.now.toISOString()
  const by = command.by
  const roleIds = distinct(command.spec.roleIds)
  const events: DomainEvent[] = []
  const extras: Extra[] = []
  if (!sameMetadata(group.metadata, metadata) || !sameSet(group.roleIds, roleIds)) events.push(NscaleGroupUpdated({ metadata, roleIds, at, by }))
  if (metadata.name !== group.metadata.name) {
    extras.push({ kind: 'release', key: groupNameKey(group.organizationId, group.metadata.name), owner: group.id })
    extras.push(nameReservation(group.organizationId, metadata.name, group.id))
  }
  const users = diff(group.userIds, command.spec.userIds)
  const accounts = diff(group.serviceAccountIds, command.spec.serviceAccountIds)
  if (users.added.length > 0 || accounts.added.length > 0) {
    events.push(NscaleGroupMembersAdded({ userIds: users.added, serviceAccountIds: accounts.added, at, by }))
  }
  if (users.removed.length > 0 || accounts.removed.length > 0) {
    events.push(NscaleGroupMembersRemoved({ userIds: users.removed, serviceAccountIds: accounts.removed, at, by }))
  }
  return { appends: events.length > 0 ? [{ streamId: groupStreamId(group.organizationId, group.id), events }] : [], extras }
}

/** Deletes the group; the caller also removes it from its projects (`group.projectIds`, spec #38). */
export function planDeleteGroup(state: GroupState, command: { id: string; now: Date; by: string }): Writes | DomainError {
  const group = liveGroup(state)
  if (!group) return notFound('group', command.id)
  return {
    appends: [{ streamId: groupStreamId(group.organizationId, group.id), events: [NscaleGroupDeleted({ at: command.now.toISOString(), by: command.by })] }],
    extras: [{ kind: 'release', key: groupNameKey(group.organizationId, group.metadata.name), owner: group.id }],
  }
}

export type MemberKind = 'user' | 'serviceAccount'

/**
 * Reconciles one member's groups to `wanted` (a user's or service account's `spec.groupIDs`, spec §4.6):
 * appends to every group it joins or leaves. `groups` holds the state of every group named in `wanted` and of
 * every group the member is in now; a wanted group that does not exist is a 400 (spec §9 #23).
 */
export function planMemberGroups(
  groups: ReadonlyMap<string, GroupState>,
  member: { kind: MemberKind; id: string },
  wanted: readonly string[],
  command: { now: Date; by: string },
): Writes | DomainError {
  const at = command.now.toISOString()
  const wantedSet = new Set(wanted)
  for (const groupId of wantedSet) {
    if (!liveGroup(groups.get(groupId) ?? { deleted: false })) return invalidArgument('spec.groupIDs', `group ${groupId} does not exist`)
  }
  const appends: Writes['appends'] = []
  for (const [groupId, state] of groups) {
    const group = liveGroup(state)
    if (!group) continue
    const isMember = membersOf(group, member.kind).includes(member.id)
    const ids = member.kind === 'user' ? { userIds: [member.id], serviceAccountIds: [] } : { userIds: [], serviceAccountIds: [member.id] }
    if (wantedSet.has(groupId) && !isMember) {
      appends.push({ streamId: groupStreamId(group.organizationId, groupId), events: [NscaleGroupMembersAdded({ ...ids, at, by: command.by })] })
    } else if (!wantedSet.has(groupId) && isMember) {
      appends.push({ streamId: groupStreamId(group.organizationId, groupId), events: [NscaleGroupMembersRemoved({ ...ids, at, by: command.by })] })
    }
  }
  return { appends, extras: [] }
}

/** Binds or unbinds a project on groups (a project's `groupIDs` changed, or the project is deleted). */
export function planProjectBindings(
  organizationId: string,
  projectId: string,
  change: { bound: readonly string[]; unbound: readonly string[] },
  now: Date,
): Writes['appends'] {
  const at = now.toISOString()
  return [
    ...change.bound.map((groupId) => ({ streamId: groupStreamId(organizationId, groupId), events: [NscaleGroupProjectsBound({ projectIds: [projectId], at })] })),
    ...change.unbound.map((groupId) => ({ streamId: groupStreamId(organizationId, groupId), events: [NscaleGroupProjectsUnbound({ projectIds: [projectId], at })] })),
  ]
}

export function membersOf(group: Group, kind: MemberKind): string[] {
  return kind === 'user' ? group.userIds : group.serviceAccountIds
}

function nameReservation(organizationId: string, name: string, id: string): Extra {
  return { kind: 'reserve', key: groupNameKey(organizationId, name), owner: id, onTaken: alreadyExists('group', name, 'a resource with the same name already exists') }
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)]
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && new Set([...a, ...b]).size === a.length
}

function diff(current: readonly string[], wanted: readonly string[]): { added: string[]; removed: string[] } {
  return { added: without(distinct(wanted), current), removed: without(current, wanted) }
}
