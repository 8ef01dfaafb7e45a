import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { isDomainError } from '../../core/errors.js'
import { planActivatePerson, planConfirmPerson, planPersonOnMembership, personStanding, SIGNUP_TOKEN_SECONDS, type PersonWrites } from './decide.js'
import { personDecider, personKey, personStreamId, signupTokenKey, type PersonState, type SignupTokenItem } from './evolve.js'

const NOW = new Date('2026-11-25T03:00:00Z')
const HASH = 'a'.repeat(64)
const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'

function after(state: PersonState, writes: PersonWrites): PersonState {
  return fold(personDecider, writes.appends.flatMap((append) => append.events) as never[], state)
}

describe('person (global user)', () => {
  it('derives sign-in standing from the person item, else from memberships', () => {
    expect(personStanding(undefined, false)).toBe('unknown')
    expect(personStanding(undefined, true)).toBe('active')
    expect(personStanding({ state: 'pending' }, true)).toBe('pending')
    expect(personStanding({ state: 'active' }, true)).toBe('active')
    // Removed from every organization: unknown again, whatever the record says (never locked out by it).
    expect(personStanding({ state: 'pending' }, false)).toBe('unknown')
    expect(personStanding({ state: 'active' }, false)).toBe('unknown')
  })

  it('registers an unknown subject pending, with its hashed 24 h token; a pending one gets a new token; a known one nothing', () => {
    const writes = planPersonOnMembership({ status: 'absent' }, 'unknown', { subject: ' Ada@Example.com ', organizationId: ORG, tokenHash: HASH, now: NOW, by: 'admin' })
    expect(writes.appends[0]?.streamId).toBe(personStreamId('ada@example.com'))
    expect(writes.appends[0]?.streamId.startsWith('~oidc#person#')).toBe(true)
    expect(after({ status: 'absent' }, writes)).toEqual({ status: 'pending', subject: 'ada@example.com' })
    expect(writes.extras).toContainEqual({ kind: 'put', key: personKey('ada@example.com'), attributes: { state: 'pending' } })
    const token = writes.extras.find((extra) => extra.kind === 'put' && extra.key.pk === signupTokenKey(HASH).pk)
    expect(token).toMatchObject({ ifNotExists: true, ttlSeconds: SIGNUP_TOKEN_SECONDS, attributes: { subject: 'ada@example.com', organizationId: ORG } })
    expect(JSON.stringify(writes.appends)).not.toContain(HASH)
    expect(planPersonOnMembership({ status: 'absent' }, 'active', { subject: 'ada@example.com', organizationId: ORG, tokenHash: HASH, now: NOW, by: 'x' }).appends).toEqual([])
    expect(planPersonOnMembership({ status: 'active', subject: 'ada@example.com' }, 'active', { subject: 'ada@example.com', organizationId: ORG, tokenHash: HASH, now: NOW, by: 'x' })).toEqual({ appends: [], extras: [], invite: false })
    // Still pending: a new link, no new event.
    const again = planPersonOnMembership({ status: 'pending', subject: 'ada@example.com' }, 'pending', { subject: 'ada@example.com', organizationId: ORG, tokenHash: HASH, now: NOW, by: 'x' })
    expect(again).toMatchObject({ appends: [], invite: true })
    expect(again.extras).toHaveLength(1)
  })

  it('activates the person of a live token and spends it; refuses an unknown, expired or foreign token', () => {
    const pending: PersonState = { status: 'pending', subject: 'ada@example.com' }
    const token: SignupTokenItem = { subject: 'ada@example.com', organizationId: ORG, expiresAt: NOW.getTime() / 1000 + 60 }
    const activated = planActivatePerson(pending, token, { tokenHash: HASH, now: NOW, by: 'ada@example.com' })
    if (isDomainError(activated)) throw new Error('refused')
    expect(after(pending, activated)).toEqual({ status: 'active', subject: 'ada@example.com' })
    expect(activated.extras).toContainEqual({ kind: 'delete', key: signupTokenKey(HASH) })
    expect(activated.extras).toContainEqual({ kind: 'put', key: personKey('ada@example.com'), attributes: { state: 'active' } })
    expect(planActivatePerson(pending, undefined, { tokenHash: HASH, now: NOW, by: 'x' })).toMatchObject({ kind: 'not_found' })
    expect(planActivatePerson(pending, { ...token, expiresAt: NOW.getTime() / 1000 }, { tokenHash: HASH, now: NOW, by: 'x' })).toMatchObject({ kind: 'not_found' })
    expect(planActivatePerson({ status: 'absent' }, token, { tokenHash: HASH, now: NOW, by: 'x' })).toMatchObject({ kind: 'not_found' })
    expect(planActivatePerson({ status: 'pending', subject: 'eve@example.com' }, token, { tokenHash: HASH, now: NOW, by: 'x' })).toMatchObject({ kind: 'not_found' })
  })

  it('confirms a pending person who onboarded through their identity provider, and nobody else', () => {
    const pending: PersonState = { status: 'pending', subject: 'ada@example.com' }
    expect(after(pending, planConfirmPerson(pending, { now: NOW, by: 'ada@example.com' }))).toEqual({ status: 'active', subject: 'ada@example.com' })
    expect(planConfirmPerson({ status: 'active', subject: 'ada@example.com' }, { now: NOW, by: 'x' })).toEqual({ appends: [], extras: [] })
    expect(planConfirmPerson({ status: 'absent' }, { now: NOW, by: 'x' })).toEqual({ appends: [], extras: [] })
  })
})
