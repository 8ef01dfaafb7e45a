import { describe, expect, it } from 'vitest'
import { idpMetadata } from '../../../test/fixtures/samlMetadata.js'
import { decideSamlProvider } from './decide.js'
import { evolveSamlProvider, type SamlProviderState } from './evolve.js'
import type { SamlProviderEvent } from './events.js'
import { planSamlProvider, samlProviderNameReservation } from './plan.js'

const A = '1d9cc99917ff41bb992276ac0ae9e4c8'
const ID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const target = { organizationId: A, id: ID, at: '2026-11-25T00:00:00.000Z', by: 'b'.repeat(32) }
const file = { fileName: 'keycloak-idp-saml.xml', content: idpMetadata() }
const create = (extra = {}) => ({ ...target, type: 'CreateSamlProvider' as const, name: 'IdpTest', description: null, federationType: 'SAML', file, tags: [{ key: 'company', value: 'SDS' }], ...extra })
const given = (...events: SamlProviderEvent[]): SamlProviderState => events.reduce(evolveSamlProvider, { deleted: false })
const created = () => given(...(decideSamlProvider({ deleted: false }, create()) as SamlProviderEvent[]))

describe('SCP SAML providers', () => {
  it('keeps the metadata with its issuer, SSO location, size and certificate expiry', () => {
    expect(created().provider).toMatchObject({
      name: 'IdpTest', federationType: 'SAML', tags: [{ key: 'company', value: 'SDS' }],
      metadata: { fileName: 'keycloak-idp-saml.xml', fileSize: Buffer.byteLength(file.content), issuerUrl: 'https://idp.example.com/realms/sds', ssoUrl: 'https://idp.example.com/realms/sds/protocol/saml', certificatesValidUntil: expect.stringMatching(/^2126-/) },
    })
  })

  it('creates without metadata', () => {
    expect(decideSamlProvider({ deleted: false }, create({ file: undefined }))).toMatchObject([{ data: { metadata: null } }])
  })

  it.each([
    [{ name: '' }, 'saml_provider_name'],
    [{ name: 'has space' }, 'saml_provider_name'],
    [{ federationType: 'OIDC' }, 'federation_type'],
    [{ file: { fileName: 'x.xml', content: '<x/>' } }, 'file'],
    [{ tags: [{ key: '', value: 'v' }] }, 'tags[0]'],
  ])('refuses %o naming %s', (extra, field) => {
    expect(decideSamlProvider({ deleted: false }, create(extra))).toMatchObject({ kind: 'invalid_argument', argument: field })
  })

  it('updates only what changed and moves the name reservation on a rename', () => {
    const state = created()
    expect(decideSamlProvider(state, { ...target, type: 'UpdateSamlProvider', name: 'IdpTest', file })).toEqual([])
    const renamed = planSamlProvider(state, { ...target, type: 'UpdateSamlProvider', name: 'Renamed', description: 'd' })
    expect(renamed).toMatchObject({
      appends: [{ events: [{ type: 'ScpSamlProviderUpdated', data: { name: 'Renamed', description: 'd' } }] }],
      extras: [{ kind: 'release', key: samlProviderNameReservation(A, 'IdpTest') }, { kind: 'reserve', key: samlProviderNameReservation(A, 'Renamed') }],
    })
  })

  it('releases the name on delete and forgets a deleted provider', () => {
    const state = created()
    const deleted = planSamlProvider(state, { ...target, type: 'DeleteSamlProvider' })
    expect(deleted).toMatchObject({ extras: [{ kind: 'release', key: samlProviderNameReservation(A, 'IdpTest') }] })
    const gone = given(...(decideSamlProvider({ deleted: false }, create()) as SamlProviderEvent[]), ...(decideSamlProvider(state, { ...target, type: 'DeleteSamlProvider' }) as SamlProviderEvent[]))
    expect(decideSamlProvider(gone, { ...target, type: 'UpdateSamlProvider', description: 'x' })).toMatchObject({ kind: 'not_found' })
  })
})
