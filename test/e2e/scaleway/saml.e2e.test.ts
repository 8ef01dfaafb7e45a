// SAML end to end: an organization configures its identity provider through the official SDK (raw HTTP for
// GetSamlCertificate, which SDK 1.6.0 lacks) and reaches `valid`; bad values are 400 naming the field and append
// nothing; another tenant can neither see nor touch the configuration.
import { generateKeyPairSync } from 'node:crypto'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ecP256, other, signing, weak } from '../../fixtures/samlCertificates.js'
import { startScalewayHarness, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'

const PUBLIC_URL = 'https://iam.example.test'
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error)
/** Attempts built lazily: an SDK promise created early would reject unobserved. */
type Attempt = () => Promise<unknown>

describe('Scaleway SAML', () => {
  let h: ScalewayHarness
  /** One organization per test, made up front. */
  let orgs: Record<'walk' | 'cycle' | 'invalid' | 'idempotent' | 'owner' | 'intruder', TestOrganization>

  beforeAll(async () => {
    h = await startScalewayHarness({ env: { IAM_PUBLIC_URL: PUBLIC_URL } })
    const made: Partial<typeof orgs> = { walk: h.org }
    // One after the other: each creation waits for the projections, which parallel creations would crowd.
    for (const name of ['cycle', 'invalid', 'idempotent', 'owner', 'intruder'] as const) made[name] = await h.createOrganization(`saml-${name}`)
    orgs = made as typeof orgs
  }, 120_000)
  afterAll(async () => h?.close())

  it('walks an organization through every missing status to valid', async () => {
    const org = orgs.walk
    const saml = await org.iam.enableOrganizationSaml()
    expect(saml).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/),
      status: 'missing_certificate',
      serviceProvider: {
        entityId: `${PUBLIC_URL}/iam/v1alpha1/saml/${saml.id}/metadata`,
        assertionConsumerServiceUrl: `${PUBLIC_URL}/iam/v1alpha1/saml/${saml.id}/acs`,
      },
      entityId: '',
      singleSignOnUrl: '',
    })

    // An encryption certificate does not make the configuration usable; a signing one does.
    await org.iam.addSamlCertificate({ samlId: saml.id, type: 'encryption', content: other })
    expect((await org.iam.getOrganizationSaml()).status).toBe('missing_certificate')
    const certificate = await org.iam.addSamlCertificate({ samlId: saml.id, type: 'signing', content: signing })
    expect(certificate).toMatchObject({ type: 'signing', origin: 'identity_provider', content: signing })
    expect(certificate.expiresAt?.getUTCFullYear()).toBe(2126)
    expect((await org.iam.getOrganizationSaml()).status).toBe('missing_entity_id')

    expect(await org.iam.updateSaml({ samlId: saml.id, entityId: 'https://idp.example.com/metadata' })).toMatchObject({ status: 'missing_single_sign_on_url' })
    const valid = await org.iam.updateSaml({ samlId: saml.id, singleSignOnUrl: 'https://idp.example.com/sso' })
    expect(valid).toMatchObject({ status: 'valid', entityId: 'https://idp.example.com/metadata', singleSignOnUrl: 'https://idp.example.com/sso' })
    expect(await org.iam.getOrganizationSaml()).toEqual(valid)

    const listed = await org.iam.listSamlCertificates({ samlId: saml.id })
    expect(listed.certificates.map((c) => c.type)).toEqual(['encryption', 'signing'])
    const raw = await h.fetch(`/iam/v1alpha1/saml-certificates/${certificate.id}`, { secretKey: org.secretKey })
    expect(raw.status).toBe(200)
    expect(await raw.json()).toMatchObject({ id: certificate.id, type: 'signing', origin: 'identity_provider', content: signing })

    // Without its signing certificate the configuration is incomplete again.
    await org.iam.deleteSamlCertificate({ certificateId: certificate.id })
    expect((await org.iam.getOrganizationSaml()).status).toBe('missing_certificate')
    expect((await h.fetch(`/iam/v1alpha1/saml-certificates/${certificate.id}`, { secretKey: org.secretKey })).status).toBe(404)
  })

  it('is enabled once; disabling drops the configuration and its certificates', async () => {
    const org = orgs.cycle
    expect(await failure(org.iam.getOrganizationSaml())).toBeInstanceOf(Errors.ResourceNotFoundError)
    const first = await org.iam.enableOrganizationSaml()
    expect(await failure(org.iam.enableOrganizationSaml())).toBeInstanceOf(Errors.AlreadyExistsError)
    const certificate = await org.iam.addSamlCertificate({ samlId: first.id, type: 'signing', content: ecP256 })
    await org.iam.deleteSaml({ samlId: first.id })
    expect(await failure(org.iam.getOrganizationSaml())).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await failure(org.iam.listSamlCertificates({ samlId: first.id }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await failure(org.iam.deleteSamlCertificate({ certificateId: certificate.id }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await failure(org.iam.deleteSaml({ samlId: first.id }))).toBeInstanceOf(Errors.ResourceNotFoundError)

    const second = await org.iam.enableOrganizationSaml()
    expect(second.id).not.toBe(first.id)
    expect(await org.iam.listSamlCertificates({ samlId: second.id })).toEqual({ certificates: [] })
  })

  it('refuses bad identity-provider values and certificates with 400 naming the field, appending nothing', async () => {
    const org = orgs.invalid
    const saml = await org.iam.enableOrganizationSaml()
    await org.iam.addSamlCertificate({ samlId: saml.id, type: 'signing', content: signing })
    const before = await h.eventCount(org.organizationId)
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string

    const refusals: Array<[string, Attempt]> = [
      ['entity_id', () => org.iam.updateSaml({ samlId: saml.id, entityId: 'not a uri' })],
      ['single_sign_on_url', () => org.iam.updateSaml({ samlId: saml.id, singleSignOnUrl: 'http://idp.example.com/sso' })],
      ['single_sign_on_url', () => org.iam.updateSaml({ samlId: saml.id, singleSignOnUrl: 'https://user:secret@idp.example.com/sso' })],
      ['content', () => org.iam.addSamlCertificate({ samlId: saml.id, type: 'signing', content: 'MIIB' })],
      ['content', () => org.iam.addSamlCertificate({ samlId: saml.id, type: 'signing', content: privateKey })],
      ['content', () => org.iam.addSamlCertificate({ samlId: saml.id, type: 'signing', content: weak })],
      ['type', () => org.iam.addSamlCertificate({ samlId: saml.id, type: 'unknown_certificate_type', content: other })],
    ]
    for (const [field, attempt] of refusals) {
      const error = await failure(attempt())
      expect(error, field).toBeInstanceOf(Errors.InvalidArgumentsError)
      expect((error as Errors.InvalidArgumentsError).details.map((d) => d.argumentName), field).toEqual([field])
    }
    // The same certificate twice is a conflict, not a second copy.
    expect(await failure(org.iam.addSamlCertificate({ samlId: saml.id, type: 'signing', content: signing }))).toBeInstanceOf(Errors.AlreadyExistsError)
    expect(await h.eventCount(org.organizationId)).toBe(before)
  })

  it('replays an AddSamlCertificate sent again with the same Idempotency-Key', async () => {
    const org = orgs.idempotent
    const saml = await org.iam.enableOrganizationSaml()
    const send = () => h.fetch(`/iam/v1alpha1/saml/${saml.id}/certificates`, {
      method: 'POST', secretKey: org.secretKey, body: { type: 'signing', content: signing }, headers: { 'Idempotency-Key': 'add-signing' },
    })
    const first = await send()
    const again = await send()
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(await first.json())
    expect((await org.iam.listSamlCertificates({ samlId: saml.id })).certificates).toHaveLength(1)
  })

  describe('another tenant', () => {
    let owner: TestOrganization
    let intruder: TestOrganization
    let samlId: string
    let certificateId: string

    beforeAll(async () => {
      ;({ owner, intruder } = orgs)
      samlId = (await owner.iam.enableOrganizationSaml()).id
      certificateId = (await owner.iam.addSamlCertificate({ samlId, type: 'signing', content: signing })).id
      await intruder.iam.enableOrganizationSaml()
    })

    it('can neither see nor touch the configuration, and appends nothing', async () => {
      const before = await h.eventCount(owner.organizationId)
      const orgId = owner.organizationId
      expect(await failure(intruder.iam.getOrganizationSaml({ organizationId: orgId }))).toBeInstanceOf(Errors.PermissionsDeniedError)
      expect(await failure(intruder.iam.enableOrganizationSaml({ organizationId: orgId }))).toBeInstanceOf(Errors.PermissionsDeniedError)
      const notFound: Attempt[] = [
        () => intruder.iam.updateSaml({ samlId, entityId: 'urn:intruder' }),
        () => intruder.iam.listSamlCertificates({ samlId }),
        () => intruder.iam.addSamlCertificate({ samlId, type: 'signing', content: other }),
        () => intruder.iam.deleteSamlCertificate({ certificateId }),
        () => intruder.iam.deleteSaml({ samlId }),
      ]
      for (const attempt of notFound) expect(await failure(attempt())).toBeInstanceOf(Errors.ResourceNotFoundError)
      const raw = await h.fetch(`/iam/v1alpha1/saml-certificates/${certificateId}`, { secretKey: intruder.secretKey })
      expect(raw.status).toBe(404)
      expect(await h.eventCount(owner.organizationId)).toBe(before)
      expect((await owner.iam.getOrganizationSaml()).id).toBe(samlId)
      expect((await owner.iam.listSamlCertificates({ samlId })).certificates.map((c) => c.id)).toEqual([certificateId])
    })
  })
})
