// The OpenID Connect provider of the nscale surface (spec §3.1, §5), issuer IAM_PUBLIC_URL: discovery, JWKS, the
// authorization code flow with PKCE and its sign-in form, federation to upstream IdPs (login, callback), the token
// endpoint and userinfo. Every route is public (it authenticates what it needs itself) and answers errors as the
// spec says: HTML pages or redirects on browser routes, `{error, error_description}` JSON elsewhere; never a 5xx
// from input alone.
import { Hono, type Context } from 'hono'
import { isDomainError, type DomainError } from '../../domain/core/errors.js'
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import type { RequestMeta } from '../../domain/core/ports.js'
import { checkAuthorizationRequest, type ClientQuery } from '../../domain/oidc/authorizationRequest.js'
import { userinfo } from '../../domain/oidc/claims.js'
import { discoveryDocument, OIDC_PATHS } from '../../domain/oidc/discovery.js'
import { requestInfo } from '../api/request.js'
import type { SigningKeys } from '../auth/signingKeys.js'
import type { NscaleOidcSettings } from '../config.js'
import { newSecretToken, sha256Hex } from '../store/secrets.js'
import type { ClientDirectory } from './clients.js'
import type { Federation } from './federation.js'
import { formParams, htmlError, htmlPage, jsonError, redirectToClient } from './http.js'
import { onboardOptions, type OnboardRequest } from './onboarding.js'
import { loginPage, onboardPage } from './pages.js'
import type { OidcSessions } from './sessions.js'
import { tokenEndpoint } from './tokenEndpoint.js'
import { OIDC_PURPOSE, type OidcTokens } from './tokens.js'

export interface OidcDeps {
  issuer: string
  settings: NscaleOidcSettings
  signingKeys: SigningKeys
  clients: ClientDirectory
  sessions: OidcSessions
  tokens: OidcTokens
  federation: Federation
  /** Whether a person (by e-mail) is known: holds a membership in some organization. */
  knownPerson(email: string): Promise<boolean>
  /** Creates the organization, group and membership of an onboarding person (onboarding.ts). */
  onboard(request: OnboardRequest, meta: RequestMeta): Promise<{ organizationId: string } | DomainError>
  clock: Clock
  ids: IdGenerator
  logError?: (message: string, details: Record<string, unknown>) => void
}

const CODE_SECONDS = 60
const FORM_STATE_SECONDS = 600
const FORM_STATE_TYP = 'loginform+jwt'
const ONBOARD_STATE_SECONDS = 600

/** Every route of the provider (the route table's public OIDC part). */
export const OIDC_PUBLIC_ROUTES = [
  { method: 'GET', path: OIDC_PATHS.discovery },
  { method: 'GET', path: OIDC_PATHS.jwks },
  { method: 'GET', path: OIDC_PATHS.authorization },
  { method: 'POST', path: OIDC_PATHS.authorization },
  { method: 'POST', path: OIDC_PATHS.login },
  { method: 'GET', path: OIDC_PATHS.callback },
  { method: 'POST', path: OIDC_PATHS.onboard },
  { method: 'POST', path: OIDC_PATHS.token },
  { method: 'GET', path: OIDC_PATHS.userinfo },
  { method: 'POST', path: OIDC_PATHS.userinfo },
] as const

/** `GET /api/v1/signup`, served under the nscale surface's prefix. */
export const OIDC_SIGNUP_ROUTE = { method: 'GET', path: OIDC_PATHS.signup } as const

