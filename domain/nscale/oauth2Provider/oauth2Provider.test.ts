import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { oauth2ProviderNameKey, oauth2ProviderSecretKey, planCreateOauth2Provider, planDeleteOauth2Provider, planUpdateOauth2Provider } from './decide.js'
import type { Oauth2ProviderEvent } from './events.js'
import { liveOauth2Provider, oauth2ProviderDecider } from './evolve.js'

const ORG = 'a'.repeat(32)
const OTHER = 'e'.repeat(32)
const ID = 'b'.repeat(32)
const AT = '2026-01-01T00:00:00Z'
const write = {
  id: ID, organizationId: ORG, metadata: { name: 'corp-idp' }, spec: { type: 'google' as const, issuer: 'https://idp.example.com', clientID: 'client' },
  sealedClientSecret: 'k1.sealed', at: AT, by: 'admin@example.com',
}

describe('oauth2 providers', () => {
  const created = planCreateOauth2Provider({ deleted: false }, write)
  if ('kind' in created) throw new Error('create failed')
  const state = fold(oauth2ProviderDecider, created.appends.flatMap((a) => a.events))

  it('are created with a unique name and the sealed secret as an item, never in the event', () => {
    expect(liveOauth2Provider(state)).toMatchObject({ id: ID, spec: write.spec, hasClientSecret: true, createdBy: 'admin@example.com' })
    expect(created.extras).toEqual([
      expect.objectContaining({ kind: 'reserve', key: oauth2ProviderNameKey(ORG, 'corp-idp'), owner: ID }),
      { kind: 'put', key: oauth2ProviderSecretKey(ORG, ID), attributes: { sealedSecret: 'k1.sealed' } },
    ])
    expect(JSON.stringify(created.appends)).not.toContain('sealed')
  })

  it('refuse an issuer that is not an http(s) URL', () => {
    for (const issuer of ['idp.example.com', 'ftp://idp', 'https://u:p@idp.example.com']) {
      expect(planCreateOauth2Provider({ deleted: false }, { ...write, spec: { ...write.spec, issuer } })).toMatchObject({ kind: 'invalid_argument', argument: 'spec.issuer' })
    }
  })

  it('keep the secret when a replacement omits it, and change nothing for the same record', () => {
    const { sealedClientSecret: _omitted, ...noSecret } = write
    expect(planUpdateOauth2Provider(state, noSecret)).toEqual({ appends: [], extras: [] })
    const renamed = planUpdateOauth2Provider(state, { ...noSecret, metadata: { name: 'new' } })
    if ('kind' in renamed) throw new Error('update failed')
    expect(renamed.extras.map((e) => e.kind)).toEqual(['release', 'reserve'])
    const after = fold(oauth2ProviderDecider, renamed.appends.flatMap((a) => a.events) as Oauth2ProviderEvent[], state)
    expect(liveOauth2Provider(after)).toMatchObject({ hasClientSecret: true, metadata: { name: 'new' }, modifiedBy: 'admin@example.com' })
    expect(planUpdateOauth2Provider(state, { ...write, sealedClientSecret: 'k1.other' })).toMatchObject({ extras: [{ kind: 'put', attributes: { sealedSecret: 'k1.other' } }] })
  })

  it('are deleted with their secret and name, and are 404 for another organization', () => {
    expect(planDeleteOauth2Provider(state, { id: ID, organizationId: OTHER, at: AT, by: 'x' })).toMatchObject({ kind: 'not_found' })
    expect(planDeleteOauth2Provider(state, { id: ID, organizationId: ORG, at: AT, by: 'x' })).toMatchObject({
      extras: [{ kind: 'release', key: oauth2ProviderNameKey(ORG, 'corp-idp') }, { kind: 'delete', key: oauth2ProviderSecretKey(ORG, ID) }],
    })
  })
})
