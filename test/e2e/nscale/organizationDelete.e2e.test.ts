// Deleting an organization (nscale #18) ends the tenant on every surface at once: its nscale service-account token,
// its Scaleway API key, its SCP access key and an OIDC person's access token stop, every check of its principals
// is denied, a platform administrator finds it no more (404), and nothing of another tenant changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import { isDomainError } from '../../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../../domain/core/events.js'
import { toUuid } from '../../../domain/core/ids.js'
import { organizationStreamId } from '../../../domain/core/organization/evolve.js'
import { membershipIndex } from '../../../functions/api/nscale/memberships.js'
import { createOrganization, type CreatedOrganization } from '../../../functions/core/organizations.js'
import { oidcDeps } from '../../../functions/oidc/surface.js'
import type { NscaleClient } from '../../support/nscaleHarness.js'
import { scpClient, type ScpClient } from '../../support/scpHarness.js'
import { startResourceHarness, type ResourceHarness } from './resourceFixtures.js'

const PERSON = `person-${ulid().toLowerCase()}@example.com`

let r: ResourceHarness
let doomed: CreatedOrganization
let doomedId: string
let admin: NscaleClient
let tenantAdmin: NscaleClient
let person: NscaleClient
let scp: ScpClient

/** An OIDC access token of the provider for `subject`, with its session stored as the token endpoint stores it. */
async function oidcAccessToken(subject: string): Promise<string> {
  const oidc = oidcDeps(r.h.deps)
  const codeHash = ulid()
  const authTime = Math.floor(Date.now() / 1000)
  const { response, session } = await oidc.tokens.openSession({ subject, clientId: 'e2e-client', scope: 'openid email', provider: 'e2e', authTime, codeHash })
  await oidc.sessions.putCode(codeHash, {
    clientId: 'e2e-client', redirectUri: 'https://rp.example.test/cb', subject, scope: 'openid email', codeChallengeMethod: 'S256', provider: 'e2e', authTime,
    expiresAt: authTime + 60,
  })
  if (!(await oidc.sessions.exchangeCode(codeHash, session))) throw new Error('the session was not stored')
  return response.access_token
}

const scalewayKey = (secretKey: string) =>
  r.h.fetch(`/iam/v1alpha1/api-keys/${doomed.accessKey}`, { secretKey }).then((response) => response.status)

const authzCheck = (secretKey: string, organizationId: string, principalId: string) =>
  r.h.fetch('/authz/v1/check', {
    method: 'POST',
    secretKey,
    body: { principal: { organization_id: organizationId, kind: 'user', id: principalId }, checks: [{ action: 'iam:users:list', resource: `org/${organizationId}` }] },
  })

