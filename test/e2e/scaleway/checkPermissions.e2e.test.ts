// CheckPermissions by raw HTTP (SDK 1.6.0 lacks it): one decision per requested permission, in order, for the
// caller itself through the authorization core, scoped to a project, the organization or the caller's organization;
// any caller may ask about itself; consistency tokens are honoured; malformed requests are 400.
import type { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, uniqueName, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'
import { readYourWrites } from './readYourWrites.js'

let h: ScalewayHarness
let iam: Iamv1alpha1.API
let org: string
let other: TestOrganization

const P1 = '0190f2a5-c3e8-7d1a-9b2c-3d4e5f600001'
const P2 = '0190f2a5-c3e8-7d1a-9b2c-3d4e5f600002'

beforeAll(async () => {
  h = await startScalewayHarness({ env: { IAM_CONSISTENCY_WAIT_MS: '10000' } })
  iam = readYourWrites(h.baseUrl, h.org).iam
  org = h.org.organizationId
  other = await h.createOrganization('other')
}, 60_000)
afterAll(async () => h?.close())

interface Asked {
  service: string
  name: string
  action: string
  project_id?: string
  organization_id?: string
}

async function check(secretKey: string, permissions: Asked[], headers: Record<string, string> = {}) {
  const response = await h.fetch('/iam/v1alpha1/check-permissions', { method: 'POST', secretKey, body: { permissions }, headers })
  const body = (await response.json()) as { responses?: Array<{ decision: string }> } & Record<string, unknown>
  return { status: response.status, body, decisions: body.responses?.map((r) => r.decision) }
}

/** An application with an API key, and the token of its last write. */
async function applicationWithKey(name: string) {
  const app = await iam.createApplication({ name: uniqueName(name), description: '' })
  const response = await h.fetch('/iam/v1alpha1/api-keys', { method: 'POST', secretKey: h.org.secretKey, body: { application_id: app.id, description: 'check' } })
  expect(response.status).toBe(200)
  const key = (await response.json()) as { secret_key: string }
  return { app, secretKey: key.secret_key }
}

async function createPolicy(body: Record<string, unknown>): Promise<string> {
  const response = await h.fetch('/iam/v1alpha1/policies', { method: 'POST', secretKey: h.org.secretKey, body: { name: uniqueName('check'), ...body } })
  expect(response.status, await response.clone().text()).toBe(200)
  return response.headers.get('x-consistency-token')!
}

describe('check-permissions', () => {
  it('answers the owner for everything in its organization, and nothing elsewhere', async () => {
    const { status, decisions } = await check(h.org.secretKey, [
      { service: 'iam', name: 'users', action: 'list' },
      { service: 'IAM', name: 'Users', action: 'WRITE', organization_id: org },
      { service: 'instance', name: 'servers', action: 'create', project_id: P1 },
      { service: 'account', name: 'contacts', action: 'read' },
      { service: 'iam', name: 'users', action: 'list', organization_id: other.organizationId },
      { service: 'nosuch', name: 'things', action: 'read' },
      { service: 'iam', name: 'users', action: 'fly' },
    ])
    expect(status).toBe(200)
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'allow', 'deny', 'deny', 'deny'])
    expect((await check(h.org.secretKey, [])).body).toEqual({ responses: [] })
  })

  it('lets a caller without iam:authz:check ask about itself, and answers per scope and rule', async () => {
    const { app, secretKey } = await applicationWithKey('checker')
    const asked: Asked[] = [
      { service: 'instance', name: 'servers', action: 'list', project_id: P1 },
      { service: 'instance', name: 'servers', action: 'list', project_id: P2 },
      { service: 'instance', name: 'servers', action: 'list' },
      { service: 'instance', name: 'servers', action: 'create', project_id: P1 },
      { service: 'iam', name: 'users', action: 'read' },
      { service: 'iam', name: 'users', action: 'write' },
      { service: 'iam', name: 'users', action: 'read', organization_id: other.organizationId },
      { service: 'iam', name: 'authz', action: 'check' },
    ]
    const before = await check(secretKey, asked)
    expect(before.status).toBe(200)
    expect(before.decisions).toEqual(asked.map(() => 'deny'))

    const token = await createPolicy({
      application_id: app.id,
      rules: [
        { permission_set_names: ['InstancesReadOnly'], project_ids: [P1] },
        { permission_set_names: ['IAMReadOnly'], organization_id: org },
      ],
    })
    const after = await check(secretKey, asked, { 'X-Consistency-Token': token })
    expect(after.decisions).toEqual(['allow', 'deny', 'deny', 'deny', 'allow', 'deny', 'deny', 'deny'])
  })

  it('evaluates rule conditions on the request', async () => {
    const { app, secretKey } = await applicationWithKey('conditional')
    const token = await createPolicy({
      application_id: app.id,
      rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: org, condition: 'request.user_agent.contains("terraform/")' }],
    })
    const asked = [{ service: 'iam', name: 'groups', action: 'list' }]
    const terraform = await check(secretKey, asked, { 'X-Consistency-Token': token, 'User-Agent': 'terraform/1.9' })
    expect(terraform.decisions, JSON.stringify(terraform.body)).toEqual(['allow'])
    const curl = await check(secretKey, asked, { 'X-Consistency-Token': token, 'User-Agent': 'curl/8' })
    expect(curl.decisions, JSON.stringify(curl.body)).toEqual(['deny'])
  })

  it('refuses malformed requests with 400 and anonymous ones with 401', async () => {
    const bad = async (permissions: unknown) =>
      (await h.fetch('/iam/v1alpha1/check-permissions', { method: 'POST', secretKey: h.org.secretKey, body: { permissions } })).status
    expect(await bad([{ service: 'iam', name: 'users' }])).toBe(400)
    expect(await bad([{ service: 'iam', name: 'users', action: 'read', project_id: P1, organization_id: org }])).toBe(400)
    expect(await bad([{ service: 'iam', name: 'users', action: 'read', project_id: 'not-an-id' }])).toBe(400)
    expect(await bad([{ service: 42, name: 'users', action: 'read' }])).toBe(400)
    expect(await bad(Array.from({ length: 101 }, () => ({ service: 'iam', name: 'users', action: 'read' })))).toBe(400)
    expect(await bad('everything')).toBe(400)
    const anonymous = await h.fetch('/iam/v1alpha1/check-permissions', { method: 'POST', body: { permissions: [] } })
    expect(anonymous.status).toBe(401)
  })
})
