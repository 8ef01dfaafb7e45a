// The Scaleway wire layer in process (`app.request()`): the OpenAPI document, every route's 501 shape, the
// error and validation contract, authentication, rendering and pagination. Ports are stubbed: these tests are
// about HTTP, and append nothing anywhere.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { notFound, DomainFailure, type DomainError } from '../../../domain/core/errors.js'
import { ulidIds, type Clock } from '../../../domain/core/ids.js'
import { SCALEWAY_ROUTES } from '../../../domain/scaleway/routes.js'
import { freshTables } from '../../support/tables.js'
import {
  apiKeyAuthentication, operation, paging, scalewayApp, SCALEWAY_ROUTE_TABLE, defineHandlers, type AuthFailureLimiter, type AuthorizeRequest, type Handlers,
  type OperationId, type Principal, type ScalewayDeps,
} from '../../../functions/api/scaleway/index.js'

const ORG = '0190f2a4c7e37d3a9b1e2f3a4b5c6d7e'
const ORG_UUID = '0190f2a4-c7e3-7d3a-9b1e-2f3a4b5c6d7e'
const OTHER = '11111111-1111-4111-8111-111111111111'
const SECRET = '33333333-3333-4333-8333-333333333333'
const NOW = new Date('2026-05-01T10:00:00.000Z')
const principal: Principal = { organizationId: ORG, kind: 'user', id: '0190f2a4c7e37d3a9b1e2f3a4b5c0001', method: 'api_key', accessKey: 'SCWABCDEFGHIJKLMNOPQ' }
const clock: Clock = { now: () => NOW }

interface Harness {
  request(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>
  authorizations: AuthorizeRequest[]
  authentications: string[]
  logged: Array<Record<string, unknown>>
}

interface HarnessOptions {
  handlers?: Handlers
  deny?: DomainError
  limiter?: AuthFailureLimiter
  maxBodyBytes?: number
  authenticate?: ScalewayDeps['authenticate']
}

function harness(options: HarnessOptions = {}): Harness {
  const authorizations: AuthorizeRequest[] = []
  const authentications: string[] = []
  const logged: Array<Record<string, unknown>> = []
  const deps: ScalewayDeps = {
    clock,
    ids: ulidIds,
    authenticate: async (secret, now) => {
      authentications.push(secret)
      if (options.authenticate) return options.authenticate(secret, now)
      return secret === SECRET ? principal : { kind: 'unauthenticated', method: 'api_key', reason: 'not_found', message: 'unknown API key' }
    },
    authorize: async (request) => {
      authorizations.push(request)
      return options.deny
    },
    authFailures: options.limiter,
    handlers: options.handlers ?? {},
    services: {} as ScalewayDeps['services'], // the wire layer never touches them; handlers here do not either
    maxBodyBytes: options.maxBodyBytes,
    logError: (_message, details) => logged.push(details),
  }
  const app = scalewayApp(deps)
  return {
    authorizations,
    authentications,
    logged,
    request: (path, { auth = true, headers, ...init } = {}) =>
      Promise.resolve(app.request(path, { ...init, headers: { ...(auth ? { 'X-Auth-Token': SECRET } : {}), ...(headers as Record<string, string>) } })),
  }
}

const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body), headers: { 'Content-Type': 'application/json; charset=utf-8' } })

async function expectError(response: Response, status: number, type: string): Promise<Record<string, any>> {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toBe('application/json')
  const body = (await response.json()) as Record<string, any>
  expect(body.type).toBe(type)
  expect(typeof body.message).toBe('string')
  return body
}

