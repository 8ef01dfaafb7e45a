import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { isDomainError } from '../../core/errors.js'
import { other, signing } from '../../../test/fixtures/samlCertificates.js'
import { decideSaml, MAX_SAML_CERTIFICATES, type SamlCommand } from './decide.js'
import type { SamlEvent } from './events.js'
import { samlDecider, type SamlState } from './evolve.js'
import { samlStatus, serviceProvider } from './status.js'

const org = 'a'.repeat(32)
const samlId = 'b'.repeat(32)
const at = '2026-11-25T00:00:00.000Z'
const now = new Date(at)

function run(state: SamlState, ...commands: SamlCommand[]): SamlState {
  return commands.reduce((current, command) => {
    const events = decideSaml(current, command)
    if (isDomainError(events)) throw new Error(`${command.type}: ${JSON.stringify(events)}`)
    return fold(samlDecider, events as SamlEvent[], current)
  }, state)
}

const enable: SamlCommand = { type: 'EnableSaml', organizationId: org, id: samlId, at }
const update = (fields: { entityId?: string; singleSignOnUrl?: string }): SamlCommand => ({ type: 'UpdateSaml', organizationId: org, id: samlId, ...fields, at })
const add = (content: string, certificateType = 'signing', id = 'c'.repeat(32)): SamlCommand => ({
  type: 'AddSamlCertificate', organizationId: org, samlId, id, certificateType, content, at,
})

describe('an organization SAML configuration', () => {
  it('walks through every missing status to valid', () => {
    let state = run({}, enable)
    expect(samlStatus(state.config!, now)).toBe('missing_certificate')
    state = run(state, add(other, 'encryption', 'd'.repeat(32)))
    expect(samlStatus(state.config!, now)).toBe('missing_certificate')
    state = run(state, add(signing))
    expect(samlStatus(state.config!, now)).toBe('missing_entity_id')
    state = run(state, update({ entityId: 'https://idp.example.com/metadata' }))
    expect(samlStatus(state.config!, now)).toBe('missing_single_sign_on_url')
    state = run(state, update({ singleSignOnUrl: 'https://idp.example.com/sso' }))
    expect(samlStatus(state.config!, now)).toBe('valid')
    expect(state.config).toMatchObject({ entityId: 'https://idp.example.com/metadata', singleSignOnUrl: 'https://idp.example.com/sso' })
    // The signing certificate expires: the configuration needs a new one.
    expect(samlStatus(state.config!, new Date('2127-01-01T00:00:00Z'))).toBe('missing_certificate')
  })

  it('is enabled once at a time; disabling drops it and its certificates', () => {
    const state = run({}, enable, add(signing))
    expect(decideSaml(state, { ...enable, id: 'e'.repeat(32) })).toMatchObject({ kind: 'already_exists', resource: 'saml', resourceId: samlId })
    const disabled = run(state, { type: 'DisableSaml', organizationId: org, id: samlId, at })
    expect(disabled.config).toBeUndefined()
    expect(decideSaml(disabled, { type: 'DeleteSamlCertificate', organizationId: org, id: 'c'.repeat(32), at })).toMatchObject({ kind: 'not_found', resource: 'saml_certificate' })
    expect(decideSaml(disabled, update({ entityId: 'urn:x' }))).toMatchObject({ kind: 'not_found', resource: 'saml' })
  })

  it('answers not found for another configuration id', () => {
    const state = run({}, enable)
    const otherId = 'f'.repeat(32)
    expect(decideSaml(state, { ...update({ entityId: 'urn:x' }), id: otherId })).toMatchObject({ kind: 'not_found', resourceId: otherId })
    expect(decideSaml(state, { type: 'DisableSaml', organizationId: org, id: otherId, at })).toMatchObject({ kind: 'not_found' })
    expect(decideSaml(state, { ...(add(signing) as Extract<SamlCommand, { type: 'AddSamlCertificate' }>), samlId: otherId })).toMatchObject({ kind: 'not_found', resource: 'saml' })
  })

  it.each([
    ['entity_id', { entityId: 'not a uri' }],
    ['entity_id', { entityId: `https://idp.example.com/${'x'.repeat(1024)}` }],
    ['single_sign_on_url', { singleSignOnUrl: 'http://idp.example.com/sso' }],
    ['single_sign_on_url', { singleSignOnUrl: 'https://user:pw@idp.example.com/sso' }],
    ['single_sign_on_url', { singleSignOnUrl: 'https://' }],
  ])('refuses a bad %s', (argument, fields) => {
    expect(decideSaml(run({}, enable), update(fields))).toMatchObject({ kind: 'invalid_argument', argument })
  })

  it('changes nothing when the values are the same', () => {
    const state = run({}, enable, update({ entityId: 'urn:idp' }))
    expect(decideSaml(state, update({ entityId: 'urn:idp' }))).toEqual([])
  })

  it('validates certificates: content, type, one copy per type, a bounded number', () => {
    const state = run({}, enable, add(signing))
    expect(decideSaml(state, add('MIIB'))).toMatchObject({ kind: 'invalid_argument', argument: 'content' })
    expect(decideSaml(state, add(other, 'unknown_certificate_type'))).toMatchObject({ kind: 'invalid_argument', argument: 'type' })
    expect(decideSaml(state, add(signing, 'signing', 'd'.repeat(32)))).toMatchObject({ kind: 'already_exists', resource: 'saml_certificate' })
    expect(isDomainError(decideSaml(state, add(signing, 'encryption', 'd'.repeat(32))))).toBe(false)
    const certificates = Array.from({ length: MAX_SAML_CERTIFICATES }, (_, i) => ({
      ...state.config!.certificates[0]!, id: String(i).padStart(32, '0'), fingerprint: String(i),
    }))
    const full: SamlState = { config: { ...state.config!, certificates } }
    expect(decideSaml(full, add(other))).toMatchObject({ kind: 'precondition_failed', precondition: 'saml_certificates_limit' })
  })

  it('names the service provider under the public URL', () => {
    expect(serviceProvider('https://iam.example.com/', samlId)).toEqual({
      entityId: 'https://iam.example.com/iam/v1alpha1/saml/bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb/metadata',
      assertionConsumerServiceUrl: 'https://iam.example.com/iam/v1alpha1/saml/bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb/acs',
    })
  })
})
