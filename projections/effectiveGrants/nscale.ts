// nscale's part of the effective grants (README "Adding a surface"). An nscale group is an engine group whose one
// policy is the group itself (policy id = group id): its statements are compiled from the group's roles (configured
// in domain/nscale/rbac/roles.json) and the projects that name it, as of the group stream version that last changed
// either, so every fact comes from the ONE group stream:
//   NscaleGroupMembersAdded / Removed   membership of users (memberships) and service accounts
//   Created / Updated / ProjectsBound / ProjectsUnbound   compiled version pv = the event's version, attached to the group
//   Deleted                             the attachment ends and every member leaves
// The group's roles and projects are folded into the projection's own `nscaleGroup/<G> state` item (like a Scaleway
// policy's state), so an event knows the rest of the group without reading another projection.
// A change to roles.json changes what versions compile to: rebuild the projection (`iam projections rebuild effectiveGrants`).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import {
  NscaleGroupCreated, NscaleGroupDeleted, NscaleGroupMembersAdded, NscaleGroupMembersRemoved, NscaleGroupProjectsBound,
  NscaleGroupProjectsUnbound, NscaleGroupUpdated,
} from '../../domain/nscale/group/events.js'
import { NSCALE_GROUP, union, without } from '../../domain/nscale/group/evolve.js'
import { compileGroup } from '../../domain/nscale/rbac/compile.js'
import { RBAC_CONFIG, type RbacConfig } from '../../domain/nscale/rbac/config.js'
import type { ModelKey, ProjectionIO } from '../contract.js'
import { applyChanges } from './apply.js'
import type { GrantsChange } from './changes.js'
import { encodeStatements } from './compiled.js'

export const NSCALE_GRANT_SOURCES = [NSCALE_GROUP] as const

export function isNscaleGroupEvent(event: StoredEvent): boolean {
  return parseStreamId(event.streamId).aggregateType === NSCALE_GROUP
}

/** What the grants need of a group, folded from its stream. */
export interface NscaleGroupGrantState {
  [attribute: string]: unknown
  version: number
  roleIds: string[]
  projectIds: string[]
  live: boolean
}

export function nscaleGroupStateKey(organizationId: string, groupId: string): ModelKey {
  return { scope: organizationId, partition: `nscaleGroup/${groupId}`, sort: 'state' }
}

export async function applyNscaleGroupEvent(io: ProjectionIO, event: StoredEvent, config: RbacConfig = RBAC_CONFIG): Promise<void> {
  const { organizationId, aggregateId: groupId } = parseStreamId(event.streamId)
  const members = membershipChanges(groupId, event)
  if (members) return applyChanges(io, organizationId, members)
  const state = await foldGroup(io, organizationId, groupId, event)
  if (state) await applyChanges(io, organizationId, groupChanges(organizationId, groupId, state, event, config))
}

function membershipChanges(groupId: string, event: StoredEvent): GrantsChange[] | undefined {
  if (event.type !== NscaleGroupMembersAdded.type && event.type !== NscaleGroupMembersRemoved.type) return undefined
  const { userIds, serviceAccountIds } = event.data as { userIds: string[]; serviceAccountIds: string[] }
  const member = event.type === NscaleGroupMembersAdded.type
  return [...userIds, ...serviceAccountIds].map((principalId) => ({ kind: 'membership', groupId, principalId, version: event.version, member }))
}

/** The state after `event`, or undefined when it changes nothing the grants depend on. */
export function nscaleGroupStep(state: NscaleGroupGrantState | undefined, event: StoredEvent): NscaleGroupGrantState | undefined {
  const version = event.version
  if (event.type === NscaleGroupCreated.type) {
    return { version, roleIds: (event.data as { roleIds: string[] }).roleIds, projectIds: [], live: true }
  }
  if (!state) return undefined
  switch (event.type) {
    case NscaleGroupUpdated.type:
      return { ...state, version, roleIds: (event.data as { roleIds: string[] }).roleIds }
    case NscaleGroupProjectsBound.type:
      return { ...state, version, projectIds: union(state.projectIds, (event.data as { projectIds: string[] }).projectIds) }
    case NscaleGroupProjectsUnbound.type:
      return { ...state, version, projectIds: without(state.projectIds, (event.data as { projectIds: string[] }).projectIds) }
    case NscaleGroupDeleted.type:
      return { ...state, version, live: false }
    default:
      return undefined
  }
}

/** The compiled version first, then the group's attachment of it (or its end, and every member leaving). */
export function groupChanges(organizationId: string, groupId: string, state: NscaleGroupGrantState, event: StoredEvent, config: RbacConfig): GrantsChange[] {
  const version = state.version
  if (!state.live) {
    return [{ kind: 'groupPolicy', groupId, policyId: groupId, version, grant: null }, { kind: 'groupDeleted', groupId, version }]
  }
  const statements = compileGroup({ organizationId, groupId, version, roleIds: state.roleIds, projectIds: state.projectIds }, config)
  return [
    { kind: 'compiled', policyId: groupId, policyVersion: version, model: encodeStatements(statements) },
    { kind: 'groupPolicy', groupId, policyId: groupId, version, grant: { pv: version } },
  ]
}

/** Like the Scaleway policy state: a re-applied event finds the state at its own version and writes the same facts. */
async function foldGroup(io: ProjectionIO, organizationId: string, groupId: string, event: StoredEvent): Promise<NscaleGroupGrantState | undefined> {
  let folded: NscaleGroupGrantState | undefined
  await io.modify([nscaleGroupStateKey(organizationId, groupId)], (current) => {
    const stored = current as NscaleGroupGrantState | undefined
    if (stored && stored.version >= event.version) {
      folded = stored.version === event.version ? stored : undefined
      return undefined
    }
    folded = nscaleGroupStep(stored, event)
    return folded
  })
  return folded
}
