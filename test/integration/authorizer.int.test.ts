// The Lambda authorizer on DynamoDB Local, invoked with API Gateway HTTP API authorizer payloads (format 2.0):
// real credentials and real grants decide; the principal goes to the integration in the context.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueCredential } from '../../domain/core/credential/decide.js'
import { credentialStreamId } from '../../domain/core/credential/evolve.js'
import { credentialItemExtras } from '../../domain/core/credential/items.js'
import { isDomainError } from '../../domain/core/errors.js'
import { systemClock, toUuid } from '../../domain/core/ids.js'
import { createChecker } from '../../functions/authz/check.js'
import { createAuthorizer, type Authorizer, type AuthorizerResult } from '../../functions/authorizer/authorize.js'
import { credentialSources } from '../../functions/authorizer/credentials.js'
import { parseRouteMap, RouteMapError } from '../../functions/authorizer/routes.js'
import { scpSign } from '../../functions/auth/scpSignature.js'
import { newScpAccessKeyMaterial } from '../../functions/core/scpAccessKeys.js'
import { createKeyring, localKeyWrapper } from '../../functions/store/keyring.js'
import { createProjector, type Projector } from '../../functions/projector/projector.js'
import { newAccessKey, newSecretUuid, sha256Hex } from '../../functions/store/secrets.js'
import { effectiveGrants } from '../../projections/effectiveGrants/index.js'
import { freshTables } from '../support/tables.js'
import { GrantsScenario, newId, rule } from './grants.fixtures.js'

type Dyn = Awaited<ReturnType<typeof freshTables>>

const ROUTES = {
  'GET /users/{userId}': { action: 'iam:users:read', resource: 'org/{organizationId}/iam/user/{userId}' },
  'DELETE /users/{userId}': { action: 'iam:users:delete', resource: 'org/{organizationId}/iam/user/{userId}' },
  'GET /organizations/{organizationId}/users': { action: 'iam:users:read', resource: 'org/{organizationId}' },
  'GET /files/{path+}': { action: 'iam:users:read', resource: 'org/{organizationId}/files/file/{path}' },
}