// A valid request for every operation, so that each reaches its handler (here: the default 501).
const PATH_VALUES: Record<string, string> = { access_key: 'SCWABCDEFGHIJKLMNOPQ', quotum_name: 'users' }
const QUERIES: Partial<Record<OperationId, string>> = { ListRules: `policy_id=${OTHER}` }
const BODIES: Partial<Record<OperationId, unknown>> = {
  CreateAPIKey: { user_id: OTHER, description: 'ci' },
  CreateApplication: { name: 'app one' },
  CreateUser: { email: 'ada@example.com' },
  UpdateUserUsername: { username: 'ada' },
  UpdateUserPassword: { password: 'correct horse battery' },
  CreateGroup: { name: 'admins' },
  AddGroupMember: { user_id: OTHER },
  RemoveGroupMember: { application_id: OTHER },
  SetGroupMembers: { user_ids: [], application_ids: [OTHER] },
  CreatePolicy: { name: 'readers', rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: ORG_UUID }] },
  SetRules: { policy_id: OTHER, rules: [] },
  CheckPermissions: { permissions: [{ service: 'iam', name: 'users', action: 'read', organization_id: ORG_UUID }] },
  CreateSSHKey: { public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7l6NrbH7y0+7rrYkDcp3TnoU9E7OT5dLtxTRC2e7c9 me' },
  SetOrganizationAlias: { alias: 'acme' },
  ValidateUserMFAOTP: { one_time_password: '123456' },
  JoinUserConnection: { token: 'abc' },
  RemoveUserConnection: { target_user_id: OTHER },
  AddSamlCertificate: { type: 'signing', content: '-----BEGIN CERTIFICATE-----' },
}

function sampleRequest(route: (typeof SCALEWAY_ROUTE_TABLE)[number]): { path: string; init: RequestInit } {
  const path = route.path.replace(/\{([^}]+)\}/g, (_all, name: string) => PATH_VALUES[name] ?? OTHER)
  const query = QUERIES[route.operationId]
  const hasBody = !['GET', 'DELETE'].includes(route.method) || route.operationId === 'DeleteUserMFAOTP'
  return {
    path: query ? `${path}?${query}` : path,
    init: { method: route.method, ...(hasBody ? json(BODIES[route.operationId] ?? {}) : {}) },
  }
}

describe('the OpenAPI document', () => {
  it('is public, exact JSON, and lists the 71 operationIds of the seed', async () => {
    const response = await harness().request('/iam/v1alpha1/openapi.json', { auth: false })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    const document = (await response.json()) as { paths: Record<string, Record<string, { operationId: string; 'x-iam-extension'?: boolean }>>; security: unknown }
    // The sign-in extension (issue 9) is marked as such; the seed's operations are exactly the rest.
    const operationIds = Object.values(document.paths).flatMap((methods) => Object.values(methods).filter((op) => !op['x-iam-extension']).map((op) => op.operationId))
    const fixture = JSON.parse(readFileSync(new URL('../../fixtures/scaleway-operation-ids.json', import.meta.url), 'utf8')) as string[]
    expect(fixture).toHaveLength(71)
    expect([...operationIds].sort()).toEqual([...fixture].sort())
    expect(document.security).toEqual([{ scaleway: [] }])
  })

  it('places every operation at the path and method the permission map gives it', () => {
    const expected = SCALEWAY_ROUTES.filter((route) => route.surface === 'scaleway').map((route) => `${route.operationId} ${route.method} ${route.path}`)
    const actual = SCALEWAY_ROUTE_TABLE.map((route) => `${route.operationId} ${route.method} ${route.path}`)
    expect([...actual].sort()).toEqual([...expected].sort())
  })
})

describe('every route without a handler', () => {
  it('answers 501 not_implemented after authentication, validation and authorization', async () => {
    const h = harness()
    for (const route of SCALEWAY_ROUTE_TABLE) {
      const { path, init } = sampleRequest(route)
      const response = await h.request(path, init)
      const body = await expectError(response, 501, 'not_implemented')
      expect(body.message, route.operationId).toContain(route.operationId)
    }
    expect(h.authorizations.map((request) => request.operationId)).toEqual(SCALEWAY_ROUTE_TABLE.map((route) => route.operationId))
  })
})