beforeAll(async () => {
  r = await startResourceHarness()
  const { deps } = r.h
  const created = await createOrganization(
    { runner: deps.runner, ids: deps.ids, clock: deps.clock, keyring: deps.keyring },
    { name: 'doomed', owner: { email: `owner-${ulid().toLowerCase()}@example.com` }, meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' } },
  )
  if (isDomainError(created)) throw new Error(`organization creation failed: ${JSON.stringify(created)}`)
  doomed = created
  doomedId = toUuid(created.organizationId)
  await r.h.settle(created.token)
  admin = r.n.client(r.adminToken)
  tenantAdmin = r.n.client(created.outputs.nscale_token!)
  scp = scpClient(r.h.baseUrl, { accessKey: created.outputs.scp_access_key_id!, secretKey: created.outputs.scp_secret_key! })

  // A person of the organization, in its administrators group, signed in through the OIDC provider.
  const groups = await tenantAdmin.api('GET', `/api/v1/organizations/${doomedId}/groups`)
  const administrators = groups.body.find((group: { metadata: { name: string } }) => group.metadata.name === 'administrators').metadata.id
  const joined = await tenantAdmin.api('POST', `/api/v1/organizations/${doomedId}/users`, { spec: { subject: PERSON, state: 'active', groupIDs: [administrators] } })
  expect(joined.status).toBe(201)
  await r.h.settle(joined.headers.get('x-consistency-token'))
  person = r.n.client(await oidcAccessToken(PERSON))
}, 120_000)
afterAll(async () => r?.n.close())

describe('deleting an organization', () => {
  it('works on every surface before the delete', async () => {
    expect((await tenantAdmin.api('GET', `/api/v1/organizations/${doomedId}`)).status).toBe(200)
    expect((await person.api('GET', `/api/v1/organizations/${doomedId}/groups`)).status).toBe(200)
    expect(await scalewayKey(doomed.secretKey)).toBe(200)
    expect((await scp.request('GET', '/v1/access-keys', { version: '1.1' })).status).toBe(200)
    expect((await authzCheck(doomed.secretKey, doomed.organizationId, doomed.ownerUserId)).status).toBe(200)
    expect(await membershipIndex(r.h.deps.dynamo).inLiveOrganization(PERSON)).toBe(true)
  })

  it('lets only platform administrators claim an e-mail domain for sign-in', async () => {
    const claim = { organizationType: 'domain', domain: `doomed-${ulid().toLowerCase()}.test`, providerScope: 'organization', providerID: toUuid(ulid()) }
    const path = `/api/v1/organizations/${doomedId}`
    const byTenant = await tenantAdmin.api('PUT', path, { metadata: { name: 'doomed' }, spec: claim })
    expect(byTenant).toMatchObject({ status: 403, body: { error: 'forbidden' } })
    expect((await admin.api('PUT', path, { metadata: { name: 'doomed' }, spec: claim })).status).toBe(200)
    // The tenant may still change what is its own, the claim kept as it is.
    expect((await tenantAdmin.api('PUT', path, { metadata: { name: 'doomed', description: 'ours' }, spec: claim })).status).toBe(200)
    expect((await tenantAdmin.api('PUT', path, { metadata: { name: 'doomed' }, spec: { organizationType: 'adhoc' } })).status).toBe(403)
  })

  it('is for platform administrators only, answers 202 once and 404 after', async () => {
    expect((await tenantAdmin.api('DELETE', `/api/v1/organizations/${doomedId}`)).status).toBe(403)
    const key = { 'Idempotency-Key': `delete-${ulid()}` }
    const deleted = await admin.api('DELETE', `/api/v1/organizations/${doomedId}`, undefined, key)
    expect(deleted.status).toBe(202)
    expect(deleted.headers.get('x-consistency-token')).toBeTruthy()
    // A repeated delete with its key replays the 202 (a lost answer can be asked again); without it, 404.
    const replayed = await admin.api('DELETE', `/api/v1/organizations/${doomedId}`, undefined, key)
    expect(replayed.status).toBe(202)
    expect(replayed.headers.get('idempotent-replayed')).toBe('true')
    expect((await admin.api('DELETE', `/api/v1/organizations/${doomedId}`)).status).toBe(404)
    const events = await r.h.deps.store.readStream(organizationStreamId(doomed.organizationId))
    expect(events.map((event) => event.type)).toEqual(['OrganizationCreated', 'OrganizationDeleted'])
  })

  it('stops every credential of the tenant at once', async () => {
    const nscale = await tenantAdmin.api('GET', `/api/v1/organizations/${doomedId}`)
    expect(nscale.status).toBe(401)
    expect(nscale.body.error).toBe('access_denied')
    expect(await scalewayKey(doomed.secretKey)).toBe(401)
    expect((await scp.request('GET', '/v1/access-keys', { version: '1.1' })).status).toBe(401)
    expect((await authzCheck(doomed.secretKey, doomed.organizationId, doomed.ownerUserId)).status).toBe(401)
  })

  it('denies every check of its principals, a person acting there included', async () => {
    expect((await person.api('GET', `/api/v1/organizations/${doomedId}/groups`)).status).toBe(403)
    expect((await person.api('GET', '/api/v1/organizations')).body).toEqual([])
    const principal = { organizationId: doomed.organizationId, kind: 'user' as const, id: doomed.ownerUserId }
    const check = await r.h.deps.checker.check({ principal, action: 'iam:users:list', resource: `org/${doomed.organizationId}` })
    expect(check).toMatchObject({ decision: 'deny', reason: 'deleted' })
    expect(await r.h.deps.checker.holdings(principal)).toMatchObject({ status: 'deleted', statements: [] })
    expect(await membershipIndex(r.h.deps.dynamo).inLiveOrganization(PERSON)).toBe(false)
  })

  it('is gone for platform administrators, on every organization route', async () => {
    expect((await admin.api('GET', `/api/v1/organizations/${doomedId}`)).status).toBe(404)
    expect((await admin.api('GET', `/api/v1/organizations/${doomedId}/groups`)).status).toBe(404)
    expect((await admin.api('PUT', `/api/v1/organizations/${doomedId}`, { metadata: { name: 'back' }, spec: { organizationType: 'adhoc' } })).status).toBe(404)
    const listed = await admin.api('GET', '/api/v1/organizations')
    expect(listed.body.map((org: { metadata: { id: string } }) => org.metadata.id)).not.toContain(doomedId)
  })

  it('leaves other tenants alone, and its name free', async () => {
    const owner = r.n.owner
    expect((await owner.api('GET', `/api/v1/organizations/${owner.organizationId}`)).status).toBe(200)
    expect((await r.n.other.api('GET', `/api/v1/organizations/${r.n.other.organizationId}/groups`)).status).toBe(200)
    expect((await authzCheck(r.h.org.secretKey, r.h.org.organizationId.replaceAll('-', ''), r.h.org.ownerUserId)).status).toBe(200)
    const again = await admin.api('POST', '/api/v1/organizations', { metadata: { name: 'doomed' }, spec: { organizationType: 'adhoc' } })
    expect(again.status).toBe(202)
    expect(again.body.metadata.name).toBe('doomed')
  })
})
