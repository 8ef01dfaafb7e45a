import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { ApplicationCreated } from '../application/events.js'
import { applicationDecider, applicationStream } from '../application/evolve.js'
import { PolicyCreated } from '../policy/events.js'
import { policyDecider, policyStream } from '../policy/evolve.js'
import { quotaCounterKey } from '../quota/quota.js'
import { eventsOf, ok, typesOf } from '../testing.js'
import { UserCreated, UserDeleted, UserLinked } from '../user/events.js'
import { userDecider, userStream } from '../user/evolve.js'
import { decideGroup, type GroupCommand, type Members } from './decide.js'
import { planDeleteGroup } from './delete.js'
import { GroupCreated, GroupLinked, GroupMembersAdded, GroupMembersRemoved, type GroupEvent } from './events.js'
import { groupDecider, groupStream } from './evolve.js'
import { groupNameReservation, membersToLoad, planCreateGroup, planGroupMembers, planUpdateGroup, type LoadedMembers } from './plan.js'

const ORG = '0'.repeat(31) + '1'
const GROUP = 'a'.repeat(32)
const ALICE = 'b'.repeat(32)
const BOB = 'c'.repeat(32)
const APP = 'd'.repeat(32)
const STRANGER = 'e'.repeat(32)
const POLICY = 'f'.repeat(32)
const T0 = '2025-01-01T00:00:00.000Z'
const T1 = '2025-01-02T00:00:00.000Z'

const given = (...events: GroupEvent[]) => fold(groupDecider, events)
const target = { organizationId: ORG, id: GROUP }
const created = (managed = false) => GroupCreated({ id: GROUP, organizationId: ORG, name: 'ops', description: '', tags: [], managed, at: T0 })
const user = (id: string, ...more: Parameters<typeof userDecider.evolve>[1][]) =>
  fold(userDecider, [
    UserCreated({ id, organizationId: ORG, email: `${id.slice(0, 4)}@example.com`, username: id.slice(0, 4), firstName: '', lastName: '', phoneNumber: '', locale: '', tags: [], type: 'member', status: 'activated', accountRootUserId: '', at: T0 }),
    ...more,
  ])
const application = fold(applicationDecider, [ApplicationCreated({ id: APP, organizationId: ORG, name: 'ci', description: '', tags: [], managed: false, at: T0 })])
const loaded: LoadedMembers = { users: new Map([[ALICE, user(ALICE)], [BOB, user(BOB)]]), applications: new Map([[APP, application]]) }
const members = (userIds: string[], applicationIds: string[] = []): Members => ({ userIds, applicationIds })
const add = (m: Members) => ({ ...target, type: 'AddGroupMembers', members: m, at: T1 }) as const
const set = (m: Members) => ({ ...target, type: 'SetGroupMembers', members: m, at: T1 }) as const
const remove = (m: Members) => ({ ...target, type: 'RemoveGroupMembers', members: m, at: T1 }) as const
const withMembers = (m: Members) => given(created(), GroupMembersAdded({ userIds: [...m.userIds], applicationIds: [...m.applicationIds], at: T0 }))

