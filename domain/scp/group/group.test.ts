import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { eventsOf, ok, typesOf } from '../../scaleway/testing.js'
import { GROUPS_PER_USER } from '../links/decide.js'
import { linksDecider, linksStream } from '../links/evolve.js'
import { policyStream } from '../policy/evolve.js'
import { decideGroup } from './decide.js'
import { groupDecider, groupStream, type GroupState } from './evolve.js'
import { planCreateGroup, planDeleteGroup, planGroupMembers, planModifyGroup, type LoadedUser } from './plan.js'

const org = 'a'.repeat(32)
const id = 'b'.repeat(32)
const user = 'c'.repeat(32)
const at = '2026-11-25T00:00:00.000Z'
const by = 'd'.repeat(32)
const base = { organizationId: org, id, at, by }
const live = (links = linksDecider.initialState(), goneGroupIds: string[] = []): LoadedUser => ({ live: true, links, goneGroupIds })

function created(): GroupState {
  const plan = ok(planCreateGroup({ ...base, type: 'CreateGroup', name: 'TestGroup', description: null, tags: [] }, new Map([[user, live()]]), [user], { policies: new Map(), links: new Map() }, []))
  return fold(groupDecider, eventsOf(plan, groupStream(org, id)) as never)
}

describe('SCP group', () => {
  it('is created with its name reserved and its first members linked on both sides', () => {
    const plan = ok(planCreateGroup({ ...base, type: 'CreateGroup', name: 'TestGroup', description: null, tags: [] }, new Map([[user, live()]]), [user], { policies: new Map(), links: new Map() }, []))
    expect(typesOf(eventsOf(plan, groupStream(org, id)))).toEqual(['ScpGroupCreated', 'ScpGroupMembersAdded'])
    expect(typesOf(eventsOf(plan, linksStream(org, user)))).toEqual(['ScpLinksGroupsJoined'])
    expect(plan.extras.map((extra) => extra.kind)).toEqual(['reserve'])
    expect(created().group?.members.map((member) => member.userId)).toEqual([user])
  })

  it('checks names: 3 to 24 of letters, digits, Hangul and - . , _ + = @', () => {
    const create = (name: string) => decideGroup({ deleted: false }, { ...base, type: 'CreateGroup', name, description: null, tags: [] })
    expect(create('그룹-Team_1')).toHaveLength(1)
    expect(create('ab')).toMatchObject({ kind: 'invalid_argument', argument: 'name' })
    expect(create('with space')).toMatchObject({ kind: 'invalid_argument', reason: 'format' })
  })

  it('adds only live users, changes nothing for a member twice, and prunes a user\'s links to deleted groups', () => {
    const state = created()
    const other = 'e'.repeat(32)
    expect(planGroupMembers(state, new Map([[other, { ...live(), live: false }]]), { ...base, type: 'AddGroupMembers', userIds: [other] })).toMatchObject({ kind: 'not_found', resource: 'user' })
    expect(ok(planGroupMembers(state, new Map([[user, live()]]), { ...base, type: 'AddGroupMembers', userIds: [user] })).appends).toEqual([])
    const full = { ...linksDecider.initialState(), groupIds: Array.from({ length: GROUPS_PER_USER }, (_, n) => n.toString(16).padStart(32, '0')) }
    expect(planGroupMembers(state, new Map([[other, live(full)]]), { ...base, type: 'AddGroupMembers', userIds: [other] })).toMatchObject({ kind: 'quota_exceeded' })
    const pruned = ok(planGroupMembers(state, new Map([[other, live(full, [full.groupIds[0]!])]]), { ...base, type: 'AddGroupMembers', userIds: [other] }))
    expect(typesOf(eventsOf(pruned, linksStream(org, other)))).toEqual(['ScpLinksGroupsLeft', 'ScpLinksGroupsJoined'])
  })

  it('renames with a swap of reservations, and deletes with its policies unbound', () => {
    expect(ok(planModifyGroup(created(), { ...base, type: 'ModifyGroup', name: 'Other', description: null })).extras.map((extra) => extra.kind)).toEqual(['release', 'reserve'])
    expect(eventsOf(ok(planModifyGroup(created(), { ...base, type: 'ModifyGroup', name: 'TestGroup', description: null })), groupStream(org, id))).toEqual([])
    const policy = 'f'.repeat(32)
    const policyState = { deleted: false, policy: { id: policy, bindings: [{ identityType: 'GROUP' as const, identityId: id, boundAt: at, boundBy: by }] } } as never
    const links = { identityType: 'GROUP' as const, policyIds: [policy], groupIds: [] }
    const plan = ok(planDeleteGroup(created(), links, { policies: new Map([[policy, policyState]]), links: new Map([[id, links]]) }, { ...base, type: 'DeleteGroup' }))
    expect(typesOf(eventsOf(plan, groupStream(org, id)))).toEqual(['ScpGroupDeleted'])
    expect(typesOf(eventsOf(plan, policyStream(org, policy)))).toEqual(['ScpPolicyUnbound'])
    expect(typesOf(eventsOf(plan, linksStream(org, id)))).toEqual(['ScpLinksPoliciesDetached'])
  })
})
