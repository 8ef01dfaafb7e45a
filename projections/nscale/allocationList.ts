// The allocations of an organization (all projects), one item per live allocation in one partition, sorted by id
// (the upstream order of GET …/allocations, which the handler then filters by the caller's project grants).
import type { AllocationEvent } from '../../domain/nscale/allocation/events.js'
import { ALLOCATION, evolveAllocation, liveAllocation, type Allocation } from '../../domain/nscale/allocation/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const ALLOCATION_LIST = 'nscaleAllocationList'
export const ALLOCATION_PARTITION = 'nscale-allocations'

export type AllocationListItem = Allocation & Record<string, unknown>

export const allocationList = streamItemList<AllocationListItem>({
  name: ALLOCATION_LIST,
  aggregateType: ALLOCATION,
  partition: ALLOCATION_PARTITION,
  next: (current, event) => (liveAllocation(evolveAllocation({ allocation: current, deleted: false }, event as unknown as AllocationEvent)) as AllocationListItem | undefined) ?? null,
})

export const allocationListKey = allocationList.key
