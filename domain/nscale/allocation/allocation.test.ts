import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { quotaVersionKey, usageCounterKey } from '../quota/usage.js'
import { allocationGateKey, GATE_CLOSED } from '../project/allocationGate.js'
import { allocationOwnerKey, allocationWrites, createAllocation, deleteAllocation, updateAllocation } from './decide.js'
import type { AllocationEvent } from './events.js'
import { allocationDecider, allocationStreamId, liveAllocation } from './evolve.js'

const ORG = 'a'.repeat(32)
const PROJECT = 'b'.repeat(32)
const OTHER = 'd'.repeat(32)
const ID = 'c'.repeat(32)
const AT = '2026-01-01T00:00:00Z'
const spec = { kind: 'kubernetescluster', id: 'cluster-1', allocations: [{ kind: 'gpus', committed: 2, reserved: 1 }] }
const create = { id: ID, organizationId: ORG, projectId: PROJECT, metadata: { name: 'undefined' }, spec, at: AT, by: 'svc' }
const limits = new Map([['gpus', 10]])
const given = (...events: AllocationEvent[]) => fold(allocationDecider, events)

describe('allocations', () => {
  const created = createAllocation(given(), create) as AllocationEvent[]

  it('are created once, with their project, metadata and spec', () => {
    expect(liveAllocation(given(...created))).toMatchObject({ id: ID, projectId: PROJECT, spec, createdAt: AT, createdBy: 'svc' })
    expect(createAllocation(given(...created), create)).toMatchObject({ kind: 'already_exists' })
  })

  it('refuse a kind listed twice', () => {
    const twice = { ...spec, allocations: [...spec.allocations, { kind: 'gpus', committed: 1, reserved: 0 }] }
    expect(createAllocation(given(), { ...create, spec: twice })).toMatchObject({ kind: 'invalid_argument', argument: 'spec.allocations' })
  })

  it('are replaced, and an unchanged replacement decides nothing', () => {
    const update = { id: ID, projectId: PROJECT, metadata: { name: 'undefined' }, spec, at: AT, by: 'svc' }
    expect(updateAllocation(given(...created), update)).toEqual([])
    const bigger = { ...update, spec: { ...spec, allocations: [{ kind: 'gpus', committed: 4, reserved: 1 }] } }
    expect(updateAllocation(given(...created), bigger)).toMatchObject([{ type: 'NscaleAllocationUpdated' }])
  })

  it('are 404 in another project, unknown or deleted', () => {
    expect(deleteAllocation(given(...created), { id: ID, projectId: OTHER, at: AT, by: 'x' })).toMatchObject({ kind: 'not_found' })
    const deleted = deleteAllocation(given(...created), { id: ID, projectId: PROJECT, at: AT, by: 'x' }) as AllocationEvent[]
    expect(deleteAllocation(given(...created, ...deleted), { id: ID, projectId: PROJECT, at: AT, by: 'x' })).toMatchObject({ kind: 'not_found' })
    expect(deleteAllocation(given(), { id: ID, projectId: PROJECT, at: AT, by: 'x' })).toMatchObject({ kind: 'not_found' })
  })

  it('reserve their consuming resource per project and count usage on create', () => {
    const writes = allocationWrites(given(), created, limits, 2)
    expect(writes?.streamId).toBe(allocationStreamId(ORG, ID))
    expect(writes?.extras).toEqual([
      expect.objectContaining({ kind: 'reserve', key: allocationOwnerKey(ORG, PROJECT, spec), owner: ID }),
      expect.objectContaining({ kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: 3, limit: 10 }),
      expect.objectContaining({ kind: 'counter', key: usageCounterKey(ORG, 'committed', 'gpus'), delta: 2 }),
      expect.objectContaining({ kind: 'counter', key: usageCounterKey(ORG, 'reserved', 'gpus'), delta: 1 }),
      expect.objectContaining({ kind: 'reserve', key: quotaVersionKey(ORG), owner: 'v2' }),
      expect.objectContaining({ kind: 'counter', key: allocationGateKey(ORG, PROJECT), delta: 1, limit: GATE_CLOSED - 1, onLimit: expect.objectContaining({ kind: 'not_found', resource: 'project' }) }),
    ])
  })

  it('count only the difference on update, moving the reservation when the consuming resource changes', () => {
    const update = { id: ID, projectId: PROJECT, metadata: { name: 'undefined' }, at: AT, by: 'svc', spec: { ...spec, id: 'cluster-2', allocations: [{ kind: 'gpus', committed: 1, reserved: 1 }] } }
    const events = updateAllocation(given(...created), update) as AllocationEvent[]
    expect(allocationWrites(given(...created), events, limits, 0)?.extras).toEqual([
      { kind: 'release', key: allocationOwnerKey(ORG, PROJECT, spec), owner: ID },
      expect.objectContaining({ kind: 'reserve', key: allocationOwnerKey(ORG, PROJECT, update.spec), owner: ID }),
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: -1 },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'gpus'), delta: -1 },
    ])
  })

  it('free everything on delete', () => {
    const deleted = deleteAllocation(given(...created), { id: ID, projectId: PROJECT, at: AT, by: 'x' }) as AllocationEvent[]
    expect(allocationWrites(given(...created), deleted, limits, 0)?.extras).toEqual([
      { kind: 'release', key: allocationOwnerKey(ORG, PROJECT, spec), owner: ID },
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: -3 },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'gpus'), delta: -2 },
      { kind: 'counter', key: usageCounterKey(ORG, 'reserved', 'gpus'), delta: -1 },
    ])
  })
})
