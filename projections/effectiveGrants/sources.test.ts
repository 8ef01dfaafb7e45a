import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../domain/core/events.js'
import { decodeCompiledPolicy } from './compiled.js'
import { policyChanges, policyStep, streamChanges, type PolicyGrantState } from './sources.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607100'
const P = '0190f2a5c3e87d1a9b2c3d4e5f607101'
const U = '0190f2a5c3e87d1a9b2c3d4e5f607102'
const G = '0190f2a5c3e87d1a9b2c3d4e5f607103'
const R = '0190f2a5c3e87d1a9b2c3d4e5f607104'
const at = '2025-01-01T00:00:00.000Z'
const rules = [{ id: R, permissionSetNames: ['IAMReadOnly'], scopeType: 'organization', condition: '', organizationId: ORG }]

function stored(stream: string, version: number, type: string, data: unknown): StoredEvent {
  return { streamId: stream, version, type, data, schemaVersion: 1, meta: {} as StoredEvent['meta'] }
}
const policy = (version: number, type: string, data: unknown) => stored(`${ORG}#scw-policy#${P}`, version, type, data)

function run(events: StoredEvent[]): { state?: PolicyGrantState; changes: ReturnType<typeof policyChanges> } {
  let state: PolicyGrantState | undefined
  let changes: ReturnType<typeof policyChanges> = []
  for (const event of events) {
    const next = policyStep(state, event)
    if (!next) continue
    state = next
    changes = policyChanges(ORG, P, next, event)
  }
  return { state, changes }
}

describe('policy events', () => {
  const created = policy(1, 'ScwPolicyCreated', { principal: { kind: 'user', id: U }, rules, at })

  it('compile the rules and grant them to the principal', () => {
    const { changes } = run([created])
    expect(changes.map((change) => change.kind)).toEqual(['compiled', 'direct'])
    expect(changes[1]).toEqual({ kind: 'direct', principalId: U, policyId: P, version: 1, grant: { pv: 1 } })
    const compiled = changes[0]!.kind === 'compiled' ? decodeCompiledPolicy(changes[0]!.model) : undefined
    expect(compiled?.statements).toHaveLength(1)
    expect(compiled?.statements[0]?.source).toEqual({ surface: 'scaleway', policyId: P, policyVersion: 1, ruleId: R })
  })

  it('move the grant from the previous principal to the new one, revoking first', () => {
    const { changes } = run([created, policy(2, 'ScwPolicyUpdated', { name: 'x', at }), policy(3, 'ScwPolicyPrincipalChanged', { principal: { kind: 'group', id: G }, at })])
    expect(changes).toEqual([
      { kind: 'direct', principalId: U, policyId: P, version: 3, grant: null },
      { kind: 'groupPolicy', groupId: G, policyId: P, version: 3, grant: { pv: 1 } },
    ])
  })

  it('keep the compiled version across principal changes and revoke on deletion', () => {
    const { state, changes } = run([created, policy(2, 'ScwPolicyRulesSet', { rules, at }), policy(3, 'ScwPolicyDeleted', { at })])
    expect(state).toMatchObject({ version: 3, pv: 2, live: false })
    expect(changes).toEqual([{ kind: 'direct', principalId: U, policyId: P, version: 3, grant: null }])
  })

  it('ignore events that change no grant', () => {
    expect(policyStep(run([created]).state, policy(2, 'ScwPolicyUpdated', { name: 'n', at }))).toBeUndefined()
  })
})

describe('group and organization events', () => {
  it('map members added and removed, and the owner', () => {
    const group = `${ORG}#scw-group#${G}`
    expect(streamChanges(stored(group, 4, 'ScwGroupMembersAdded', { userIds: [U], applicationIds: [R], at }))).toEqual([
      { kind: 'membership', groupId: G, principalId: U, version: 4, member: true },
      { kind: 'membership', groupId: G, principalId: R, version: 4, member: true },
    ])
    expect(streamChanges(stored(group, 5, 'ScwGroupDeleted', { at }))).toEqual([{ kind: 'groupDeleted', groupId: G, version: 5 }])
    const organization = stored(`${ORG}#organization#${ORG}`, 1, 'OrganizationCreated', { organizationId: ORG, name: 'o', ownerPrincipalId: U, createdAt: at })
    expect(streamChanges(organization)).toEqual([{ kind: 'owner', principalId: U, version: 1, owner: true }])
  })
})