export function oidcApp(deps: OidcDeps): Hono {
  const app = new Hono()
  const { issuer } = deps

  app.onError((error, c) => {
    deps.logError?.('oidc error', { path: c.req.path, error })
    return jsonError(c, 500, 'server_error', 'internal error')
  })

  app.get(OIDC_PATHS.discovery, (c) => {
    c.header('Cache-Control', 'no-cache')
    return c.json(discoveryDocument(issuer))
  })

  app.get(OIDC_PATHS.jwks, async (c) => {
    c.header('Cache-Control', 'no-cache')
    return c.json(await deps.signingKeys.jwks(OIDC_PURPOSE))
  })

  const authorization = async (c: Context) => {
    const params = await formParams(c)
    if (!params) return htmlError(c, 'Invalid request', 'The authorization request must be a query or an application/x-www-form-urlencoded form.')
    const client = params.client_id ? await deps.clients.find(params.client_id) : undefined
    const check = checkAuthorizationRequest(params, client)
    if (!check.ok) {
      if ('show' in check) return htmlError(c, 'Invalid request', check.show)
      const { redirectUri, error, description, state } = check.redirect
      return redirectToClient(c, redirectUri, { error, error_description: description, state })
    }
    const formState = await deps.signingKeys.sign(OIDC_PURPOSE, { q: check.query }, {
      issuer,
      audience: `${issuer}${OIDC_PATHS.login}`,
      expiresInSeconds: FORM_STATE_SECONDS,
      header: { typ: FORM_STATE_TYP },
    })
    if (client?.loginUri) {
      const providers = deps.federation.systemProviders().map((provider) => provider.name).join(' ')
      return redirectToClient(c, client.loginUri, { state: formState, callback: `${issuer}${OIDC_PATHS.login}`, providers })
    }
    return renderLogin(c, formState, check.query.loginHint)
  }
  app.get(OIDC_PATHS.authorization, authorization)
  app.post(OIDC_PATHS.authorization, authorization)

  function renderLogin(c: Context, state: string, email?: string, error?: string): Response {
    const providers = deps.federation.systemProviders().map((provider) => ({ name: provider.name, label: providerLabel(provider.name) }))
    return htmlPage(c, loginPage({ state, action: OIDC_PATHS.login, providers, ...(email ? { email } : {}), ...(error ? { error } : {}) }), error ? 400 : 200)
  }

  app.post(OIDC_PATHS.login, async (c) => {
    const params = await formParams(c)
    const query = params?.state ? await clientQueryOf(params.state) : undefined
    if (!params || !query) return htmlError(c, 'Sign-in expired', 'This sign-in form is invalid or has expired. Go back to the application and start again.')
    const email = params.email?.trim() || query.loginHint
    const provider = await deps.federation.providerFor({ ...(params.provider ? { provider: params.provider } : {}), ...(email ? { email } : {}) })
    if (!provider) {
      const message = params.provider ? 'That sign-in provider is not available.' : 'No sign-in method is set up for this e-mail address.'
      return renderLogin(c, params.state as string, email?.slice(0, 254), message)
    }
    try {
      return c.redirect(await deps.federation.start(provider, JSON.stringify(query), email), 302)
    } catch (error) {
      deps.logError?.('upstream identity provider unavailable', { provider: provider.name, error })
      return redirectToClient(c, query.redirectUri, { error: 'server_error', error_description: 'the identity provider is unavailable', state: query.state })
    }
  })

  async function clientQueryOf(state: string): Promise<ClientQuery | undefined> {
    const payload = await deps.signingKeys.verify(OIDC_PURPOSE, state, { issuer, audience: `${issuer}${OIDC_PATHS.login}`, typ: FORM_STATE_TYP })
    const query = payload?.q as ClientQuery | undefined
    return query && typeof query.clientId === 'string' && typeof query.redirectUri === 'string' ? query : undefined
  }

  app.get(OIDC_PATHS.callback, async (c) => {
    const result = await deps.federation.finish(new URL(c.req.url))
    const query = result.clientQuery ? parseClientQuery(result.clientQuery) : undefined
    if (!query) return htmlError(c, 'Sign-in failed', result.ok ? 'The sign-in could not be completed.' : result.reason)
    const back = (error: string, description: string) => redirectToClient(c, query.redirectUri, { error, error_description: description, state: query.state })
    if (!result.ok) return back('access_denied', result.reason)
    if (!(await deps.knownPerson(result.email))) {
      if (!deps.settings.accountCreation) return back('access_denied', 'user signup is not permitted')
      return offerOnboarding(c, query, result.email, result.provider.name)
    }
    return issueCode(c, query, result.email, result.provider.name)
  })

  /** The code of a finished sign-in (spec §5.5): single use, 1 minute, kept only as its hash. */
  async function issueCode(c: Context, query: ClientQuery, email: string, provider: string): Promise<Response> {
    const code = newSecretToken(32)
    const now = Math.floor(deps.clock.now().getTime() / 1000)
    await deps.sessions.putCode(sha256Hex(code), {
      clientId: query.clientId,
      redirectUri: query.redirectUri,
      subject: email,
      scope: query.scope,
      ...(query.nonce ? { nonce: query.nonce } : {}),
      ...(query.codeChallenge ? { codeChallenge: query.codeChallenge } : {}),
      codeChallengeMethod: query.codeChallengeMethod,
      provider,
      authTime: now,
      expiresAt: now + CODE_SECONDS,
    })
    return redirectToClient(c, query.redirectUri, { code, state: query.state })
  }

  /** A single-use onboarding state (10 minutes, stored hashed), to the client's onboarding page or to ours. */
  async function offerOnboarding(c: Context, query: ClientQuery, email: string, provider: string): Promise<Response> {
    const state = newSecretToken(32)
    const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + ONBOARD_STATE_SECONDS
    await deps.sessions.putOnboardState(sha256Hex(state), { clientQuery: JSON.stringify(query), provider, email, expiresAt })
    const client = await deps.clients.find(query.clientId)
    if (client?.onboardingUri) return redirectToClient(c, client.onboardingUri, { state, callback: `${issuer}${OIDC_PATHS.onboard}`, email })
    return htmlPage(c, onboardPage({ state, action: OIDC_PATHS.onboard, email }))
  }

  app.post(OIDC_PATHS.onboard, async (c) => {
    if (!deps.settings.accountCreation) return htmlError(c, 'Account creation disabled', 'This server does not create accounts.')
    const params = await formParams(c)
    if (!params) return htmlError(c, 'Invalid request', 'Onboarding takes an application/x-www-form-urlencoded form.')
    const options = onboardOptions(new URLSearchParams(await c.req.text()))
    if (isDomainError(options)) return htmlError(c, 'Invalid request', options.kind === 'invalid_argument' ? options.message : 'The onboarding form is invalid.')
    const record = params.state ? await deps.sessions.takeOnboardState(sha256Hex(params.state), deps.clock.now()) : undefined
    const query = record ? parseClientQuery(record.clientQuery) : undefined
    if (!record || !query) return htmlError(c, 'Onboarding expired', 'This onboarding form is invalid or has expired. Go back to the application and sign in again.')
    const meta: RequestMeta = { ...requestInfo(c, { ids: deps.ids }), actor: { kind: 'user', id: record.email }, surface: 'nscale' }
    const onboarded = await deps.onboard({ ...options, email: record.email }, meta)
    if (isDomainError(onboarded)) {
      deps.logError?.('onboarding failed', { kind: onboarded.kind })
      return redirectToClient(c, query.redirectUri, { error: 'server_error', error_description: 'the organization could not be created', state: query.state })
    }
    return issueCode(c, query, record.email, record.provider)
  })

  app.post(OIDC_PATHS.token, tokenEndpoint(deps))

  const userinfoRoute = async (c: Context) => {
    const params = c.req.method === 'POST' ? await formParams(c) : {}
    const header = c.req.header('authorization')
    const fromHeader = header ? /^bearer\s+(\S+)$/i.exec(header.trim())?.[1] : undefined
    const token = fromHeader ?? params?.access_token
    const challenge = { 'WWW-Authenticate': 'Bearer error="invalid_token"' }
    if (!token) return jsonError(c, 401, 'access_denied', 'an access token is required', { 'WWW-Authenticate': 'Bearer' })
    const verified = await deps.tokens.verifyAccessToken(token)
    if (!verified) return jsonError(c, 401, 'access_denied', 'token validation failed', challenge)
    c.header('Cache-Control', 'no-cache')
    return c.json(userinfo(verified.subject, verified.claims.sco, verified.claims.typ))
  }
  app.get(OIDC_PATHS.userinfo, userinfoRoute)
  app.post(OIDC_PATHS.userinfo, userinfoRoute)

  return app
}

/**
 * `GET /api/v1/signup` (spec §5.11): e-mail verification is off (upstream's default), so there is no link to follow:
 * 400 with an HTML page, as upstream answers an unusable link. Onboarded people are active at once.
 */
export function signupApp(): Hono {
  const app = new Hono()
  app.get(OIDC_PATHS.signup, (c) => htmlError(c, 'Sign-up link not valid', 'E-mail verification is not enabled on this server, so this link cannot be used.'))
  return app
}

function parseClientQuery(text: string): ClientQuery | undefined {
  try {
    const query = JSON.parse(text) as ClientQuery
    return typeof query?.redirectUri === 'string' && typeof query.clientId === 'string' ? query : undefined
  } catch {
    return undefined
  }
}

const LABELS: Record<string, string> = { google: 'Google', microsoft: 'Microsoft', github: 'GitHub' }

function providerLabel(name: string): string {
  return LABELS[name] ?? name
}
