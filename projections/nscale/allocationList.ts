// The allocations of an organization (all projects), one item per live allocation in one partition, sorted by id
// (the upstream order of GET …/allocations, which the handler then filters by the caller's project grants).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { AllocationEvent } from '../../domain/nscale/allocation/events.js'
import { ALLOCATION, evolveAllocation, liveAllocation, type Allocation } from '../../domain/nscale/allocation/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const ALLOCATION_LIST = 'nscaleAllocationList'
export const ALLOCATION_PARTITION = 'nscale-allocations'

export type AllocationListItem = Allocation & Record<string, unknown>

export function allocationListKey(organizationId: string, id: string): ModelKey {
  return { scope: organizationId, partition: ALLOCATION_PARTITION, sort: id }
}

function keyOf(event: StoredEvent): ModelKey {
  const { organizationId, aggregateId } = parseStreamId(event.streamId)
  return allocationListKey(organizationId, aggregateId)
}

export const allocationList: PureProjection<AllocationListItem> = {
  kind: 'pure',
  name: ALLOCATION_LIST,
  aggregateTypes: [ALLOCATION],
  keys: (event) => [keyOf(event)],
  evolve(current, event) {
    const id = modelKeyId(keyOf(event))
    const before = current.get(id)
    const after = liveAllocation(evolveAllocation({ allocation: before, deleted: false }, event as AllocationEvent))
    return new Map([[id, after ? (after as AllocationListItem) : null]])
  },
}
