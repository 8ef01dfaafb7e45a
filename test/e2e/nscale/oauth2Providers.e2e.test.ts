// nscale OAuth2 providers over HTTP (spec §3.2 #12, #30–33, §9 #15–16): an organization's upstream providers with
// a write-only secret (sealed, never returned, never in events, readable by the federation through
// functions/nscale/oauth2Providers.ts), unique names, and the configured system providers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toUuid, ulidIds } from '../../../domain/core/ids.js'
import { oauth2ProviderStreamId } from '../../../domain/nscale/oauth2Provider/evolve.js'
import { deterministicId } from '../../../domain/nscale/oauth2Provider/systemProviders.js'
import { readOrganizationProvider, systemProvider } from '../../../functions/nscale/oauth2Providers.js'
import { startResourceHarness, type ResourceHarness } from './resourceFixtures.js'

const SYSTEM = [{ name: 'google', issuer: 'https://accounts.google.com', clientId: 'g-client', clientSecret: 'g-secret-value' }]

let r: ResourceHarness
beforeAll(async () => {
  r = await startResourceHarness({ env: { IAM_NSCALE_OIDC_PROVIDERS: JSON.stringify(SYSTEM) }, as: 'owner' })
}, 60_000)
afterAll(async () => {
  await r?.h.close()
})

const O = () => `/api/v1/organizations/${toUuid(r.org)}`
const SECRET = 'upstream-client-secret-0123456789'
const write = (name: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, description: 'corporate IdP' },
  spec: { type: 'microsoft', issuer: 'https://login.example.com/tenant', clientID: 'corp-client', ...extra },
})

describe('nscale OAuth2 providers', () => {
  it('are created with a sealed secret that is never returned nor in events, and readable for federation', async () => {
    const created = await r.api(`${O()}/oauth2providers`, { method: 'POST', body: write('corp', { clientSecret: SECRET }) })
    expect(created.status).toBe(201)
    const body = (await created.json()) as { metadata: { id: string }; spec: Record<string, unknown> }
    expect(body).toMatchObject({
      metadata: { name: 'corp', description: 'corporate IdP', organizationId: toUuid(r.org), provisioningStatus: 'provisioned', healthStatus: 'healthy' },
      spec: { type: 'microsoft', issuer: 'https://login.example.com/tenant', clientID: 'corp-client' },
    })
    expect(body.spec.clientSecret).toBeUndefined()
    const list = await r.api(`${O()}/oauth2providers`, { headers: { 'X-Consistency-Token': created.headers.get('x-consistency-token')! } })
    expect(list.status).toBe(200)
    const text = await list.text()
    expect(text).not.toContain(SECRET)
    expect((JSON.parse(text) as Array<{ metadata: { id: string } }>).map((p) => p.metadata.id)).toContain(body.metadata.id)

    const id = body.metadata.id.replaceAll('-', '')
    expect(JSON.stringify(await r.h.deps.store.readStream(oauth2ProviderStreamId(r.org, id)))).not.toContain(SECRET)
    const { deps } = r.h
    expect(await readOrganizationProvider({ ...deps, now: new Date() }, r.org, body.metadata.id)).toEqual({
      id, scope: 'organization', organizationId: r.org, name: 'corp', type: 'microsoft', issuer: 'https://login.example.com/tenant', clientId: 'corp-client', clientSecret: SECRET,
    })
    const other = await r.h.createOrganization('idp-other')
    expect(await readOrganizationProvider({ ...deps, now: new Date() }, other.organizationId, body.metadata.id)).toBeUndefined()
  })

  it('are replaced by PUT (200, no body), keeping the secret when it is omitted; deleted (200); 404 when unknown', async () => {
    const created = await r.api(`${O()}/oauth2providers`, { method: 'POST', body: write('replaced', { clientSecret: SECRET }) })
    const { metadata } = (await created.json()) as { metadata: { id: string } }
    const put = await r.api(`${O()}/oauth2providers/${metadata.id}`, { method: 'PUT', body: write('replaced-2', { issuer: 'https://idp2.example.com', type: 'google' }) })
    expect(put.status).toBe(200)
    expect(await put.text()).toBe('')
    const provider = await readOrganizationProvider({ ...r.h.deps, now: new Date() }, r.org, metadata.id)
    expect(provider).toMatchObject({ name: 'replaced-2', issuer: 'https://idp2.example.com', type: 'google', clientSecret: SECRET })

    const newSecret = await r.api(`${O()}/oauth2providers/${metadata.id}`, { method: 'PUT', body: write('replaced-2', { clientSecret: 'another-secret' }) })
    expect(newSecret.status).toBe(200)
    expect(await readOrganizationProvider({ ...r.h.deps, now: new Date() }, r.org, metadata.id)).toMatchObject({ clientSecret: 'another-secret' })

    const unknown = toUuid(ulidIds.newId())
    expect((await r.api(`${O()}/oauth2providers/${unknown}`, { method: 'PUT', body: write('x') })).status).toBe(404)
    expect((await r.api(`${O()}/oauth2providers/${unknown}`, { method: 'DELETE' })).status).toBe(404)
    const deleted = await r.api(`${O()}/oauth2providers/${metadata.id}`, { method: 'DELETE' })
    expect(deleted.status).toBe(200)
    expect(await readOrganizationProvider({ ...r.h.deps, now: new Date() }, r.org, metadata.id)).toBeUndefined()
    expect((await r.api(`${O()}/oauth2providers/${metadata.id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('refuse a duplicate name (409) and an issuer that is not an http(s) URL (400)', async () => {
    expect((await r.api(`${O()}/oauth2providers`, { method: 'POST', body: write('unique') })).status).toBe(201)
    const duplicate = await r.api(`${O()}/oauth2providers`, { method: 'POST', body: write('unique') })
    expect(duplicate.status).toBe(409)
    expect(await duplicate.json()).toMatchObject({ error: 'conflict' })
    const bad = await r.api(`${O()}/oauth2providers`, { method: 'POST', body: write('bad-issuer', { issuer: 'not a url' }) })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('list the configured system providers to any authenticated caller, without secrets', async () => {
    const nobody = await r.serviceAccountIssuedAt(new Date())
    const response = await r.api('/api/v1/oauth2providers', { token: nobody.token })
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).not.toContain('g-secret-value')
    expect(JSON.parse(text)).toEqual([{
      metadata: { id: deterministicId('google'), name: 'google', creationTime: expect.any(String), provisioningStatus: 'provisioned', healthStatus: 'healthy', organizationId: '' },
      spec: { type: 'google', issuer: 'https://accounts.google.com', clientID: 'g-client' },
    }])
    expect(systemProvider(r.h.deps.config.nscaleOidc.systemProviders, deterministicId('google'))).toMatchObject({ name: 'google', clientSecret: 'g-secret-value' })
    expect((await r.api('/api/v1/oauth2providers', { token: 'not-a-token' })).status).toBe(401)
  })
})
