import { describe, expect, it } from 'vitest'
import { credentialDecider, credentialIssued, credentialStreamId } from '../../core/credential/index.js'
import { fold } from '../../core/decider.js'
import type { Extra } from '../../core/ports.js'
import { principalDecider, principalLocked, principalRegistered, principalStatusKey, principalStreamId } from '../../core/principal/index.js'
import { GroupCreated, GroupMembersAdded } from '../group/events.js'
import { groupDecider, groupStream } from '../group/evolve.js'
import { quotaCounterKey } from '../quota/quota.js'
import { eventsOf, ok, typesOf } from '../testing.js'
import { decideUser, type MemberDetails, type UserCommand } from './decide.js'
import { planDeleteUser } from './delete.js'
import { UserDeleted, UserLinked, UserPasswordChanged, UserUpdated, type UserEvent } from './events.js'
import { userDecider, userDeletable, userLocked, userStream } from './evolve.js'
import {
  emailReservation,
  planCreateUser,
  planLockUser,
  planUnlockUser,
  planUpdateUser,
  planUpdateUserPassword,
  planUpdateUserUsername,
  usernameReservation,
} from './plan.js'

const ORG = '0'.repeat(31) + '1'
const USER = 'a'.repeat(32)
const OWNER = 'b'.repeat(32)
const GROUP = 'c'.repeat(32)
const KEY = 'd'.repeat(32)
const T0 = '2025-01-01T00:00:00.000Z'
const T1 = '2025-01-02T00:00:00.000Z'

const target = { organizationId: ORG, id: USER }
const given = (...events: UserEvent[]) => fold(userDecider, events)
const member: MemberDetails = { email: 'foo@scaleway.com', username: 'foo', password: 'Firstaccesspsw123', firstName: 'Foo', lastName: 'Bar', phoneNumber: '', locale: 'en_US' }
const createMember = (changes: Partial<MemberDetails> = {}, tags?: string[]) =>
  ({ ...target, type: 'CreateMember', member: { ...member, ...changes }, ...(tags && { tags }), at: T0 }) as const
const invite = (email = 'guest@example.com') => ({ ...target, type: 'InviteUser', email, at: T0 }) as const
const memberCreated = () => ok(decideUser(given(), createMember()))[0] as UserEvent
const guestCreated = () => ok(decideUser(given(), invite()))[0] as UserEvent
const ownerCreated = () => ok(decideUser(given(), { organizationId: ORG, id: OWNER, type: 'CreateOwner', email: 'owner@example.com', at: T0 }))[0] as UserEvent
const registered = (id = USER) => fold(principalDecider, [principalRegistered({ principalId: id, organizationId: ORG, kind: 'user' })])

