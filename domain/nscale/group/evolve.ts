// The state of an nscale group, folded from its events.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { ResourceHistory, ResourceMetadata } from '../resourceMetadata.js'
import type { GroupEvent } from './events.js'

export const NSCALE_GROUP = 'nscale-group'

export interface Group extends ResourceHistory {
  id: string
  organizationId: string
  metadata: ResourceMetadata
  roleIds: string[]
  userIds: string[]
  serviceAccountIds: string[]
  projectIds: string[]
}

export interface GroupState {
  group?: Group
  deleted: boolean
}

export function evolveGroup(state: GroupState, event: GroupEvent): GroupState {
  switch (event.type) {
    case 'NscaleGroupCreated': {
      const { at, by, ...created } = event.data
      return { group: { ...created, userIds: [], serviceAccountIds: [], projectIds: [], createdAt: at, createdBy: by }, deleted: false }
    }
    case 'NscaleGroupUpdated':
      return patch(state, () => ({ metadata: event.data.metadata, roleIds: event.data.roleIds, modifiedAt: event.data.at, modifiedBy: event.data.by }))
    case 'NscaleGroupMembersAdded':
      return patch(state, (group) => ({
        userIds: union(group.userIds, event.data.userIds),
        serviceAccountIds: union(group.serviceAccountIds, event.data.serviceAccountIds),
      }))
    case 'NscaleGroupMembersRemoved':
      return patch(state, (group) => ({
        userIds: without(group.userIds, event.data.userIds),
        serviceAccountIds: without(group.serviceAccountIds, event.data.serviceAccountIds),
      }))
    case 'NscaleGroupProjectsBound':
      return patch(state, (group) => ({ projectIds: union(group.projectIds, event.data.projectIds) }))
    case 'NscaleGroupProjectsUnbound':
      return patch(state, (group) => ({ projectIds: without(group.projectIds, event.data.projectIds) }))
    case 'NscaleGroupDeleted':
      return { ...state, deleted: true }
  }
}

function patch(state: GroupState, changes: (group: Group) => Partial<Group>): GroupState {
  return state.group ? { ...state, group: { ...state.group, ...changes(state.group) } } : state
}

export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])]
}

export function without(a: readonly string[], b: readonly string[]): string[] {
  const removed = new Set(b)
  return a.filter((value) => !removed.has(value))
}

export const groupDecider: Decider<GroupState, GroupEvent> = {
  aggregateType: NSCALE_GROUP,
  initialState: () => ({ deleted: false }),
  evolve: evolveGroup,
}

export function groupStreamId(organizationId: string, groupId: string): string {
  return streamId(organizationId, NSCALE_GROUP, groupId)
}

export function liveGroup(state: GroupState): Group | undefined {
  return state.deleted ? undefined : state.group
}
