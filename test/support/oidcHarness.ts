// End-to-end support for the nscale OIDC provider: the full app (startScalewayHarness), a registered OAuth2
// client, a real upstream IdP (oidc-provider) federated as an organization's IdP for the e-mail domain
// `acme.test`, a person of that organization, and a browser-less user agent (cookies, manual redirects) that signs in
// through the provider's form.
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import * as oidcClient from 'openid-client'
import { isDomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { normalizeId, toUuid } from '../../domain/core/ids.js'
import { planCreateOauth2Provider } from '../../domain/nscale/oauth2Provider/decide.js'
import { planReplaceNscaleOrganization } from '../../domain/nscale/organization/decide.js'
import { nscaleOrganizationDecider, nscaleOrganizationStreamId } from '../../domain/nscale/organization/evolve.js'
import { subjectMembershipKey } from '../../domain/nscale/user/items.js'
import { registerClient } from '../../functions/oidc/clients.js'
import { startScalewayHarness, type ScalewayHarness } from './scalewayHarness.js'
import { startUpstreamIdp, type UpstreamIdp } from './upstreamIdp.js'

export const OIDC_DOMAIN = 'acme.test'

export interface OidcHarness {
  h: ScalewayHarness
  idp: UpstreamIdp
  issuer: string
  client: { clientId: string; clientSecret: string; redirectUri: string }
  organizationId: string
  /** Makes `email` a member of the federated organization (the provider then knows the person). */
  addPerson(email: string): Promise<void>
  /** A fresh user agent. */
  agent(): UserAgent
  close(): Promise<void>
}

export async function startOidcHarness(options: { redirectUri?: string; env?: Record<string, string> } = {}): Promise<OidcHarness> {
  const h = await startScalewayHarness(options.env ? { env: options.env } : {})
  const { deps } = h
  const issuer = h.baseUrl
  const idp = await startUpstreamIdp({ redirectUri: `${issuer}/oidc/callback` })
  const redirectUri = options.redirectUri ?? 'https://rp.example.test/callback'
  const registered = await registerClient(deps, { name: 'test-rp', redirectUris: [redirectUri] })
  if (isDomainError(registered)) throw new Error(`client registration failed: ${registered.kind}`)

  const organizationId = normalizeId(h.org.organizationId) as string
  const providerId = deps.ids.newId()
  const meta = { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' as const }
  const plan = planCreateOauth2Provider(
    { deleted: false },
    {
      id: providerId,
      organizationId,
      metadata: { name: 'corporate-idp' },
      spec: { issuer: idp.issuer, clientID: idp.clientId },
      sealedClientSecret: await deps.keyring.encrypt(organizationId, idp.clientSecret),
      at: new Date().toISOString(),
      by: 'e2e',
    },
  )
  if (isDomainError(plan)) throw new Error(`provider plan failed: ${plan.kind}`)
  const appended = await deps.store.append(plan.appends.map((a) => ({ ...a, expectedVersion: 0 })), plan.extras, meta)
  if (isDomainError(appended) || 'conflict' in appended) throw new Error('provider append failed')
  // The organization claims its e-mail domain with its provider, as a platform administrator's PUT does.
  const claimed = await deps.runner.run({
    serializeOn: [nscaleOrganizationStreamId(organizationId)],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(nscaleOrganizationDecider, nscaleOrganizationStreamId(organizationId))
      const spec = { organizationType: 'domain' as const, domain: OIDC_DOMAIN, providerScope: 'organization' as const, providerID: toUuid(providerId) }
      const writes = planReplaceNscaleOrganization(state, { id: organizationId, metadata: { name: 'acme' }, spec, now: new Date(), by: 'e2e', mayClaimDomains: true })
      return isDomainError(writes) ? writes : { ...writes, result: undefined }
    },
  })
  if (!claimed.ok) throw new Error(`claiming the e-mail domain failed: ${claimed.error.kind}`)

  async function put(key: { pk: string; sk: string }, attributes: Record<string, unknown>) {
    await deps.dynamo.doc.send(new PutCommand({ TableName: deps.dynamo.tables.state, Item: { ...key, ...attributes } }))
  }

  return {
    h,
    idp,
    issuer,
    client: { clientId: registered.clientId, clientSecret: registered.clientSecret, redirectUri },
    organizationId,
    addPerson: (email) => put(subjectMembershipKey(email, organizationId), { organizationId, principalId: deps.ids.newId() }),
    agent: () => new UserAgent(),
    close: async () => {
      await idp.close()
      await h.close()
    },
  }
}

/** A relying party's authorization request with PKCE (S256), state and nonce, and what its code grant checks. */
export async function authorizationRequest(config: oidcClient.Configuration, redirectUri: string, scope = 'openid email') {
  const verifier = oidcClient.randomPKCECodeVerifier()
  const state = oidcClient.randomState()
  const nonce = oidcClient.randomNonce()
  const url = oidcClient.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await oidcClient.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  })
  return { url, verifier, state, nonce, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true } }
}

/** Cookies per origin and manual redirects: enough of a browser for the code flow. */
export class UserAgent {
  private readonly jar = new Map<string, Map<string, string>>()

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url)
    const cookies = this.jar.get(target.host)
    const headers = new Headers(init.headers)
    if (cookies?.size) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '))
    const response = await fetch(target, { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      if (at < 1) continue
      const store = this.jar.get(target.host) ?? new Map<string, string>()
      store.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim())
      this.jar.set(target.host, store)
    }
    return response
  }

  /** Follows redirects from `url` until one leads to `stopAt` (answered without fetching it) or a page answers. */
  async follow(url: string | URL, stopAt: string): Promise<{ location?: string; response: Response }> {
    let current = new URL(url)
    for (let hops = 0; hops < 20; hops++) {
      const response = await this.fetch(current)
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || !location) return { response }
      const next = new URL(location, current)
      if (next.toString().startsWith(stopAt)) return { location: next.toString(), response }
      current = next
    }
    throw new Error('too many redirects')
  }

  /**
   * Signs in through the provider: opens the authorization URL (the sign-in form), submits the e-mail, and follows
   * the upstream IdP back to the client. Answers where the provider finally sends the browser.
   */
  async signIn(authorizationUrl: string | URL, email: string, stopAt: string): Promise<string> {
    const form = await this.fetch(authorizationUrl)
    const html = await form.text()
    const state = /name="state" value="([^"]+)"/.exec(html)?.[1]
    if (form.status !== 200 || !state) throw new Error(`no sign-in form (${form.status}): ${html.slice(0, 300)}`)
    const base = new URL(authorizationUrl)
    const login = await this.fetch(new URL('/oauth2/v2/login', base), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ state, email }).toString(),
    })
    const upstream = login.headers.get('location')
    if (login.status !== 302 || !upstream) throw new Error(`login did not redirect (${login.status}): ${(await login.text()).slice(0, 300)}`)
    if (upstream.startsWith(stopAt)) return upstream
    const { location, response } = await this.follow(upstream, stopAt)
    if (!location) throw new Error(`sign-in ended on ${response.status}: ${(await response.text()).slice(0, 300)}`)
    return location
  }
}
