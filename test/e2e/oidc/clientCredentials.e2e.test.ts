// Platform services (spec §5.7, §6.3 step 1): a client of IAM_NSCALE_PLATFORM_CLIENTS gets a client-credentials
// token, holding the global scopes of the roles IAM_NSCALE_SYSTEM_ACCOUNT_ROLES gives it, and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDomainError } from '../../../domain/core/errors.js'
import { toUuid } from '../../../domain/core/ids.js'
import { registerClient } from '../../../functions/oidc/clients.js'
import { startScalewayHarness, type ScalewayHarness } from '../../support/scalewayHarness.js'

const SERVICE = '0a1b2c3d4e5f60718293a4b5c6d7e8f9'
const OUTSIDER = '1a1b2c3d4e5f60718293a4b5c6d7e8f9'
let h: ScalewayHarness
const secrets = new Map<string, string>()

beforeAll(async () => {
  h = await startScalewayHarness({
    env: { IAM_NSCALE_PLATFORM_CLIENTS: toUuid(SERVICE), IAM_NSCALE_SYSTEM_ACCOUNT_ROLES: `${toUuid(SERVICE)}=infra-manager-service` },
  })
  for (const id of [SERVICE, OUTSIDER]) {
    // A fixed client id, as operators give their platform services.
    const client = await registerClient({ ...h.deps, ids: { ...h.deps.ids, newId: () => id } }, { name: `svc-${id.slice(0, 4)}`, redirectUris: ['https://svc.example.test/cb'] })
    if (isDomainError(client)) throw new Error(`client registration failed: ${client.kind}`)
    secrets.set(id, client.clientSecret)
  }
})
afterAll(async () => {
  await h?.close()
})

async function clientToken(id: string) {
  const basic = Buffer.from(`${toUuid(id)}:${secrets.get(id)}`).toString('base64')
  const response = await fetch(`${h.baseUrl}/oauth2/v2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const bearer = (token: unknown) => ({ authorization: `Bearer ${String(token)}` })

describe('client credentials of a platform service', () => {
  it('issues an access token without a refresh token, to configured clients only', async () => {
    const issued = await clientToken(SERVICE)
    expect(issued).toMatchObject({ status: 200, body: { token_type: 'Bearer', access_token: expect.any(String) } })
    expect(issued.body.refresh_token).toBeUndefined()
    expect(await clientToken(OUTSIDER)).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } })
  })

  it('holds its roles\' global scopes in the ACL and the checks, nothing more', async () => {
    const { body } = await clientToken(SERVICE)
    const acl = await fetch(`${h.baseUrl}/api/v1/acl`, { headers: bearer(body.access_token) })
    expect(acl.status).toBe(200)
    const global = ((await acl.json()) as { global: Array<{ name: string; operations: string[] }> }).global
    expect(global).toContainEqual({ name: 'identity:allocations', operations: ['create', 'delete', 'read', 'update'] })
    expect(global.map((endpoint) => endpoint.name)).not.toContain('identity:organizations')
    const organization = await fetch(`${h.baseUrl}/api/v1/organizations/${h.org.organizationId}/quotas`, { headers: bearer(body.access_token) })
    expect(organization.status).toBe(403)
    const create = await fetch(`${h.baseUrl}/api/v1/organizations`, {
      method: 'POST',
      headers: { ...bearer(body.access_token), 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'nope' }, spec: { organizationType: 'adhoc' } }),
    })
    expect(create.status).toBe(403)
  })
})
