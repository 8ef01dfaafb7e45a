import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { eventsOf, ok, typesOf } from '../../scaleway/testing.js'
import { linksDecider, linksStream } from '../links/evolve.js'
import { loadBindingStates, planBindings } from './bind.js'
import { decidePolicy, MAX_POLICY_VERSIONS, type PolicyCommand } from './decide.js'
import { defaultVersion, policyDecider, policyStream, type PolicyState } from './evolve.js'
import { planCreatePolicy, planDeletePolicies, planSetPolicy } from './plan.js'

const org = 'a'.repeat(32)
const id = 'b'.repeat(32)
const user = 'c'.repeat(32)
const at = '2026-11-25T00:00:00.000Z'
const by = 'd'.repeat(32)
const doc = (action: string) => ({ Version: '2024-07-01', Statement: [{ Effect: 'Allow', Action: [action], Resource: ['*'] }] })
const versionId = (n: number) => n.toString(16).padStart(32, '0')

function created(): PolicyState {
  const command: Extract<PolicyCommand, { type: 'CreatePolicy' }> = {
    type: 'CreatePolicy', organizationId: org, id, at, by, name: 'ViewerAccess', description: null, category: 'IDENTITY_BASED',
    policyType: 'USER_DEFINED', serviceType: 'iam', tags: [], version: { versionId: versionId(1), document: doc('iam:Get*') },
  }
  return fold(policyDecider, eventsOf(ok(planCreatePolicy(command)), policyStream(org, id)) as never)
}

const set = (state: PolicyState, fields: Partial<Extract<PolicyCommand, { type: 'SetPolicy' }>>) =>
  decidePolicy(state, { type: 'SetPolicy', organizationId: org, id, at, by, ...fields })

describe('SCP policy', () => {
  it('is created with one version, which is the default, and its name reserved', () => {
    const state = created()
    expect(state.policy?.versions.map((version) => version.name)).toEqual(['POLICY_VERSION_1'])
    expect(defaultVersion(state.policy!)?.document.Statement[0]).toMatchObject({ Effect: 'Allow', Action: ['iam:Get*'], Sid: 'statement1' })
  })

  it('refuses an invalid document naming the field, and SYSTEM_MANAGED', () => {
    const invalid = set(created(), { version: { versionId: versionId(2), document: { Version: '2024-07-01', Statement: [{ Effect: 'Maybe', Action: ['iam:*'], Resource: ['*'] }] } } })
    expect(invalid).toMatchObject({ kind: 'invalid_argument', argument: expect.stringContaining('policy_version.policy_document.Statement[0]') })
    const command = { type: 'CreatePolicy' as const, organizationId: org, id, at, by, name: 'Managed', description: null, category: 'IDENTITY_BASED' as const, policyType: 'SYSTEM_MANAGED' as const, serviceType: 'iam', tags: [], version: { versionId: versionId(1), document: doc('iam:*') } }
    expect(decidePolicy({ deleted: false }, command)).toMatchObject({ kind: 'permission_denied' })
  })

  it('makes a new version the default unless default_version_id names another, and keeps at most five', () => {
    let state = created()
    const events = ok(set(state, { version: { versionId: versionId(2), document: doc('iam:List*') } }))
    expect(typesOf(events)).toEqual(['ScpPolicyVersionAdded', 'ScpPolicyDefaultVersionSet'])
    state = fold(policyDecider, events as never, state)
    const kept = ok(set(state, { version: { versionId: versionId(3), document: doc('iam:*') }, defaultVersionId: versionId(1) }))
    state = fold(policyDecider, kept as never, state)
    expect(state.policy?.defaultVersionId).toBe(versionId(1))
    expect(set(state, { defaultVersionId: versionId(9) })).toMatchObject({ kind: 'invalid_argument', argument: 'default_version_id' })
    for (let n = 4; n <= 7; n++) state = fold(policyDecider, ok(set(state, { version: { versionId: versionId(n), document: doc('iam:*') } })) as never, state)
    expect(state.policy?.versions).toHaveLength(MAX_POLICY_VERSIONS)
    expect(state.policy?.versions.map((version) => version.id)).not.toContain(versionId(2))
  })

  it('renames with a swap of reservations, and changes nothing when nothing differs', () => {
    const state = created()
    expect(ok(planSetPolicy(state, { type: 'SetPolicy', organizationId: org, id, at, by, name: 'Other' })).extras.map((extra) => extra.kind)).toEqual(['release', 'reserve'])
    expect(ok(set(state, { name: 'ViewerAccess', description: null }))).toEqual([])
  })

  it('binds on both sides, refuses deletion while a live identity holds it, and deletes once that one is gone', async () => {
    const state = created()
    const change = { policyId: id, identityType: 'USER' as const, identityId: user, bind: true }
    const plan = ok(planBindings(org, { policies: new Map([[id, state]]), links: new Map() }, [change, change], at, by))
    expect(typesOf(eventsOf(plan, policyStream(org, id)))).toEqual(['ScpPolicyBound'])
    expect(typesOf(eventsOf(plan, linksStream(org, user)))).toEqual(['ScpLinksPoliciesAttached'])
    const bound = fold(policyDecider, eventsOf(plan, policyStream(org, id)) as never, state)
    const deletion = { type: 'DeletePolicy', organizationId: org, id, at, by } as const
    expect(planDeletePolicies([{ state: bound, command: { ...deletion, goneIdentities: [] } }])).toMatchObject({ kind: 'conflict' })
    const gone = ok(planDeletePolicies([{ state: bound, command: { ...deletion, goneIdentities: [{ identityType: 'USER', identityId: user }] } }]))
    expect(typesOf(eventsOf(gone, policyStream(org, id)))).toEqual(['ScpPolicyDeleted'])
    const second = 'f'.repeat(32)
    const both = ok(planBindings(org, { policies: new Map([[id, state]]), links: new Map() }, [change, { ...change, identityId: second }], at, by))
    expect(eventsOf(both, policyStream(org, id))).toMatchObject([{ type: 'ScpPolicyBound', data: { identityIds: [user, second] } }])
    const missing = { policyId: 'e'.repeat(32), identityType: 'GROUP' as const, identityId: user, bind: true }
    const loaded = await loadBindingStates({ load: async (decider) => ({ state: decider.initialState(), version: 0 }) }, org, [missing])
    expect(loaded.links.get(user)).toEqual(linksDecider.initialState())
    expect(planBindings(org, loaded, [missing], at, by)).toMatchObject({ kind: 'not_found', resource: 'policy' })
  })
})
