import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { ApplicationCreated } from '../application/events.js'
import { applicationDecider } from '../application/evolve.js'
import type { Profile } from '../profiles.js'
import { quotaCounterKey } from '../quota/quota.js'
import { eventsOf, ok, typesOf } from '../testing.js'
import { UserCreated, UserLinked } from '../user/events.js'
import { userDecider, userStream } from '../user/evolve.js'
import { resolveScalewayRules, type RuleSpec } from './compile.js'
import { cloneName, decidePolicy, ruleSpecOf, type IdentifiedRuleSpec, type PolicyCommand } from './decide.js'
import { PolicyCreated, PolicyPrincipalChanged, PolicyRulesSet, type PolicyEvent, type PolicyPrincipal } from './events.js'
import { policyCounts, policyDecider, policyStream } from './evolve.js'
import { planClonePolicy, planCreatePolicy, planDeletePolicy, planSetRules, planUpdatePolicy } from './plan.js'
import { principalOf } from './principal.js'

const ORG = '0'.repeat(31) + '1'
const OWNER = '9'.repeat(32)
const POLICY = 'a'.repeat(32)
const ALICE = 'b'.repeat(32)
const APP = 'c'.repeat(32)
const CLONE = 'd'.repeat(32)
const PROJECT_A = '1'.repeat(32)
const PROJECT_B = '2'.repeat(32)
const RULE_1 = 'e'.repeat(32)
const RULE_2 = 'f'.repeat(32)
const T0 = '2025-01-01T00:00:00.000Z'
const T1 = '2025-01-02T00:00:00.000Z'

const resolveRules = (rules: readonly RuleSpec[]) => resolveScalewayRules(rules, { organizationId: ORG, ownerPrincipalId: OWNER })
const target = { organizationId: ORG, id: POLICY }
const given = (...events: PolicyEvent[]) => fold(policyDecider, events)
const alice = (...more: Parameters<typeof userDecider.evolve>[1][]): Profile => ({
  kind: 'user',
  id: ALICE,
  state: fold(userDecider, [
    UserCreated({ id: ALICE, organizationId: ORG, email: 'a@example.com', username: 'alice', firstName: '', lastName: '', phoneNumber: '', locale: '', tags: [], type: 'member', status: 'activated', accountRootUserId: '', at: T0 }),
    ...more,
  ]),
})
const app: Profile = {
  kind: 'application',
  id: APP,
  state: fold(applicationDecider, [ApplicationCreated({ id: APP, organizationId: ORG, name: 'ci', description: '', tags: [], managed: false, at: T0 })]),
}
const rules: IdentifiedRuleSpec[] = [
  { id: RULE_1, permissionSetNames: ['InstancesFullAccess'], projectIds: [PROJECT_A, PROJECT_B], condition: 'request.ip == "1.2.3.4"' },
  { id: RULE_2, permissionSetNames: ['IAMManager'], organizationId: ORG },
]
const create = (changes: Partial<Extract<PolicyCommand, { type: 'CreatePolicy' }>> = {}) =>
  ({ ...target, type: 'CreatePolicy', name: 'admins', principal: { kind: 'user', id: ALICE }, rules, resolveRules, at: T0, ...changes }) as const
const created = (principal: PolicyPrincipal = { kind: 'user', id: ALICE }, managed = false) =>
  ok(decidePolicy(given(), create({ principal, managed })))[0] as ReturnType<typeof PolicyCreated>

