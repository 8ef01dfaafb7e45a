import { describe, expect, it } from 'vitest'
import type { Extra } from '../core/ports.js'
import { SshKeyDisabled, SshKeyRenamed } from './sshKey/events.js'
import { sshKeyDecider } from './sshKey/evolve.js'
import { combine, MAX_ITEMS_PER_REQUEST, stateAfter, withinOneRequest, writes } from './plan.js'

const T0 = '2025-01-01T00:00:00.000Z'
const counter: Extra = { kind: 'counter', key: { pk: 'o#q', sk: 'users' }, delta: 1 }

describe('planned writes', () => {
  it('merges parts, keeping the order of events per stream and dropping streams with none', () => {
    const plan = combine(writes('s1', [SshKeyRenamed({ name: 'a', at: T0 })], [counter]), writes('s2', []), writes('s1', [SshKeyDisabled({ at: T0 })]))
    expect(plan.appends).toEqual([{ streamId: 's1', events: [SshKeyRenamed({ name: 'a', at: T0 }), SshKeyDisabled({ at: T0 })] }])
    expect(plan.extras).toEqual([counter])
  })

  it('refuses a plan of more items than one request holds (412), counting events and extras', () => {
    const events = Array.from({ length: MAX_ITEMS_PER_REQUEST - 1 }, () => SshKeyDisabled({ at: T0 }))
    expect(withinOneRequest(writes('s', events, [counter]))).toMatchObject({ appends: expect.any(Array) })
    expect(withinOneRequest(writes('s', [...events, SshKeyDisabled({ at: T0 })], [counter]))).toMatchObject({
      kind: 'precondition_failed',
      precondition: 'request_too_large',
    })
  })

  it("folds a plan's events onto a stream's state for the response", () => {
    const before = { key: { id: 'k', organizationId: 'o', projectId: 'o', name: 'old', publicKey: '', fingerprint: '', keyDigest: '', disabled: false, createdAt: T0, updatedAt: T0 }, deleted: false }
    const after = stateAfter(sshKeyDecider, before, writes('s', [SshKeyRenamed({ name: 'new', at: T0 })]), 's')
    expect(after.key!.name).toBe('new')
    expect(stateAfter(sshKeyDecider, before, writes('s', [SshKeyRenamed({ name: 'new', at: T0 })]), 'other')).toBe(before)
  })
})
