// Decisions on nscale projects (spec §3.2 #39–43): create, replace, delete, and the removal of deleted groups.
// Every `groupIDs` entry must be a live group of the organization (400, spec #40, #42); the groups gained and lost
// get NscaleGroupProjectsBound / Unbound in the same transaction. Names are unique per organization (409).
import { alreadyExists, invalidArgument, notFound, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { planProjectBindings, type Writes } from '../group/decide.js'
import { liveGroup, without, type GroupState } from '../group/evolve.js'
import { normalizedMetadata, sameMetadata, type ResourceMetadata } from '../resourceMetadata.js'
import { NscaleProjectCreated, NscaleProjectDeleted, NscaleProjectGroupsRemoved, NscaleProjectUpdated } from './events.js'
import { liveProject, projectStreamId, type ProjectState } from './evolve.js'

export function projectNameKey(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#nscale-project-name`, sk: name }
}

/** `groups` holds the state of every group named in `groupIds`. */
export function planCreateProject(
  state: ProjectState,
  groups: ReadonlyMap<string, GroupState>,
  command: { id: string; organizationId: string; metadata: ResourceMetadata; groupIds: readonly string[]; now: Date; by: string },
): Writes | DomainError {
  if (state.project) return alreadyExists('project', command.id)
  const { id, organizationId, now } = command
  const groupIds = [...new Set(command.groupIds)]
  const missing = missingGroup(groups, groupIds)
  if (missing) return missing
  const metadata = normalizedMetadata(command.metadata)
  const created = NscaleProjectCreated({ id, organizationId, metadata, groupIds, at: now.toISOString(), by: command.by })
  return {
    appends: [{ streamId: projectStreamId(organizationId, id), events: [created] }, ...planProjectBindings(organizationId, id, { bound: groupIds, unbound: [] }, now)],
    extras: [nameReservation(organizationId, metadata.name, id)],
  }
}

/** `groups` holds the state of every group named in `groupIds`. */
export function planReplaceProject(
  state: ProjectState,
  groups: ReadonlyMap<string, GroupState>,
  command: { id: string; metadata: ResourceMetadata; groupIds: readonly string[]; now: Date; by: string },
): Writes | DomainError {
  const project = liveProject(state)
  if (!project) return notFound('project', command.id)
  const groupIds = [...new Set(command.groupIds)]
  const missing = missingGroup(groups, groupIds)
  if (missing) return missing
  const metadata = normalizedMetadata(command.metadata)
  const bound = without(groupIds, project.groupIds)
  const unbound = without(project.groupIds, groupIds)
  if (sameMetadata(project.metadata, metadata) && bound.length === 0 && unbound.length === 0) return { appends: [], extras: [] }
  const { organizationId, id } = project
  const extras: Extra[] = []
  if (metadata.name !== project.metadata.name) {
    extras.push({ kind: 'release', key: projectNameKey(organizationId, project.metadata.name), owner: id })
    extras.push(nameReservation(organizationId, metadata.name, id))
  }
  const updated = NscaleProjectUpdated({ metadata, groupIds, at: command.now.toISOString(), by: command.by })
  return {
    appends: [{ streamId: projectStreamId(organizationId, id), events: [updated] }, ...planProjectBindings(organizationId, id, { bound, unbound }, command.now)],
    extras,
  }
}

export function planDeleteProject(state: ProjectState, command: { id: string; now: Date; by: string }): Writes | DomainError {
  const project = liveProject(state)
  if (!project) return notFound('project', command.id)
  const { organizationId, id } = project
  return {
    appends: [
      { streamId: projectStreamId(organizationId, id), events: [NscaleProjectDeleted({ at: command.now.toISOString(), by: command.by })] },
      ...planProjectBindings(organizationId, id, { bound: [], unbound: project.groupIds }, command.now),
    ],
    extras: [{ kind: 'release', key: projectNameKey(organizationId, project.metadata.name), owner: id }],
  }
}

/** A deleted group leaves the project (no event when the project is gone or no longer names it). */
export function planRemoveGroupFromProject(state: ProjectState, groupId: string, command: { now: Date; by: string }): Writes {
  const project = liveProject(state)
  if (!project || !project.groupIds.includes(groupId)) return { appends: [], extras: [] }
  const removed = NscaleProjectGroupsRemoved({ groupIds: [groupId], at: command.now.toISOString(), by: command.by })
  return { appends: [{ streamId: projectStreamId(project.organizationId, project.id), events: [removed] }], extras: [] }
}

function missingGroup(groups: ReadonlyMap<string, GroupState>, groupIds: readonly string[]): DomainError | undefined {
  const missing = groupIds.find((groupId) => !liveGroup(groups.get(groupId) ?? { deleted: false }))
  return missing ? invalidArgument('spec.groupIDs', `group ${missing} does not exist`) : undefined
}

function nameReservation(organizationId: string, name: string, id: string): Extra {
  return { kind: 'reserve', key: projectNameKey(organizationId, name), owner: id, onTaken: alreadyExists('project', name, 'a resource with the same name already exists') }
}
