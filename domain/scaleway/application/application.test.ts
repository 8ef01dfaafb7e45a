import { describe, expect, it } from 'vitest'
import { credentialIssued, credentialStreamId, credentialItemKey, type CredentialState, credentialDecider } from '../../core/credential/index.js'
import { fold } from '../../core/decider.js'
import { globalKeys } from '../../core/globalItems.js'
import { principalDecider, principalRegistered, principalStatusKey, principalStreamId } from '../../core/principal/index.js'
import { noDependents } from '../cascade.js'
import { GroupCreated, GroupMembersAdded } from '../group/events.js'
import { groupDecider, groupStream } from '../group/evolve.js'
import { PolicyCreated } from '../policy/events.js'
import { policyDecider, policyStream } from '../policy/evolve.js'
import { eventsOf, ok } from '../testing.js'
import { quotaCounterKey } from '../quota/quota.js'
import { decideApplication, planCreateApplication, planUpdateApplication, type ApplicationCommand } from './decide.js'
import { planDeleteApplication } from './delete.js'
import { ApplicationCreated, ApplicationDeleted, ApplicationLinked, ApplicationUpdated, type ApplicationEvent } from './events.js'
import { apiKeyCount, applicationDecider, applicationStream } from './evolve.js'

const ORG = '0'.repeat(31) + '1'
const APP = 'a'.repeat(32)
const GROUP = 'b'.repeat(32)
const POLICY = 'c'.repeat(32)
const KEY = 'd'.repeat(32)
const T0 = '2025-01-01T00:00:00.000Z'
const T1 = '2025-01-02T00:00:00.000Z'

const given = (...events: ApplicationEvent[]) => fold(applicationDecider, events)
const created = (managed = false) => ApplicationCreated({ id: APP, organizationId: ORG, name: 'ci', description: '', tags: [], managed, at: T0 })
const target = { organizationId: ORG, id: APP }
const create = (changes: Partial<Extract<ApplicationCommand, { type: 'CreateApplication' }>> = {}) =>
  ({ ...target, type: 'CreateApplication', name: 'ci', at: T0, ...changes }) as const
const update = (changes: { name?: string; description?: string; tags?: string[] }) => ({ ...target, type: 'UpdateApplication', at: T1, ...changes }) as const

