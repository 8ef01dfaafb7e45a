// Onboarding (spec §5.6) with a real relying party (`openid-client`) and a real upstream IdP (`oidc-provider`): a
// person no organization knows signs in upstream, gets the onboarding form, creates an organization, receives a
// code, exchanges it for tokens, and is that organization's administrator. With account creation off (the default)
// the same person is refused, and onboard answers 400 and appends nothing.
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fold } from '../../../domain/core/decider.js'
import { toUuid } from '../../../domain/core/ids.js'
import { groupNameKey } from '../../../domain/nscale/group/decide.js'
import { groupDecider, groupStreamId, liveGroup } from '../../../domain/nscale/group/evolve.js'
import { RBAC_CONFIG } from '../../../domain/nscale/rbac/config.js'
import { authorizationRequest, OIDC_DOMAIN, startOidcHarness, type OidcHarness } from '../../support/oidcHarness.js'

let on: OidcHarness
let off: OidcHarness

beforeAll(async () => {
  ;[on, off] = await Promise.all([startOidcHarness({ env: { IAM_NSCALE_ACCOUNT_CREATION: '1' } }), startOidcHarness()])
}, 90_000)
afterAll(async () => Promise.all([on?.close(), off?.close()]))

async function relyingParty(o: OidcHarness) {
  return client.discovery(new URL(o.issuer), o.client.clientId, o.client.clientSecret, undefined, { execute: [client.allowInsecureRequests] })
}

/** Signs `email` in upstream and answers the provider's response to the upstream callback. */
async function signInUpstream(o: OidcHarness, config: client.Configuration, email: string) {
  const { url, verifier, state, nonce } = await authorizationRequest(config, o.client.redirectUri)
  o.idp.nextLogin.email = email
  const agent = o.agent()
  const callback = await agent.signIn(url, email, `${o.issuer}/oidc/callback`)
  return { agent, response: await agent.fetch(callback), verifier, state, nonce }
}

async function eventTotal(o: OidcHarness): Promise<number> {
  const { dynamo } = o.h.deps
  let count = 0
  let start: Record<string, unknown> | undefined
  do {
    const page = await dynamo.doc.send(new ScanCommand({ TableName: dynamo.tables.events, Select: 'COUNT', ExclusiveStartKey: start }))
    count += page.Count ?? 0
    start = page.LastEvaluatedKey
  } while (start)
  return count
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

describe('onboarding through the nscale OIDC provider', () => {
  it('creates the organization of a person no organization knows, then signs them in as its administrator', async () => {
    const config = await relyingParty(on)
    const email = `newcomer@${OIDC_DOMAIN}`
    const { agent, response, verifier, state, nonce } = await signInUpstream(on, config, email)
    expect(response.status).toBe(200)
    const page = await response.text()
    const onboardState = /name="state" value="([^"]+)"/.exec(page)?.[1] as string
    expect(onboardState).toBeTruthy()

    // The form is validated before the state is spent.
    const incomplete = await agent.fetch(`${on.issuer}/oauth2/v2/onboard`, form({ state: onboardState, group_name: 'admins' }))
    expect(incomplete.status).toBe(400)

    const onboarded = await agent.fetch(`${on.issuer}/oauth2/v2/onboard`, form({ state: onboardState, organization_name: 'Newcomer Labs', group_name: 'administrators', roles: 'administrator platform-administrator' }))
    expect(onboarded.status).toBe(302)
    const location = new URL(onboarded.headers.get('location') as string)
    expect(location.toString().startsWith(on.client.redirectUri)).toBe(true)
    expect(location.searchParams.get('state')).toBe(state)

    // The onboarding state serves once.
    const replay = await agent.fetch(`${on.issuer}/oauth2/v2/onboard`, form({ state: onboardState, organization_name: 'Again', group_name: 'administrators' }))
    expect(replay.status).toBe(400)

    const tokens = await client.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true })
    expect(tokens.claims()).toMatchObject({ sub: email, email })

    const listed = await fetch(`${on.issuer}/api/v1/organizations`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    expect(listed.status).toBe(200)
    const organizations = (await listed.json()) as Array<{ metadata: { id: string; name: string }; spec: { organizationType: string } }>
    expect(organizations).toHaveLength(1)
    const [organization] = organizations
    expect(organization).toMatchObject({ metadata: { name: 'Newcomer-Labs' }, spec: { organizationType: 'adhoc' } })

    // Its group holds the administrator role (the protected role asked for is dropped) and the person.
    const { dynamo, store } = on.h.deps
    const organizationId = organization?.metadata.id.replaceAll('-', '') as string
    const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: groupNameKey(organizationId, 'administrators'), ConsistentRead: true }))
    const stream = groupStreamId(organizationId, String(Item?.owner))
    const events = (await store.load([stream])).get(stream) ?? []
    const group = liveGroup(fold(groupDecider, events as never[]))
    expect(group?.roleIds.map(toUuid)).toEqual([toUuid(RBAC_CONFIG.byName.get('administrator')?.id as string)])
    expect(group?.userIds).toHaveLength(1)
    expect(group?.serviceAccountIds).toEqual([])
  })

  it('with account creation off, refuses unknown people and answers onboard 400, appending nothing', async () => {
    const config = await relyingParty(off)
    const { response, state } = await signInUpstream(off, config, `stranger@${OIDC_DOMAIN}`)
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') as string)
    expect(location.searchParams.get('error')).toBe('access_denied')
    expect(location.searchParams.get('state')).toBe(state)

    const before = await eventTotal(off)
    const refused = await fetch(`${off.issuer}/oauth2/v2/onboard`, form({ state: 'x'.repeat(43), organization_name: 'Nope', group_name: 'administrators' }))
    expect(refused.status).toBe(400)
    expect(refused.headers.get('content-type')).toMatch(/text\/html/)
    expect(await eventTotal(off)).toBe(before)
  })

  it('answers the signup link 400 while e-mail verification is off', async () => {
    const response = await fetch(`${off.issuer}/api/v1/signup?token=abc&clientID=${off.client.clientId}`)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
  })
})
