import { describe, expect, it } from 'vitest'
import { fold } from '../decider.js'
import { notFound, alreadyExists } from '../errors.js'
import { deletePrincipal, lockPrincipal, registerPrincipal, unlockPrincipal } from './decide.js'
import { principalLocked, principalRegistered, type PrincipalEvent } from './events.js'
import { principalDecider } from './evolve.js'
import { principalStatusExtras, principalStatusKey } from './items.js'

const ORG = '0'.repeat(31) + '1'
const USER = 'a'.repeat(32)
const registered = principalRegistered({ principalId: USER, organizationId: ORG, kind: 'user' })
const given = (...events: PrincipalEvent[]) => fold(principalDecider, events)

describe('principal', () => {
  it('registers a new principal once', () => {
    expect(registerPrincipal(given(), { principalId: USER, organizationId: ORG, kind: 'user' })).toEqual([registered])
    expect(registerPrincipal(given(registered), { principalId: USER, organizationId: ORG, kind: 'user' })).toEqual(alreadyExists('principal', USER))
  })
  it('locks an active principal and decides nothing when it is already locked', () => {
    expect(lockPrincipal(given(registered))).toEqual([principalLocked({ principalId: USER, reason: 'administrator' })])
    expect(lockPrincipal(given(registered, principalLocked({ principalId: USER, reason: 'login_attempts' })))).toEqual([])
  })
  it('unlocks only a locked principal', () => {
    expect(unlockPrincipal(given(registered))).toEqual([])
    expect(unlockPrincipal(given(registered, principalLocked({ principalId: USER, reason: 'administrator' })))).toHaveLength(1)
  })
  it('refuses to act on a principal that is absent or deleted', () => {
    expect(lockPrincipal(given())).toEqual(notFound('principal', ''))
    const deleted = given(registered, ...(deletePrincipal(given(registered)) as PrincipalEvent[]))
    expect(deleted.status).toBe('deleted')
    expect(deletePrincipal(deleted)).toEqual(notFound('principal', USER))
  })
  it('derives one status item write per append from the events', () => {
    const key = principalStatusKey(ORG, USER)
    expect(principalStatusExtras(ORG, USER, [registered])).toEqual([
      { kind: 'put', key, attributes: { kind: 'user', locked: false, deleted: false }, ifNotExists: true },
    ])
    expect(principalStatusExtras(ORG, USER, [principalLocked({ principalId: USER, reason: 'administrator' })])).toEqual([
      { kind: 'set', key, attributes: { locked: true } },
    ])
    expect(principalStatusExtras(ORG, USER, [])).toEqual([])
  })
  it('refuses an event whose data does not match its schema', () => {
    expect(principalRegistered.schema.safeParse({ principalId: 'nope', organizationId: ORG, kind: 'user' }).success).toBe(false)
  })
})
