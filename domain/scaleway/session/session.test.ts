import { describe, expect, it } from 'vitest'
import { credentialDecider, credentialStreamId } from '../../core/credential/index.js'
import { fold } from '../../core/decider.js'
import { DEFAULT_SECURITY_SETTINGS } from '../../core/organization/evolve.js'
import { principalDecider, principalRegistered, principalStreamId } from '../../core/principal/index.js'
import { eventsOf, ok, typesOf } from '../testing.js'
import { UserCreated, UserPasswordChanged, type UserEvent } from '../user/events.js'
import { userDecider, userStream } from '../user/evolve.js'
import { planEndSession, planIssueSession, planLockout, planRenewSession, planSignIn, signInFailuresKey } from './plan.js'
import { gracePeriodsToOpen, isRestricted, locksOut, sessionEnd, tokenLifetime } from './rules.js'

const ORG = '0'.repeat(31) + '1'
const USER = 'a'.repeat(32)
const SESSION = 'e'.repeat(32)
const T0 = new Date('2025-01-01T00:00:00.000Z')
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000)

const created = (type: 'member' | 'owner' = 'member') =>
  UserCreated({
    id: USER, organizationId: ORG, email: '', firstName: '', lastName: '', phoneNumber: '', locale: '', tags: [], username: 'member',
    type, status: 'activated', accountRootUserId: '', at: T0.toISOString(),
  }) as UserEvent
const userOf = (...events: UserEvent[]) => fold(userDecider, events)
const enforced = { ...DEFAULT_SECURITY_SETTINGS, enforcePasswordRenewal: true, gracePeriodSeconds: 600 }
const session = (now = T0) => ({ sessionId: SESSION, now, expiresAt: sessionEnd(DEFAULT_SECURITY_SETTINGS, now), renewTokenHash: 'f'.repeat(64), referrer: 'sign-in', ip: '127.0.0.1', userAgent: 'test' })

describe('session rules', () => {
  it('bounds sessions by the organization and tokens by the session', () => {
    expect(sessionEnd({ maxLoginSessionSeconds: 3600 }, T0)).toEqual(later(3600))
    expect(sessionEnd({ maxLoginSessionSeconds: 0 }, T0)).toEqual(later(7 * 86_400))
    expect(sessionEnd({ maxLoginSessionSeconds: 365 * 86_400 }, T0)).toEqual(later(30 * 86_400))
    expect(tokenLifetime(later(60), T0)).toBe(60)
    expect(tokenLifetime(later(3600), T0)).toBe(900)
    expect(tokenLifetime(T0, T0)).toBeUndefined()
  })

  it('locks at the organization limit', () => {
    expect(locksOut(2, { loginAttemptsBeforeLocked: 3 })).toBe(false)
    expect(locksOut(3, { loginAttemptsBeforeLocked: 3 })).toBe(true)
  })

  it('opens a password grace period for members only, once, until their own renewal', () => {
    const member = userOf(created()).user!
    const [opened] = gracePeriodsToOpen(member, enforced, T0)
    expect(opened).toMatchObject({ type: 'ScwUserGracePeriodStarted', data: { type: 'update_password', expiresAt: later(600).toISOString() } })
    expect(gracePeriodsToOpen(member, DEFAULT_SECURITY_SETTINGS, T0)).toEqual([])
    expect(gracePeriodsToOpen(userOf(created('owner')).user!, enforced, T0)).toEqual([])
    const open = userOf(created(), opened as UserEvent)
    expect(gracePeriodsToOpen(open.user!, enforced, later(1))).toEqual([])
    expect(isRestricted(open.user!, later(599))).toBe(false)
    expect(isRestricted(open.user!, later(600))).toBe(true)

    // An administrator's reset is not a renewal; the user's own change is, and closes the period.
    const stored = (event: UserEvent, actor: string) => ({ ...event, meta: { actor: { kind: 'user', id: actor } } }) as unknown as UserEvent
    const reset = fold(userDecider, [stored(UserPasswordChanged({ at: later(10).toISOString() }), 'b'.repeat(32))], open)
    expect(reset.user!.gracePeriods).toHaveLength(1)
    const renewed = fold(userDecider, [stored(UserPasswordChanged({ at: later(20).toISOString() }), USER)], open)
    expect(renewed.user!.gracePeriods).toBeUndefined()
    expect(gracePeriodsToOpen(renewed.user!, enforced, later(30))).toEqual([])
  })
})

describe('session plans', () => {
  it('signs in: the login, the grace period and the session, and resets the failure counter', () => {
    const planned = ok(planSignIn({ organizationId: ORG, user: userOf(created()), settings: enforced, session: session() }))
    expect(planned.restricted).toBe(false)
    expect(typesOf(eventsOf(planned.writes, userStream(ORG, USER)))).toEqual(['ScwUserLoggedIn', 'ScwUserGracePeriodStarted'])
    const [issued] = eventsOf(planned.writes, credentialStreamId(ORG, SESSION))
    expect(issued).toMatchObject({ type: 'CredentialIssued', data: { kind: 'session', principalId: USER, attributes: { issuerId: USER, ip: '127.0.0.1' } } })
    expect(JSON.stringify(issued)).not.toContain('f'.repeat(64))
    expect(planned.writes.extras).toContainEqual({ kind: 'delete', key: signInFailuresKey(ORG, USER) })
  })

  it('restricts a sign-in after the grace period has ended', () => {
    const [opened] = gracePeriodsToOpen(userOf(created()).user!, enforced, T0)
    const user = userOf(created(), opened as UserEvent)
    expect(ok(planSignIn({ organizationId: ORG, user, settings: enforced, session: session(later(601)) })).restricted).toBe(true)
  })

  it('renews and ends a session, replacing and removing its renew token item', () => {
    const issue = ok(planIssueSession({ ...session(), organizationId: ORG, userId: USER, issuerId: USER }))
    const state = fold(credentialDecider, eventsOf(issue, credentialStreamId(ORG, SESSION)) as never[])
    const renewed = ok(planRenewSession(state, { storedHash: '1'.repeat(64), newHash: '2'.repeat(64), now: later(60) }))
    expect(typesOf(eventsOf(renewed, credentialStreamId(ORG, SESSION)))).toEqual(['CredentialRotated'])
    expect(renewed.extras.map((extra) => `${extra.kind} ${extra.key.pk}`)).toEqual(expect.arrayContaining([`delete ~cred#${'1'.repeat(64)}`, `put ~cred#${'2'.repeat(64)}`]))
    const ended = ok(planEndSession(state, '1'.repeat(64)))
    expect(typesOf(eventsOf(ended, credentialStreamId(ORG, SESSION)))).toEqual(['CredentialRevoked'])
  })

  it('locks a principal out for login attempts and starts its counter again', () => {
    const principal = fold(principalDecider, [principalRegistered({ principalId: USER, organizationId: ORG, kind: 'user' })])
    const locked = ok(planLockout(principal, { organizationId: ORG, userId: USER }))
    expect(eventsOf(locked, principalStreamId(ORG, USER))).toMatchObject([{ type: 'PrincipalLocked', data: { reason: 'login_attempts' } }])
    expect(locked.extras).toContainEqual({ kind: 'delete', key: signInFailuresKey(ORG, USER) })
  })
})