describe('authentication', () => {
  it('refuses a missing or malformed secret without looking it up, as the SDK expects', async () => {
    const h = harness()
    const attempts: Array<Record<string, string>> = [{}, { 'X-Auth-Token': 'SCWABCDEFGHIJKLMNOPQ' }, { 'X-Auth-Token': 'not-a-uuid' }]
    for (const headers of attempts) {
      const body = await expectError(await h.request('/iam/v1alpha1/users', { auth: false, headers }), 401, 'denied_authentication')
      expect(body).toMatchObject({ method: 'api_key', reason: 'invalid_argument' })
    }
    expect(h.authentications).toEqual([])
  })

  it('answers the port’s reason for an unknown secret, before any validation', async () => {
    const body = await expectError(
      await harness().request('/iam/v1alpha1/users?page_size=0', { auth: false, headers: { 'x-auth-token': OTHER } }),
      401,
      'denied_authentication',
    )
    expect(body).toMatchObject({ method: 'api_key', reason: 'not_found' })
  })

  it('looks secrets up in the credential items: an unknown one is not_found', async () => {
    const dynamo = await freshTables('wire')
    const h = harness({ authenticate: apiKeyAuthentication(dynamo) })
    const body = await expectError(await h.request('/iam/v1alpha1/users', { auth: false, headers: { 'X-Auth-Token': OTHER } }), 401, 'denied_authentication')
    expect(body).toMatchObject({ method: 'api_key', reason: 'not_found' })
  })

  it('refuses a session token while sessions are not wired', async () => {
    const body = await expectError(
      await harness().request('/iam/v1alpha1/users', { auth: false, headers: { 'X-Session-Token': 'a.b.c' } }),
      401,
      'denied_authentication',
    )
    expect(body).toMatchObject({ method: 'session', reason: 'invalid_argument' })
  })

  it('answers 429 with Retry-After once the failure limiter says so', async () => {
    const failures = new Map<string, number>()
    const limiter: AuthFailureLimiter = {
      blocked: async (subject) => ((failures.get(subject.sourceIp) ?? 0) >= 2 ? 30 : undefined),
      failed: async (subject) => {
        failures.set(subject.sourceIp, (failures.get(subject.sourceIp) ?? 0) + 1)
        return failures.get(subject.sourceIp)! >= 2 ? 30 : undefined
      },
    }
    const h = harness({ limiter })
    await expectError(await h.request('/iam/v1alpha1/users', { auth: false }), 401, 'denied_authentication')
    const second = await h.request('/iam/v1alpha1/users', { auth: false })
    await expectError(second, 429, 'too_many_requests')
    expect(second.headers.get('retry-after')).toBe('30')
    const third = await h.request('/iam/v1alpha1/users')
    expect((await expectError(third, 429, 'too_many_requests')).help_message).toBe('retry in 30 second(s)')
  })
})

describe('authorization', () => {
  it('asks for the organization and project the request names, else the caller’s organization', async () => {
    const h = harness()
    await h.request(`/iam/v1alpha1/applications?organization_id=${OTHER}`)
    await h.request('/iam/v1alpha1/applications')
    await h.request('/iam/v1alpha1/ssh-keys', { method: 'POST', ...json({ public_key: 'ssh-ed25519 AAAA', project_id: OTHER }) })
    await h.request(`/iam/v1alpha1/organizations/${OTHER}/security-settings`)
    expect(h.authorizations.map((request) => request.scope)).toEqual([
      { organizationId: OTHER.replaceAll('-', '') },
      { organizationId: ORG },
      { organizationId: ORG, projectId: OTHER.replaceAll('-', '') },
      { organizationId: OTHER.replaceAll('-', '') },
    ])
    expect(h.authorizations[0]!.context).toMatchObject({ 'request:time': NOW.toISOString() })
  })

  it('answers 403 permissions_denied when the authorization core says no', async () => {
    const h = harness({ deny: { kind: 'permission_denied', resource: 'applications', action: 'list' } })
    const body = await expectError(await h.request('/iam/v1alpha1/applications'), 403, 'permissions_denied')
    expect(body.details).toEqual([{ resource: 'applications', action: 'list' }])
  })
})