describe('policies', () => {
  describe('creation', () => {
    it('records the rules in order, with their scope types, scopes and conditions', () => {
      const policy = given(created()).policy!
      expect(policy.rules).toEqual([
        { id: RULE_1, permissionSetNames: ['InstancesFullAccess'], scopeType: 'projects', condition: 'request.ip == "1.2.3.4"', projectIds: [PROJECT_A, PROJECT_B] },
        { id: RULE_2, permissionSetNames: ['IAMManager'], scopeType: 'organization', condition: '', organizationId: ORG },
      ])
      expect(policy).toMatchObject({ name: 'admins', principal: { kind: 'user', id: ALICE }, editable: true, deletable: true, managed: false })
    })

    it('counts rules, distinct scopes and distinct permission sets', () => {
      expect(policyCounts(given(created()).policy!)).toEqual({ nbRules: 2, nbScopes: 3, nbPermissionSets: 2 })
      const repeated = ok(decidePolicy(given(), create({ rules: [rules[0]!, { ...rules[0]!, id: RULE_2, projectIds: [PROJECT_A] }] })))
      expect(policyCounts(given(...repeated).policy!)).toEqual({ nbRules: 2, nbScopes: 2, nbPermissionSets: 1 })
    })

    it('scopes account-root-user sets to the organization owner', () => {
      const events = ok(decidePolicy(given(), create({ rules: [{ id: RULE_1, permissionSetNames: ['AccountContactsReadOnly'], organizationId: ORG }] })))
      expect(given(...events).policy!.rules[0]).toMatchObject({ scopeType: 'account_root_user', accountRootUserId: OWNER })
    })

    it('links the policy on its principal and counts it against the quota', () => {
      const plan = ok(planCreatePolicy(alice(), create()))
      expect(eventsOf(plan, userStream(ORG, ALICE))).toEqual([UserLinked({ link: 'policy', id: POLICY })])
      expect(plan.extras).toEqual([expect.objectContaining({ kind: 'counter', key: quotaCounterKey(ORG, 'policies'), delta: 1, limit: 50 })])
    })

    it('attaches to no principal with no_principal, touching no other stream', () => {
      const plan = ok(planCreatePolicy(undefined, create({ principal: { kind: 'none' } })))
      expect(plan.appends.map((a) => a.streamId)).toEqual([policyStream(ORG, POLICY)])
    })

    it('requires exactly one principal', () => {
      expect(decidePolicy(given(), create({ principal: undefined }))).toMatchObject({ kind: 'invalid_argument', argument: 'principal', reason: 'required' })
      expect(principalOf({ userId: ALICE, applicationId: APP })).toMatchObject({ kind: 'invalid_argument', argument: 'principal' })
      expect(principalOf({ groupId: ALICE, noPrincipal: false })).toEqual({ kind: 'group', id: ALICE })
      expect(principalOf({ noPrincipal: true })).toEqual({ kind: 'none' })
      expect(principalOf({})).toBeUndefined()
    })

    it('answers not found for a principal that does not exist in the organization', () => {
      expect(planCreatePolicy(undefined, create())).toEqual({ kind: 'not_found', resource: 'user', resourceId: ALICE })
      expect(planCreatePolicy({ kind: 'user', id: ALICE, state: { deleted: false } }, create())).toMatchObject({ kind: 'not_found' })
    })

    it('refuses unknown permission sets and rules without a scope, naming the rule', () => {
      expect(decidePolicy(given(), create({ rules: [{ id: RULE_1, permissionSetNames: ['NoSuchSet'], organizationId: ORG }] }))).toMatchObject({
        kind: 'invalid_argument', argument: 'rules[0].permission_set_names',
      })
      expect(decidePolicy(given(), create({ rules: [{ id: RULE_1, permissionSetNames: ['IAMManager'] }] }))).toMatchObject({ kind: 'invalid_argument' })
    })

    it('refuses more rules than the rules_per_policy quota', () => {
      expect(decidePolicy(given(), { ...create(), quota: { rules_per_policy: 1 } })).toMatchObject({ kind: 'quota_exceeded', resource: 'rules_per_policy', quota: 1 })
    })
  })

  describe('rules', () => {
    it('replaces the rules wholesale, in the order given', () => {
      const replacement = [{ ...rules[1]!, id: 'ab'.repeat(16) }, { ...rules[0]!, id: 'cd'.repeat(16) }]
      const plan = ok(planSetRules(given(created()), { ...target, type: 'SetRules', rules: replacement, resolveRules, at: T1 }))
      const [event] = eventsOf(plan, policyStream(ORG, POLICY)) as PolicyEvent[]
      expect(event!.type).toBe(PolicyRulesSet.type)
      const policy = given(created(), event!).policy!
      expect(policy.rules.map((rule) => rule.id)).toEqual(['ab'.repeat(16), 'cd'.repeat(16)])
      expect(policy.updatedAt).toBe(T1)
    })

    it('accepts an empty rule list', () => {
      expect(decidePolicy(given(created()), { ...target, type: 'SetRules', rules: [], resolveRules, at: T1 })).toEqual([PolicyRulesSet({ rules: [], at: T1 })])
    })

    it('refuses to set the rules of a managed policy (412)', () => {
      expect(decidePolicy(given(created(undefined, true)), { ...target, type: 'SetRules', rules, resolveRules, at: T1 })).toMatchObject({ kind: 'precondition_failed' })
    })

    it('gives the compiler back the rules as written', () => {
      const policy = given(created()).policy!
      const specs = policy.rules.map(ruleSpecOf)
      expect(resolveRules(specs)).toMatchObject({ ok: true })
      expect(specs[1]).toEqual({ id: RULE_2, permissionSetNames: ['IAMManager'], organizationId: ORG })
    })
  })

  describe('update', () => {
    it('moves the policy to another principal, unlinking the previous one', () => {
      const state = given(created())
      const previous = alice(UserLinked({ link: 'policy', id: POLICY }))
      const plan = ok(planUpdatePolicy(state, { previous, next: app }, { ...target, type: 'UpdatePolicy', principal: { kind: 'application', id: APP }, at: T1 }))
      expect(eventsOf(plan, policyStream(ORG, POLICY))).toEqual([PolicyPrincipalChanged({ principal: { kind: 'application', id: APP }, at: T1 })])
      expect(typesOf(eventsOf(plan, userStream(ORG, ALICE)))).toEqual(['ScwUserUnlinked'])
      expect(plan.appends).toHaveLength(3)
    })

    it('changes nothing when the update repeats the current values', () => {
      expect(decidePolicy(given(created()), { ...target, type: 'UpdatePolicy', name: 'admins', principal: { kind: 'user', id: ALICE }, at: T1 })).toEqual([])
    })

    it('refuses a principal that does not exist', () => {
      const plan = planUpdatePolicy(given(created()), { previous: alice() }, { ...target, type: 'UpdatePolicy', principal: { kind: 'group', id: APP }, at: T1 })
      expect(plan).toEqual({ kind: 'not_found', resource: 'group', resourceId: APP })
    })

    it('refuses to edit a managed policy (412)', () => {
      expect(decidePolicy(given(created(undefined, true)), { ...target, type: 'UpdatePolicy', name: 'x', at: T1 })).toMatchObject({ kind: 'precondition_failed' })
    })
  })

  describe('clone', () => {
    it('copies the rules with new ids under a new name, attached to no principal', () => {
      const plan = ok(planClonePolicy(given(created()), { ...target, cloneId: CLONE, ruleIds: ['11'.repeat(16), '22'.repeat(16)], at: T1 }))
      const clone = given(...(eventsOf(plan, policyStream(ORG, CLONE)) as PolicyEvent[])).policy!
      expect(clone).toMatchObject({ id: CLONE, name: 'admins-copy', principal: { kind: 'none' }, editable: true, managed: false, clonedFrom: POLICY, createdAt: T1 })
      expect(clone.rules.map((rule) => rule.id)).toEqual(['11'.repeat(16), '22'.repeat(16)])
      expect(clone.rules.map((rule) => rule.permissionSetNames)).toEqual([['InstancesFullAccess'], ['IAMManager']])
      expect(plan.extras).toEqual([expect.objectContaining({ kind: 'counter', key: quotaCounterKey(ORG, 'policies'), delta: 1 })])
    })

    it('keeps a long name within 64 characters', () => {
      expect(cloneName('n'.repeat(64))).toHaveLength(64)
      expect(cloneName('n'.repeat(64)).endsWith('-copy')).toBe(true)
    })

    it('answers not found for a missing source', () => {
      expect(planClonePolicy(given(), { ...target, cloneId: CLONE, ruleIds: [], at: T1 })).toEqual({ kind: 'not_found', resource: 'policy', resourceId: POLICY })
    })
  })

  describe('deletion and detachment', () => {
    it('deletes, frees the quota and unlinks the principal', () => {
      const plan = ok(planDeletePolicy(given(created()), alice(UserLinked({ link: 'policy', id: POLICY })), { ...target, type: 'DeletePolicy', at: T1 }))
      expect(typesOf(eventsOf(plan, policyStream(ORG, POLICY)))).toEqual(['ScwPolicyDeleted'])
      expect(typesOf(eventsOf(plan, userStream(ORG, ALICE)))).toEqual(['ScwUserUnlinked'])
      expect(plan.extras).toEqual([{ kind: 'counter', key: quotaCounterKey(ORG, 'policies'), delta: -1 }])
    })

    it('detaches a deleted principal only if the policy still names it', () => {
      const detach = (principal: PolicyPrincipal) => decidePolicy(given(created()), { ...target, type: 'DetachPolicyPrincipal', principal, at: T1 })
      expect(given(created(), ...ok(detach({ kind: 'user', id: ALICE }))).policy!.principal).toEqual({ kind: 'none' })
      expect(detach({ kind: 'application', id: ALICE })).toEqual([])
      expect(decidePolicy(given(), { ...target, type: 'DetachPolicyPrincipal', principal: { kind: 'user', id: ALICE }, at: T1 })).toEqual([])
    })

    it('refuses to delete a managed policy (412)', () => {
      expect(decidePolicy(given(created(undefined, true)), { ...target, type: 'DeletePolicy', at: T1 })).toMatchObject({ kind: 'precondition_failed' })
    })
  })
})
