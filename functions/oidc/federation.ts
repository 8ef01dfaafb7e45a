// Sign-in through upstream OIDC providers (spec §5.4, §5.5) with `openid-client`: the authorization code flow with
// PKCE (S256), a random state and nonce. The login state (the client's request, the PKCE verifier sealed by the
// keyring, the nonce) is stored under the hash of the upstream `state` and taken once, so a replayed state fails;
// the upstream ID token is validated against the upstream JWKS (non-repudiation checks), its nonce included.
import * as oidc from 'openid-client'
import { GLOBAL_SCOPES } from '../../domain/core/globalItems.js'
import { normalizeId, type Clock } from '../../domain/core/ids.js'
import type { EventStore } from '../../domain/core/ports.js'
import { emailDomain, emailDomainKey, type EmailDomainItem } from '../../domain/oidc/emailDomain.js'
import type { NscaleOidcSettings } from '../config.js'
import { readOrganizationProvider, systemProvider, systemProviders, type UpstreamProvider } from '../nscale/oauth2Providers.js'
import type { Dynamo } from '../store/dynamo.js'
import type { Keyring } from '../store/keyring.js'
import { sha256Hex } from '../store/secrets.js'
import { readStateItem } from '../store/stateStore.js'
import type { OidcSessions } from './sessions.js'

export type { UpstreamProvider } from '../nscale/oauth2Providers.js'

const LOGIN_STATE_SECONDS = 600
const DISCOVERY_CACHE_MS = 10 * 60_000

export interface FederationDeps {
  issuer: string
  settings: NscaleOidcSettings
  dynamo: Dynamo
  store: EventStore
  keyring: Keyring
  sessions: OidcSessions
  clock: Clock
}

export type FederationResult =
  | { ok: true; email: string; provider: UpstreamProvider; clientQuery: string; profile: UpstreamProfile }
  | { ok: false; reason: string; clientQuery?: string }

/** The person's name claims from the upstream ID token (or userinfo). */
export interface UpstreamProfile {
  name?: string
  preferred_username?: string
  given_name?: string
  family_name?: string
}

/** `system:<name>` or `org:<organization>:<provider>`: how a login state names its provider. */
export function providerRef(provider: UpstreamProvider): string {
  return provider.scope === 'global' ? `system:${provider.name}` : `org:${provider.organizationId}:${provider.id}`
}

