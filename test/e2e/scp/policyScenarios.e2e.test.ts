// The SCP policy scenarios of issue 7 that involve conditions, resource-based policies and roles, each answered
// by the authorization API with an explanation (`/authz/v1/explain`): a region condition met and unmet, a
// resource policy granting a principal of the same account, a role whose trust policy admits a user and one that
// does not (checked as `sts:AssumeRole` on the role's SRN), and a role's own permissions.
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDomainError } from '../../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../../domain/core/events.js'
import { createOrganization } from '../../../functions/core/organizations.js'
import { scpClient, startScpHarness, type ScpClient, type ScpHarness } from '../../support/scpHarness.js'

let h: ScpHarness
let org: { organizationId: string; scp: ScpClient; secretKey: string }
const users: Record<string, string> = {}

const doc = (...statements: Array<Record<string, unknown>>) => ({ Version: '2024-07-01', Statement: statements })
const token = (response: { headers: Headers }) => response.headers.get('x-consistency-token')!
const b64 = (srn: string) => encodeURIComponent(Buffer.from(srn).toString('base64'))
const userSrn = (id: string) => `srn:local::${org.organizationId}:::iam:user/${id}`
const roleSrn = (id: string) => `srn:local::${org.organizationId}:::iam:role/${id}`
const VM = () => `srn:local::${org.organizationId}:kr-west1::virtualserver:virtual-server/vm-1`

