import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import type { CredentialEvent } from '../../core/credential/events.js'
import { credentialDecider, credentialItemKey, credentialStreamId } from '../../core/credential/index.js'
import { globalKeys } from '../../core/globalItems.js'
import { principalDecider, principalStreamId } from '../../core/principal/evolve.js'
import type { PrincipalEvent } from '../../core/principal/events.js'
import { principalStatusKey } from '../../core/principal/items.js'
import {
  planCreateServiceAccount, planDeleteServiceAccount, planRotateServiceAccountToken, planUpdateServiceAccount, serviceAccountNameKey, tokenExpiry,
} from './decide.js'
import type { ServiceAccountEvent } from './events.js'
import { liveServiceAccount, serviceAccountDecider, serviceAccountStreamId } from './evolve.js'

const ORG = 'a'.repeat(32)
const SA = 'b'.repeat(32)
const CRED1 = 'c'.repeat(32)
const CRED2 = 'd'.repeat(32)
const now = new Date('2026-01-01T00:00:00.000Z')
const token1 = { credentialId: CRED1, secretHash: 'h1', expiresAt: tokenExpiry(now) }
const token2 = { credentialId: CRED2, secretHash: 'h2', expiresAt: tokenExpiry(now) }

function eventsOf(writes: { appends: Array<{ streamId: string; events: unknown[] }> }, streamId: string) {
  return writes.appends.filter((a) => a.streamId === streamId).flatMap((a) => a.events)
}

describe('service accounts', () => {
  const created = planCreateServiceAccount({ deleted: false }, { id: SA, organizationId: ORG, metadata: { name: 'ci' }, token: token1, now, by: 'admin@example.com' })
  if ('kind' in created) throw new Error('create failed')
  const account = fold(serviceAccountDecider, eventsOf(created, serviceAccountStreamId(ORG, SA)) as ServiceAccountEvent[])
  const principal = fold(principalDecider, eventsOf(created, principalStreamId(ORG, SA)) as PrincipalEvent[])
  const credential = fold(credentialDecider, eventsOf(created, credentialStreamId(ORG, CRED1)) as CredentialEvent[])

  it('default to a 90-day token', () => {
    expect(tokenExpiry(now).toISOString()).toBe('2026-04-01T00:00:00.000Z')
  })

  it('are created with a service-account principal, a hashed token credential and a unique name', () => {
    expect(liveServiceAccount(account)).toMatchObject({ id: SA, credentialId: CRED1, expiresAt: token1.expiresAt.toISOString(), createdBy: 'admin@example.com' })
    expect(principal).toMatchObject({ status: 'active', kind: 'service_account' })
    expect(credential).toMatchObject({ status: 'active', kind: 'nscale_service_account_token', principalKind: 'service_account', principalId: SA })
    expect(created.extras).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'reserve', key: serviceAccountNameKey(ORG, 'ci'), owner: SA }),
      expect.objectContaining({ kind: 'put', key: principalStatusKey(ORG, SA) }),
      expect.objectContaining({ kind: 'put', key: credentialItemKey(ORG, CRED1), attributes: expect.objectContaining({ secretHash: 'h1' }) }),
      expect.objectContaining({ kind: 'put', key: globalKeys.credentialBySecretHash('h1') }),
    ]))
    expect(JSON.stringify(created.appends)).not.toContain('h1')
  })

  it('move the name reservation on rename and change nothing for the same metadata', () => {
    expect(planUpdateServiceAccount(account, { id: SA, metadata: { name: 'ci' }, now, by: 'x' })).toEqual({ appends: [], extras: [] })
    const renamed = planUpdateServiceAccount(account, { id: SA, metadata: { name: 'deploy', description: 'd' }, now, by: 'x' })
    expect(renamed).toMatchObject({
      appends: [{ events: [{ type: 'NscaleServiceAccountUpdated' }] }],
      extras: [{ kind: 'release', key: serviceAccountNameKey(ORG, 'ci') }, { kind: 'reserve', key: serviceAccountNameKey(ORG, 'deploy') }],
    })
  })

  it('rotate by issuing a new credential and revoking the old one in the same writes', () => {
    const rotated = planRotateServiceAccountToken(account, credential, { secretHash: 'h1' }, { id: SA, token: token2, now, by: SA })
    if ('kind' in rotated) throw new Error('rotate failed')
    expect(eventsOf(rotated, credentialStreamId(ORG, CRED1))).toMatchObject([{ type: 'CredentialRevoked' }])
    expect(eventsOf(rotated, credentialStreamId(ORG, CRED2))).toMatchObject([{ type: 'CredentialIssued' }])
    expect(rotated.extras).toEqual(expect.arrayContaining([
      { kind: 'delete', key: credentialItemKey(ORG, CRED1) },
      { kind: 'delete', key: globalKeys.credentialBySecretHash('h1') },
      expect.objectContaining({ kind: 'put', key: globalKeys.credentialBySecretHash('h2') }),
    ]))
    const after = fold(serviceAccountDecider, eventsOf(rotated, serviceAccountStreamId(ORG, SA)) as ServiceAccountEvent[], account)
    expect(liveServiceAccount(after)).toMatchObject({ credentialId: CRED2, modifiedBy: SA })
  })

  it('rotate an account whose token is already gone, issuing a new one only', () => {
    const rotated = planRotateServiceAccountToken(account, { status: 'absent' }, undefined, { id: SA, token: token2, now, by: SA })
    if ('kind' in rotated) throw new Error('rotate failed')
    expect(rotated.appends.map((a) => a.streamId)).toEqual([serviceAccountStreamId(ORG, SA), credentialStreamId(ORG, CRED2)])
  })

  it('delete the account, its principal and its token, freeing the name', () => {
    const deleted = planDeleteServiceAccount(account, principal, credential, { secretHash: 'h1' }, { id: SA, now, by: 'x' })
    if ('kind' in deleted) throw new Error('delete failed')
    expect(deleted.appends.map((a) => a.events.map((e) => (e as { type: string }).type))).toEqual([
      ['NscaleServiceAccountDeleted'], ['PrincipalDeleted'], ['CredentialRevoked'],
    ])
    expect(deleted.extras).toEqual(expect.arrayContaining([
      { kind: 'release', key: serviceAccountNameKey(ORG, 'ci'), owner: SA },
      { kind: 'set', key: principalStatusKey(ORG, SA), attributes: { deleted: true } },
      { kind: 'delete', key: globalKeys.credentialBySecretHash('h1') },
    ]))
    const gone = fold(serviceAccountDecider, eventsOf(deleted, serviceAccountStreamId(ORG, SA)) as ServiceAccountEvent[], account)
    expect(planRotateServiceAccountToken(gone, credential, undefined, { id: SA, token: token2, now, by: 'x' })).toMatchObject({ kind: 'not_found' })
    expect(planUpdateServiceAccount(gone, { id: SA, metadata: { name: 'x' }, now, by: 'x' })).toMatchObject({ kind: 'not_found' })
  })

  it('are created once', () => {
    expect(planCreateServiceAccount(account, { id: SA, organizationId: ORG, metadata: { name: 'ci' }, token: token1, now, by: 'x' })).toMatchObject({ kind: 'already_exists' })
  })
})
