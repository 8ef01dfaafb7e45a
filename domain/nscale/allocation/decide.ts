// Decisions on an nscale allocation (spec §3.2 #47–50, §7, §9 #9, #12): create, replace, delete. One allocation
// per consuming resource (`spec.kind`, `spec.id`) per project (409 on a duplicate). Each kind appears once in
// `spec.allocations`. The quota check is not made here: the usage counters enforce it in the same request.
import { alreadyExists, invalidArgument, notFound, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { normalizedMetadata, sameMetadata, type ResourceMetadata } from '../resourceMetadata.js'
import { KIND_PATTERN } from '../quota/kinds.js'
import { allocationUsageExtras } from '../quota/usage.js'
import { allocationCreationGate } from '../project/allocationGate.js'
import {
  ALLOCATION_ENTRIES_MAX,
  NscaleAllocationCreated,
  NscaleAllocationDeleted,
  NscaleAllocationUpdated,
  RESOURCE_ID_MAX,
  type AllocationEvent,
  type AllocationSpec,
} from './events.js'
import { allocationStreamId, liveAllocation, type Allocation, type AllocationState } from './evolve.js'

export interface CreateAllocation {
  id: string
  organizationId: string
  projectId: string
  metadata: ResourceMetadata
  spec: AllocationSpec
  at: string
  by: string
}

export interface UpdateAllocation {
  id: string
  projectId: string
  metadata: ResourceMetadata
  spec: AllocationSpec
  at: string
  by: string
}

type Decision = AllocationEvent[] | DomainError

export function createAllocation(state: AllocationState, command: CreateAllocation): Decision {
  if (state.allocation) return alreadyExists('allocation', command.id)
  const invalid = checkSpec(command.spec)
  if (invalid) return invalid
  const { at, by, metadata, spec, ...ids } = command
  return [NscaleAllocationCreated({ ...ids, metadata: normalizedMetadata(metadata), spec: normalizedSpec(spec), at, by })]
}

export function updateAllocation(state: AllocationState, command: UpdateAllocation): Decision {
  const allocation = owned(state, command.projectId)
  if (!allocation) return notFound('allocation', command.id)
  const invalid = checkSpec(command.spec)
  if (invalid) return invalid
  const metadata = normalizedMetadata(command.metadata)
  const spec = normalizedSpec(command.spec)
  if (sameMetadata(allocation.metadata, metadata) && JSON.stringify(allocation.spec) === JSON.stringify(spec)) return []
  return [NscaleAllocationUpdated({ metadata, spec, at: command.at, by: command.by })]
}

export function deleteAllocation(state: AllocationState, command: { id: string; projectId: string; at: string; by: string }): Decision {
  if (!owned(state, command.projectId)) return notFound('allocation', command.id)
  return [NscaleAllocationDeleted({ at: command.at, by: command.by })]
}

/** The allocation when it is live and belongs to `projectId` (another project's id is a 404, like an unknown one). */
export function owned(state: AllocationState, projectId: string): Allocation | undefined {
  const allocation = liveAllocation(state)
  return allocation && allocation.projectId === projectId ? allocation : undefined
}

function checkSpec(spec: AllocationSpec): DomainError | undefined {
  if (!KIND_PATTERN.test(spec.kind)) return invalidArgument('spec.kind', 'must be a Kubernetes label value')
  if (spec.id.length < 1 || spec.id.length > RESOURCE_ID_MAX) return invalidArgument('spec.id', `must be 1 to ${RESOURCE_ID_MAX} characters`)
  if (spec.allocations.length > ALLOCATION_ENTRIES_MAX) return invalidArgument('spec.allocations', `at most ${ALLOCATION_ENTRIES_MAX} entries`)
  const kinds = new Set<string>()
  for (const { kind, committed, reserved } of spec.allocations) {
    if (!KIND_PATTERN.test(kind)) return invalidArgument('spec.allocations', `kind "${kind.slice(0, 64)}" must be a Kubernetes label value`)
    if (kinds.has(kind)) return invalidArgument('spec.allocations', `kind "${kind}" is listed twice`)
    if (![committed, reserved].every((n) => Number.isSafeInteger(n) && n >= 0)) return invalidArgument('spec.allocations', 'committed and reserved must be integers ≥ 0')
    kinds.add(kind)
  }
  return undefined
}

function normalizedSpec(spec: AllocationSpec): AllocationSpec {
  return { kind: spec.kind, id: spec.id, allocations: spec.allocations.map(({ kind, committed, reserved }) => ({ kind, committed, reserved })) }
}

/** The prefix of every owner reservation of a project's allocations (their owner is the allocation id). */
export function allocationOwnerPrefix(organizationId: string, projectId: string): StateKey {
  return { pk: `${organizationId}#nscale-allocation-owner`, sk: `${projectId}#` }
}

/** The reservation that makes (`spec.kind`, `spec.id`) unique within a project. */
export function allocationOwnerKey(organizationId: string, projectId: string, spec: Pick<AllocationSpec, 'kind' | 'id'>): StateKey {
  const prefix = allocationOwnerPrefix(organizationId, projectId)
  return { pk: prefix.pk, sk: `${prefix.sk}${spec.kind}#${spec.id}` }
}

export interface AllocationPlan {
  streamId: string
  events: AllocationEvent[]
  extras: Extra[]
}

/**
 * The writes of `events` applied to `before`: the events, the owner reservation moves, the usage counters,
 * limited by `limits` (the quota's quantities read at `quotaVersion`), and on creation the project's gate.
 */
export function allocationWrites(
  before: AllocationState,
  events: AllocationEvent[],
  limits: ReadonlyMap<string, number>,
  quotaVersion: number,
): AllocationPlan | undefined {
  const first = events[0]
  if (!first) return undefined
  const was = liveAllocation(before)
  let after: Allocation | undefined = was
  let deleted = false
  for (const event of events) {
    if (event.type === 'NscaleAllocationCreated') after = { ...event.data, createdAt: event.data.at, createdBy: event.data.by }
    else if (event.type === 'NscaleAllocationUpdated' && after) after = { ...after, metadata: event.data.metadata, spec: event.data.spec }
    else if (event.type === 'NscaleAllocationDeleted') deleted = true
  }
  if (!after) return undefined
  const organizationId = after.organizationId
  const extras: Extra[] = []
  const oldKey = was && allocationOwnerKey(organizationId, was.projectId, was.spec)
  const newKey = deleted ? undefined : allocationOwnerKey(organizationId, after.projectId, after.spec)
  if (oldKey && (!newKey || oldKey.sk !== newKey.sk)) extras.push({ kind: 'release', key: oldKey, owner: after.id })
  if (newKey && (!oldKey || oldKey.sk !== newKey.sk)) {
    extras.push({
      kind: 'reserve', key: newKey, owner: after.id,
      onTaken: alreadyExists('allocation', after.spec.id, `an allocation for ${after.spec.kind} ${after.spec.id} already exists in this project`),
    })
  }
  extras.push(...allocationUsageExtras(organizationId, was?.spec.allocations ?? [], deleted ? [] : after.spec.allocations, limits, quotaVersion))
  // A creation passes the project's gate, so that it cannot slip past a concurrent project delete.
  if (!was && !deleted) extras.push(allocationCreationGate(organizationId, after.projectId))
  return { streamId: allocationStreamId(organizationId, after.id), events, extras }
}
