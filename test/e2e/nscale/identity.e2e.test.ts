// nscale identity operations end to end: organizations, ACL, roles, groups, projects and users, as the
// organization's administrator (its `nscale_token`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNscaleHarness, type NscaleHarness } from '../../support/nscaleHarness.js'

let n: NscaleHarness
beforeAll(async () => {
  n = await startNscaleHarness()
}, 90_000)
afterAll(async () => n?.close())

const ADMINISTRATOR = 'f194d170-6ed1-4408-85e0-2d672777019f'
const READER = 'fd094196-4aa3-4bdc-800c-cef58b1bb399'
const PLATFORM_ADMINISTRATOR = 'f45f71d5-8630-4676-81e3-c1cd469d0ec0'

describe('organizations', () => {
  it('lists the service account its own organization and gets it', async () => {
    const list = await n.owner.api('GET', '/api/v1/organizations')
    expect(list.status).toBe(200)
    expect(list.body.map((org: { metadata: { id: string } }) => org.metadata.id)).toEqual([n.owner.organizationId])
    const got = await n.owner.api('GET', `/api/v1/organizations/${n.owner.organizationId}`)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ metadata: { id: n.owner.organizationId, name: 'nscale-owner', provisioningStatus: 'provisioned', healthStatus: 'healthy' }, spec: { organizationType: 'adhoc' } })
    expect(got.headers.get('cache-control')).toBe('no-cache')
  })

  it('updates its organization (full replacement) and refuses another tenant', async () => {
    const put = await n.owner.api('PUT', `/api/v1/organizations/${n.owner.organizationId}`, {
      metadata: { name: 'renamed', description: 'ours', tags: [{ name: 'env', value: 'test' }] }, spec: { organizationType: 'adhoc' },
    })
    expect(put.status).toBe(200)
    expect(put.body).toBeUndefined()
    const got = await n.owner.api('GET', `/api/v1/organizations/${n.owner.organizationId}`)
    expect(got.body.metadata).toMatchObject({ name: 'renamed', description: 'ours', tags: [{ name: 'env', value: 'test' }], modifiedBy: expect.any(String) })
    const foreign = await n.owner.api('GET', `/api/v1/organizations/${n.other.organizationId}`)
    expect(foreign.status).toBe(403)
    expect(foreign.body.error).toBe('forbidden')
  })

  it('refuses organization creation and deletion to organization administrators', async () => {
    const created = await n.owner.api('POST', '/api/v1/organizations', { metadata: { name: 'mine' }, spec: { organizationType: 'adhoc' } })
    expect(created.status).toBe(403)
    const deleted = await n.owner.api('DELETE', `/api/v1/organizations/${n.owner.organizationId}`)
    expect(deleted.status).toBe(403)
  })

  it('answers a domain organization without its provider 400', async () => {
    const put = await n.owner.api('PUT', `/api/v1/organizations/${n.owner.organizationId}`, { metadata: { name: 'x' }, spec: { organizationType: 'domain', domain: 'example.com' } })
    expect(put.status).toBe(400)
    expect(put.body.error).toBe('invalid_request')
  })
})

describe('ACL and roles', () => {
  it('renders the administrator ACL of the organization', async () => {
    const acl = await n.owner.api('GET', `/api/v1/organizations/${n.owner.organizationId}/acl`)
    expect(acl.status).toBe(200)
    expect(acl.body.global).toBeUndefined()
    expect(acl.body.organization.id).toBe(n.owner.organizationId)
    expect(acl.body.organization.endpoints).toContainEqual({ name: 'identity:groups', operations: ['create', 'delete', 'read', 'update'] })
    expect(acl.body.organization.endpoints).toContainEqual({ name: 'identity:organizations', operations: ['read', 'update'] })
    const global = await n.owner.api('GET', '/api/v1/acl')
    expect(global).toMatchObject({ status: 200, body: {} })
    const foreign = await n.owner.api('GET', `/api/v1/organizations/${n.other.organizationId}/acl`)
    expect(foreign).toMatchObject({ status: 403, body: { error: 'forbidden' } })
  })

  it('lists the roles an administrator may grant, never protected ones', async () => {
    const roles = await n.owner.api('GET', `/api/v1/organizations/${n.owner.organizationId}/roles`)
    expect(roles.status).toBe(200)
    const names = roles.body.map((role: { metadata: { name: string } }) => role.metadata.name)
    expect(names).toEqual(['administrator', 'reader', 'user'])
    expect(roles.body[0].metadata.id).toBe(ADMINISTRATOR)
  })
})