beforeAll(async () => {
  h = await startScpHarness()
  // An organization whose owner's Scaleway API key may ask the authorization API.
  const { deps } = h.h
  const created = await createOrganization(
    { runner: deps.runner, ids: deps.ids, clock: deps.clock, keyring: deps.keyring },
    { name: 'scenarios', owner: { email: `owner-${ulid().toLowerCase()}@example.com` }, meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' } },
  )
  if (isDomainError(created)) throw new Error(JSON.stringify(created))
  await h.settle(created.token)
  org = { organizationId: created.organizationId, secretKey: created.secretKey, scp: scpClient(h.baseUrl, { accessKey: created.outputs.scp_access_key_id!, secretKey: created.outputs.scp_secret_key! }) }
  for (const name of ['alice', 'bob', 'carol']) {
    const user = await org.scp.request('POST', `/v1/accounts/${org.organizationId}/users`, { body: { user_name: name, password: 'Str0ng-passw0rd!', temporary_password: false } })
    expect(user.status).toBe(201)
    users[name] = user.body.id
  }
})
afterAll(async () => {
  await h?.close()
})

async function explain(principal: { kind: string; id: string }, action: string, resource: string, context?: Record<string, string>) {
  const response = await h.h.fetch('/authz/v1/explain', {
    method: 'POST',
    secretKey: org.secretKey,
    body: { principal: { organization_id: org.organizationId, ...principal }, action, resource, ...(context && { context }) },
  })
  expect(response.status).toBe(200)
  return (await response.json()) as {
    decision: string; reason: string; matched: Array<{ effect: string; source: { policy_id: string; rule_id?: string } }>
    missing_context_keys: string[]; statements: unknown[]; policies: Array<{ path: string }>
  }
}

async function write(response: Promise<{ status: number; headers: Headers; body: any }>, status: number) {
  const done = await response
  expect(done.status, JSON.stringify(done.body)).toBe(status)
  await h.settle(token(done))
  return done.body
}

describe('SCP policy scenarios', () => {
  it('a region condition: met allows, unmet denies, missing names the key', async () => {
    const policy = await write(org.scp.request('POST', '/v1/policies', { body: {
      policy_name: 'WestOnly',
      policy_version: { policy_document: doc({ Sid: 'West', Effect: 'Allow', Action: ['virtualserver:*'], Resource: ['*'], Condition: { StringEquals: { 'scp:RequestedRegion': ['kr-west1'] } } }) },
    } }), 201)
    await write(org.scp.request('POST', `/v1/users/${users.alice}/policy-bindings`, { body: { policy_ids: [policy.id] } }), 200)
    const alice = { kind: 'user', id: users.alice! }

    const met = await explain(alice, 'virtualserver:ShowVirtualServer', VM(), { 'scp:RequestedRegion': 'kr-west1' })
    expect(met).toMatchObject({ decision: 'allow', reason: 'allowed', matched: [{ effect: 'allow', source: { policy_id: policy.id, rule_id: 'West' } }] })
    expect(met.statements).toHaveLength(1)

    const unmet = await explain(alice, 'virtualserver:ShowVirtualServer', VM(), { 'scp:RequestedRegion': 'kr-east1' })
    expect(unmet).toMatchObject({ decision: 'deny', reason: 'implicit_deny', matched: [] })

    const missing = await explain(alice, 'virtualserver:ShowVirtualServer', VM())
    expect(missing).toMatchObject({ decision: 'deny', missing_context_keys: ['scp:RequestedRegion'] })
  })

  it('a resource-based policy grants a principal of the same account, and no one else', async () => {
    const srn = VM()
    await write(org.scp.request('PUT', `/v1/resource-policies/${b64(srn)}`, { body: { policy_version: { policy_document: doc({
      Sid: 'BobReads', Effect: 'Allow', Action: ['virtualserver:ShowVirtualServer'], Principal: { SRN: [userSrn(users.bob!)] }, Resource: [srn],
    }) } } }), 200)

    const bob = await explain({ kind: 'user', id: users.bob! }, 'virtualserver:ShowVirtualServer', srn)
    expect(bob).toMatchObject({ decision: 'allow', reason: 'allowed', matched: [{ effect: 'allow', source: { rule_id: 'BobReads' } }] })
    expect(bob.matched[0]!.source.policy_id).toBe(`resource/${srn}`)
    expect(bob.policies.map((policy) => policy.path)).toContain(`resource/org/${org.organizationId}/region/kr-west1/virtualserver/virtual-server/vm-1`)

    expect(await explain({ kind: 'user', id: users.carol! }, 'virtualserver:ShowVirtualServer', srn)).toMatchObject({ decision: 'deny', reason: 'implicit_deny' })
    expect(await explain({ kind: 'user', id: users.bob! }, 'virtualserver:DeleteVirtualServer', srn)).toMatchObject({ decision: 'deny' })

    // A Deny statement added by Sid overrides the allow.
    await write(org.scp.request('POST', `/v1/resource-policies/${b64(srn)}/statements`, { body: {
      Sid: 'NoBob', Effect: 'Deny', Action: ['virtualserver:*'], Principal: userSrn(users.bob!),
    } }), 201)
    expect(await explain({ kind: 'user', id: users.bob! }, 'virtualserver:ShowVirtualServer', srn)).toMatchObject({
      decision: 'deny', reason: 'explicit_deny', matched: [{ effect: 'deny', source: { rule_id: 'NoBob' } }],
    })
  })

  it('a role whose trust policy admits a user, and one that does not; a role is a principal with its own permissions', async () => {
    const reader = await write(org.scp.request('POST', '/v1/policies', { body: {
      policy_name: 'GroupReader', policy_version: { policy_document: doc({ Sid: 'Read', Effect: 'Allow', Action: ['iam:GetGroup'], Resource: ['*'] }) },
    } }), 201)
    const admitting = await write(org.scp.request('POST', '/v1/roles', { body: {
      name: 'admits-bob', policy_ids: [reader.id], principals: [{ type: 'SRN', value: userSrn(users.bob!) }],
    } }), 202)
    const refusing = await write(org.scp.request('POST', '/v1/roles', { body: {
      name: 'admits-carol', policy_ids: [], assume_role_policy_document: doc({ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: userSrn(users.carol!), Resource: [], Condition: {} }),
    } }), 202)

    const admitted = await explain({ kind: 'user', id: users.bob! }, 'sts:AssumeRole', roleSrn(admitting.role.id))
    expect(admitted).toMatchObject({ decision: 'allow', reason: 'allowed', matched: [{ effect: 'allow', source: { policy_id: `trust/${admitting.role.id}`, rule_id: 'statement1' } }] })
    const refused = await explain({ kind: 'user', id: users.bob! }, 'sts:AssumeRole', roleSrn(refusing.role.id))
    expect(refused).toMatchObject({ decision: 'deny', reason: 'implicit_deny', matched: [] })
    // The organization's owner is no exception: the trust policy decides.
    expect(await explain({ kind: 'user', id: users.alice! }, 'sts:AssumeRole', roleSrn(admitting.role.id))).toMatchObject({ decision: 'deny' })

    const role = { kind: 'role', id: admitting.role.id as string }
    expect(await explain(role, 'iam:GetGroup', `org/${org.organizationId}/region/-/iam/group/g1`)).toMatchObject({
      decision: 'allow', matched: [{ source: { policy_id: reader.id, rule_id: 'Read' } }],
    })
    expect(await explain(role, 'iam:DeleteGroup', `org/${org.organizationId}/region/-/iam/group/g1`)).toMatchObject({ decision: 'deny' })

    // Replacing the trust policy (ROL-7) moves who is admitted.
    await write(org.scp.request('PUT', `/v1/roles/${admitting.role.id}/trust-policy`, { body: {
      assume_role_policy_document: doc({ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: userSrn(users.carol!) }),
    } }), 200)
    expect(await explain({ kind: 'user', id: users.bob! }, 'sts:AssumeRole', roleSrn(admitting.role.id))).toMatchObject({ decision: 'deny' })
    expect(await explain({ kind: 'user', id: users.carol! }, 'sts:AssumeRole', roleSrn(admitting.role.id))).toMatchObject({ decision: 'allow' })

    // A deleted role admits no one.
    await write(org.scp.request('DELETE', `/v1/roles/${refusing.role.id}`), 204)
    expect(await explain({ kind: 'user', id: users.carol! }, 'sts:AssumeRole', roleSrn(refusing.role.id))).toMatchObject({ decision: 'deny' })
  })
})
