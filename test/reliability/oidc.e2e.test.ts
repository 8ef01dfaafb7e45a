// Reliability of the OIDC provider's public routes (the route table filtered to the `oidc` surface): seeded fuzzed
// queries and bodies, in every content type, never get a 5xx, and a refusal appends nothing to the log.
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROUTE_TABLE } from '../../functions/api/routeTable.js'
import { startOidcHarness, type OidcHarness } from '../support/oidcHarness.js'

let o: OidcHarness
const routes = ROUTE_TABLE.filter((route) => route.surface === 'oidc')
const FIELDS = [
  'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'response_mode', 'prompt',
  'request', 'grant_type', 'code', 'code_verifier', 'refresh_token', 'client_secret', 'email', 'provider', 'access_token', 'token', 'clientID',
  'organization_name', 'group_name', 'roles', 'error',
]

beforeAll(async () => {
  // E-mail verification on: the signup route looks fuzzed tokens up instead of answering its disabled page.
  o = await startOidcHarness({ env: { IAM_NSCALE_USER_EMAIL_VERIFICATION: '1' } })
  await fetch(`${o.issuer}/oauth2/v2/jwks`) // the first signing key exists before counting events
}, 60_000)
afterAll(async () => o?.close())

async function eventCount(): Promise<number> {
  const { Count = 0 } = await o.h.deps.dynamo.doc.send(new ScanCommand({ TableName: o.h.deps.dynamo.tables.events, Select: 'COUNT' }))
  return Count
}

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'code', 'authorization_code', 'refresh_token', 'client_credentials', 'S256', 'plain', 'none', 'openid email', '%', 'a.b.c', '\u0000'),
  fc.constant('https://rp.example.test/callback'),
  fc.string({ minLength: 43, maxLength: 60 }),
)
const params = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 })
const contentType = fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'multipart/form-data; boundary=x', 'text/plain', '')
const authorization = fc.option(fc.oneof(fc.constant('Bearer a.b.c'), fc.constant('Basic !!!'), fc.constant('Basic Og=='), fc.string({ maxLength: 30 })), { nil: undefined })

describe('the OIDC provider under fuzzed input', () => {
  it('classifies its routes as public', () => {
    expect(routes.length).toBeGreaterThanOrEqual(11)
    expect(routes.every((route) => route.access === 'public')).toBe(true)
  })

  it('never answers 5xx (501 only where a route is not built) and appends nothing', async () => {
    const before = await eventCount()
    const knownClient = { client_id: o.client.clientId, redirect_uri: o.client.redirectUri }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        params,
        fc.boolean(),
        contentType,
        authorization,
        fc.boolean(),
        async (route, fields, withClient, type, auth, raw) => {
          const all = withClient ? { ...fields, ...knownClient } : fields
          const query = route.method === 'GET' ? `?${new URLSearchParams(all)}` : ''
          const body = route.method === 'POST' ? (raw ? JSON.stringify(all) : new URLSearchParams(all).toString()) : undefined
          const response = await fetch(`${o.issuer}${route.path}${query}`, {
            method: route.method,
            redirect: 'manual',
            headers: { ...(type ? { 'content-type': type } : {}), ...(auth ? { authorization: auth } : {}) },
            body,
          })
          await response.arrayBuffer()
          expect(response.status === 501 || response.status < 500, `${route.method} ${route.path} → ${response.status}`).toBe(true)
        },
      ),
      { seed: 20261125, numRuns: 300 },
    )
    expect(await eventCount()).toBe(before)
  }, 120_000)
})
