// A real relying party (`openid-client`) against the provider, and a real upstream IdP (`oidc-provider`) federated
// as an organization's IdP: discovery, the authorization code flow with PKCE through the sign-in form and the
// upstream, ID token validation against our JWKS, refresh with rotation (the old refresh token is refused and its
// reuse revokes the session), userinfo, bearer tokens on /api/v1; a tampered upstream ID token and a replayed
// upstream state fail.
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OIDC_DOMAIN, startOidcHarness, type OidcHarness } from '../../support/oidcHarness.js'

let o: OidcHarness
let config: client.Configuration

beforeAll(async () => {
  o = await startOidcHarness()
  config = await client.discovery(new URL(o.issuer), o.client.clientId, o.client.clientSecret, undefined, { execute: [client.allowInsecureRequests] })
}, 60_000)
afterAll(async () => o?.close())

async function authorize(email: string, method: 'S256' | 'plain' = 'S256') {
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: o.client.redirectUri,
    scope: 'openid email profile',
    code_challenge: method === 'S256' ? await client.calculatePKCECodeChallenge(verifier) : verifier,
    code_challenge_method: method,
    state,
    nonce,
  })
  o.idp.nextLogin.email = email
  const location = await o.agent().signIn(url, email, o.client.redirectUri)
  return { location: new URL(location), verifier, state, nonce }
}

describe('the nscale OIDC provider with a real relying party', () => {
  it('publishes discovery and an ES512 JWKS', async () => {
    const metadata = config.serverMetadata()
    expect(metadata.issuer).toBe(o.issuer)
    expect(metadata.code_challenge_methods_supported).toEqual(['plain', 'S256'])
    const jwks = (await (await fetch(`${o.issuer}/oauth2/v2/jwks`)).json()) as { keys: Array<Record<string, unknown>> }
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-521', alg: 'ES512', use: 'sig' })
    expect(jwks.keys[0]).not.toHaveProperty('d')
  })

  it('signs a person in through the organization IdP, refreshes with rotation and serves userinfo', async () => {
    const email = `alice@${OIDC_DOMAIN}`
    await o.addPerson(email)
    const { location, verifier, state, nonce } = await authorize(email)
    const tokens = await client.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true })
    expect(tokens.token_type.toLowerCase()).toBe('bearer')
    expect(tokens.claims()).toMatchObject({ iss: o.issuer, sub: email, email, email_verified: true, aud: [o.client.clientId], azp: o.client.clientId })
    // The `profile` scope carries the upstream IdP's name claims (spec §5.8).
    expect(tokens.claims()).toMatchObject({ name: 'Test Person', given_name: 'Test', family_name: 'Person' })

    const info = await client.fetchUserInfo(config, tokens.access_token, email)
    expect(info).toMatchObject({ sub: email, email })

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string)
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
    // One live access token per (person, client): the first one stopped working.
    await expect(client.fetchUserInfo(config, tokens.access_token, email)).rejects.toThrow()
    expect(await client.fetchUserInfo(config, refreshed.access_token, email)).toMatchObject({ sub: email })

    // The old refresh token is refused, and its reuse revokes the session.
    await expect(client.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' })
    await expect(client.fetchUserInfo(config, refreshed.access_token, email)).rejects.toThrow()
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' })
  })

  it('accepts plain PKCE, refuses a wrong verifier, and revokes the session when a code is reused', async () => {
    const email = `bob@${OIDC_DOMAIN}`
    await o.addPerson(email)
    const plain = await authorize(email, 'plain')
    const code = plain.location.searchParams.get('code') as string
    const exchange = (verifier: string) =>
      fetch(`${o.issuer}/oauth2/v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${o.client.clientId}:${o.client.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: o.client.redirectUri, code_verifier: verifier }).toString(),
      })
    const wrong = await exchange('x'.repeat(43))
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' })
    const ok = await exchange(plain.verifier)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('cache-control')).toBe('no-store')
    const issued = (await ok.json()) as { access_token: string }
    expect(await client.fetchUserInfo(config, issued.access_token, email)).toMatchObject({ sub: email })
    const again = await exchange(plain.verifier)
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' })
    await expect(client.fetchUserInfo(config, issued.access_token, email)).rejects.toThrow()
  })

  it('authenticates /api/v1 with the access token and refuses it once revoked', async () => {
    const email = `carol@${OIDC_DOMAIN}`
    await o.addPerson(email)
    const { location, verifier, state, nonce } = await authorize(email)
    const tokens = await client.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce })
    const acl = (token: string) => fetch(`${o.issuer}/api/v1/acl`, { headers: { authorization: `Bearer ${token}` } })
    expect((await acl(tokens.access_token)).status).not.toBe(401)
    await client.refreshTokenGrant(config, tokens.refresh_token as string)
    expect((await acl(tokens.access_token)).status).toBe(401)
  })

  it('refuses people it does not know, another domain\'s address, a tampered upstream ID token and a replayed upstream state', async () => {
    const stranger = await authorize(`stranger@${OIDC_DOMAIN}`)
    expect(stranger.location.searchParams.get('error')).toBe('access_denied')
    expect(stranger.location.searchParams.get('state')).toBe(stranger.state)

    // The organization's IdP vouches only for its own domain: an address of another domain it asserts is refused,
    // even one the provider knows (a tenant's IdP must not sign in another tenant's member or an operator).
    const outsider = 'boss@elsewhere.test'
    await o.addPerson(outsider)
    const crossing = client.buildAuthorizationUrl(config, { redirect_uri: o.client.redirectUri, scope: 'openid', code_challenge: client.randomPKCECodeVerifier(), state: 'x' })
    o.idp.nextLogin.email = outsider
    const refused = new URL(await o.agent().signIn(crossing, `mallory@${OIDC_DOMAIN}`, o.client.redirectUri))
    expect(refused.searchParams.get('error')).toBe('access_denied')
    expect(refused.searchParams.get('code')).toBeNull()

    const email = `dave@${OIDC_DOMAIN}`
    await o.addPerson(email)
    o.idp.tamperIdTokens = true
    try {
      const tampered = await authorize(email)
      expect(tampered.location.searchParams.get('error')).toBe('access_denied')
      expect(tampered.location.searchParams.get('code')).toBeNull()
    } finally {
      o.idp.tamperIdTokens = false
    }

    // Replay: deliver the same upstream callback twice; the second finds no login state.
    const agent = o.agent()
    const url = client.buildAuthorizationUrl(config, { redirect_uri: o.client.redirectUri, scope: 'openid', code_challenge: client.randomPKCECodeVerifier(), state: 's' })
    o.idp.nextLogin.email = email
    const callback = await agent.signIn(url, email, `${o.issuer}/oidc/callback`)
    const first = await agent.fetch(callback)
    expect(first.status).toBe(302)
    expect(new URL(first.headers.get('location') as string).searchParams.get('code')).toBeTruthy()
    const replay = await agent.fetch(callback)
    expect(replay.status).toBe(400)
    expect(replay.headers.get('content-type')).toMatch(/text\/html/)
  })
})
