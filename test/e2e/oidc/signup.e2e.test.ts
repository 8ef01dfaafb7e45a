// E-mail verification and signup (spec §5.11) with a real relying party and a real upstream IdP: with
// IAM_NSCALE_USER_EMAIL_VERIFICATION=1 a person an organization adds, whom no organization knew, is pending and cannot
// sign in; the e-mailed link (read from the local outbox) activates them once and leads to the client's homeUri; a
// bad link goes to the client's errorUri, or to an HTML 400 when no client takes it. The link's client is the
// creating person's OIDC client, else IAM_NSCALE_SIGNUP_CLIENT_ID. (With verification off the route answers 400:
// onboard.e2e.test.ts.)
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDomainError } from '../../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../../domain/core/events.js'
import { normalizeId, toUuid } from '../../../domain/core/ids.js'
import { createOrganization } from '../../../functions/core/organizations.js'
import { listOutbox } from '../../../functions/notify/index.js'
import { registerClient } from '../../../functions/oidc/clients.js'
import { authorizationRequest, OIDC_DOMAIN, startOidcHarness, type OidcHarness } from '../../support/oidcHarness.js'

const HOME = 'https://home-rp.example.test/home'
const ERROR = 'https://home-rp.example.test/error'

let o: OidcHarness
let home: { clientId: string; clientSecret: string; redirectUri: string }
let organizationId: string
let adminToken: string
let administrators: string