describe('users', () => {
  describe('creation', () => {
    it('creates a member with a username and a password as activated', () => {
      expect(given(memberCreated()).user).toMatchObject({
        email: 'foo@scaleway.com', username: 'foo', firstName: 'Foo', lastName: 'Bar', locale: 'en_US', phoneNumber: '',
        type: 'member', status: 'activated', mfa: false, accountRootUserId: '', tags: [], createdAt: T0, updatedAt: T0,
      })
      expect(given(memberCreated()).user!.lastLoginAt).toBeUndefined()
    })

    it('invites a guest by e-mail, pending until its first login, signing in with its e-mail', () => {
      expect(given(guestCreated()).user).toMatchObject({ email: 'guest@example.com', username: 'guest@example.com', type: 'guest', status: 'invitation_pending' })
      const events = ok(decideUser(given(guestCreated()), { ...target, type: 'RecordUserLogin', at: T1 }))
      expect(typesOf(events)).toEqual(['ScwUserActivated', 'ScwUserLoggedIn'])
      expect(given(guestCreated(), ...events).user).toMatchObject({ status: 'activated', lastLoginAt: T1 })
    })

    it('makes the owner its own account root user, and not deletable', () => {
      const owner = given(ownerCreated()).user!
      expect(owner).toMatchObject({ type: 'owner', status: 'activated', accountRootUserId: OWNER, username: 'owner@example.com' })
      expect(userDeletable(owner)).toBe(false)
    })

    it('registers the principal, reserves the username and the e-mail, counts the quota and writes the password item', () => {
      const passwordItem: Extra = { kind: 'put', key: { pk: `${ORG}#password`, sk: USER }, attributes: { hash: 'scrypt$…' } }
      const plan = ok(planCreateUser(createMember(), { passwordExtras: [passwordItem] }))
      expect(typesOf(eventsOf(plan, principalStreamId(ORG, USER)))).toEqual(['PrincipalRegistered'])
      expect(plan.extras).toEqual(expect.arrayContaining([
        expect.objectContaining({ kind: 'reserve', key: usernameReservation(ORG, 'foo'), owner: USER, onTaken: expect.objectContaining({ kind: 'already_exists' }) }),
        expect.objectContaining({ kind: 'reserve', key: emailReservation(ORG, 'foo@scaleway.com'), owner: USER }),
        expect.objectContaining({ kind: 'counter', key: quotaCounterKey(ORG, 'users'), delta: 1, limit: 50 }),
        expect.objectContaining({ kind: 'put', key: principalStatusKey(ORG, USER) }),
        passwordItem,
      ]))
      expect(JSON.stringify(plan.appends)).not.toContain(member.password)
    })

    it('reserves usernames and e-mails regardless of case', () => {
      expect(usernameReservation(ORG, 'Foo')).toEqual(usernameReservation(ORG, 'foo'))
      expect(emailReservation(ORG, 'Foo@Scaleway.com')).toEqual(emailReservation(ORG, 'foo@scaleway.com'))
    })

    it('reserves no e-mail for a member created without one', () => {
      const plan = ok(planCreateUser(createMember({ email: '' })))
      expect(plan.extras.filter((extra) => extra.kind === 'reserve')).toHaveLength(1)
    })

    it('leaves the owner principal to its organization when asked', () => {
      const plan = ok(planCreateUser({ organizationId: ORG, id: OWNER, type: 'CreateOwner', email: 'owner@example.com', at: T0 }, { registerPrincipal: false }))
      expect(plan.appends.map((a) => a.streamId)).toEqual([userStream(ORG, OWNER)])
    })

    it('refuses passwords outside 8–72 bytes or equal to the e-mail or the username', () => {
      expect(decideUser(given(), createMember({ password: 'short' }))).toMatchObject({ kind: 'invalid_argument', argument: 'password' })
      expect(decideUser(given(), createMember({ password: 'é'.repeat(37) }))).toMatchObject({ argument: 'password' })
      expect(ok(decideUser(given(), createMember({ password: 'é'.repeat(36) })))).toHaveLength(1)
      expect(decideUser(given(), createMember({ username: 'longenough', password: 'LongEnough' }))).toMatchObject({ argument: 'password' })
      expect(decideUser(given(), createMember({ email: 'a@b.co', password: 'A@B.CO' }))).toMatchObject({ argument: 'password' })
    })

    it('refuses an invalid username, e-mail, names, phone number, locale or tags', () => {
      expect(decideUser(given(), createMember({ username: 'x' }))).toMatchObject({ argument: 'username' })
      expect(decideUser(given(), createMember({ username: 'no spaces' }))).toMatchObject({ argument: 'username', reason: 'format' })
      expect(decideUser(given(), createMember({ email: 'nope' }))).toMatchObject({ argument: 'member.email' })
      expect(decideUser(given(), createMember({ firstName: 'f'.repeat(65) }))).toMatchObject({ argument: 'first_name' })
      expect(decideUser(given(), createMember({ phoneNumber: 'call me' }))).toMatchObject({ argument: 'phone_number' })
      expect(decideUser(given(), createMember({ locale: 'english please' }))).toMatchObject({ argument: 'locale' })
      expect(decideUser(given(), createMember({}, Array.from({ length: 11 }, (_, i) => `t${i}`)))).toMatchObject({ argument: 'tags' })
      expect(decideUser(given(), invite('not-an-email'))).toMatchObject({ argument: 'email' })
    })

    it('refuses to create the same user twice', () => {
      expect(decideUser(given(memberCreated()), createMember())).toMatchObject({ kind: 'already_exists', resource: 'user' })
    })
  })

  describe('updates', () => {
    const update = (changes: Extract<UserCommand, { type: 'UpdateUser' }>['changes']) => ({ ...target, type: 'UpdateUser', changes, at: T1 }) as const

    it('changes profile fields, clears them with an empty string and replaces tags', () => {
      const events = ok(decideUser(given(memberCreated()), update({ firstName: '', lastName: 'Baz', phoneNumber: '+33112345678', locale: 'fr_FR', tags: ['tf_tests'] })))
      expect(events).toEqual([UserUpdated({ firstName: '', lastName: 'Baz', phoneNumber: '+33112345678', locale: 'fr_FR', tags: ['tf_tests'], at: T1 })])
      expect(decideUser(given(memberCreated()), update({ firstName: 'Foo', tags: [] }))).toEqual([])
    })

    it("moves the e-mail reservation when the e-mail changes", () => {
      const plan = ok(planUpdateUser(given(memberCreated()), update({ email: 'bar@scaleway.com' })))
      expect(plan.extras).toEqual([
        { kind: 'release', key: emailReservation(ORG, 'foo@scaleway.com'), owner: USER },
        expect.objectContaining({ kind: 'reserve', key: emailReservation(ORG, 'bar@scaleway.com'), owner: USER }),
      ])
    })

    it("changes only a guest's tags: its profile belongs to its own account", () => {
      expect(decideUser(given(guestCreated()), update({ tags: ['x'] }))).toHaveLength(1)
      expect(decideUser(given(guestCreated()), update({ firstName: 'G' }))).toMatchObject({ kind: 'precondition_failed', precondition: 'guest_profile' })
    })

    it('changes the username, moving its reservation; a change of case keeps it', () => {
      const plan = ok(planUpdateUserUsername(given(memberCreated()), { ...target, type: 'UpdateUserUsername', username: 'foobar', at: T1 }))
      expect(plan.extras).toEqual([
        { kind: 'release', key: usernameReservation(ORG, 'foo'), owner: USER },
        expect.objectContaining({ kind: 'reserve', key: usernameReservation(ORG, 'foobar'), onTaken: expect.objectContaining({ kind: 'already_exists' }) }),
      ])
      const recased = ok(planUpdateUserUsername(given(memberCreated()), { ...target, type: 'UpdateUserUsername', username: 'FOO', at: T1 }))
      expect(recased.extras).toEqual([])
      expect(typesOf(eventsOf(recased, userStream(ORG, USER)))).toEqual(['ScwUserUsernameChanged'])
    })

    it('records a password change without the password, with the item the shell wrote', () => {
      const item: Extra = { kind: 'set', key: { pk: `${ORG}#password`, sk: USER }, attributes: { hash: 'scrypt$…' } }
      const plan = ok(planUpdateUserPassword(given(memberCreated()), { ...target, type: 'UpdateUserPassword', password: 'AnotherPassw0rd', at: T1 }, [item]))
      expect(eventsOf(plan, userStream(ORG, USER))).toEqual([UserPasswordChanged({ at: T1 })])
      expect(plan.extras).toEqual([item])
      expect(planUpdateUserPassword(given(memberCreated()), { ...target, type: 'UpdateUserPassword', password: 'foo@scaleway.com', at: T1 }, [item])).toMatchObject({ argument: 'password' })
    })
  })

  describe('lock', () => {
    it("locks and unlocks a member through its principal, which authentication reads", () => {
      const plan = ok(planLockUser(given(memberCreated()), registered(), target))
      expect(typesOf(eventsOf(plan, principalStreamId(ORG, USER)))).toEqual(['PrincipalLocked'])
      expect(plan.extras).toEqual([{ kind: 'set', key: principalStatusKey(ORG, USER), attributes: { locked: true } }])
      const locked = fold(principalDecider, [principalRegistered({ principalId: USER, organizationId: ORG, kind: 'user' }), principalLocked({ principalId: USER, reason: 'administrator' })])
      expect(userLocked(locked)).toBe(true)
      expect(typesOf(eventsOf(ok(planUnlockUser(given(memberCreated()), locked, target)), principalStreamId(ORG, USER)))).toEqual(['PrincipalUnlocked'])
    })

    it('refuses to lock the owner (412), but unlocks it', () => {
      const owner = given(ownerCreated())
      expect(planLockUser(owner, registered(OWNER), { organizationId: ORG, id: OWNER })).toMatchObject({ kind: 'precondition_failed', precondition: 'owner_is_permanent' })
      const locked = fold(principalDecider, [principalRegistered({ principalId: OWNER, organizationId: ORG, kind: 'user' }), principalLocked({ principalId: OWNER, reason: 'login_attempts' })])
      expect(ok(planUnlockUser(owner, locked, { organizationId: ORG, id: OWNER })).appends).toHaveLength(1)
    })

    it('answers not found for a deleted user', () => {
      expect(planLockUser(given(memberCreated(), UserDeleted({ at: T1 })), registered(), target)).toEqual({ kind: 'not_found', resource: 'user', resourceId: USER })
    })
  })

  describe('deletion', () => {
    const command = { ...target, type: 'DeleteUser', at: T1 } as const

    it('refuses to delete the owner (412)', () => {
      expect(planDeleteUser(given(ownerCreated()), registered(OWNER), { groups: new Map(), policies: new Map(), apiKeys: new Map() }, { ...command, id: OWNER }))
        .toMatchObject({ kind: 'precondition_failed', precondition: 'owner_is_permanent' })
    })

    it('deletes the profile and the principal, frees the reservations and the quota, leaves groups and revokes keys', () => {
      const state = given(memberCreated(), UserLinked({ link: 'group', id: GROUP }), UserLinked({ link: 'api_key', id: KEY }))
      const group = fold(groupDecider, [
        GroupCreated({ id: GROUP, organizationId: ORG, name: 'ops', description: '', tags: [], managed: false, at: T0 }),
        GroupMembersAdded({ userIds: [USER], applicationIds: [], at: T0 }),
      ])
      const key = fold(credentialDecider, [
        credentialIssued({ credentialId: KEY, organizationId: ORG, principalId: USER, principalKind: 'user', kind: 'scaleway_api_key', accessKey: 'SCWAAAAAAAAAAAAAAAAA', description: '', attributes: {}, createdAt: T0 }),
      ])
      const plan = ok(planDeleteUser(state, registered(), { groups: new Map([[GROUP, group]]), policies: new Map(), apiKeys: new Map([[KEY, { state: key }]]) }, command))
      expect(typesOf(eventsOf(plan, userStream(ORG, USER)))).toEqual(['ScwUserDeleted'])
      expect(typesOf(eventsOf(plan, principalStreamId(ORG, USER)))).toEqual(['PrincipalDeleted'])
      expect(typesOf(eventsOf(plan, groupStream(ORG, GROUP)))).toEqual(['ScwGroupMembersRemoved'])
      expect(typesOf(eventsOf(plan, credentialStreamId(ORG, KEY)))).toEqual(['CredentialRevoked'])
      expect(plan.extras).toEqual(expect.arrayContaining([
        { kind: 'release', key: usernameReservation(ORG, 'foo'), owner: USER },
        { kind: 'release', key: emailReservation(ORG, 'foo@scaleway.com'), owner: USER },
        { kind: 'counter', key: quotaCounterKey(ORG, 'users'), delta: -1 },
        { kind: 'counter', key: quotaCounterKey(ORG, 'api_keys'), delta: -1 },
      ]))
    })
  })
})