/** An API Gateway HTTP API authorizer event (payload format 2.0), as API Gateway sends it. */
function authorizerEvent(
  routeKey: string,
  path: string,
  options: { token?: string; pathParameters?: Record<string, string>; headers?: Record<string, string> } = {},
): APIGatewayRequestAuthorizerEventV2 {
  const [method = 'GET'] = routeKey.split(' ')
  const headers: Record<string, string> = {
    accept: 'application/json',
    host: 'orders.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'curl/8.5.0',
    'x-forwarded-for': '203.0.113.9',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...(options.token ? { 'x-auth-token': options.token } : {}),
    ...options.headers,
  }
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:eu-west-1:123456789012:orders/$default/${method}${path}`,
    identitySource: options.token ? [options.token] : [],
    routeKey,
    rawPath: path,
    rawQueryString: '',
    cookies: [],
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'orders',
      domainName: 'orders.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'orders',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8.5.0' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey,
      stage: '$default',
      time: '24/Nov/2026:21:00:00 +0000',
      timeEpoch: 1_795_554_000_000,
    },
    pathParameters: options.pathParameters,
  }
}

describe('the Lambda authorizer', () => {
  let dynamo: Dyn
  let projector: Projector
  let scenario: GrantsScenario
  let authorize: Authorizer
  const [owner, reader] = [newId(), newId()]
  const readers = newId()
  const secrets = { owner: '', reader: '', expired: '' }
  let expiredKeyId: string

  beforeAll(async () => {
    dynamo = await freshTables('authorizer')
    projector = createProjector({ dynamo, projections: [effectiveGrants] })
    scenario = new GrantsScenario(dynamo)
    await scenario.organization(owner)
    await scenario.principal(owner)
    await scenario.principal(reader)
    await scenario.group(readers, { users: [reader] })
    await scenario.policy(newId(), { kind: 'group', id: readers }, [rule(scenario.org, ['IAMReadOnly'])])
    secrets.owner = await scenario.apiKey(owner)
    secrets.reader = await scenario.apiKey(reader)
    // The reader's second key expired an hour ago (issued as of three hours ago); no sweep has run.
    expiredKeyId = newId()
    secrets.expired = newSecretUuid()
    const issuedAt = new Date(Date.now() - 3 * 3_600_000)
    const events = issueCredential({ status: 'absent' }, {
      credentialId: expiredKeyId, organizationId: scenario.org, principalId: reader, principalKind: 'user', kind: 'scaleway_api_key',
      accessKey: newAccessKey(), expiresAt: new Date(Date.now() - 3_600_000), now: issuedAt,
    })
    if (isDomainError(events)) throw new Error(JSON.stringify(events))
    await scenario.append(credentialStreamId(scenario.org, expiredKeyId), events, credentialItemExtras({ status: 'absent' }, events, { hash: sha256Hex(secrets.expired) }))
    await projector.handle(scenario.take())
    authorize = createAuthorizer({ dynamo, routes: parseRouteMap(ROUTES), clock: systemClock, checker: createChecker({ dynamo, projector }) })
  })

  const user = newId()
  const getUser = (token?: string) => authorizerEvent('GET /users/{userId}', `/users/${toUuid(user)}`, { token, pathParameters: { userId: toUuid(user) } })

  it('allows a permission the caller holds and returns the principal in the context', async () => {
    expect(await authorize(getUser(secrets.reader))).toEqual({
      isAuthorized: true,
      context: {
        organizationId: toUuid(scenario.org),
        principalId: toUuid(reader),
        principalKind: 'user',
        credentialId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/),
        credentialKind: 'scaleway_api_key',
        action: 'iam:users:read',
        resource: `org/${scenario.org}/iam/user/${user}`,
      },
    } satisfies AuthorizerResult)
  })

  it('denies a permission the caller does not hold, and allows it to the owner', async () => {
    const remove = (token: string) => authorizerEvent('DELETE /users/{userId}', `/users/${user}`, { token, pathParameters: { userId: user } })
    expect(await authorize(remove(secrets.reader))).toEqual({ isAuthorized: false, context: {} })
    expect(await authorize(remove(secrets.owner))).toMatchObject({ isAuthorized: true, context: { principalId: toUuid(owner), action: 'iam:users:delete' } })
  })

  it('denies a request without a credential, with an unknown one, and with an expired one', async () => {
    expect(await authorize(getUser())).toEqual({ isAuthorized: false, context: {} })
    expect(await authorize(getUser(newSecretUuid()))).toEqual({ isAuthorized: false, context: {} })
    expect(await authorize(getUser(secrets.expired))).toEqual({ isAuthorized: false, context: {} })
  })

  it('denies a route missing from the map, and another organization named in the path', async () => {
    expect(await authorize(authorizerEvent('GET /orders', '/orders', { token: secrets.owner }))).toEqual({ isAuthorized: false, context: {} })
    const inPath = (organizationId: string) =>
      authorizerEvent('GET /organizations/{organizationId}/users', `/organizations/${organizationId}/users`, { token: secrets.reader, pathParameters: { organizationId } })
    expect(await authorize(inPath(toUuid(scenario.org)))).toMatchObject({ isAuthorized: true, context: { resource: `org/${scenario.org}` } })
    expect(await authorize(inPath(toUuid(newId())))).toEqual({ isAuthorized: false, context: {} })
  })

  it('lets only a greedy path parameter span segments, and never climb out of its place', async () => {
    const files = (path: string) => authorizerEvent('GET /files/{path+}', `/files/${path}`, { token: secrets.reader, pathParameters: { path } })
    expect(await authorize(files('reports/2026/q3.pdf'))).toMatchObject({ isAuthorized: true, context: { resource: `org/${scenario.org}/files/file/reports/2026/q3.pdf` } })
    expect(await authorize(files('reports/../../other'))).toEqual({ isAuthorized: false, context: {} })
    const users = authorizerEvent('GET /users/{userId}', '/users/a%2Fb', { token: secrets.reader, pathParameters: { userId: 'a/b' } })
    expect(await authorize(users)).toEqual({ isAuthorized: false, context: {} })
  })

  it('refuses a route map that names an unknown placeholder or a wildcard', () => {
    expect(() => parseRouteMap({ 'GET /x': { action: 'iam:users:read', resource: 'org/{organizationId}/{nope}' } })).toThrow(RouteMapError)
    expect(() => parseRouteMap({ 'GET /x': { action: 'iam:users:*', resource: 'org/{organizationId}' } })).toThrow(/wildcards/)
    expect(() => parseRouteMap('{')).toThrow(/not JSON/)
  })

  describe('as a Lambda function', () => {
    const saved: Record<string, string | undefined> = {}
    let handler: (event: APIGatewayRequestAuthorizerEventV2, context: Context) => Promise<AuthorizerResult>

    beforeAll(async () => {
      for (const [name, value] of Object.entries({ DYNAMODB_ENDPOINT: dynamo.endpoint, IAM_TABLE_PREFIX: dynamo.prefix, IAM_AUTHORIZER_ROUTES: JSON.stringify(ROUTES) })) {
        saved[name] = process.env[name]
        process.env[name] = value
      }
      ;({ handler } = await import('../../functions/authorizer/lambda.js'))
    })

    afterAll(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    })

    const context = { awsRequestId: 'authorizer-invocation', functionName: 'iam-authorizer' } as Context

    it('allows and denies with the route map of IAM_AUTHORIZER_ROUTES', async () => {
      expect(await handler(getUser(secrets.reader), context)).toMatchObject({ isAuthorized: true, context: { principalId: toUuid(reader) } })
      expect(await handler(getUser(secrets.expired), context)).toEqual({ isAuthorized: false, context: {} })
      expect(await handler(getUser(), context)).toEqual({ isAuthorized: false, context: {} })
    })
  })
})

describe('the Lambda authorizer with the other surfaces\' credentials', () => {
  const DOMAIN = 'orders.execute-api.eu-west-1.amazonaws.com'
  let scenario: GrantsScenario
  let authorize: Authorizer
  const [owner, account] = [newId(), newId()]
  const user = newId()
  let nscaleToken: string
  let scp: { accessKey: string; secretKey: string }
  const scratch = mkdtempSync(join(tmpdir(), 'iam-authorizer-'))

  beforeAll(async () => {
    const dynamo = await freshTables('authorizer-surfaces')
    const projector = createProjector({ dynamo, projections: [effectiveGrants] })
    const keyring = createKeyring(dynamo, localKeyWrapper(join(scratch, 'master.key')))
    scenario = new GrantsScenario(dynamo)
    await scenario.organization(owner)
    await scenario.principal(owner)
    await scenario.principal(account, 'service_account')
    await scenario.policy(newId(), { kind: 'user', id: account }, [rule(scenario.org, ['IAMReadOnly'])])
    // An nscale service-account token, and an SCP access key whose secret is sealed by the keyring.
    nscaleToken = newSecretUuid()
    await issue(scenario, account, 'service_account', 'nscale_service_account_token', { hash: sha256Hex(nscaleToken) })
    const material = await newScpAccessKeyMaterial(keyring, scenario.org)
    scp = material
    await issue(scenario, owner, 'user', 'scp_access_key', { sealed: material.sealedSecret }, material.accessKey)
    await projector.handle(scenario.take())
    authorize = createAuthorizer({
      dynamo,
      routes: parseRouteMap(ROUTES),
      clock: systemClock,
      checker: createChecker({ dynamo, projector }),
      sources: credentialSources({ keyring }),
    })
  })

  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  const signed = (method: string, path: string, options: { secret?: string; timestamp?: number } = {}) => {
    const timestamp = String(options.timestamp ?? Date.now())
    const signature = scpSign(options.secret ?? scp.secretKey, { method, url: `https://${DOMAIN}${path}`, timestamp, accessKey: scp.accessKey, clientType: 'Openapi' })
    return { 'scp-accesskey': scp.accessKey, 'scp-timestamp': timestamp, 'scp-signature': signature, 'scp-clienttype': 'Openapi' }
  }
  const route = (method: 'GET' | 'DELETE', headers: Record<string, string>) =>
    authorizerEvent(`${method} /users/{userId}`, `/users/${toUuid(user)}`, { headers, pathParameters: { userId: toUuid(user) } })

  it('allows an nscale service account what its grants allow, and nothing more', async () => {
    const allowed = await authorize(route('GET', { authorization: `Bearer ${nscaleToken}` }))
    expect(allowed).toMatchObject({ isAuthorized: true, context: { credentialKind: 'nscale_service_account_token', principalKind: 'service_account' } })
    expect((await authorize(route('DELETE', { authorization: `Bearer ${nscaleToken}` }))).isAuthorized).toBe(false)
    expect((await authorize(route('GET', { authorization: 'Bearer not-a-token-at-all' }))).isAuthorized).toBe(false)
  })

  it('allows a request signed with an SCP access key, and refuses a wrong secret, a stale timestamp and a replayed write', async () => {
    const allowed = await authorize(route('GET', signed('GET', `/users/${toUuid(user)}`)))
    expect(allowed).toMatchObject({ isAuthorized: true, context: { credentialKind: 'scp_access_key', principalId: toUuid(owner) } })
    expect((await authorize(route('GET', signed('GET', `/users/${toUuid(user)}`, { secret: 'wrong' })))).isAuthorized).toBe(false)
    expect((await authorize(route('GET', signed('GET', `/users/${toUuid(user)}`, { timestamp: Date.now() - 3_600_000 })))).isAuthorized).toBe(false)
    // Signed for another path: the signature covers the URL.
    expect((await authorize(route('GET', signed('GET', '/users/other')))).isAuthorized).toBe(false)
    const write = signed('DELETE', `/users/${toUuid(user)}`)
    expect((await authorize(route('DELETE', write))).isAuthorized).toBe(true)
    expect((await authorize(route('DELETE', write))).isAuthorized).toBe(false)
  })
})

async function issue(
  scenario: GrantsScenario,
  principalId: string,
  principalKind: 'user' | 'service_account',
  kind: 'nscale_service_account_token' | 'scp_access_key',
  secret: { hash?: string; sealed?: string },
  accessKey?: string,
): Promise<void> {
  const credentialId = newId()
  const events = issueCredential({ status: 'absent' }, {
    credentialId, organizationId: scenario.org, principalId, principalKind, kind, ...(accessKey && { accessKey }), description: '', attributes: {}, now: new Date(),
  })
  if (isDomainError(events)) throw new Error(JSON.stringify(events))
  await scenario.append(credentialStreamId(scenario.org, credentialId), events, credentialItemExtras({ status: 'absent' }, events, secret))
}
