// Account users (USR-1..7), service accounts (SA-1, SA-2) and endpoints (EP-1), under each version where they differ.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { passwordItemKey } from '../../../functions/auth/passwords.js'
import { readStateItem } from '../../../functions/store/stateStore.js'
import { startScpHarness, type ScpHarness, type ScpOrganization } from '../../support/scpHarness.js'

let h: ScpHarness
let other: ScpOrganization
const users = () => `/v1/accounts/${h.org.organizationId}/users`

beforeAll(async () => {
  h = await startScpHarness()
  other = await h.createOrganization('other')
})
afterAll(async () => {
  await h?.close()
})

async function createUser(name: string): Promise<{ id: string; token: string }> {
  const created = await h.scp.request('POST', users(), { body: { user_name: name, password: 'Str0ng-passw0rd!', temporary_password: true, description: 'dev', group_ids: [''], policy_ids: [] } })
  expect(created.status).toBe(201)
  return { id: created.body.id, token: created.headers.get('x-consistency-token')! }
}

describe('SCP account users', () => {
  it('creates a user: the password is echoed once and stored only as a hash', async () => {
    const created = await h.scp.request('POST', users(), { body: { user_name: 'alice', password: 'Str0ng-passw0rd!', temporary_password: true, description: 'dev' } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      user_name: 'alice', description: 'dev', account_id: h.org.organizationId, type: 'IAM', state: 'ACTIVE', password_reuse_count: 0,
      password: 'Str0ng-passw0rd!', console_url: expect.stringContaining(h.baseUrl), id: expect.stringMatching(/^[0-9a-f]{32}$/),
    })
    const item = await readStateItem(h.h.deps.dynamo, passwordItemKey(h.org.organizationId, created.body.id), new Date())
    expect(String(item?.hash)).toMatch(/^scrypt\$/)
    const duplicate = await h.scp.request('POST', users(), { body: { user_name: 'ALICE', password: 'Str0ng-passw0rd!', temporary_password: false } })
    expect(duplicate.status).toBe(409)
    const invalid = await h.scp.request('POST', users(), { body: { user_name: 'bad name', password: 'x', temporary_password: false } })
    expect(invalid).toMatchObject({ status: 400, body: { details: [{ field: 'user_name' }] } })
  })

  it('gets a user with its SRN, updates it and changes its password', async () => {
    const { id } = await createUser('bob')
    const got = await h.scp.request('GET', `${users()}/${id}`, { version: '1.0' })
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ id, srn: `srn:local::${h.org.organizationId}:::iam:user/${id}`, resource_type: 'User', service: 'iam' })
    expect(got.body.password).toBeUndefined()
    const updated = await h.scp.request('PUT', `${users()}/${id}`, { body: { description: 'ops', password_reuse_count: 5 } })
    expect(updated.body).toMatchObject({ description: 'ops', password_reuse_count: 5 })
    expect((await h.scp.request('PUT', `${users()}/${id}`, { body: { password_reuse_count: 25 } })).status).toBe(400)
    const password = await h.scp.request('PUT', `${users()}/${id}/password`, { body: { password: 'An0ther-passw0rd!', temporary_password: false } })
    expect(password).toMatchObject({ status: 200, body: { id, password: 'An0ther-passw0rd!' } })
  })

  it('lists users with page, size, sort and filters', async () => {
    await createUser('carol')
    const { token } = await createUser('carl')
    const page = await h.scp.request('GET', `${users()}?size=1&page=0&sort=user_name:asc&user_name=car`, { headers: { 'X-Consistency-Token': token } })
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ count: 2, page: 0, size: 1, sort: ['user_name:asc'], users: [{ user_name: 'carl', groups: [] }] })
    expect((await h.scp.request('GET', `${users()}?sort=password:asc`)).status).toBe(400)
  })

  it('deletes one user under 1.1 and 1.2, not under 1.0 (404), and several at once', async () => {
    const { id } = await createUser('dave')
    expect((await h.scp.request('DELETE', `${users()}/${id}`, { version: '1.0' })).status).toBe(404)
    expect((await h.scp.request('GET', `${users()}/${id}`)).status).toBe(200)
    expect((await h.scp.request('DELETE', `${users()}/${id}`, { version: '1.1' })).status).toBe(204)
    expect((await h.scp.request('GET', `${users()}/${id}`)).status).toBe(404)
    const [a, b] = [await createUser('erin'), await createUser('frank')]
    const bulk = await h.scp.request('DELETE', `${users()}/bulk`, { body: { user_ids: [a.id, b.id] }, version: '1.0' })
    expect(bulk.status).toBe(204)
    expect((await h.scp.request('GET', `${users()}/${b.id}`)).status).toBe(404)
    expect((await h.scp.request('DELETE', `${users()}/${h.org.ownerUserId}`)).status).toBe(412)
  })

  it('keeps tenants apart: another account is 403, another tenant\'s user 404, nothing appended', async () => {
    const { id } = await createUser('gina')
    const before = await h.eventCount(other.organizationId)
    expect((await other.scp.request('GET', `${users()}/${id}`)).status).toBe(403)
    expect((await other.scp.request('GET', `/v1/accounts/${other.organizationId}/users/${id}`)).status).toBe(404)
    expect((await other.scp.request('DELETE', `/v1/accounts/${other.organizationId}/users/${id}`)).status).toBe(404)
    expect(await h.eventCount(other.organizationId)).toBe(before)
  })
})

describe('SCP service accounts and endpoints', () => {
  it('serves the catalogue, passwords always null', async () => {
    const list = await h.scp.request('GET', '/v1/service-accounts?service=scp-iam')
    expect(list.status).toBe(200)
    expect(list.body.service_accounts.length).toBeGreaterThan(0)
    const one = await h.scp.request('GET', `/v1/service-accounts/${list.body.service_accounts[0].id}`, { version: '1.1' })
    expect(one.body.service_account).toMatchObject({ id: list.body.service_accounts[0].id, password: null })
    expect((await h.scp.request('GET', `/v1/service-accounts/${'0'.repeat(32)}`)).status).toBe(404)
    const endpoints = await h.scp.request('GET', '/v1/endpoints')
    expect(endpoints.body.endpoints[0]).toMatchObject({ region: 'kr-west1', service_type: 'scp-iam' })
  })
})
