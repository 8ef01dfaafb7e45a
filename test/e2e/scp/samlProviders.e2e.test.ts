// SCP SAML providers (SAML-1..5) through the signed client, with real multipart bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { other, weak } from '../../fixtures/samlCertificates.js'
import { idpMetadata } from '../../fixtures/samlMetadata.js'
import { startScpHarness, type ScpHarness } from '../../support/scpHarness.js'

let h: ScpHarness
const token = (response: { headers: Headers }) => response.headers.get('x-consistency-token')!

beforeAll(async () => {
  h = await startScpHarness()
})
afterAll(async () => {
  await h?.close()
})

function form(fields: Record<string, string>, metadata?: string): FormData {
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) body.append(name, value)
  if (metadata !== undefined) body.append('file', new Blob([metadata], { type: 'application/xml' }), 'keycloak-idp-saml.xml')
  return body
}

describe('SCP SAML providers', () => {
  it('creates, shows, lists, updates and bulk-deletes providers', async () => {
    const xml = idpMetadata()
    const created = await h.scp.request('POST', '/v1/saml-providers', {
      version: '1.2',
      body: form({ description: 'SAML provider Description', federation_type: 'SAML', saml_provider_name: 'IdpTest', tags: "[{'key': 'company', 'value': 'SDS'}]" }, xml),
    })
    expect(created.status).toBe(201)
    const provider = created.body
    expect(provider).toMatchObject({
      account_id: h.org.organizationId, acs_url: null, description: 'SAML provider Description', federation_type: 'SAML', saml_provider_name: 'IdpTest',
      idp_file_name: 'keycloak-idp-saml.xml', idp_file_size: Buffer.byteLength(xml), idp_issuer_url: 'https://idp.example.com/realms/sds',
      idp_sso_url: 'https://idp.example.com/realms/sds/protocol/saml', created_by: h.org.ownerUserId,
    })
    expect(provider.id).toMatch(/^[0-9a-f]{32}$/)
    expect(provider.idp_cert_end).toMatch(/^2126-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(provider).not.toHaveProperty('idp_file_data')

    const shown = await h.scp.request('GET', `/v1/saml-providers/${provider.id}`)
    expect(shown.status).toBe(200)
    expect(shown.body).toEqual({ ...provider, idp_file_data: xml })

    const bare = await h.scp.request('POST', '/v1/saml-providers', { body: form({ federation_type: 'SAML', saml_provider_name: 'NoMetadata' }) })
    expect(bare.status).toBe(201)
    expect(bare.body).toMatchObject({ idp_file_name: null, idp_issuer_url: null, idp_cert_end: null, description: null })

    await h.settle(token(bare))
    const listed = await h.scp.request('GET', '/v1/saml-providers?sort=saml_provider_name:asc')
    expect(listed.status).toBe(200)
    expect(listed.body).toMatchObject({ count: 2, page: 0, size: 20, sort: ['saml_provider_name:asc'] })
    expect(listed.body.saml_providers.map((item: { saml_provider_name: string }) => item.saml_provider_name)).toEqual(['IdpTest', 'NoMetadata'])
    expect(Object.keys(listed.body.saml_providers[0]).sort()).toEqual([
      'account_id', 'created_at', 'created_by', 'creator_name', 'description', 'federation_type', 'id', 'modified_at', 'modified_by', 'modifier_name', 'saml_provider_name',
    ])
    expect((await h.scp.request('GET', '/v1/saml-providers?saml_provider_name=idpt')).body.saml_providers).toHaveLength(1)
    expect((await h.scp.request('GET', '/v1/saml-providers?federation_type=OIDC')).body).toMatchObject({ count: 0, saml_providers: [] })

    const renamedXml = idpMetadata({ entityId: 'https://idp2.example.com', certificate: other })
    const updated = await h.scp.request('PUT', `/v1/saml-providers/${provider.id}`, { body: form({ saml_provider_name: 'IdpRenamed', description: 'new', tags: '[]' }, renamedXml) })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ id: provider.id, saml_provider_name: 'IdpRenamed', description: 'new', federation_type: 'SAML', idp_issuer_url: 'https://idp2.example.com', idp_file_data: renamedXml })
    // The old name is free again, the new one is taken.
    expect((await h.scp.request('POST', '/v1/saml-providers', { body: form({ federation_type: 'SAML', saml_provider_name: 'IdpRenamed' }) })).status).toBe(409)
    const reused = await h.scp.request('POST', '/v1/saml-providers', { body: form({ federation_type: 'SAML', saml_provider_name: 'IdpTest' }) })
    expect(reused.status).toBe(201)

    const unknown = 'ffffffffffffffffffffffffffffffff'
    expect((await h.scp.request('DELETE', '/v1/saml-providers/bulk', { body: { ids: [provider.id, unknown] } })).status).toBe(404)
    expect((await h.scp.request('GET', `/v1/saml-providers/${provider.id}`)).status).toBe(200)
    const deleted = await h.scp.request('DELETE', '/v1/saml-providers/bulk', { body: { ids: [provider.id, bare.body.id, reused.body.id] } })
    expect(deleted.status).toBe(204)
    expect((await h.scp.request('GET', `/v1/saml-providers/${provider.id}`)).status).toBe(404)
    await h.settle(token(deleted))
    expect((await h.scp.request('GET', '/v1/saml-providers')).body).toMatchObject({ count: 0, saml_providers: [] })
  })

  it('refuses bad metadata, a bad certificate, a missing name and a bad federation type, appending nothing', async () => {
    const before = await h.eventCount(h.org.organizationId)
    const cases: Array<[FormData, string]> = [
      [form({ federation_type: 'SAML', saml_provider_name: 'bad1' }, '<not-xml'), 'file'],
      [form({ federation_type: 'SAML', saml_provider_name: 'bad2' }, idpMetadata({ certificate: weak })), 'file'],
      [form({ federation_type: 'SAML', saml_provider_name: 'bad3' }, idpMetadata({ certificate: 'bm90IGEgY2VydA==' })), 'file'],
      [form({ federation_type: 'SAML', saml_provider_name: 'bad4' }, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'), 'file'],
      [form({ federation_type: 'SAML' }, idpMetadata()), 'saml_provider_name'],
      [form({ federation_type: 'OIDC', saml_provider_name: 'bad5' }), 'federation_type'],
      [form({ federation_type: 'SAML', saml_provider_name: 'bad6', tags: "{'key'" }), 'tags'],
    ]
    for (const [body, field] of cases) {
      const refused = await h.scp.request('POST', '/v1/saml-providers', { body })
      expect(refused.status, field).toBe(400)
      expect(JSON.stringify(refused.body)).toContain(field)
    }
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
  })

  it('replays a create with the same Idempotency-Key, and refuses the key with another file', async () => {
    const headers = { 'Idempotency-Key': 'saml-create-1' }
    const first = await h.scp.request('POST', '/v1/saml-providers', { headers, body: form({ federation_type: 'SAML', saml_provider_name: 'Replayed' }, idpMetadata()) })
    expect(first.status).toBe(201)
    const again = await h.scp.request('POST', '/v1/saml-providers', { headers, body: form({ federation_type: 'SAML', saml_provider_name: 'Replayed' }, idpMetadata()) })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.id).toBe(first.body.id)
    const changed = await h.scp.request('POST', '/v1/saml-providers', { headers, body: form({ federation_type: 'SAML', saml_provider_name: 'Replayed' }, idpMetadata({ certificate: other })) })
    expect(changed.status).toBeGreaterThanOrEqual(400)
    expect(changed.status).toBeLessThan(500)
  })

  it('keeps providers to their account', async () => {
    const created = await h.scp.request('POST', '/v1/saml-providers', { body: form({ federation_type: 'SAML', saml_provider_name: 'Mine' }, idpMetadata()) })
    expect(created.status).toBe(201)
    const tenant = await h.createOrganization('other')
    const before = await h.eventCount(h.org.organizationId)
    expect([403, 404]).toContain((await tenant.scp.request('GET', `/v1/saml-providers/${created.body.id}`)).status)
    expect([403, 404]).toContain((await tenant.scp.request('PUT', `/v1/saml-providers/${created.body.id}`, { body: form({ description: 'x' }) })).status)
    expect([403, 404]).toContain((await tenant.scp.request('DELETE', '/v1/saml-providers/bulk', { body: { ids: [created.body.id] } })).status)
    // The same name is free in another account.
    expect((await tenant.scp.request('POST', '/v1/saml-providers', { body: form({ federation_type: 'SAML', saml_provider_name: 'Mine' }) })).status).toBe(201)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    expect((await h.scp.request('GET', `/v1/saml-providers/${created.body.id}`)).status).toBe(200)
  })
})