export function createFederation(deps: FederationDeps) {
  const configs = new Map<string, { config: Promise<oidc.Configuration>; until: number }>()
  const callbackUrl = `${deps.issuer}/oidc/callback`

  function configuration(provider: UpstreamProvider): Promise<oidc.Configuration> {
    const id = `${provider.issuer}\n${provider.clientId}\n${sha256Hex(provider.clientSecret ?? '')}`
    const hit = configs.get(id)
    if (hit && hit.until > Date.now()) return hit.config
    const loopback = isLoopback(provider.issuer)
    const config = oidc.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
      execute: [...(loopback ? [oidc.allowInsecureRequests] : []), oidc.enableNonRepudiationChecks],
      timeout: 10,
    })
    config.catch(() => configs.delete(id))
    configs.set(id, { config, until: Date.now() + DISCOVERY_CACHE_MS })
    return config
  }

  async function resolve(ref: string): Promise<UpstreamProvider | undefined> {
    const [kind, first, second] = ref.split(':')
    if (kind === 'system' && first) return systemProvider(deps.settings.systemProviders, first)
    if (kind === 'org' && first && second) return readOrganizationProvider({ ...deps, now: deps.clock.now() }, first, second)
    return undefined
  }

  /**
   * An organization's own provider vouches only for addresses of the domain that organization claims with it: a
   * tenant's IdP could otherwise assert anyone's address (a platform administrator's, another tenant's member's).
   */
  async function speaksFor(provider: UpstreamProvider, email: string): Promise<boolean> {
    const domain = emailDomain(email)
    const item = domain ? ((await readStateItem(deps.dynamo, emailDomainKey(domain), deps.clock.now())) as EmailDomainItem | undefined) : undefined
    return item?.organizationId === provider.organizationId && item?.providerScope === 'organization' && normalizeId(item.providerId ?? '') === provider.id
  }

  return {
    systemProviders: () => systemProviders(deps.settings.systemProviders),

    /** The provider for a login: a system provider by name, else the one of the organization claiming the e-mail's domain. */
    async providerFor(input: { provider?: string; email?: string }): Promise<UpstreamProvider | undefined> {
      if (input.provider) return systemProvider(deps.settings.systemProviders, input.provider)
      const domain = input.email ? emailDomain(input.email) : undefined
      if (!domain) return undefined
      const item = (await readStateItem(deps.dynamo, emailDomainKey(domain), deps.clock.now())) as EmailDomainItem | undefined
      if (!item?.organizationId || !item.providerId) return undefined
      if (item.providerScope === 'global') return systemProvider(deps.settings.systemProviders, item.providerId)
      return readOrganizationProvider({ ...deps, now: deps.clock.now() }, item.organizationId, item.providerId)
    },

    /** Stores the login state and answers the upstream authorization URL. */
    async start(provider: UpstreamProvider, clientQuery: string, loginHint?: string): Promise<string> {
      const config = await configuration(provider)
      const codeVerifier = oidc.randomPKCECodeVerifier()
      const nonce = oidc.randomNonce()
      const state = oidc.randomState()
      await deps.sessions.putLoginState(sha256Hex(state), {
        clientQuery,
        provider: providerRef(provider),
        codeVerifier: await deps.keyring.encrypt(GLOBAL_SCOPES.oidcSession, codeVerifier),
        nonce,
        expiresAt: Math.floor(deps.clock.now().getTime() / 1000) + LOGIN_STATE_SECONDS,
      })
      return oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: callbackUrl,
          scope: 'openid email profile',
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          nonce,
          state,
          ...(loginHint ? { login_hint: loginHint } : {}),
        })
        .toString()
    },

    /** Validates an upstream callback (`currentUrl` as the browser requested it) and answers who signed in. */
    async finish(currentUrl: URL): Promise<FederationResult> {
      const state = currentUrl.searchParams.get('state')
      if (!state || state.length > 512) return { ok: false, reason: 'the login state is missing' }
      const login = await deps.sessions.takeLoginState(sha256Hex(state), deps.clock.now())
      if (!login) return { ok: false, reason: 'the login state is unknown, expired or already used' }
      const clientQuery = login.clientQuery
      if (currentUrl.searchParams.has('error')) return { ok: false, reason: 'the identity provider refused the sign-in', clientQuery }
      const provider = await resolve(login.provider)
      if (!provider) return { ok: false, reason: 'the identity provider is no longer configured', clientQuery }
      try {
        const config = await configuration(provider)
        const url = new URL(callbackUrl)
        url.search = currentUrl.search
        const tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: await deps.keyring.decryptText(GLOBAL_SCOPES.oidcSession, login.codeVerifier),
          expectedState: state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        })
        const idClaims = tokens.claims()
        // Some IdPs put the e-mail only in userinfo (the ID token's subject must match it).
        const claims =
          typeof idClaims?.email === 'string' || !idClaims ? idClaims : { ...idClaims, ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)) }
        const email = typeof claims?.email === 'string' ? claims.email.trim().toLowerCase() : undefined
        if (!email || !emailDomain(email)) return { ok: false, reason: 'the identity provider gave no e-mail address', clientQuery }
        if (claims?.email_verified === false) return { ok: false, reason: 'the e-mail address is not verified', clientQuery }
        if (provider.scope === 'organization' && !(await speaksFor(provider, email))) {
          return { ok: false, reason: 'the identity provider may not sign in this e-mail address', clientQuery }
        }
        const profile = {
          ...(typeof claims?.name === 'string' ? { name: claims.name } : {}),
          ...(typeof claims?.preferred_username === 'string' ? { preferred_username: claims.preferred_username } : {}),
          ...(typeof claims?.given_name === 'string' ? { given_name: claims.given_name } : {}),
          ...(typeof claims?.family_name === 'string' ? { family_name: claims.family_name } : {}),
        }
        return { ok: true, email, provider, clientQuery, profile }
      } catch {
        return { ok: false, reason: 'the identity provider response did not validate', clientQuery }
      }
    },
  }
}

export type Federation = ReturnType<typeof createFederation>

function isLoopback(issuer: string): boolean {
  try {
    const { hostname } = new URL(issuer)
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]'
  } catch {
    return false
  }
}