describe('groups, projects and users', () => {
  it('creates, reads, replaces and deletes a group; refuses protected and unknown roles', async () => {
    const base = `/api/v1/organizations/${n.owner.organizationId}/groups`
    const created = await n.owner.api('POST', base, { metadata: { name: 'readers' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [READER] } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ metadata: { name: 'readers', organizationId: n.owner.organizationId }, spec: { roleIDs: [READER], userIDs: [], serviceAccountIDs: [] } })
    const id = created.body.metadata.id
    expect((await n.owner.api('GET', `${base}/${id}`)).body.metadata.id).toBe(id)
    expect((await n.owner.api('POST', base, { metadata: { name: 'readers' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [] } })).status).toBe(409)
    const protectedRole = await n.owner.api('POST', base, { metadata: { name: 'admins' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [PLATFORM_ADMINISTRATOR] } })
    expect(protectedRole.status).toBe(403)
    const unknownRole = await n.owner.api('POST', base, { metadata: { name: 'x' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: ['00000000-0000-4000-8000-000000000000'] } })
    expect(unknownRole.status).toBe(400)
    const unknownUser = await n.owner.api('POST', base, { metadata: { name: 'y' }, spec: { userIDs: ['00000000-0000-4000-8000-000000000000'], serviceAccountIDs: [], roleIDs: [] } })
    expect(unknownUser.status).toBe(400)
    const put = await n.owner.api('PUT', `${base}/${id}`, { metadata: { name: 'readers2' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [READER, ADMINISTRATOR] } })
    expect(put.status).toBe(200)
    const list = await n.owner.api('GET', base)
    expect(list.body.map((group: { metadata: { name: string } }) => group.metadata.name)).toContain('readers2')
    expect((await n.owner.api('DELETE', `${base}/${id}`)).status).toBe(200)
    expect((await n.owner.api('GET', `${base}/${id}`)).status).toBe(404)
    expect((await n.owner.api('DELETE', `${base}/${id}`)).status).toBe(404)
    expect((await n.owner.api('GET', `${base}/not-an-id`)).status).toBe(404)
  })

  it('creates projects naming groups, refuses unknown groups, and removes deleted groups from them', async () => {
    const org = `/api/v1/organizations/${n.owner.organizationId}`
    const group = await n.owner.api('POST', `${org}/groups`, { metadata: { name: 'project-team' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [READER] } })
    const groupId = group.body.metadata.id
    const created = await n.owner.api('POST', `${org}/projects`, { metadata: { name: 'alpha' }, spec: { groupIDs: [groupId] } })
    expect(created.status).toBe(202)
    expect(created.body).toMatchObject({ metadata: { name: 'alpha', organizationId: n.owner.organizationId, provisioningStatus: 'provisioned' }, spec: { groupIDs: [groupId] } })
    const projectId = created.body.metadata.id
    const missing = await n.owner.api('POST', `${org}/projects`, { metadata: { name: 'beta' }, spec: { groupIDs: ['00000000-0000-4000-8000-000000000000'] } })
    expect(missing.status).toBe(400)
    expect((await n.owner.api('GET', `${org}/projects`)).body.map((p: { metadata: { id: string } }) => p.metadata.id)).toContain(projectId)
    expect((await n.owner.api('DELETE', `${org}/groups/${groupId}`)).status).toBe(200)
    expect((await n.owner.api('GET', `${org}/projects/${projectId}`)).body.spec.groupIDs).toEqual([])
    expect((await n.owner.api('PUT', `${org}/projects/${projectId}`, { metadata: { name: 'alpha2' }, spec: { groupIDs: [] } })).status).toBe(200)
    expect((await n.owner.api('DELETE', `${org}/projects/${projectId}`)).status).toBe(202)
    expect((await n.owner.api('GET', `${org}/projects/${projectId}`)).status).toBe(404)
  })

  it('creates a user in groups, derives its groupIDs, updates and deletes it; one membership per subject', async () => {
    const org = `/api/v1/organizations/${n.owner.organizationId}`
    const group = await n.owner.api('POST', `${org}/groups`, { metadata: { name: 'people' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [] } })
    const groupId = group.body.metadata.id
    const created = await n.owner.api('POST', `${org}/users`, { spec: { subject: 'Alice@Example.com', state: 'active', groupIDs: [groupId] } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ metadata: { name: 'undefined' }, spec: { subject: 'alice@example.com', state: 'active', groupIDs: [groupId] } })
    const userId = created.body.metadata.id
    expect((await n.owner.api('POST', `${org}/users`, { spec: { subject: 'alice@example.com', state: 'active', groupIDs: [] } })).status).toBe(409)
    expect((await n.owner.api('POST', `${org}/users`, { spec: { subject: 'not-an-email', state: 'active', groupIDs: [] } })).status).toBe(400)
    expect((await n.owner.api('GET', `${org}/groups/${groupId}`)).body.spec.userIDs).toEqual([userId])
    const list = await n.owner.api('GET', `${org}/users`)
    expect(list.body.find((user: { metadata: { id: string } }) => user.metadata.id === userId).spec.groupIDs).toEqual([groupId])
    const updated = await n.owner.api('PUT', `${org}/users/${userId}`, { spec: { subject: 'ignored@example.com', state: 'suspended', groupIDs: [] } })
    expect(updated.status).toBe(200)
    expect(updated.body.spec).toMatchObject({ subject: 'alice@example.com', state: 'suspended', groupIDs: [] })
    expect((await n.owner.api('GET', `${org}/groups/${groupId}`)).body.spec.userIDs).toEqual([])
    expect((await n.owner.api('DELETE', `${org}/users/${userId}`)).status).toBe(200)
    expect((await n.owner.api('PUT', `${org}/users/${userId}`, { spec: { subject: 'alice@example.com', state: 'active', groupIDs: [] } })).status).toBe(404)
  })
})