describe('request validation', () => {
  const h = harness()
  const detailsOf = async (response: Response) => (await expectError(response, 400, 'invalid_arguments')).details as Array<Record<string, string>>

  it('refuses malformed JSON, naming the body', async () => {
    const details = await detailsOf(await h.request('/iam/v1alpha1/applications', { method: 'POST', body: '{"name": "a",', headers: { 'content-type': 'application/json' } }))
    expect(details).toMatchObject([{ argument_name: 'body', reason: 'format' }])
  })

  it('refuses wrong types, naming each field, nested ones too', async () => {
    const details = await detailsOf(
      await h.request('/iam/v1alpha1/policies', { method: 'POST', ...json({ name: 12, tags: 'x', rules: [{ condition: false }] }) }),
    )
    expect(details.map((detail) => [detail.argument_name, detail.reason])).toEqual([
      ['name', 'format'],
      ['rules.0.condition', 'format'],
      ['tags', 'format'],
    ])
  })

  it('refuses unknown enum values, over-long strings and missing required fields', async () => {
    expect(await detailsOf(await h.request('/iam/v1alpha1/api-keys?order_by=newest'))).toMatchObject([{ argument_name: 'order_by', reason: 'format' }])
    expect(
      await detailsOf(await h.request(`/iam/v1alpha1/saml/${OTHER}/certificates`, { method: 'POST', ...json({ type: 'signature', content: 'x' }) })),
    ).toMatchObject([{ argument_name: 'type', reason: 'format' }])
    expect(
      await detailsOf(await h.request('/iam/v1alpha1/applications', { method: 'POST', ...json({ name: 'a', description: 'x'.repeat(201) }) })),
    ).toMatchObject([{ argument_name: 'description', reason: 'constraint', help_message: 'must be at most 200 characters' }])
    expect(await detailsOf(await h.request('/iam/v1alpha1/groups', { method: 'POST', ...json({ description: 'no name' }) }))).toMatchObject([
      { argument_name: 'name', reason: 'required' },
    ])
    expect(await detailsOf(await h.request('/iam/v1alpha1/api-keys', { method: 'POST', ...json({ description: 'no bearer' }) }))).toMatchObject([
      { argument_name: 'user_id', reason: 'required' },
    ])
  })

  it('enforces the SDK validation rules: names, page bounds, one-of groups, password bytes', async () => {
    expect(await detailsOf(await h.request('/iam/v1alpha1/applications', { method: 'POST', ...json({ name: ' padded' }) }))).toMatchObject([
      { argument_name: 'name', reason: 'format' },
    ])
    expect((await detailsOf(await h.request('/iam/v1alpha1/users?page=0&page_size=101'))).map((d) => d.argument_name)).toEqual(['page_size', 'page'])
    expect(
      await detailsOf(await h.request('/iam/v1alpha1/policies', { method: 'POST', ...json({ name: 'p', user_id: OTHER, group_id: OTHER }) })),
    ).toMatchObject([{ argument_name: 'group_id', reason: 'constraint' }])
    expect(
      await detailsOf(await h.request(`/iam/v1alpha1/users/${OTHER}/update-password`, { method: 'POST', ...json({ password: 'é'.repeat(37) }) })),
    ).toMatchObject([{ argument_name: 'password', reason: 'constraint', help_message: 'must be at most 72 bytes' }])
  })

  it('answers a malformed path id like an unknown one: 404 of that resource', async () => {
    const body = await expectError(await h.request('/iam/v1alpha1/groups/not-a-group'), 404, 'not_found')
    expect(body).toMatchObject({ resource: 'group', resource_id: 'not-a-group' })
    expect(await expectError(await h.request('/iam/v1alpha1/api-keys/SCW123'), 404, 'not_found')).toMatchObject({ resource: 'api_key' })
  })

  it('answers 404 and 405 in the error shape for routes that do not exist', async () => {
    await expectError(await h.request('/iam/v1alpha1/projects'), 404, 'not_found')
    const response = await h.request('/iam/v1alpha1/rules', { method: 'POST', ...json({}) })
    await expectError(response, 405, 'method_not_allowed')
    expect(response.headers.get('allow')).toBe('GET, PUT')
  })

  it('refuses bodies over the limit with 413 before parsing', async () => {
    const small = harness({ maxBodyBytes: 64 })
    const response = await small.request('/iam/v1alpha1/applications', { method: 'POST', ...json({ name: 'a', description: 'x'.repeat(100) }) })
    expect((await expectError(response, 413, 'invalid_arguments')).details).toMatchObject([{ argument_name: 'body', reason: 'constraint' }])
  })
})

