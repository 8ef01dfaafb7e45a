// The state of an nscale allocation, folded from its events.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { ResourceHistory, ResourceMetadata } from '../resourceMetadata.js'
import type { AllocationEvent, AllocationSpec } from './events.js'

export const ALLOCATION = 'nscale-allocation'

export interface Allocation extends ResourceHistory {
  id: string
  organizationId: string
  projectId: string
  metadata: ResourceMetadata
  spec: AllocationSpec
}

export interface AllocationState {
  allocation?: Allocation
  deleted: boolean
}

export function evolveAllocation(state: AllocationState, event: AllocationEvent): AllocationState {
  switch (event.type) {
    case 'NscaleAllocationCreated': {
      const { at, by, ...created } = event.data
      return { allocation: { ...created, createdAt: at, createdBy: by }, deleted: false }
    }
    case 'NscaleAllocationUpdated': {
      if (!state.allocation) return state
      const { metadata, spec, at, by } = event.data
      return { ...state, allocation: { ...state.allocation, metadata, spec, modifiedAt: at, modifiedBy: by } }
    }
    case 'NscaleAllocationDeleted':
      return { ...state, deleted: true }
  }
}

export const allocationDecider: Decider<AllocationState, AllocationEvent> = {
  aggregateType: ALLOCATION,
  initialState: () => ({ deleted: false }),
  evolve: evolveAllocation,
}

export function allocationStreamId(organizationId: string, allocationId: string): string {
  return streamId(organizationId, ALLOCATION, allocationId)
}

/** The allocation when it exists and is not deleted. */
export function liveAllocation(state: AllocationState): Allocation | undefined {
  return state.deleted ? undefined : state.allocation
}
