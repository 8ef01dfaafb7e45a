// nscale RBAC end to end (issue 8): a `reader` in a group bound to project P can read P and not write it, sees
// nothing of project Q, and the ACL says exactly that; adding the group to Q changes the ACL; protected roles
// cannot be granted through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNscaleHarness, type ApiResponse, type NscaleClient, type NscaleHarness } from '../../support/nscaleHarness.js'

const READER = 'fd094196-4aa3-4bdc-800c-cef58b1bb399'
const PLATFORM_ADMINISTRATOR = 'f45f71d5-8630-4676-81e3-c1cd469d0ec0'
const INFRA_MANAGER = 'fa91a745-bc8b-4364-8b94-f4fd5115ae60'
const READER_ORGANIZATION = [
  'compute:flavors', 'compute:images', 'compute:regions', 'identity:quotas', 'kubernetes:flavors', 'kubernetes:images', 'kubernetes:regions', 'region:regions',
].map((name) => ({ name, operations: ['read'] }))
const READER_PROJECT = [
  'application:applications', 'application:applicationsets', 'compute:clusters', 'identity:projects', 'kubernetes:clusters', 'kubernetes:virtualclusters',
].map((name) => ({ name, operations: ['read'] }))

let n: NscaleHarness
let org: string
let groupId: string
let p: string
let q: string
let reader: NscaleClient

async function settled<T>(response: Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
  const answered = await response
  await n.settle(answered.headers.get('x-consistency-token'))
  return answered
}

beforeAll(async () => {
  n = await startNscaleHarness()
  org = `/api/v1/organizations/${n.owner.organizationId}`
  const group = await settled(n.owner.api('POST', `${org}/groups`, { metadata: { name: 'readers' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [READER] } }))
  groupId = group.body.metadata.id
  p = (await settled(n.owner.api('POST', `${org}/projects`, { metadata: { name: 'p' }, spec: { groupIDs: [groupId] } }))).body.metadata.id
  q = (await settled(n.owner.api('POST', `${org}/projects`, { metadata: { name: 'q' }, spec: { groupIDs: [] } }))).body.metadata.id
  reader = await n.serviceAccount(n.owner, { groupIds: [groupId] })
}, 120_000)
afterAll(async () => n?.close())

describe('nscale RBAC', () => {
  it('lets a reader read P, not write it, and see nothing of Q', async () => {
    expect((await reader.api('GET', `${org}/projects/${p}`)).status).toBe(200)
    const write = await reader.api('PUT', `${org}/projects/${p}`, { metadata: { name: 'p2' }, spec: { groupIDs: [groupId] } })
    expect(write.status).toBe(403)
    expect(write.body.error).toBe('forbidden')
    expect((await reader.api('DELETE', `${org}/projects/${p}`)).status).toBe(403)
    expect((await reader.api('GET', `${org}/projects/${q}`)).status).toBe(403)
    const list = await reader.api('GET', `${org}/projects`)
    expect(list.body.map((project: { metadata: { id: string } }) => project.metadata.id)).toEqual([p])
    expect((await reader.api('GET', `${org}/groups`)).status).toBe(403)
    expect((await reader.api('POST', `${org}/projects`, { metadata: { name: 'mine' }, spec: { groupIDs: [] } })).status).toBe(403)
  })

  it('renders exactly that in the ACL', async () => {
    const acl = await reader.api('GET', `${org}/acl`)
    expect(acl.status).toBe(200)
    expect(acl.body).toEqual({
      organization: { id: n.owner.organizationId, endpoints: READER_ORGANIZATION },
      projects: [{ id: p, endpoints: READER_PROJECT }],
    })
    expect((await reader.api('GET', '/api/v1/acl')).body).toEqual({})
  })

  it('changes the ACL and the access when the group is added to Q', async () => {
    await settled(n.owner.api('PUT', `${org}/projects/${q}`, { metadata: { name: 'q' }, spec: { groupIDs: [groupId] } }))
    const acl = await reader.api('GET', `${org}/acl`)
    expect(acl.body.projects).toEqual([p, q].sort().map((id) => ({ id, endpoints: READER_PROJECT })))
    expect((await reader.api('GET', `${org}/projects/${q}`)).status).toBe(200)
    expect((await reader.api('GET', `${org}/projects`)).body).toHaveLength(2)
  })

  it('never grants protected roles through the API', async () => {
    for (const roleId of [PLATFORM_ADMINISTRATOR, INFRA_MANAGER]) {
      const created = await n.owner.api('POST', `${org}/groups`, { metadata: { name: `g-${roleId.slice(0, 4)}` }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [roleId] } })
      expect(created.status).toBe(403)
      const replaced = await n.owner.api('PUT', `${org}/groups/${groupId}`, { metadata: { name: 'readers' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [READER, roleId] } })
      expect(replaced.status).toBe(403)
    }
    const roles = await n.owner.api('GET', `${org}/roles`)
    expect(roles.body.map((role: { metadata: { id: string } }) => role.metadata.id)).not.toContain(PLATFORM_ADMINISTRATOR)
    // The reader may grant nothing (it lacks the roles' scopes at organization level).
    expect((await reader.api('GET', `${org}/roles`)).status).toBe(403)
  })
})