describe('parsed input reaching a handler', () => {
  it('normalizes ids, applies defaults, parses booleans in any case and repeated keys', async () => {
    let seen: unknown
    const h = harness({
      handlers: operation('ListAPIKeys', async ({ input }) => {
        seen = input.query
        return { body: { api_keys: [], total_count: 0 } }
      }),
    })
    const response = await h.request(`/iam/v1alpha1/api-keys?editable=True&expired=FALSE&access_keys=scwabcdefghijklmnopq&access_keys=SCWZZZZZZZZZZZZZZZZZ&bearer_id=${OTHER.toUpperCase()}`)
    expect(response.status).toBe(200)
    expect(seen).toEqual({
      order_by: 'created_at_asc',
      page: 1,
      page_size: 20,
      editable: true,
      expired: false,
      access_keys: ['SCWABCDEFGHIJKLMNOPQ', 'SCWZZZZZZZZZZZZZZZZZ'],
      bearer_id: OTHER.replaceAll('-', ''),
      bearer_type: 'unknown_bearer_type',
    })
  })

  it('ignores unknown body fields, reads null as absent, and parses timestamps and durations', async () => {
    let body: unknown
    const h = harness({
      handlers: defineHandlers(
        operation('CreateAPIKey', async ({ input }) => {
          body = input.body
          return notFound('user', input.body.user_id!)
        }),
        operation('UpdateOrganizationSecuritySettings', async ({ input }) => {
          body = input.body
          return notFound('organization', input.params.organization_id)
        }),
      ),
    })
    await h.request('/iam/v1alpha1/api-keys', {
      method: 'POST',
      ...json({ user_id: OTHER, application_id: null, expires_at: '2030-01-01 00:00:00+00:00', scope: 'newer-sdk-field' }),
    })
    expect(body).toEqual({ user_id: OTHER.replaceAll('-', ''), expires_at: new Date('2030-01-01T00:00:00Z'), description: '' })
    await h.request(`/iam/v1alpha1/organizations/${ORG_UUID}/security-settings`, {
      method: 'PATCH',
      ...json({ max_api_key_expiration_duration: '86400s', login_attempts_before_locked: 5 }),
    })
    expect(body).toEqual({ max_api_key_expiration_duration: 86_400, login_attempts_before_locked: 5 })
  })

  it('takes bodies as the Python SDK sends them: {} without a Content-Type, or nothing on actions', async () => {
    let calls = 0
    const h = harness({
      handlers: defineHandlers(
        operation('DeleteUserMFAOTP', async () => {
          calls++
          return {}
        }),
        operation('LockUser', async () => {
          calls++
          return notFound('user', OTHER)
        }),
      ),
    })
    const deleted = await h.request(`/iam/v1alpha1/users/${OTHER}/mfa-otp`, { method: 'DELETE', body: '{}' })
    expect(deleted.status).toBe(204)
    await expectError(await h.request(`/iam/v1alpha1/users/${OTHER}/lock`, { method: 'POST' }), 404, 'not_found')
    expect(calls).toBe(2)
  })
})

