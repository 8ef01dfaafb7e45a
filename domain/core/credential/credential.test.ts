import { describe, expect, it } from 'vitest'
import { fold } from '../decider.js'
import { alreadyExists, notFound } from '../errors.js'
import { globalKeys } from '../globalItems.js'
import {
  disableCredential,
  enableCredential,
  expireCredential,
  issueCredential,
  revokeCredential,
  rotateCredential,
  updateCredential,
  type IssueCredential,
} from './decide.js'
import { credentialDisabled, credentialIssued, credentialRevoked, credentialUpdated, type CredentialEvent } from './events.js'
import { credentialDecider } from './evolve.js'
import { credentialItemExtras, credentialItemKey } from './items.js'

const ORG = '0'.repeat(31) + '1'
const USER = 'a'.repeat(32)
const KEY = 'c'.repeat(32)
const now = new Date('2026-01-02T00:00:00.000Z')
const later = new Date('2026-02-01T00:00:00.000Z')
const issue: IssueCredential = {
  credentialId: KEY, organizationId: ORG, principalId: USER, principalKind: 'user', kind: 'scaleway_api_key',
  accessKey: 'SCWABCDEFGHIJKLMNOPQ', description: 'ci', expiresAt: later, attributes: { defaultProjectId: ORG }, now,
}
const issued = credentialIssued({
  credentialId: KEY, organizationId: ORG, principalId: USER, principalKind: 'user', kind: 'scaleway_api_key',
  accessKey: 'SCWABCDEFGHIJKLMNOPQ', description: 'ci', expiresAt: later.toISOString(), attributes: { defaultProjectId: ORG },
  createdAt: now.toISOString(),
})
const given = (...events: CredentialEvent[]) => fold(credentialDecider, events)

describe('credential', () => {
  it('is issued once', () => {
    expect(issueCredential(given(), issue)).toEqual([issued])
    expect(issueCredential(given(issued), issue)).toEqual(alreadyExists('credential', KEY))
  })
  it('refuses an expiry in the past or beyond the organization maximum, and requires one when a maximum is set', () => {
    expect(issueCredential(given(), { ...issue, expiresAt: now })).toMatchObject({ kind: 'invalid_argument', argument: 'expires_at' })
    expect(issueCredential(given(), { ...issue, maxLifetimeSeconds: 3600 })).toMatchObject({ kind: 'invalid_argument' })
    expect(issueCredential(given(), { ...issue, expiresAt: undefined, maxLifetimeSeconds: 3600 })).toMatchObject({ reason: 'required' })
  })
  it('never accepts attributes named like secret material', () => {
    expect(() => credentialIssued.schema.parse({ ...issued.data, attributes: { secretKey: 'x' } })).toThrow()
  })
  it('updates only what changes', () => {
    expect(updateCredential(given(issued), { description: 'ci', now })).toEqual([])
    expect(updateCredential(given(issued), { description: 'deploy', expiresAt: null, now })).toEqual([
      credentialUpdated({ credentialId: KEY, description: 'deploy', expiresAt: null }),
    ])
    const state = given(issued, credentialUpdated({ credentialId: KEY, expiresAt: null, attributes: { defaultProjectId: null } }))
    expect(state.status === 'active' && [state.expiresAt, state.attributes]).toEqual([undefined, {}])
  })
  it('expires only past its expiry, once', () => {
    expect(expireCredential(given(issued), now)).toEqual([])
    expect(expireCredential(given(issued), later)).toMatchObject([{ type: 'CredentialExpired' }])
    const expired = given(issued, ...(expireCredential(given(issued), later) as CredentialEvent[]))
    expect(expireCredential(expired, later)).toEqual([])
  })
  it('disables and enables idempotently', () => {
    expect(disableCredential(given(issued))).toMatchObject([{ type: 'CredentialDisabled' }])
    expect(disableCredential(given(issued, credentialDisabled({ credentialId: KEY })))).toEqual([])
    expect(enableCredential(given(issued))).toEqual([])
  })
  it('is gone once revoked', () => {
    const revoked = given(issued, credentialRevoked({ credentialId: KEY }))
    expect(revokeCredential(revoked)).toEqual(notFound('credential', KEY))
    expect(updateCredential(revoked, { description: 'x', now })).toEqual(notFound('credential', KEY))
    expect(rotateCredential(given(), { now })).toEqual(notFound('credential', ''))
  })
})

describe('credential items', () => {
  const itemKey = credentialItemKey(ORG, KEY)
  const global = { organizationId: ORG, credentialId: KEY, principalId: USER }
  it('writes the credential item and both global lookups with the issue, all guarded', () => {
    const extras = credentialItemExtras(given(), [issued], { hash: 'h1' })
    expect(extras).toEqual([
      expect.objectContaining({ kind: 'put', key: itemKey, ifNotExists: true, attributes: expect.objectContaining({ status: 'active', secretHash: 'h1', expiresAt: later.toISOString() }) }),
      expect.objectContaining({ kind: 'put', key: globalKeys.credentialBySecretHash('h1'), attributes: global, ifNotExists: true }),
      expect.objectContaining({ kind: 'put', key: globalKeys.credentialByAccessKey('SCWABCDEFGHIJKLMNOPQ'), attributes: global, ifNotExists: true }),
    ])
  })
  it('deletes every item on revocation', () => {
    expect(credentialItemExtras(given(issued), [credentialRevoked({ credentialId: KEY })], {}, { secretHash: 'h1' })).toEqual([
      { kind: 'delete', key: itemKey },
      { kind: 'delete', key: globalKeys.credentialBySecretHash('h1') },
      { kind: 'delete', key: globalKeys.credentialByAccessKey('SCWABCDEFGHIJKLMNOPQ') },
    ])
  })
  it('swaps the secret lookup on rotation', () => {
    const events = rotateCredential(given(issued), { now }) as CredentialEvent[]
    expect(credentialItemExtras(given(issued), events, { hash: 'h2' }, { secretHash: 'h1' })).toEqual([
      { kind: 'delete', key: globalKeys.credentialBySecretHash('h1') },
      expect.objectContaining({ kind: 'put', key: globalKeys.credentialBySecretHash('h2'), ifNotExists: true }),
      { kind: 'set', key: itemKey, attributes: { secretHash: 'h2', sealedSecret: undefined }, ifExists: true },
    ])
  })
  it('records status changes and writes nothing for a description change', () => {
    expect(credentialItemExtras(given(issued), [credentialDisabled({ credentialId: KEY })])).toEqual([
      { kind: 'set', key: itemKey, attributes: { status: 'disabled' }, ifExists: true },
    ])
    expect(credentialItemExtras(given(issued), [credentialUpdated({ credentialId: KEY, description: 'x' })])).toEqual([])
  })
})
