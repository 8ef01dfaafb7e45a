// Decisions on nscale projects (spec §3.2 #39–43): create, replace, delete (with its allocations, which frees
// their quota usage), and the removal of deleted groups.
// Every `groupIDs` entry must be a live group of the organization (400, spec #40, #42); the groups gained and lost
// get NscaleGroupProjectsBound / Unbound in the same transaction. Names are unique per organization (409).
import { alreadyExists, invalidArgument, isDomainError, notFound, preconditionFailed, type DomainError } from '../../core/errors.js'
import { toUuid } from '../../core/ids.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { planProjectBindings, type Writes } from '../group/decide.js'
import { liveGroup, without, type GroupState } from '../group/evolve.js'
import { normalizedMetadata, sameMetadata, type ResourceMetadata } from '../resourceMetadata.js'
import { NscaleProjectCreated, NscaleProjectDeleted, NscaleProjectGroupsRemoved, NscaleProjectUpdated } from './events.js'
import { liveProject, projectStreamId, type ProjectState } from './evolve.js'
import { allocationWrites, deleteAllocation, owned } from '../allocation/decide.js'
import type { AllocationState } from '../allocation/evolve.js'
import { mergeCounters } from '../quota/usage.js'
import { closeAllocationGate } from './allocationGate.js'

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

/** What a project delete found of the project's allocations, read inside the command. */
export interface ProjectAllocations {
  /** The allocation gate's value, read before the allocations were listed (allocationGate.ts). */
  gate: number
  /** The allocations the owner reservations named, each folded from its own stream. */
  allocations: readonly AllocationState[]
}

/**
 * The delete of a project and, in the same transaction, of its allocations (DESIGN §4 cascades): each allocation's
 * NscaleAllocationDeleted and owner release, the usage counters decreased (merged per counter: a transaction writes an
 * item once), and the allocation gate closed. `maxItems` is the transaction's capacity minus what the caller adds;
 * a cascade that does not fit is refused (412): the caller deletes allocations first.
 */
export function planDeleteProject(
  state: ProjectState,
  found: ProjectAllocations,
  command: { id: string; now: Date; by: string; maxItems: number },
): Writes | DomainError {
  const project = liveProject(state)
  if (!project) return notFound('project', command.id)
  const { organizationId, id } = project
  const at = command.now.toISOString()
  const cascade: Writes = { appends: [], extras: [] }
  for (const allocation of found.allocations) {
    const live = owned(allocation, id)
    if (!live) continue
    const events = deleteAllocation(allocation, { id: live.id, projectId: id, at, by: command.by })
    const writes = isDomainError(events) ? undefined : allocationWrites(allocation, events, new Map(), 0)
    if (!writes) continue
    cascade.appends.push({ streamId: writes.streamId, events: writes.events })
    cascade.extras.push(...writes.extras)
  }
  const writes: Writes = {
    appends: [
      { streamId: projectStreamId(organizationId, id), events: [NscaleProjectDeleted({ at, by: command.by })] },
      ...planProjectBindings(organizationId, id, { bound: [], unbound: project.groupIds }, command.now),
      ...cascade.appends,
    ],
    extras: [
      { kind: 'release', key: projectNameKey(organizationId, project.metadata.name), owner: id },
      closeAllocationGate(organizationId, id, found.gate),
      ...mergeCounters(cascade.extras),
    ],
  }
  const items = writes.appends.reduce((sum, append) => sum + append.events.length, 0) + writes.extras.length
  return items > command.maxItems ? cascadeTooLarge(id, cascade.appends.length, command.maxItems) : writes
}

/** Whether `count` allocations cannot go in one transaction with their project, whatever they hold (2 items each at least). */
export function tooManyAllocationsToCascade(count: number, maxItems: number): boolean {
  return 2 * count + 3 > maxItems
}

export function cascadeTooLarge(projectId: string, allocations: number, maxItems: number): DomainError {
  return preconditionFailed(
    'cascade_too_large',
    `project ${toUuid(projectId)} has ${allocations} allocations, more than one transaction of ${maxItems} items can delete with it; delete its allocations first`,
  )
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
