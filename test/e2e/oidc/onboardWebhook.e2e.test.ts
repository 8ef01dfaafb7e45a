// The onboarding webhook (spec §5.6 step 4) with a real relying party, a real upstream IdP and a loopback HTTP server
// as the webhook: the new organization's membership is pending until the webhook answers 201 to the documented body
// (with the configured bearer); then the person gets a code and acts in their organization. Any other answer sends
// the client `server_error` and leaves the membership pending.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fold } from '../../../domain/core/decider.js'
import { normalizeId } from '../../../domain/core/ids.js'
import { organizationStreamId } from '../../../domain/core/organization/evolve.js'
import { liveUser, userDecider, userStreamId } from '../../../domain/nscale/user/evolve.js'
import { authorizationRequest, OIDC_DOMAIN, startOidcHarness, type OidcHarness } from '../../support/oidcHarness.js'

const WEBHOOK_TOKEN = 'onboarding-webhook-bearer'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

interface Received {
  method?: string
  path?: string
  authorization?: string
  contentType?: string
  body: Record<string, unknown>
}

let o: OidcHarness
let webhook: Server
let answer = 201
const received: Received[] = []

beforeAll(async () => {
  webhook = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({
        method: request.method,
        path: request.url,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      })
      response.writeHead(answer).end()
    })
  })
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve))
  const { port } = webhook.address() as AddressInfo
  o = await startOidcHarness({
    env: {
      IAM_NSCALE_ACCOUNT_CREATION: '1',
      IAM_NSCALE_ONBOARDING_WEBHOOK_URL: `http://127.0.0.1:${port}/onboarded`,
      IAM_NSCALE_ONBOARDING_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    },
  })
}, 90_000)
afterAll(async () => {
  await o?.close()
  await new Promise((resolve) => webhook?.close(resolve))
})

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

/** Signs `email` in upstream, submits the onboarding form, and answers the provider's response with the RP's checks. */
async function onboard(email: string, organizationName: string) {
  const config = await client.discovery(new URL(o.issuer), o.client.clientId, o.client.clientSecret, undefined, { execute: [client.allowInsecureRequests] })
  const { url, verifier, state, nonce } = await authorizationRequest(config, o.client.redirectUri)
  o.idp.nextLogin.email = email
  const agent = o.agent()
  const callback = await agent.signIn(url, email, `${o.issuer}/oidc/callback`)
  const page = await (await agent.fetch(callback)).text()
  const onboardState = /name="state" value="([^"]+)"/.exec(page)?.[1] as string
  const response = await agent.fetch(`${o.issuer}/oauth2/v2/onboard`, form({ state: onboardState, organization_name: organizationName, group_name: 'administrators' }))
  return { config, response, verifier, state, nonce }
}

async function membershipState(organizationId: string, userId: string) {
  const streamId = userStreamId(normalizeId(organizationId) as string, normalizeId(userId) as string)
  const events = (await o.h.deps.store.load([streamId])).get(streamId) ?? []
  return liveUser(fold(userDecider, events as never[]))?.state
}

describe('the onboarding webhook', () => {
  it('receives the documented body with the bearer; its 201 activates the membership and the person gets a code', async () => {
    answer = 201
    const email = `hooked@${OIDC_DOMAIN}`
    const { config, response, verifier, state, nonce } = await onboard(email, 'Hooked Labs')
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') as string)
    expect(location.searchParams.get('error')).toBeNull()
    expect(location.searchParams.get('code')).toBeTruthy()

    expect(received).toHaveLength(1)
    const [call] = received
    expect(call).toMatchObject({ method: 'POST', path: '/onboarded', authorization: `Bearer ${WEBHOOK_TOKEN}` })
    expect(call?.contentType).toMatch(/application\/json/)
    expect(call?.body).toMatchObject({ email, username: email, organizationName: 'Hooked-Labs' })
    expect(call?.body.organizationID).toMatch(UUID)
    expect(call?.body.organizationUserID).toMatch(UUID)
    expect(Object.keys(call?.body ?? {}).every((key) => ['email', 'username', 'forename', 'surname', 'organizationID', 'organizationName', 'organizationUserID'].includes(key))).toBe(true)
    expect(await membershipState(call?.body.organizationID as string, call?.body.organizationUserID as string)).toBe('active')
    // Nobody would receive an owner API key, SCP access key or administrator service-account token: none is issued.
    expect(await o.h.eventCount(call?.body.organizationID as string, 'CredentialIssued')).toBe(0)

    const tokens = await client.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true })
    const listed = await fetch(`${o.issuer}/api/v1/organizations`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    expect(listed.status).toBe(200)
    expect(((await listed.json()) as Array<{ metadata: { id: string } }>).map((organization) => organization.metadata.id)).toEqual([call?.body.organizationID])
  })

  it('a 500 from the webhook sends the client server_error and undoes the organization, so the person may onboard again', async () => {
    answer = 500
    received.length = 0
    const email = `refused@${OIDC_DOMAIN}`
    const { response, state } = await onboard(email, 'Refused Labs')
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') as string)
    expect(location.toString().startsWith(o.client.redirectUri)).toBe(true)
    expect(location.searchParams.get('error')).toBe('server_error')
    expect(location.searchParams.get('code')).toBeNull()
    expect(location.searchParams.get('state')).toBe(state)
    expect(received).toHaveLength(1)
    const body = received[0]?.body ?? {}
    expect(await membershipState(body.organizationID as string, body.organizationUserID as string)).toBe('pending')
    // Its organization is deleted (the tenant's tombstone): nothing is left that nobody could ever act in.
    const core = await o.h.deps.store.readStream(organizationStreamId(normalizeId(body.organizationID as string) as string))
    expect(core.map((event) => event.type)).toContain('OrganizationDeleted')

    // Once the webhook accepts, the same person onboards.
    answer = 201
    const again = await onboard(email, 'Refused Labs')
    expect(new URL(again.response.headers.get('location') as string).searchParams.get('code')).toBeTruthy()
  })
})