describe('applications', () => {
  it('creates an editable, deletable, unmanaged application with no API keys', () => {
    const state = given(...(ok(decideApplication(given(), create({ description: 'deploys', tags: ['ci'] }))) as ApplicationEvent[]))
    expect(state.application).toMatchObject({ name: 'ci', description: 'deploys', tags: ['ci'], editable: true, deletable: true, managed: false, createdAt: T0, updatedAt: T0 })
    expect(apiKeyCount(state.application!)).toBe(0)
  })

  it('registers the application as a principal and counts it against the quota', () => {
    const plan = ok(planCreateApplication(create()))
    expect(eventsOf(plan, principalStreamId(ORG, APP))).toEqual([principalRegistered({ principalId: APP, organizationId: ORG, kind: 'application' })])
    expect(plan.extras).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'counter', key: quotaCounterKey(ORG, 'applications'), delta: 1, limit: 100 }),
      expect.objectContaining({ kind: 'put', key: principalStatusKey(ORG, APP) }),
    ]))
  })

  it('refuses an invalid name, description or tags', () => {
    expect(decideApplication(given(), create({ name: '' }))).toMatchObject({ kind: 'invalid_argument', argument: 'name' })
    expect(decideApplication(given(), create({ description: 'd'.repeat(201) }))).toMatchObject({ argument: 'description' })
    expect(decideApplication(given(), create({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }))).toMatchObject({ argument: 'tags' })
  })

  it('records only the fields an update changes', () => {
    expect(decideApplication(given(created()), update({ name: 'ci', description: 'new' }))).toEqual([ApplicationUpdated({ description: 'new', at: T1 })])
    expect(decideApplication(given(created()), update({ name: 'ci', tags: [] }))).toEqual([])
    const state = given(created(), ApplicationUpdated({ description: 'new', at: T1 }))
    expect(state.application).toMatchObject({ description: 'new', updatedAt: T1, createdAt: T0 })
  })

  it('refuses to edit or delete a managed application (412)', () => {
    expect(decideApplication(given(created(true)), update({ name: 'x' }))).toMatchObject({ kind: 'precondition_failed', precondition: 'resource_not_editable' })
    expect(decideApplication(given(created(true)), { ...target, type: 'DeleteApplication', at: T1 })).toMatchObject({ kind: 'precondition_failed' })
  })

  it('answers not found for a deleted application', () => {
    const deleted = given(created(), ApplicationDeleted({ at: T1 }))
    expect(planUpdateApplication(deleted, update({ name: 'x' }))).toEqual({ kind: 'not_found', resource: 'application', resourceId: APP })
  })

  it('counts the API keys linked to it as nb_api_keys', () => {
    const state = given(created(), ApplicationLinked({ link: 'api_key', id: KEY }), ApplicationLinked({ link: 'group', id: GROUP }))
    expect(apiKeyCount(state.application!)).toBe(1)
  })

  describe('deletion', () => {
    const linked = given(
      created(),
      ApplicationLinked({ link: 'group', id: GROUP }),
      ApplicationLinked({ link: 'policy', id: POLICY }),
      ApplicationLinked({ link: 'api_key', id: KEY }),
    )
    const principal = fold(principalDecider, [principalRegistered({ principalId: APP, organizationId: ORG, kind: 'application' })])
    const group = fold(groupDecider, [
      GroupCreated({ id: GROUP, organizationId: ORG, name: 'ops', description: '', tags: [], managed: false, at: T0 }),
      GroupMembersAdded({ userIds: [], applicationIds: [APP], at: T0 }),
    ])
    const policy = fold(policyDecider, [
      PolicyCreated({ id: POLICY, organizationId: ORG, name: 'p', description: '', tags: [], principal: { kind: 'application', id: APP }, rules: [], managed: false, at: T0 }),
    ])
    const key: CredentialState = fold(credentialDecider, [
      credentialIssued({
        credentialId: KEY, organizationId: ORG, principalId: APP, principalKind: 'application', kind: 'scaleway_api_key',
        accessKey: 'SCW0123456789ABCDEFGH', description: '', attributes: {}, createdAt: T0,
      }),
    ])
    const dependents = { groups: new Map([[GROUP, group]]), policies: new Map([[POLICY, policy]]), apiKeys: new Map([[KEY, { state: key, item: { secretHash: 'f'.repeat(64) } }]]) }
    const command = { ...target, type: 'DeleteApplication', at: T1 } as const

    it('leaves its groups, detaches its policies and revokes its API keys in the same request', () => {
      const plan = ok(planDeleteApplication(linked, principal, dependents, command))
      expect(eventsOf(plan, applicationStream(ORG, APP)).map((e) => e.type)).toEqual(['ScwApplicationDeleted'])
      expect(eventsOf(plan, principalStreamId(ORG, APP)).map((e) => e.type)).toEqual(['PrincipalDeleted'])
      expect(eventsOf(plan, groupStream(ORG, GROUP))).toEqual([expect.objectContaining({ type: 'ScwGroupMembersRemoved', data: { userIds: [], applicationIds: [APP], at: T1 } })])
      expect(eventsOf(plan, policyStream(ORG, POLICY))).toEqual([expect.objectContaining({ type: 'ScwPolicyPrincipalDetached' })])
      expect(eventsOf(plan, credentialStreamId(ORG, KEY)).map((e) => e.type)).toEqual(['CredentialRevoked'])
      expect(plan.extras).toEqual(expect.arrayContaining([
        { kind: 'counter', key: quotaCounterKey(ORG, 'applications'), delta: -1 },
        { kind: 'counter', key: quotaCounterKey(ORG, 'api_keys'), delta: -1 },
        { kind: 'delete', key: credentialItemKey(ORG, KEY) },
        { kind: 'delete', key: globalKeys.credentialBySecretHash('f'.repeat(64)) },
        { kind: 'delete', key: globalKeys.credentialByAccessKey('SCW0123456789ABCDEFGH') },
        expect.objectContaining({ kind: 'set', key: principalStatusKey(ORG, APP), attributes: { deleted: true } }),
      ]))
    })

    it('skips dependents that are already gone or point elsewhere', () => {
      const plan = ok(planDeleteApplication(linked, principal, noDependents(), command))
      expect(plan.appends.map((a) => a.streamId)).toEqual([applicationStream(ORG, APP), principalStreamId(ORG, APP)])
    })

    it('refuses a cascade that does not fit one request (412)', () => {
      const many = Array.from({ length: 60 }, (_, i) => i.toString(16).padStart(32, '0'))
      const crowded = given(created(), ...many.map((id) => ApplicationLinked({ link: 'policy', id })))
      const policies = new Map(many.map((id) => [id, fold(policyDecider, [
        PolicyCreated({ id, organizationId: ORG, name: 'p', description: '', tags: [], principal: { kind: 'application', id: APP }, rules: [], managed: false, at: T0 }),
      ])]))
      const keys = new Map(many.map((id) => [id, { state: key }]))
      const heavy = { ...noDependents(), policies, apiKeys: keys }
      const crowdedWithKeys = given(created(), ...many.flatMap((id) => [ApplicationLinked({ link: 'policy', id }), ApplicationLinked({ link: 'api_key', id })]))
      expect(planDeleteApplication(crowded, principal, heavy, command)).not.toMatchObject({ kind: 'precondition_failed' })
      expect(planDeleteApplication(crowdedWithKeys, principal, heavy, command)).toMatchObject({ kind: 'precondition_failed', precondition: 'request_too_large' })
    })
  })
})
