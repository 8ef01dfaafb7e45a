// Plans of the group commands: the group's events, its name reservation, and the other side of each link on the
// members' `scp-links` streams (so a user lists and leaves its groups from its own stream). Deleting a group
// unbinds its policies in the same request; members keep a stale link to the deleted group, which the next join
// of that user drops (touching every member would make a large group undeletable in one request).
import { alreadyExists, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import type { CommandContext, Extra, StateKey } from '../../core/ports.js'
import { combine, withinOneRequest, writes, type PlannedWrites } from '../../scaleway/plan.js'
import { joinGroups, leaveGroups } from '../links/decide.js'
import { linksDecider, linksStream, type Links } from '../links/evolve.js'
import { identityIsLive } from '../links/identities.js'
import { planBindings, type BindingStates } from '../policy/bind.js'
import { decideGroup, type GroupCommand } from './decide.js'
import { groupDecider, groupStream, liveGroup, type GroupState } from './evolve.js'

/** Group names are unique in an account (exact match, decision §6.22). */
export function groupNameReservation(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#scp-group-name`, sk: name }
}

function reserveName(organizationId: string, id: string, name: string): Extra {
  return { kind: 'reserve', key: groupNameReservation(organizationId, name), owner: id, onTaken: alreadyExists('group', name, 'a group with this name already exists') }
}

/** A user named by a membership command, as loaded by the shell. */
export interface LoadedUser {
  live: boolean
  links: Links
  /** Groups on the user's links that no longer exist. */
  goneGroupIds: string[]
}

export async function loadUsers(ctx: Pick<CommandContext, 'load'>, organizationId: string, userIds: readonly string[], exceptGroupId: string): Promise<Map<string, LoadedUser>> {
  const entries = await Promise.all([...new Set(userIds)].map(async (userId) => {
    const [live, { state: links }] = await Promise.all([
      identityIsLive(ctx, organizationId, 'USER', userId),
      ctx.load(linksDecider, linksStream(organizationId, userId)),
    ])
    const others = links.groupIds.filter((groupId) => groupId !== exceptGroupId)
    const alive = await Promise.all(others.map((groupId) => identityIsLive(ctx, organizationId, 'GROUP', groupId)))
    return [userId, { live, links, goneGroupIds: others.filter((_, index) => !alive[index]) }] as const
  }))
  return new Map(entries)
}

type MembersCommand = Extract<GroupCommand, { type: 'AddGroupMembers' | 'RemoveGroupMembers' }>

/** Joining users must be live users of the account (404 otherwise); leaving ones need not exist any more. */
export function planGroupMembers(state: GroupState, users: ReadonlyMap<string, LoadedUser>, command: MembersCommand): PlannedWrites | DomainError {
  const { organizationId, id, at } = command
  if (command.type === 'AddGroupMembers' && liveGroup(state)) {
    const missing = command.userIds.find((userId) => !users.get(userId)?.live)
    if (missing) return notFound('user', missing)
  }
  const events = decideGroup(state, command)
  if (isDomainError(events)) return events
  const parts: PlannedWrites[] = [writes(groupStream(organizationId, id), events)]
  for (const event of events) {
    if (event.type !== 'ScpGroupMembersAdded' && event.type !== 'ScpGroupMembersRemoved') continue
    for (const userId of event.data.userIds) {
      const user = users.get(userId) ?? { live: false, links: linksDecider.initialState(), goneGroupIds: [] }
      if (event.type === 'ScpGroupMembersRemoved') {
        parts.push(writes(linksStream(organizationId, userId), leaveGroups(user.links, [id], at)))
        continue
      }
      const pruned = leaveGroups(user.links, user.goneGroupIds, at)
      const remaining = { ...user.links, groupIds: user.links.groupIds.filter((groupId) => !user.goneGroupIds.includes(groupId)) }
      const joined = joinGroups(remaining, organizationId, [id], at)
      if (isDomainError(joined)) return joined
      parts.push(writes(linksStream(organizationId, userId), [...pruned, ...joined]))
    }
  }
  return withinOneRequest(combine(...parts))
}

/** GRP-1: the group, its name, its first members and its first policies, in one request. */
export function planCreateGroup(
  command: Extract<GroupCommand, { type: 'CreateGroup' }>,
  users: ReadonlyMap<string, LoadedUser>,
  userIds: readonly string[],
  bindings: BindingStates,
  policyIds: readonly string[],
): PlannedWrites | DomainError {
  const created = decideGroup({ deleted: false }, command)
  if (isDomainError(created)) return created
  const { organizationId, id, at, by } = command
  const state = created.reduce(groupDecider.evolve, { deleted: false } as GroupState)
  const members = planGroupMembers(state, users, { type: 'AddGroupMembers', organizationId, id, at, by, userIds })
  if (isDomainError(members)) return members
  const policies = planBindings(organizationId, bindings, policyIds.map((policyId) => ({ policyId, identityType: 'GROUP', identityId: id, bind: true })), at, by)
  if (isDomainError(policies)) return policies
  return withinOneRequest(combine(writes(groupStream(organizationId, id), created, [reserveName(organizationId, id, command.name)]), members, policies))
}

export function planModifyGroup(state: GroupState, command: Extract<GroupCommand, { type: 'ModifyGroup' }>): PlannedWrites | DomainError {
  const events = decideGroup(state, command)
  if (isDomainError(events)) return events
  const before = state.group!.name
  const extras: Extra[] = events.length > 0 && before !== command.name
    ? [{ kind: 'release', key: groupNameReservation(command.organizationId, before), owner: command.id }, reserveName(command.organizationId, command.id, command.name)]
    : []
  return writes(groupStream(command.organizationId, command.id), events, extras)
}

/** GRP-5: the group goes, its name is freed and its policies are unbound (the group's links name them). */
export function planDeleteGroup(state: GroupState, groupLinks: Links, bindings: BindingStates, command: Extract<GroupCommand, { type: 'DeleteGroup' }>): PlannedWrites | DomainError {
  const events = decideGroup(state, command)
  if (isDomainError(events)) return events
  const { organizationId, id, at, by } = command
  const present = groupLinks.policyIds.filter((policyId) => bindings.policies.get(policyId)?.policy && !bindings.policies.get(policyId)?.deleted)
  const unbound = planBindings(organizationId, bindings, present.map((policyId) => ({ policyId, identityType: 'GROUP', identityId: id, bind: false })), at, by)
  if (isDomainError(unbound)) return unbound
  const release: Extra = { kind: 'release', key: groupNameReservation(organizationId, state.group!.name), owner: id }
  return withinOneRequest(combine(writes(groupStream(organizationId, id), events, [release]), unbound))
}
