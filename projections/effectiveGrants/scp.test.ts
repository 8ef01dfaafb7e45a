import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../domain/core/events.js'
import { scpGroupChanges, scpPolicyChanges, scpPolicyStep, type ScpPolicyGrantState } from './scp.js'

const org = 'a'.repeat(32)
const policy = 'b'.repeat(32)
const user = 'c'.repeat(32)
const group = 'd'.repeat(32)
const at = '2026-11-25T00:00:00.000Z'
const v1 = '1'.repeat(32)
const v2 = '2'.repeat(32)

function event(type: string, version: number, data: Record<string, unknown>, stream = `${org}#scp-policy#${policy}`): StoredEvent {
  return { streamId: stream, version, type, schemaVersion: 1, data: { ...data, at, by: user }, meta: {} as StoredEvent['meta'] }
}

const document = { Version: '2024-07-01', Statement: [{ Sid: 's1', Effect: 'Allow', Action: ['iam:*'], Resource: ['*'] }] }
const stream = [
  event('ScpPolicyCreated', 1, { id: policy, organizationId: org }),
  event('ScpPolicyVersionAdded', 2, { versionId: v1, name: 'one', document }),
  event('ScpPolicyDefaultVersionSet', 3, { versionId: v1 }),
  event('ScpPolicyBound', 4, { identityType: 'USER', identityIds: [user] }),
  event('ScpPolicyBound', 5, { identityType: 'GROUP', identityIds: [group] }),
  event('ScpPolicyVersionAdded', 6, { versionId: v2, name: 'two', document }),
  event('ScpPolicyDefaultVersionSet', 7, { versionId: v2 }),
  event('ScpPolicyDefaultVersionSet', 8, { versionId: v1 }),
  event('ScpPolicyUnbound', 9, { identityType: 'USER', identityIds: [user] }),
  event('ScpPolicyDeleted', 10, {}),
]

function replay(upTo: number) {
  let state: ScpPolicyGrantState | undefined
  const changes = []
  for (const next of stream.slice(0, upTo)) {
    const after = scpPolicyStep(state, next)
    if (!after) continue
    state = after
    changes.push(...scpPolicyChanges(org, policy, after, next))
  }
  return { state: state!, changes }
}

describe('SCP effective grants', () => {
  it('compiles every version once and grants the default one to users (direct) and groups (fan-out)', () => {
    const { changes } = replay(5)
    expect(changes.map((change) => change.kind)).toEqual(['compiled', 'direct', 'groupPolicy'])
    expect(changes[1]).toMatchObject({ principalId: user, policyId: policy, version: 4, grant: { pv: 2 } })
    expect(changes[2]).toMatchObject({ groupId: group, version: 5, grant: { pv: 2 } })
  })

  it('re-points every holder when the default version changes, back to an older one too', () => {
    const { changes } = replay(8)
    const last = changes.slice(-2)
    expect(last).toEqual([
      { kind: 'direct', principalId: user, policyId: policy, version: 8, grant: { pv: 2 } },
      { kind: 'groupPolicy', groupId: group, policyId: policy, version: 8, grant: { pv: 2 } },
    ])
    expect(changes.filter((change) => change.kind === 'compiled').map((change) => change.kind === 'compiled' && change.policyVersion)).toEqual([2, 6])
  })

  it('revokes on unbinding and from every holder on deletion; a re-applied event writes the same facts', () => {
    const { state, changes } = replay(10)
    expect(changes.slice(-2)).toEqual([
      { kind: 'direct', principalId: user, policyId: policy, version: 9, grant: null },
      { kind: 'groupPolicy', groupId: group, policyId: policy, version: 10, grant: null },
    ])
    expect(scpPolicyChanges(org, policy, state, stream[9]!)).toEqual(changes.slice(-1))
  })

  it('maps group membership like Scaleway groups', () => {
    const joined = event('ScpGroupMembersAdded', 2, { userIds: [user] }, `${org}#scp-group#${group}`)
    expect(scpGroupChanges(joined)).toEqual([{ kind: 'membership', groupId: group, principalId: user, version: 2, member: true }])
    expect(scpGroupChanges(event('ScpGroupDeleted', 3, {}, `${org}#scp-group#${group}`))).toEqual([{ kind: 'groupDeleted', groupId: group, version: 3 }])
  })
})