beforeAll(async () => {
  o = await startOidcHarness({ env: { IAM_NSCALE_USER_EMAIL_VERIFICATION: '1' } })
  const { deps } = o.h
  const registered = await registerClient(deps, { name: 'home-rp', redirectUris: ['https://home-rp.example.test/callback'], homeUri: HOME, errorUri: ERROR })
  if (isDomainError(registered)) throw new Error('client registration failed')
  home = { clientId: registered.clientId, clientSecret: registered.clientSecret, redirectUri: 'https://home-rp.example.test/callback' }
  const created = await createOrganization(
    { runner: deps.runner, ids: deps.ids, clock: deps.clock, keyring: deps.keyring },
    { name: 'signup-org', owner: { email: 'owner@signup.example.com' }, meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' } },
  )
  if (isDomainError(created) || !created.outputs.nscale_token) throw new Error('organization creation failed')
  await o.h.settle(created.token)
  organizationId = toUuid(created.organizationId)
  adminToken = created.outputs.nscale_token
  const groups = (await (await api(adminToken, 'GET', `/api/v1/organizations/${organizationId}/groups`)).json()) as Array<{ metadata: { id: string; name: string } }>
  administrators = groups.find((group) => group.metadata.name === 'administrators')?.metadata.id as string
}, 90_000)
afterAll(async () => o?.close())

function api(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${o.issuer}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
}

async function addMember(token: string, subject: string, groupIDs: string[] = []): Promise<void> {
  const response = await api(token, 'POST', `/api/v1/organizations/${organizationId}/users`, { spec: { subject, state: 'active', groupIDs } })
  expect(response.status).toBe(201)
  await o.h.settle(response.headers.get('x-consistency-token'))
}

/** Signs `email` in through `rp` (the harness's client by default): where the provider sends the browser back. */
async function signIn(email: string, rp = o.client) {
  const config = await client.discovery(new URL(o.issuer), rp.clientId, rp.clientSecret, undefined, { execute: [client.allowInsecureRequests] })
  const { url, checks } = await authorizationRequest(config, rp.redirectUri)
  o.idp.nextLogin.email = email
  const location = new URL(await o.agent().signIn(url, email, rp.redirectUri))
  return { location, grant: () => client.authorizationCodeGrant(config, location, checks) }
}

/** The signup link e-mailed to `email` (the local outbox is the mail server). */
async function linkFor(email: string): Promise<URL> {
  const sent = (await listOutbox(o.h.deps.dynamo, { organizationId: normalizeId(organizationId) as string })).filter((entry) => entry.template === 'nscale_signup' && entry.to === email)
  expect(sent).toHaveLength(1)
  return new URL(sent[0]?.data.link as string)
}

async function tableText(table: 'events' | 'state'): Promise<string> {
  const { dynamo } = o.h.deps
  const items: unknown[] = []
  let start: Record<string, unknown> | undefined
  do {
    const page = await dynamo.doc.send(new ScanCommand({ TableName: dynamo.tables[table], ExclusiveStartKey: start }))
    items.push(...(page.Items ?? []).filter((item) => !String(item.pk ?? '').endsWith('#outbox')))
    start = page.LastEvaluatedKey
  } while (start)
  return JSON.stringify(items)
}

const get = (url: URL | string) => fetch(url, { redirect: 'manual' })

describe('e-mail verification and signup', () => {
  it('keeps a new person pending until the e-mailed link, which activates them once and leads home', async () => {
    // A service account creates the member: the link names the configured signup client.
    o.h.deps.config.nscaleOidc.signupClientId = home.clientId
    const email = `carol@${OIDC_DOMAIN}`
    await addMember(adminToken, email, [administrators])

    const refused = await signIn(email)
    expect(refused.location.searchParams.get('error')).toBe('access_denied')
    expect(refused.location.searchParams.get('error_description')).toBe('user is not active')
    expect(refused.location.searchParams.get('code')).toBeNull()

    const link = await linkFor(email)
    expect(`${link.origin}${link.pathname}`).toBe(`${o.issuer}/api/v1/signup`)
    expect(link.searchParams.get('clientID')).toBe(home.clientId)
    const token = link.searchParams.get('token') as string
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // Only the token's hash is kept; no event carries it.
    expect(await tableText('events')).not.toContain(token)
    expect(await tableText('state')).not.toContain(token)

    const followed = await get(link)
    expect(followed.status).toBe(302)
    expect(followed.headers.get('location')).toBe(HOME)

    const again = await get(link)
    expect(again.status).toBe(302)
    const error = new URL(again.headers.get('location') as string)
    expect(`${error.origin}${error.pathname}`).toBe(ERROR)
    expect(error.searchParams.get('error')).toBe('access_denied')
    expect(error.searchParams.get('message')).toBeTruthy()

    const admitted = await signIn(email)
    expect(admitted.location.searchParams.get('error')).toBeNull()
    expect(admitted.location.searchParams.get('code')).toBeTruthy()

    // Once the code is exchanged, the member shows when the person was last active (spec §4.6 `lastActive`).
    const users = async () => (await (await api(adminToken, 'GET', `/api/v1/organizations/${organizationId}/users`)).json()) as Array<{ spec: { subject: string }; status: { lastActive?: string } }>
    expect((await users()).find((user) => user.spec.subject === email)?.status).toEqual({})
    await admitted.grant()
    const member = (await users()).find((user) => user.spec.subject === email)
    expect(member?.status.lastActive).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('sends a bad link to the client errorUri, or to an HTML 400 when no client takes it', async () => {
    const bogus = 'x'.repeat(43)
    const withClient = await get(`${o.issuer}/api/v1/signup?token=${bogus}&clientID=${home.clientId}`)
    expect(withClient.status).toBe(302)
    expect(new URL(withClient.headers.get('location') as string).searchParams.get('error')).toBe('access_denied')

    const noToken = await get(`${o.issuer}/api/v1/signup?clientID=${home.clientId}`)
    expect(noToken.status).toBe(302)
    expect(new URL(noToken.headers.get('location') as string).searchParams.get('error')).toBe('invalid_request')

    for (const query of [`token=${bogus}`, `token=${bogus}&clientID=00000000-0000-0000-0000-000000000000`, `token=${bogus}&clientID=${o.client.clientId}`]) {
      const page = await get(`${o.issuer}/api/v1/signup?${query}`)
      expect(page.status).toBe(400)
      expect(page.headers.get('content-type')).toMatch(/text\/html/)
    }
  })

  it("names the creating person's OIDC client in the link; a link without a client ends on a page", async () => {
    o.h.deps.config.nscaleOidc.signupClientId = undefined
    const carol = await signIn(`carol@${OIDC_DOMAIN}`, home)
    const tokens = await carol.grant()
    const email = `dave@${OIDC_DOMAIN}`
    await addMember(tokens.access_token, email)

    const link = await linkFor(email)
    expect(link.searchParams.get('clientID')).toBe(home.clientId)
    link.searchParams.delete('clientID')
    const page = await get(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Your account is active')

    // Active now: dave signs in.
    expect((await signIn(email)).location.searchParams.get('code')).toBeTruthy()
  })
})