describe('groups', () => {
  describe('creation and update', () => {
    const create = (changes: Partial<Extract<GroupCommand, { type: 'CreateGroup' }>> = {}) => ({ ...target, type: 'CreateGroup', name: 'ops', at: T0, ...changes }) as const

    it('creates an empty group and reserves its name in the organization', () => {
      const plan = ok(planCreateGroup(create({ description: 'on call', tags: ['team'] })))
      expect(given(...(eventsOf(plan, groupStream(ORG, GROUP)) as GroupEvent[])).group).toMatchObject({
        name: 'ops', description: 'on call', tags: ['team'], userIds: [], applicationIds: [], editable: true, deletable: true, managed: false,
      })
      expect(plan.extras).toEqual([
        { kind: 'reserve', key: groupNameReservation(ORG, 'ops'), owner: GROUP, onTaken: expect.objectContaining({ kind: 'already_exists', resource: 'group' }) },
        expect.objectContaining({ kind: 'counter', key: quotaCounterKey(ORG, 'groups'), delta: 1, limit: 50 }),
      ])
    })

    it('refuses an invalid name', () => {
      expect(decideGroup(given(), create({ name: 'bad/name' }))).toMatchObject({ kind: 'invalid_argument', argument: 'name' })
    })

    it('moves the name reservation on rename, and keeps it when the name is unchanged', () => {
      const renamed = ok(planUpdateGroup(given(created()), { ...target, type: 'UpdateGroup', name: 'sre', at: T1 }))
      expect(renamed.extras).toEqual([
        { kind: 'release', key: groupNameReservation(ORG, 'ops'), owner: GROUP },
        expect.objectContaining({ kind: 'reserve', key: groupNameReservation(ORG, 'sre'), owner: GROUP }),
      ])
      const same = ok(planUpdateGroup(given(created()), { ...target, type: 'UpdateGroup', name: 'ops', description: 'd', at: T1 }))
      expect(same.extras).toEqual([])
      expect(typesOf(eventsOf(same, groupStream(ORG, GROUP)))).toEqual(['ScwGroupUpdated'])
    })

    it('refuses to edit a managed group (412)', () => {
      expect(decideGroup(given(created(true)), { ...target, type: 'UpdateGroup', name: 'x', at: T1 })).toMatchObject({ kind: 'precondition_failed' })
      expect(decideGroup(given(created(true)), add(members([ALICE])))).toMatchObject({ kind: 'precondition_failed' })
    })
  })

  describe('membership', () => {
    it('adds users and applications and links the group on each member', () => {
      const plan = ok(planGroupMembers(given(created()), loaded, add(members([ALICE, BOB], [APP]))))
      expect(eventsOf(plan, groupStream(ORG, GROUP))).toEqual([GroupMembersAdded({ userIds: [ALICE, BOB], applicationIds: [APP], at: T1 })])
      for (const stream of [userStream(ORG, ALICE), userStream(ORG, BOB), applicationStream(ORG, APP)]) {
        expect(eventsOf(plan, stream)).toEqual([expect.objectContaining({ data: { link: 'group', id: GROUP } })])
      }
      const state = given(created(), GroupMembersAdded({ userIds: [ALICE, BOB], applicationIds: [APP], at: T1 }))
      expect(state.group).toMatchObject({ userIds: [ALICE, BOB], applicationIds: [APP], updatedAt: T1 })
    })

    it('leaves members already in the group as they are (AddGroupMember is idempotent)', () => {
      const state = withMembers(members([ALICE]))
      expect(decideGroup(state, add(members([ALICE, ALICE, BOB])))).toEqual([GroupMembersAdded({ userIds: [BOB], applicationIds: [], at: T1 })])
      const plan = ok(planGroupMembers(state, loaded, add(members([ALICE]))))
      expect(plan.appends).toEqual([])
    })

    it('refuses a member that does not exist, is deleted or belongs to another organization', () => {
      expect(planGroupMembers(given(created()), loaded, add(members([STRANGER])))).toEqual({ kind: 'not_found', resource: 'user', resourceId: STRANGER })
      const deleted: LoadedMembers = { ...loaded, users: new Map([[ALICE, user(ALICE, UserDeleted({ at: T0 }))]]) }
      expect(planGroupMembers(given(created()), deleted, add(members([ALICE])))).toMatchObject({ kind: 'not_found', resource: 'user' })
      expect(planGroupMembers(given(created()), loaded, add(members([], [STRANGER])))).toMatchObject({ kind: 'not_found', resource: 'application' })
    })

    it('refuses more members than the members_per_group quota', () => {
      const state = withMembers(members([ALICE]))
      expect(decideGroup(state, { ...add(members([BOB], [APP])), quota: { members_per_group: 2 } })).toEqual({
        kind: 'quota_exceeded', resource: 'members_per_group', quota: 2, current: 1, organizationId: ORG,
      })
    })

    it('replaces all members with SetGroupMembers, unlinking those that leave', () => {
      const state = withMembers(members([ALICE, BOB]))
      const plan = ok(planGroupMembers(state, loaded, set(members([BOB], [APP]))))
      expect(eventsOf(plan, groupStream(ORG, GROUP))).toEqual([
        GroupMembersRemoved({ userIds: [ALICE], applicationIds: [], at: T1 }),
        GroupMembersAdded({ userIds: [], applicationIds: [APP], at: T1 }),
      ])
      expect(typesOf(eventsOf(plan, userStream(ORG, ALICE)))).toEqual([])
      expect(eventsOf(plan, userStream(ORG, BOB))).toEqual([])
      expect(typesOf(eventsOf(plan, applicationStream(ORG, APP)))).toEqual(['ScwApplicationLinked'])
      const linkedAlice: LoadedMembers = { ...loaded, users: new Map([[ALICE, user(ALICE, UserLinked({ link: 'group', id: GROUP }))], [BOB, user(BOB)]]) }
      const unlinking = ok(planGroupMembers(state, linkedAlice, set(members([BOB], [APP]))))
      expect(typesOf(eventsOf(unlinking, userStream(ORG, ALICE)))).toEqual(['ScwUserUnlinked'])
    })

    it('clears a group with empty lists', () => {
      expect(decideGroup(withMembers(members([ALICE], [APP])), set(members([])))).toEqual([GroupMembersRemoved({ userIds: [ALICE], applicationIds: [APP], at: T1 })])
    })

    it('asks the loader for the named members and, for SetGroupMembers, the current ones', () => {
      const state = withMembers(members([ALICE]))
      expect(membersToLoad(state, set(members([BOB])))).toEqual(members([BOB, ALICE]))
      expect(membersToLoad(state, add(members([BOB])))).toEqual(members([BOB]))
    })

    it('removes a member, and ignores a member that is not in the group', () => {
      const state = withMembers(members([ALICE]))
      expect(decideGroup(state, remove(members([ALICE])))).toEqual([GroupMembersRemoved({ userIds: [ALICE], applicationIds: [], at: T1 })])
      expect(ok(planGroupMembers(state, loaded, remove(members([BOB])))).appends).toEqual([])
    })

    it('answers not found when removing a user that does not exist', () => {
      expect(planGroupMembers(withMembers(members([ALICE])), loaded, remove(members([STRANGER])))).toMatchObject({ kind: 'not_found', resource: 'user' })
    })

    it('removes a deleted member from a managed group (cascade)', () => {
      const managed = given(created(true), GroupMembersAdded({ userIds: [ALICE], applicationIds: [], at: T0 }))
      expect(decideGroup(managed, { ...remove(members([ALICE])), memberDeleted: true })).toHaveLength(1)
    })
  })

  describe('deletion', () => {
    it('frees the name and the quota and detaches the policies attached to the group', () => {
      const state = given(created(), GroupLinked({ link: 'policy', id: POLICY }))
      const policy = fold(policyDecider, [
        PolicyCreated({ id: POLICY, organizationId: ORG, name: 'p', description: '', tags: [], principal: { kind: 'group', id: GROUP }, rules: [], managed: false, at: T0 }),
      ])
      const plan = ok(planDeleteGroup(state, new Map([[POLICY, policy]]), { ...target, type: 'DeleteGroup', at: T1 }))
      expect(typesOf(eventsOf(plan, groupStream(ORG, GROUP)))).toEqual(['ScwGroupDeleted'])
      expect(eventsOf(plan, policyStream(ORG, POLICY))).toEqual([expect.objectContaining({ type: 'ScwPolicyPrincipalDetached', data: { principal: { kind: 'group', id: GROUP }, at: T1 } })])
      expect(plan.extras).toEqual([
        { kind: 'release', key: groupNameReservation(ORG, 'ops'), owner: GROUP },
        { kind: 'counter', key: quotaCounterKey(ORG, 'groups'), delta: -1 },
      ])
    })

    it('answers not found once deleted', () => {
      const deleted = given(created(), { type: 'ScwGroupDeleted', data: { at: T1 } } as GroupEvent)
      expect(decideGroup(deleted, add(members([ALICE])))).toEqual({ kind: 'not_found', resource: 'group', resourceId: GROUP })
    })
  })
})
