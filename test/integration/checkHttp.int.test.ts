// The authorization API over HTTP (Hono's app.request, DynamoDB Local behind): allow and deny, the caller's own
// permission, foreign organizations, validation, explanations and the generated OpenAPI document.
import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { organizationResource, projectResource } from '../../domain/authz/resource.js'
import { systemClock, toUuid, ulidIds } from '../../domain/core/ids.js'
import { authzApp, createChecker } from '../../functions/authz/index.js'
import { createProjector, type Projector } from '../../functions/projector/projector.js'
import { effectiveGrants } from '../../projections/effectiveGrants/index.js'
import { freshTables } from '../support/tables.js'
import { GrantsScenario, newId, rule } from './grants.fixtures.js'

type Dyn = Awaited<ReturnType<typeof freshTables>>

describe('authorization API', () => {
  let dynamo: Dyn
  let projector: Projector
  let scenario: GrantsScenario
  let app: ReturnType<typeof authzApp>
  let org: string
  const [owner, checkerUser, plain, reader] = [newId(), newId(), newId(), newId()]
  const [group, policy] = [newId(), newId()]
  const keys: Record<string, string> = {}

  const post = (path: string, body: unknown, secret: string | undefined, headers: Record<string, string> = {}) =>
    app.request(`/authz/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret && { 'x-auth-token': secret }), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  beforeAll(async () => {
    dynamo = await freshTables('authzhttp')
    projector = createProjector({ dynamo, projections: [effectiveGrants] })
    scenario = new GrantsScenario(dynamo)
    org = scenario.org
    await scenario.organization(owner)
    for (const id of [owner, checkerUser, plain, reader]) {
      await scenario.principal(id)
      keys[id] = await scenario.apiKey(id)
    }
    await scenario.policy(newId(), { kind: 'user', id: checkerUser }, [rule(org, ['IAMAuthorizationCheck'])])
    await scenario.group(group, { users: [reader] })
    await scenario.policy(policy, { kind: 'group', id: group }, [rule(org, ['IAMReadOnly'])])
    await projector.handle(scenario.take())
    app = authzApp({ dynamo, checker: createChecker({ dynamo, projector }), clock: systemClock, ids: ulidIds })
  })

  const about = (id: string, organizationId = org) => ({ organization_id: toUuid(organizationId), kind: 'user', id: toUuid(id) })

  it('answers one result per check, in order', async () => {
    const response = await post('check', {
      principal: about(reader),
      checks: [
        { action: 'iam:users:read', resource: organizationResource(org) },
        { action: 'iam:users:delete', resource: organizationResource(org) },
        { action: 'iam:groups:list', resource: projectResource(org, newId()), context: { 'request:ip': '10.0.0.1' } },
      ],
    }, keys[checkerUser])
    expect(response.status).toBe(200)
    const body = (await response.json()) as { results: Array<Record<string, unknown>> }
    expect(body.results.map((result) => result.decision)).toEqual(['allow', 'deny', 'allow'])
    expect(body.results[0]).toEqual({
      decision: 'allow',
      reason: 'allowed',
      matched: [{ effect: 'allow', source: { surface: 'scaleway', policy_id: policy, policy_version: 1, rule_id: expect.any(String) } }],
      missing_context_keys: [],
    })
  })

  it('lets the owner ask, and explains one check in full', async () => {
    const response = await post('explain', { principal: about(reader), action: 'iam:users:read', resource: organizationResource(org) }, keys[owner])
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      decision: 'allow',
      principal_status: 'active',
      owner: false,
      policies: [{ path: `group/${group}/${policy}`, policy_id: policy, policy_version: 1, statement_count: 1 }],
      statements: [{ effect: 'allow', actions: expect.arrayContaining(['iam:*:read']), source: { policy_id: policy } }],
      condition_errors: [],
    })
  })

  it('refuses callers without a credential, without iam:authz:check, or asking about another organization', async () => {
    const body = { principal: about(reader), checks: [{ action: 'iam:users:read', resource: organizationResource(org) }] }
    expect((await post('check', body, undefined)).status).toBe(401)
    expect((await post('check', body, '00000000-0000-4000-8000-000000000000')).status).toBe(401)
    const lacking = await post('check', body, keys[plain])
    expect(lacking.status).toBe(403)
    expect(await lacking.json()).toMatchObject({ type: 'permission_denied' })
    const foreign = await post('check', { ...body, principal: about(reader, newId()) }, keys[checkerUser])
    expect(foreign.status).toBe(403)
  })

  it('refuses invalid requests with 400 naming the field', async () => {
    const secret = keys[checkerUser]
    const bad = await post('check', { principal: { ...about(reader), kind: 'robot' }, checks: [{ action: 'x', resource: 'org/x' }] }, secret)
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ type: 'invalid_argument', field: 'principal.kind' })
    expect((await post('check', { principal: about(reader), checks: [] }, secret)).status).toBe(400)
    expect((await post('check', '{"principal":', secret)).status).toBe(400)
    const tooMany = Array.from({ length: 100 }, (_, i) => ({ action: 'iam:users:read', resource: projectResource(org, i.toString(16).padStart(32, '0')) }))
    const refused = await post('check', { principal: about(reader), checks: tooMany }, secret)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ type: 'invalid_argument', field: 'checks' })
  })

  it('serves its OpenAPI document, generated from the schemas, without a credential', async () => {
    const response = await app.request('/authz/v1/openapi.json')
    expect(response.status).toBe(200)
    const document = (await response.json()) as { paths: Record<string, Record<string, { operationId: string }>> }
    expect(document.paths['/authz/v1/check']?.post?.operationId).toBe('AuthzCheck')
    expect(document.paths['/authz/v1/explain']?.post?.operationId).toBe('AuthzExplain')
  })

  it('works mounted at the root of another app, as functions/api/app.ts mounts it', async () => {
    const mounted = new Hono().route('/', app)
    const response = await mounted.request('/authz/v1/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': keys[owner] as string },
      body: JSON.stringify({ principal: about(owner), checks: [{ action: 'iam:users:delete', resource: organizationResource(org) }] }),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ results: [{ decision: 'allow', reason: 'owner' }] })
  })
})