describe('responses', () => {
  const created = new Date('2026-04-30T08:00:00.000Z')
  const application = {
    id: '0190f2a4c7e37d3a9b1e2f3a4b5c0002',
    name: 'ci',
    description: '',
    created_at: created,
    updated_at: created.toISOString(),
    organization_id: ORG,
    editable: true,
    deletable: true,
    managed: false,
    nb_api_keys: 2,
    tags: ['env=ci'],
  }

  it('render ids as dashed UUIDs and times in RFC 3339 UTC, with exact JSON and a consistency token', async () => {
    const h = harness({ handlers: operation('UpdateApplication', async () => ({ body: application, consistencyToken: 'tok' })) })
    const response = await h.request(`/iam/v1alpha1/applications/${OTHER}`, { method: 'PATCH', ...json({ name: 'ci' }) })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-consistency-token')).toBe('tok')
    expect(await response.json()).toEqual({
      ...application,
      id: '0190f2a4-c7e3-7d3a-9b1e-2f3a4b5c0002',
      organization_id: ORG_UUID,
      created_at: '2026-04-30T08:00:00.000Z',
      updated_at: '2026-04-30T08:00:00.000Z',
    })
  })

  it('answer deletes with 204 and no body', async () => {
    const h = harness({ handlers: operation('DeleteApplication', async () => ({ consistencyToken: 'tok' })) })
    const response = await h.request(`/iam/v1alpha1/applications/${OTHER}`, { method: 'DELETE' })
    expect(response.status).toBe(204)
    expect(response.headers.get('content-type')).toBeNull()
    expect(await response.text()).toBe('')
  })

  it('map thrown DomainFailures like returned errors, and a handler bug to a logged 500', async () => {
    const h = harness({
      handlers: defineHandlers(
        operation('GetApplication', async () => {
          throw new DomainFailure({ kind: 'locked', resource: 'application', resourceId: ORG })
        }),
        operation('GetGroup', async () => ({ body: { id: ORG } as never })),
      ),
    })
    expect(await expectError(await h.request(`/iam/v1alpha1/applications/${OTHER}`), 423, 'locked')).toMatchObject({ resource_id: ORG_UUID })
    const failed = await expectError(await h.request(`/iam/v1alpha1/groups/${OTHER}`), 500, 'internal_error')
    expect(h.logged).toHaveLength(1)
    expect(failed.help_message).toContain(h.logged[0]!.requestId as string)
  })

  it('paginate with a total count, and a page past the end is an empty 200', async () => {
    const apps = Array.from({ length: 5 }, (_, i) => ({ ...application, id: `0190f2a4c7e37d3a9b1e2f3a4b5c000${i}`, name: `app${i}` }))
    const h = harness({
      handlers: operation('ListApplications', async ({ input }) => {
        const page = paging.paginate(apps, {
          orderBy: input.query.order_by,
          sortKeys: { name: (a) => a.name, created_at: (a) => a.created_at, updated_at: (a) => a.updated_at },
          tieBreaker: (a) => a.id,
          page: input.query.page,
          pageSize: input.query.page_size,
        })
        return { body: { applications: page.items, total_count: page.total_count } }
      }),
    })
    const second = (await (await h.request('/iam/v1alpha1/applications?order_by=name_desc&page=2&page_size=2')).json()) as Record<string, any>
    expect(second.total_count).toBe(5)
    expect(second.applications.map((a: { name: string }) => a.name)).toEqual(['app2', 'app1'])
    const beyond = await h.request('/iam/v1alpha1/applications?page=9&page_size=2')
    expect(beyond.status).toBe(200)
    expect(await beyond.json()).toEqual({ applications: [], total_count: 5 })
  })
})
