import { describe, expect, it } from 'vitest'
import { idpMetadata } from '../../../test/fixtures/samlMetadata.js'
import { other, signing, weak } from '../../../test/fixtures/samlCertificates.js'
import { parseSamlMetadata, SAML_METADATA_MAX_BYTES } from './metadata.js'

const now = new Date('2026-11-25T00:00:00Z')

describe('SAML IdP metadata', () => {
  it('reads the entity id, the redirect SSO location and the signing certificates', () => {
    const parsed = parseSamlMetadata('file', idpMetadata(), now)
    expect(parsed).toMatchObject({ entityId: 'https://idp.example.com/realms/sds', ssoUrl: 'https://idp.example.com/realms/sds/protocol/saml' })
    if ('kind' in parsed) throw new Error('refused')
    expect(parsed.certificates).toHaveLength(1)
    expect(parsed.certificatesValidUntil).toMatch(/^2126-/)
  })

  it('keeps the latest expiry of several signing certificates', () => {
    const xml = idpMetadata().replace('</md:KeyDescriptor>', `</md:KeyDescriptor>${idpMetadata({ certificate: other }).match(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/)![0]}`)
    const parsed = parseSamlMetadata('file', xml, now)
    expect(parsed).toMatchObject({ certificates: [{}, {}] })
  })

  it.each([
    ['not XML', 'hello'],
    ['malformed XML', '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:IDPSSODescriptor>'],
    ['a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>${idpMetadata().replace(/^<\?xml[^>]*>/, '')}`],
    ['no entity id', idpMetadata({ entityId: '' })],
    ['no IDPSSODescriptor', '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>'],
    ['a non-http SSO location', idpMetadata({ ssoUrl: 'javascript:alert(1)' })],
    ['only an encryption key', idpMetadata({ use: 'encryption' })],
    ['a bad certificate', idpMetadata({ certificate: 'bm90IGEgY2VydA==' })],
    ['a weak certificate', idpMetadata({ certificate: weak })],
    ['an oversized document', idpMetadata().replace('<md:IDPSSODescriptor', `<!--${'x'.repeat(SAML_METADATA_MAX_BYTES)}--><md:IDPSSODescriptor`)],
  ])('refuses %s naming the field', (_, xml) => {
    expect(parseSamlMetadata('file', xml, now)).toMatchObject({ kind: 'invalid_argument', argument: 'file' })
  })

  it('refuses an expired certificate', () => {
    expect(parseSamlMetadata('file', idpMetadata({ certificate: signing }), new Date('2127-01-01T00:00:00Z'))).toMatchObject({ kind: 'invalid_argument', message: expect.stringContaining('expired') })
  })
})
