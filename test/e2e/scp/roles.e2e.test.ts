// Roles, trust policies and role policy bindings (ROL-1..7, RPB-1..4), resource-based policies by SRN and their
// statements by Sid (RBP-1..3, RBS-1..3), through the signed client; 1.0 is spot-checked (the versions do not differ).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScpHarness, type ScpHarness } from '../../support/scpHarness.js'

let h: ScpHarness
const doc = (...statements: Array<Record<string, unknown>>) => ({ Version: '2024-07-01', Statement: statements })
const b64 = (srn: string) => encodeURIComponent(Buffer.from(srn).toString('base64'))
const token = (response: { headers: Headers }) => response.headers.get('x-consistency-token')!

beforeAll(async () => {
  h = await startScpHarness()
})
afterAll(async () => {
  await h?.close()
})

async function policy(name: string) {
  const created = await h.scp.request('POST', '/v1/policies', { body: { policy_name: name, policy_version: { policy_document: doc({ Effect: 'Allow', Action: ['iam:Get*'], Resource: ['*'] }) } } })
  expect(created.status).toBe(201)
  return created.body.id as string
}

describe('SCP roles', () => {
  it('creates a role (202) with its trust policy and policies, shows, lists, sets and deletes it', async () => {
    const account = h.org.organizationId
    const userSrn = `srn:e::${account}:::iam:user/abc1234`
    const p1 = await policy('RoleReader')
    const created = await h.scp.request('POST', '/v1/roles', { body: {
      name: 'deployer', policy_ids: [p1], description: 'ci', principals: [{ type: 'SRN', value: userSrn }], tags: [{ key: 'company', value: 'SDS' }],
    } })
    expect(created.status).toBe(202)
    const role = created.body.role
    expect(role).toMatchObject({
      name: 'deployer', type: 'USER_DEFINED', max_session_duration: 3600, account_id: account, description: 'ci',
      assume_role_policy_document: doc({ Sid: 'statement1', Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: userSrn, Resource: [] }),
      policies: [{ id: p1, policy_name: 'RoleReader' }],
    })
    expect(role.id).toMatch(/^[0-9a-f]{32}$/)

    expect((await h.scp.request('POST', '/v1/roles', { body: { name: 'deployer', policy_ids: [], principals: [{ type: 'SRN', value: userSrn }] } })).status).toBe(409)
    const badTrust = await h.scp.request('POST', '/v1/roles', { body: { name: 'x', policy_ids: [], assume_role_policy_document: doc({ Effect: 'Allow', Action: ['sts:AssumeRole'] }) } })
    expect(badTrust.status).toBe(400)
    expect(JSON.stringify(badTrust.body)).toContain('assume_role_policy_document.Statement[0].Principal')
    expect((await h.scp.request('POST', '/v1/roles', { body: { name: 'y', policy_ids: [], principals: [{ type: 'SRN', value: userSrn }], max_session_duration: 60 } })).status).toBe(400)
    expect((await h.scp.request('POST', '/v1/roles', { body: { name: 'z', policy_ids: ['ffffffffffffffffffffffffffffffff'], principals: [{ type: 'SRN', value: userSrn }] } })).status).toBe(404)

    const shown = await h.scp.request('GET', `/v1/roles/${role.id}`, { version: '1.0' })
    expect(shown.status).toBe(200)
    expect(shown.body.role).toEqual(role)

    const set = await h.scp.request('PUT', `/v1/roles/${role.id}`, { body: { description: 'cd', max_session_duration: 7200 } })
    expect(set.body.role).toMatchObject({ description: 'cd', max_session_duration: 7200, name: 'deployer' })
    expect((await h.scp.request('PUT', `/v1/roles/${role.id}`, { body: { max_session_duration: 50000 } })).status).toBe(400)

    const trust = await h.scp.request('PUT', `/v1/roles/${role.id}/trust-policy`, { body: { assume_role_policy_document: doc({ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: '*' }) } })
    expect(trust.status).toBe(200)
    expect(trust.body).toMatchObject({ id: role.id, assume_role_policy_document: { Statement: [{ Principal: '*', Sid: 'statement1' }] } })

    await h.settle(token(trust))
    const listed = await h.scp.request('GET', '/v1/roles?name=deploy&size=5')
    expect(listed.body).toMatchObject({ count: 1, page: 0, size: 5, roles: [{ id: role.id, description: 'cd' }] })
    expect((await h.scp.request('GET', `/v1/roles?exclude_policy_id=${p1}`)).body.roles.map((r: { id: string }) => r.id)).not.toContain(role.id)

    const deleted = await h.scp.request('DELETE', `/v1/roles/${role.id}`)
    expect(deleted.status).toBe(204)
    expect((await h.scp.request('GET', `/v1/roles/${role.id}`)).status).toBe(404)
    expect((await h.scp.request('DELETE', `/v1/roles/${role.id}`)).status).toBe(404)
    // The name is free again, and the policy is no longer bound to the deleted role.
    expect((await h.scp.request('POST', '/v1/roles', { body: { name: 'deployer', policy_ids: [], principals: [{ type: 'SRN', value: userSrn }] } })).status).toBe(202)
    expect((await h.scp.request('DELETE', `/v1/policies/${p1}`)).status).toBe(204)
  })

  it('attaches, lists and detaches policies; bulk-deletes roles by id and by name', async () => {
    const [p1, p2] = [await policy('RpbOne'), await policy('RpbTwo')]
    const principals = [{ type: 'SRN', value: `srn:e::${h.org.organizationId}:::iam:user/u1` }]
    const a = (await h.scp.request('POST', '/v1/roles', { body: { name: 'rpb-a', policy_ids: [], principals } })).body.role
    const b = (await h.scp.request('POST', '/v1/roles', { body: { name: 'rpb-b', policy_ids: [], principals } })).body.role

    const attached = await h.scp.request('POST', `/v1/roles/${a.id}/policy-bindings`, { body: { policy_ids: [p1, p2] } })
    expect(attached.status).toBe(200)
    expect(attached.body.policies.map((p: { id: string }) => p.id)).toEqual([p1, p2])
    const listed = await h.scp.request('GET', `/v1/roles/${a.id}/policy-bindings?policy_name=two`)
    expect(listed.body).toMatchObject({ count: 1, policies: [{ id: p2 }] })

    expect((await h.scp.request('DELETE', `/v1/roles/${a.id}/policy-bindings/${p1}`)).status).toBe(204)
    expect((await h.scp.request('DELETE', `/v1/roles/${a.id}/policy-bindings/${p1}`)).status).toBe(404)
    expect((await h.scp.request('DELETE', `/v1/roles/${a.id}/policy-bindings`, { body: { policy_ids: [p2] } })).status).toBe(204)
    expect((await h.scp.request('GET', `/v1/roles/${a.id}/policy-bindings`)).body.count).toBe(0)
    expect((await h.scp.request('POST', `/v1/roles/ffffffffffffffffffffffffffffffff/policy-bindings`, { body: { policy_ids: [p1] } })).status).toBe(404)

    const bulk = await h.scp.request('DELETE', '/v1/roles/bulk', { body: { role_ids: [a.id, 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'], role_names: ['rpb-b', 'nobody'] } })
    expect(bulk.status).toBe(204)
    expect((await h.scp.request('GET', `/v1/roles/${a.id}`)).status).toBe(404)
    expect((await h.scp.request('GET', `/v1/roles/${b.id}`)).status).toBe(404)
  })

  it('keeps tenants apart', async () => {
    const other = await h.createOrganization('roles-other')
    const principals = [{ type: 'SRN', value: `srn:e::${other.organizationId}:::iam:user/u1` }]
    const theirs = (await other.scp.request('POST', '/v1/roles', { body: { name: 'theirs', policy_ids: [], principals } })).body.role
    const before = await h.eventCount(other.organizationId)
    expect([403, 404]).toContain((await h.scp.request('GET', `/v1/roles/${theirs.id}`)).status)
    expect([403, 404]).toContain((await h.scp.request('DELETE', `/v1/roles/${theirs.id}`)).status)
    expect(await h.eventCount(other.organizationId)).toBe(before)
    // A trust policy may not name another account's principals.
    const foreign = await h.scp.request('POST', '/v1/roles', { body: { name: 'foreign', policy_ids: [], principals } })
    expect(foreign.status).toBe(400)
    expect(JSON.stringify(foreign.body)).toContain('principals[0].value')
  })
})

describe('SCP resource-based policies', () => {
  it('sets, shows and deletes the policy of an SRN; edits statements by Sid', async () => {
    // `/`, `+` and `=` in the base64 of this SRN.
    const srn = `srn:dev2::${h.org.organizationId}:kr-west1::virtualserver:virtual-server/~~ÿÿ`
    const path = `/v1/resource-policies/${b64(srn)}`
    expect((await h.scp.request('GET', path)).status).toBe(404)
    const statement = { Sid: 'Statement1', Effect: 'Allow', Action: ['virtualserver:ShowVirtualServer'], Principal: '*', Resource: [srn], Condition: { StringEquals: { 'scp:RequestedRegion': ['kr-west1'] } }, NotAction: [] }
    const set = await h.scp.request('PUT', path, { body: { policy_version: { policy_document: doc(statement), policy_version_name: 'PolicyVersion-1' } } })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({
      account_id: h.org.organizationId, policy_category: 'RESOURCE_BASED', policy_type: 'USER_DEFINED', service_name: 'virtualserver',
      policy_versions: [{ policy_document: doc({ Sid: 'Statement1', Effect: 'Allow', Action: ['virtualserver:ShowVirtualServer'], Principal: '*', Resource: [srn], Condition: statement.Condition }) }],
    })
    expect(set.body.default_version_id).toBe(set.body.policy_versions[0].id)

    const added = await h.scp.request('POST', `${path}/statements`, { body: { Effect: 'Deny', Action: ['virtualserver:DeleteVirtualServer'], Principal: '*' } })
    expect(added.status).toBe(201)
    expect(added.body.Statement).toMatchObject({ Sid: 'statement1', Effect: 'Deny', Resource: [] })
    expect((await h.scp.request('POST', `${path}/statements`, { body: { Sid: 'Statement1', Effect: 'Allow', Action: ['a:b'], Principal: '*' } })).status).toBe(409)
    const invalid = await h.scp.request('POST', `${path}/statements`, { body: { Sid: 'Bad', Effect: 'Allow', Action: ['a:b'] } })
    expect(invalid.status).toBe(400)
    expect(JSON.stringify(invalid.body)).toContain('Principal')

    const renamed = await h.scp.request('PUT', `${path}/statements/statement1`, { body: { Sid: 'NoDelete', Effect: 'Deny', Action: ['virtualserver:Delete*'], Principal: '*' } })
    expect(renamed.status).toBe(200)
    expect(renamed.body.Statement).toMatchObject({ Sid: 'NoDelete', Action: ['virtualserver:Delete*'] })
    expect((await h.scp.request('PUT', `${path}/statements/NoDelete`, { body: { Sid: 'Statement1', Effect: 'Deny', Action: ['a:b'], Principal: '*' } })).status).toBe(409)
    expect((await h.scp.request('PUT', `${path}/statements/missing`, { body: { Effect: 'Deny', Action: ['a:b'], Principal: '*' } })).status).toBe(404)

    expect((await h.scp.request('DELETE', `${path}/statements/NoDelete`)).status).toBe(204)
    expect((await h.scp.request('DELETE', `${path}/statements/NoDelete`)).status).toBe(404)
    const shown = await h.scp.request('GET', path, { version: '1.0' })
    expect(shown.body.policy_versions.at(-1).policy_document.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['Statement1'])

    expect((await h.scp.request('DELETE', path)).status).toBe(204)
    expect((await h.scp.request('GET', path)).status).toBe(404)
    expect((await h.scp.request('DELETE', path)).status).toBe(404)
  })

  it('refuses malformed documents naming the field, and another account\'s SRN', async () => {
    const srn = `srn:dev2::${h.org.organizationId}:kr-west1::virtualserver:virtual-server/v2`
    const bad = await h.scp.request('PUT', `/v1/resource-policies/${b64(srn)}`, { body: { policy_version: { policy_document: doc({ Effect: 'Allow', Action: ['x:y'], Principal: '*', Condition: { Nope: { k: ['v'] } } }) } } })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('policy_version.policy_document.Statement[0].Condition.Nope')
    const foreign = `srn:dev2::ffffffffffffffffffffffffffffffff:kr-west1::virtualserver:virtual-server/v2`
    expect([403, 404]).toContain((await h.scp.request('PUT', `/v1/resource-policies/${b64(foreign)}`, { body: { policy_version: { policy_document: doc({ Effect: 'Allow', Action: ['x:y'], Principal: '*' }) } } })).status)
  })
})
