import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { allocationOwnerKey, createAllocation } from '../allocation/decide.js'
import type { AllocationEvent } from '../allocation/events.js'
import { allocationDecider, allocationStreamId, type AllocationState } from '../allocation/evolve.js'
import { usageCounterKey } from '../quota/usage.js'
import { allocationCreationGate, allocationGateKey, closeAllocationGate, GATE_CLOSED, gateValue, isAllocationCreatedMeanwhile } from './allocationGate.js'
import { planCreateProject, planDeleteProject, projectNameKey, tooManyAllocationsToCascade } from './decide.js'
import type { ProjectEvent } from './events.js'
import { projectDecider, projectStreamId } from './evolve.js'

const ORG = 'a'.repeat(32)
const PROJECT = 'b'.repeat(32)
const OTHER = 'c'.repeat(32)
const NOW = new Date('2026-01-01T00:00:00Z')
const hex = (n: number) => n.toString(16).padStart(32, '0')

const created = planCreateProject(fold(projectDecider, []), new Map(), { id: PROJECT, organizationId: ORG, metadata: { name: 'p' }, groupIds: [], now: NOW, by: 'admin' })
const project = fold(projectDecider, ('appends' in created ? created.appends[0]!.events : []) as ProjectEvent[])

function allocation(n: number, projectId: string, allocations: Array<{ kind: string; committed: number; reserved: number }>): AllocationState {
  const events = createAllocation(fold(allocationDecider, []), {
    id: hex(n), organizationId: ORG, projectId, metadata: { name: 'undefined' }, spec: { kind: 'cluster', id: `c-${n}`, allocations }, at: NOW.toISOString(), by: 'svc',
  }) as AllocationEvent[]
  return fold(allocationDecider, events)
}

describe('deleting a project', () => {
  it('deletes its allocations in the same transaction, merging their usage per counter, and closes the gate', () => {
    const allocations = [
      allocation(1, PROJECT, [{ kind: 'gpus', committed: 2, reserved: 1 }, { kind: 'servers', committed: 1, reserved: 0 }]),
      allocation(2, PROJECT, [{ kind: 'gpus', committed: 3, reserved: 0 }]),
      allocation(3, OTHER, [{ kind: 'gpus', committed: 7, reserved: 0 }]),
    ]
    const writes = planDeleteProject(project, { gate: 2, allocations }, { id: PROJECT, now: NOW, by: 'admin', maxItems: 99 })
    if (!('appends' in writes)) throw new Error('refused')
    expect(writes.appends.map((append) => [append.streamId, append.events.map((event) => event.type)])).toEqual([
      [projectStreamId(ORG, PROJECT), ['NscaleProjectDeleted']],
      [allocationStreamId(ORG, hex(1)), ['NscaleAllocationDeleted']],
      [allocationStreamId(ORG, hex(2)), ['NscaleAllocationDeleted']],
    ])
    expect(writes.extras).toEqual([
      { kind: 'release', key: projectNameKey(ORG, 'p'), owner: PROJECT },
      expect.objectContaining({ kind: 'counter', key: allocationGateKey(ORG, PROJECT), delta: GATE_CLOSED, limit: 2 + GATE_CLOSED }),
      { kind: 'release', key: allocationOwnerKey(ORG, PROJECT, { kind: 'cluster', id: 'c-1' }), owner: hex(1) },
      { kind: 'release', key: allocationOwnerKey(ORG, PROJECT, { kind: 'cluster', id: 'c-2' }), owner: hex(2) },
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: -6 },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'gpus'), delta: -5 },
      { kind: 'counter', key: usageCounterKey(ORG, 'reserved', 'gpus'), delta: -1 },
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'servers'), delta: -1 },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'servers'), delta: -1 },
    ])
    const keys = writes.extras.map((extra) => `${extra.key.pk}/${extra.key.sk}`)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('is refused (412) when the cascade does not fit one transaction, and is 404 once deleted', () => {
    const allocations = Array.from({ length: 49 }, (_, n) => allocation(n + 1, PROJECT, []))
    expect(planDeleteProject(project, { gate: 49, allocations }, { id: PROJECT, now: NOW, by: 'admin', maxItems: 99 }))
      .toMatchObject({ kind: 'precondition_failed', precondition: 'cascade_too_large' })
    expect(planDeleteProject(project, { gate: 48, allocations: allocations.slice(1) }, { id: PROJECT, now: NOW, by: 'admin', maxItems: 99 })).toHaveProperty('appends')
    expect(tooManyAllocationsToCascade(48, 99)).toBe(false)
    expect(tooManyAllocationsToCascade(49, 99)).toBe(true)
    const gone = planDeleteProject(project, { gate: 0, allocations: [] }, { id: PROJECT, now: NOW, by: 'admin', maxItems: 99 })
    if (!('appends' in gone)) throw new Error('refused')
    const deleted = fold(projectDecider, gone.appends[0]!.events as ProjectEvent[], project)
    expect(planDeleteProject(deleted, { gate: 0, allocations: [] }, { id: PROJECT, now: NOW, by: 'admin', maxItems: 99 })).toMatchObject({ kind: 'not_found' })
  })
})

describe('the allocation gate', () => {
  // The counter's condition as the state table writes it: n + delta <= limit, a missing item being 0.
  const passes = (n: number, extra: ReturnType<typeof allocationCreationGate>) =>
    extra.kind === 'counter' && extra.limit !== undefined && n + extra.delta <= extra.limit

  it('lets creations pass until the delete closes it, and closes only if no creation passed since it was read', () => {
    expect(gateValue(undefined)).toBe(0)
    expect(passes(0, allocationCreationGate(ORG, PROJECT))).toBe(true)
    expect(passes(1_000_000, allocationCreationGate(ORG, PROJECT))).toBe(true)
    expect(passes(3, closeAllocationGate(ORG, PROJECT, 3))).toBe(true)
    expect(passes(4, closeAllocationGate(ORG, PROJECT, 3))).toBe(false)
    expect(passes(3 + GATE_CLOSED, allocationCreationGate(ORG, PROJECT))).toBe(false)
    expect(allocationCreationGate(ORG, PROJECT)).toMatchObject({ onLimit: { kind: 'not_found', resource: 'project' } })
    const closing = closeAllocationGate(ORG, PROJECT, 0)
    expect(closing.kind === 'counter' && closing.onLimit && isAllocationCreatedMeanwhile(closing.onLimit)).toBe(true)
  })
})
