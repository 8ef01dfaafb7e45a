// Groups, members, policies with versions, bindings from both sides, bulk deletes and the query endpoint
// (GRP, GMB, GPB, UPB, POL, PBD), under the versions where they differ (they do not: 1.0 and 1.1 are spot-checked),
// and the policy scenarios answered by the authorization API with an explanation.
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseSrn, srnToResource } from '../../../domain/authz/srn.js'
import { isDomainError } from '../../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../../domain/core/events.js'
import { createOrganization } from '../../../functions/core/organizations.js'
import { scpClient, startScpHarness, type ScpClient, type ScpHarness } from '../../support/scpHarness.js'

let h: ScpHarness
let org: { organizationId: string; scp: ScpClient; secretKey: string }

const doc = (...statements: Array<Record<string, unknown>>) => ({ Version: '2024-07-01', Statement: statements })
const allow = (action: string | string[]) => ({ Effect: 'Allow', Action: [action].flat(), Resource: ['*'] })
const token = (response: { headers: Headers }) => response.headers.get('x-consistency-token')!

beforeAll(async () => {
  h = await startScpHarness()
  // The first organization again, keeping its Scaleway API key for the authorization API.
  const { deps } = h.h
  const created = await createOrganization(
    { runner: deps.runner, ids: deps.ids, clock: deps.clock, keyring: deps.keyring },
    { name: 'policies', owner: { email: `owner-${ulid().toLowerCase()}@example.com` }, meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' } },
  )
  if (isDomainError(created)) throw new Error(JSON.stringify(created))
  await h.settle(created.token)
  org = { organizationId: created.organizationId, secretKey: created.secretKey, scp: scpClient(h.baseUrl, { accessKey: created.outputs.scp_access_key_id!, secretKey: created.outputs.scp_secret_key! }) }
})
afterAll(async () => {
  await h?.close()
})

async function createUser(name: string): Promise<string> {
  const created = await org.scp.request('POST', `/v1/accounts/${org.organizationId}/users`, { body: { user_name: name, password: 'Str0ng-passw0rd!', temporary_password: false } })
  expect(created.status).toBe(201)
  return created.body.id
}

async function createPolicy(name: string, document = doc(allow('iam:Get*'))) {
  const created = await org.scp.request('POST', '/v1/policies', { body: { policy_name: name, description: 'd', policy_version: { policy_document: document } } })
  expect(created.status).toBe(201)
  return created
}

describe('SCP policies', () => {
  it('creates, shows and versions a policy; names are unique; documents are validated naming the field', async () => {
    const created = await createPolicy('ViewerAccess')
    const id = created.body.id
    expect(created.body).toMatchObject({
      policy_name: 'ViewerAccess', policy_type: 'USER_DEFINED', policy_category: 'IDENTITY_BASED', state: 'ACTIVE', account_id: org.organizationId,
      srn: `srn:local::${org.organizationId}:::iam:policy/${id}`, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      policy_versions: [{ policy_version_name: 'POLICY_VERSION_1', policy_id: id, policy_document: { Version: '2024-07-01', Statement: [{ Sid: 'statement1', Effect: 'Allow' }] } }],
    })
    expect(created.body.default_version_id).toBe(created.body.policy_versions[0].id)
    expect((await org.scp.request('POST', '/v1/policies', { body: { policy_name: 'ViewerAccess', policy_version: { policy_document: doc(allow('iam:*')) } } })).status).toBe(409)
    const invalid = await org.scp.request('POST', '/v1/policies', { body: { policy_name: 'Broken', policy_version: { policy_document: doc({ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'], Condition: { Bogus: { a: ['b'] } } }) } } })
    expect(invalid.status).toBe(400)
    expect(JSON.stringify(invalid.body)).toContain('policy_version.policy_document.Statement[0].Condition')

    const first = created.body.default_version_id
    const set = await org.scp.request('PUT', `/v1/policies/${id}`, { version: '1.0', body: { description: 'new', policy_version: { policy_document: doc(allow('iam:List*')), policy_version_name: 'v2' } } })
    expect(set.status).toBe(200)
    expect(set.headers.get('deprecation')).toBeTruthy()
    expect(set.body.policy_versions.map((version: { policy_version_name: string }) => version.policy_version_name)).toEqual(['POLICY_VERSION_1', 'v2'])
    expect(set.body.default_version_id).toBe(set.body.policy_versions[1].id)
    const back = await org.scp.request('PUT', `/v1/policies/${id}`, { body: { default_version_id: first } })
    expect(back.body).toMatchObject({ default_version_id: first, description: 'new' })
    expect((await org.scp.request('PUT', `/v1/policies/${id}`, { body: { default_version_id: 'f'.repeat(32) } })).status).toBe(400)
    const shown = await org.scp.request('GET', `/v1/policies/${id}`, { version: '1.1' })
    expect(shown).toMatchObject({ status: 200, body: { id, default_version_id: first, description: 'new' } })
  })

  it('lists and queries policies with filters, exclusions, sort and pages', async () => {
    await createPolicy('ListAlpha')
    const last = await createPolicy('ListBeta')
    const wait = { 'X-Consistency-Token': token(last) }
    const listed = await org.scp.request('GET', '/v1/policies?policy_name=list&sort=policy_name:desc&size=1', { headers: wait })
    expect(listed.body).toMatchObject({ count: 2, page: 0, size: 1, sort: ['policy_name:desc'], policies: [{ policy_name: 'ListBeta' }] })
    const typed = await org.scp.request('GET', '/v1/policies?policy_name=list&policy_type=SYSTEM_MANAGED&policy_type=INLINE', { headers: wait })
    expect(typed.body.count).toBe(0)
    const queried = await org.scp.request('POST', '/v1/policies/list?policy_name=list', { headers: wait, body: { excluded_policy_ids: [last.body.id] } })
    expect(queried.body).toMatchObject({ count: 1, policies: [{ policy_name: 'ListAlpha' }] })
    expect((await org.scp.request('GET', '/v1/policies?sort=secret:asc')).status).toBe(400)
  })

  it('refuses to delete a bound policy (409) and deletes in bulk, all or nothing', async () => {
    const user = await createUser('binder')
    const bound = await createPolicy('BoundOne')
    const free = await createPolicy('FreeOne')
    expect((await org.scp.request('POST', `/v1/users/${user}/policy-bindings`, { body: { policy_ids: [bound.body.id] } })).status).toBe(200)
    expect((await org.scp.request('DELETE', `/v1/policies/${bound.body.id}`)).status).toBe(409)
    expect((await org.scp.request('DELETE', '/v1/policies/bulk', { body: { ids: [free.body.id, bound.body.id] } })).status).toBe(409)
    expect((await org.scp.request('GET', `/v1/policies/${free.body.id}`)).status).toBe(200)
    expect((await org.scp.request('DELETE', `/v1/users/${user}/policy-bindings/${bound.body.id}`)).status).toBe(204)
    expect((await org.scp.request('DELETE', `/v1/users/${user}/policy-bindings/${bound.body.id}`)).status).toBe(404)
    expect((await org.scp.request('DELETE', '/v1/policies/bulk', { body: { ids: [free.body.id, bound.body.id] } })).status).toBe(204)
    expect((await org.scp.request('GET', `/v1/policies/${bound.body.id}`)).status).toBe(404)
  })
})

describe('SCP groups, members and bindings', () => {
  it('creates a group with members and policies, shows, modifies, lists and deletes it', async () => {
    const alice = await createUser('galice')
    const policy = await createPolicy('GroupPolicy')
    const created = await org.scp.request('POST', '/v1/groups', { body: { name: 'TestGroup', description: null, user_ids: [alice], policy_ids: [policy.body.id], tags: [{ key: 'company', value: 'SDS' }] } })
    expect(created.status).toBe(201)
    const id = created.body.group.id
    expect(created.body.group).toMatchObject({
      name: 'TestGroup', type: 'USER_DEFINED', roles: [], srn: `srn:local::${org.organizationId}:::iam:group/${id}`,
      members: [{ user_id: alice, user_name: 'galice', group_names: ['TestGroup'] }], policies: [{ id: policy.body.id }],
    })
    expect((await org.scp.request('POST', '/v1/groups', { body: { name: 'TestGroup', description: 'x' } })).status).toBe(409)
    expect((await org.scp.request('POST', '/v1/groups', { body: { name: 'no spaces', description: 'x' } })).status).toBe(400)
    const modified = await org.scp.request('PUT', `/v1/groups/${id}`, { body: { name: 'Renamed', description: 'ops' } })
    expect(modified.body.group).toMatchObject({ name: 'Renamed', description: 'ops' })
    const empty = await org.scp.request('POST', '/v1/groups', { body: { name: 'EmptyGroup', description: 'e' } })
    const wait = { 'X-Consistency-Token': token(empty) }
    const withMembers = await org.scp.request('GET', '/v1/groups?has_member=true&sort=name:asc', { headers: wait })
    expect(withMembers.body).toMatchObject({ count: 1, groups: [{ id, name: 'Renamed' }] })
    const excluded = await org.scp.request('GET', `/v1/groups?exclude_user_id=${alice}&exclude_policy_id=${policy.body.id}`, { headers: wait })
    expect(excluded.body.groups.map((group: { name: string }) => group.name)).toEqual(['EmptyGroup'])
    expect((await org.scp.request('DELETE', `/v1/groups/${id}`)).status).toBe(204)
    expect((await org.scp.request('GET', `/v1/groups/${id}`)).status).toBe(404)
    const bindings = await org.scp.request('GET', `/v1/policies/${policy.body.id}/bindings`)
    expect(bindings.body).toMatchObject({ count: 0, groups: [] })
  })

  it('adds, lists and removes members, and binds group policies', async () => {
    const bob = await createUser('gbob')
    const carol = await createUser('gcarol')
    const group = (await org.scp.request('POST', '/v1/groups', { body: { name: 'Members', description: null } })).body.group.id
    const added = await org.scp.request('POST', `/v1/groups/${group}/members`, { body: { user_id: bob } })
    expect(added).toMatchObject({ status: 200, body: { group_member: { user_id: bob, user_name: 'gbob' } } })
    expect((await org.scp.request('POST', `/v1/groups/${group}/members`, { body: { user_id: bob } })).status).toBe(200)
    await org.scp.request('POST', `/v1/groups/${group}/members`, { body: { user_id: carol } })
    expect((await org.scp.request('POST', `/v1/groups/${group}/members`, { body: { user_id: 'e'.repeat(32) } })).status).toBe(404)
    const listed = await org.scp.request('GET', `/v1/groups/${group}/members?user_name=gcar`)
    expect(listed.body).toMatchObject({ count: 1, group_members: [{ user_id: carol, group_names: ['Members'] }] })
    expect((await org.scp.request('DELETE', `/v1/groups/${group}/members/${bob}`)).status).toBe(204)
    expect((await org.scp.request('DELETE', `/v1/groups/${group}/members/${bob}`)).status).toBe(404)

    const one = await createPolicy('GroupOne')
    const two = await createPolicy('GroupTwo')
    const attached = await org.scp.request('POST', `/v1/groups/${group}/policy-bindings`, { body: { policy_ids: [one.body.id, two.body.id] } })
    expect(attached.body.policies.map((policy: { policy_name: string }) => policy.policy_name)).toEqual(['GroupOne', 'GroupTwo'])
    const listedPolicies = await org.scp.request('GET', `/v1/groups/${group}/policy-bindings?policy_name=two`)
    expect(listedPolicies.body).toMatchObject({ count: 1, policies: [{ policy_name: 'GroupTwo' }] })
    expect((await org.scp.request('DELETE', `/v1/groups/${group}/policy-bindings/${one.body.id}`)).status).toBe(204)
    expect((await org.scp.request('GET', `/v1/groups/${group}/policy-bindings`)).body.count).toBe(1)
    expect((await org.scp.request('POST', `/v1/groups/${group}/policy-bindings`, { body: { policy_ids: ['f'.repeat(32)] } })).status).toBe(404)
  })

  it('binds users from both sides and lists a policy\'s bindings', async () => {
    const dave = await createUser('udave')
    const policy = await createPolicy('UserBound')
    const attached = await org.scp.request('POST', `/v1/users/${dave}/policy-bindings`, { body: { policy_ids: [policy.body.id] } })
    expect(attached.body).toMatchObject({ user_id: dave, policies: [{ id: policy.body.id }] })
    expect((await org.scp.request('GET', `/v1/users/${dave}/policy-bindings?policy_type=USER_DEFINED`)).body).toMatchObject({ user_id: dave, count: 1 })
    expect((await org.scp.request('POST', `/v1/users/${'e'.repeat(32)}/policy-bindings`, { body: { policy_ids: [policy.body.id] } })).status).toBe(404)
    const group = (await org.scp.request('POST', '/v1/groups', { body: { name: 'PolicySide', description: null } })).body.group.id
    const set = await org.scp.request('PUT', `/v1/policies/${policy.body.id}/bindings`, { body: { identity_type: 'GROUP', add_ids: [group], remove_ids: [] } })
    expect(set.body).toMatchObject({ policy_id: policy.body.id, count: 2, groups: [{ id: group, name: 'PolicySide' }], users: [{ id: dave, name: 'udave' }] })
    const groupsOnly = await org.scp.request('GET', `/v1/policies/${policy.body.id}/bindings?identity_type=GROUP`)
    expect(groupsOnly.body).toMatchObject({ count: 1, groups: [{ id: group }], users: [] })
    const removed = await org.scp.request('PUT', `/v1/policies/${policy.body.id}/bindings`, { body: { identity_type: 'USER', remove_ids: [dave] } })
    expect(removed.body).toMatchObject({ count: 1, users: [] })
    expect((await org.scp.request('GET', `/v1/users/${dave}/policy-bindings`)).body.count).toBe(0)
  })

  it('deleting a user leaves its groups and unbinds its policies in the same request', async () => {
    const frank = await createUser('ufrank')
    const policy = await createPolicy('LeftBehind')
    expect((await org.scp.request('POST', `/v1/users/${frank}/policy-bindings`, { body: { policy_ids: [policy.body.id] } })).status).toBe(200)
    const group = (await org.scp.request('POST', '/v1/groups', { body: { name: 'Departures', description: null, user_ids: [frank] } })).body.group.id
    expect((await org.scp.request('GET', `/v1/groups/${group}/members`)).body.count).toBe(1)
    expect((await org.scp.request('DELETE', `/v1/accounts/${org.organizationId}/users/${frank}`)).status).toBe(204)
    expect((await org.scp.request('GET', `/v1/groups/${group}/members`)).body).toMatchObject({ count: 0, group_members: [] })
    expect((await org.scp.request('GET', `/v1/policies/${policy.body.id}/bindings`)).body).toMatchObject({ count: 0, users: [] })
    expect((await org.scp.request('DELETE', `/v1/policies/${policy.body.id}`)).status).toBe(204)

    // The same user deleted through the Scaleway surface undoes its SCP side too.
    const grace = await createUser('ugrace')
    const kept = await createPolicy('KeptBound')
    await org.scp.request('POST', `/v1/users/${grace}/policy-bindings`, { body: { policy_ids: [kept.body.id] } })
    await org.scp.request('POST', `/v1/groups/${group}/members`, { body: { user_id: grace } })
    const scaleway = await h.h.fetch(`/iam/v1alpha1/users/${grace}`, { method: 'DELETE', secretKey: org.secretKey })
    expect(scaleway.status).toBe(204)
    expect((await org.scp.request('GET', `/v1/groups/${group}/members`)).body.count).toBe(0)
    expect((await org.scp.request('DELETE', `/v1/policies/${kept.body.id}`)).status).toBe(204)
  })

  it('keeps tenants apart', async () => {
    const group = (await org.scp.request('POST', '/v1/groups', { body: { name: 'Private', description: null } })).body.group.id
    const other = await h.createOrganization('other')
    const before = await h.eventCount(org.organizationId)
    expect((await other.scp.request('GET', `/v1/groups/${group}`)).status).toBe(404)
    expect((await other.scp.request('DELETE', `/v1/groups/${group}`)).status).toBe(404)
    expect(await h.eventCount(org.organizationId)).toBe(before)
  })
})

describe('SCP policy scenarios, explained by the authorization API', () => {
  const vs = () => srnToResource(parseSrn(`srn:local::${org.organizationId}:kr-west1::virtualserver:virtual-server/vs1`)!)!
  async function explain(userId: string, action: string, tokens: string[]) {
    const response = await fetch(`${h.baseUrl}/authz/v1/explain`, {
      method: 'POST',
      headers: { 'X-Auth-Token': org.secretKey, 'Content-Type': 'application/json', 'X-Consistency-Token': tokens.join(',') },
      body: JSON.stringify({ principal: { organization_id: org.organizationId, kind: 'user', id: userId }, action, resource: vs() }),
    })
    expect(response.status).toBe(200)
    return (await response.json()) as { decision: string; reason: string; matched: Array<{ effect: string; source: { surface: string; policy_id: string; rule_id?: string } }> }
  }

  it('allows through a group, a deny in a second policy overrides it, and NotAction excludes', async () => {
    const erin = await createUser('serin')
    const viewer = await createPolicy('VsViewer', doc({ Sid: 'ViewVs', ...allow('virtualserver:Show*') }))
    const group = await org.scp.request('POST', '/v1/groups', { body: { name: 'VsGroup', description: null, user_ids: [erin], policy_ids: [viewer.body.id] } })
    const allowed = await explain(erin, 'virtualserver:ShowVirtualServer', [token(group)])
    expect(allowed).toMatchObject({ decision: 'allow', reason: 'allowed', matched: [{ effect: 'allow', source: { surface: 'scp', policy_id: viewer.body.id, rule_id: 'ViewVs' } }] })

    const denier = await createPolicy('VsDenier', doc({ Sid: 'NoVs', Effect: 'Deny', Action: ['virtualserver:ShowVirtualServer'], Resource: ['*'] }))
    const bound = await org.scp.request('POST', `/v1/users/${erin}/policy-bindings`, { body: { policy_ids: [denier.body.id] } })
    const denied = await explain(erin, 'virtualserver:ShowVirtualServer', [token(bound)])
    expect(denied).toMatchObject({ decision: 'deny', reason: 'explicit_deny', matched: [{ effect: 'deny', source: { policy_id: denier.body.id, rule_id: 'NoVs' } }] })
    expect(await explain(erin, 'virtualserver:ShowVirtualServerList', [])).toMatchObject({ decision: 'allow' })

    const notAction = await createPolicy('VsAllButDelete', doc({ Sid: 'AllButDelete', Effect: 'Allow', NotAction: ['virtualserver:Delete*'], Resource: ['*'] }))
    const frank = await createUser('sfrank')
    const frankBound = await org.scp.request('PUT', `/v1/policies/${notAction.body.id}/bindings`, { body: { identity_type: 'USER', add_ids: [frank] } })
    expect(await explain(frank, 'virtualserver:StopVirtualServer', [token(frankBound)])).toMatchObject({ decision: 'allow', matched: [{ source: { rule_id: 'AllButDelete' } }] })
    expect(await explain(frank, 'virtualserver:DeleteVirtualServer', [])).toMatchObject({ decision: 'deny', reason: 'implicit_deny', matched: [] })

    const left = await org.scp.request('DELETE', `/v1/groups/${group.body.group.id}/members/${erin}`)
    expect(await explain(erin, 'virtualserver:ShowVirtualServerList', [token(left)])).toMatchObject({ decision: 'deny', reason: 'implicit_deny' })
  })
})
