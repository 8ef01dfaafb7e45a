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
import type { PersonStanding } from '../../domain/oidc/person/decide.js'
import { discoveryDocument, OIDC_PATHS } from '../../domain/oidc/discovery.js'
import { requestInfo } from '../api/request.js'
import type { SigningKeys } from '../auth/signingKeys.js'
import type { NscaleOidcSettings } from '../config.js'
import { newSecretToken, sha256Hex } from '../store/secrets.js'
import type { ClientDirectory } from './clients.js'
import type { Federation, UpstreamProfile } from './federation.js'
import { formParams, htmlError, htmlPage, jsonError, redirectToClient } from './http.js'
import { callOnboardingWebhook, onboardingNotice, onboardOptions, type Onboarded, type OnboardingProfile, type OnboardRequest } from './onboarding.js'
import { loginPage, messagePage, onboardPage } from './pages.js'
import type { ProfileClaims } from '../../domain/oidc/session.js'
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
  /** How sign-in sees a person (by e-mail): their person record's state, else active with a membership, else unknown. */
  personStanding(email: string): Promise<PersonStanding>
  /** Follows a signup link (spec §5.11): the token's person becomes active (people.ts). */
  activatePerson(token: string, meta: Omit<RequestMeta, 'actor'>): Promise<{ subject: string } | DomainError>
  /**
   * The id (dashed UUID) of the service account a live service-account token names; failures count against the
   * source and the token like every surface's (IAM_AUTH_FAIL_LIMIT): `retryAfter` seconds once over the limit.
   */
  serviceAccountOf(token: string, sourceIp: string): Promise<{ id: string } | { retryAfter?: number }>
  /** Creates the organization, group and membership of an onboarding person (onboarding.ts). */
  onboard(request: OnboardRequest, meta: RequestMeta): Promise<Onboarded | DomainError>
  /** The onboarded person's pending membership becomes active once the webhook agreed. */
  activateMember(onboarded: Onboarded, meta: RequestMeta): Promise<true | DomainError>
  /** The webhook refused: the onboarding's organization is deleted, so the person may onboard again. */
  abandonOnboarding(onboarded: Onboarded, meta: RequestMeta): Promise<true | DomainError>
  /** The onboarded person proved their address at their identity provider: a pending person record becomes active. */
  confirmPerson(email: string, meta: RequestMeta): Promise<true | DomainError>
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
      const providers = deps.federation.systemProviders().map((provider) => provider.type ?? provider.name).join(' ')
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
    const standing = await deps.personStanding(result.email)
    // A pending person (e-mail not verified yet, spec §5.11) gets no code, hence never a token.
    if (standing === 'pending') return back('access_denied', 'user is not active')
    if (standing === 'unknown') {
      if (!deps.settings.accountCreation) return back('access_denied', 'user signup is not permitted')
      return offerOnboarding(c, query, result.email, result.provider.name, onboardingProfile(result.profile))
    }
    return issueCode(c, query, result.email, result.provider.name, profileClaims(result.profile))
  })

  /** The code of a finished sign-in (spec §5.5): single use, 1 minute, kept only as its hash. */
  async function issueCode(c: Context, query: ClientQuery, email: string, provider: string, profile?: ProfileClaims): Promise<Response> {
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
      ...(profile && Object.keys(profile).length > 0 ? { profile } : {}),
      expiresAt: now + CODE_SECONDS,
    })
    return redirectToClient(c, query.redirectUri, { code, state: query.state })
  }

  /** A single-use onboarding state (10 minutes, stored hashed), to the client's onboarding page or to ours. */
  async function offerOnboarding(c: Context, query: ClientQuery, email: string, provider: string, profile: OnboardingProfile): Promise<Response> {
    const state = newSecretToken(32)
    const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + ONBOARD_STATE_SECONDS
    await deps.sessions.putOnboardState(sha256Hex(state), { clientQuery: JSON.stringify(query), provider, email, ...profile, expiresAt })
    const client = await deps.clients.find(query.clientId)
    if (client?.onboardingUri) {
      return redirectToClient(c, client.onboardingUri, { state, callback: `${issuer}${OIDC_PATHS.onboard}`, email, username: profile.username ?? email, forename: profile.forename, surname: profile.surname })
    }
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
    const webhook = deps.settings.onboardingWebhook
    const failed = (description: string) => redirectToClient(c, query.redirectUri, { error: 'server_error', error_description: description, state: query.state })
    const onboarded = await deps.onboard({ ...options, email: record.email, ...(webhook ? { pending: true } : {}) }, meta)
    if (isDomainError(onboarded)) {
      deps.logError?.('onboarding failed', { kind: onboarded.kind })
      return failed('the organization could not be created')
    }
    if (webhook) {
      // The membership stays pending when the webhook refuses: the organization exists, its person cannot act in it.
      const profile = { username: record.username, forename: record.forename, surname: record.surname }
      if (!(await callOnboardingWebhook(webhook, onboardingNotice(record.email, profile, onboarded)))) {
        deps.logError?.('onboarding webhook refused', { organizationId: onboarded.organizationId, userId: onboarded.userId })
        const abandoned = await deps.abandonOnboarding(onboarded, meta)
        if (isDomainError(abandoned)) deps.logError?.('refused onboarding not undone', { kind: abandoned.kind, organizationId: onboarded.organizationId })
        return failed('the onboarding was not accepted')
      }
      const activated = await deps.activateMember(onboarded, meta)
      if (isDomainError(activated)) {
        deps.logError?.('onboarded membership not activated', { kind: activated.kind, organizationId: onboarded.organizationId })
        return failed('the membership could not be activated')
      }
    }
    const confirmed = await deps.confirmPerson(record.email, meta)
    if (isDomainError(confirmed)) return failed('the person could not be activated')
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
    // Other services authenticate every caller here (spec §5.10), service accounts too: `sub` is their id.
    const serviceAccount = !token.includes('.') ? await deps.serviceAccountOf(token, requestInfo(c, { ids: deps.ids }).sourceIp) : undefined
    if (serviceAccount && 'retryAfter' in serviceAccount && serviceAccount.retryAfter !== undefined) {
      const seconds = String(Math.max(1, Math.ceil(serviceAccount.retryAfter)))
      return jsonError(c, 429, 'temporarily_unavailable', `too many failed authentications; retry in ${seconds} second(s)`, { 'Retry-After': seconds })
    }
    const accountId = serviceAccount && 'id' in serviceAccount ? serviceAccount.id : undefined
    const verified = accountId ? undefined : await deps.tokens.verifyAccessToken(token)
    if (!accountId && !verified) return jsonError(c, 401, 'access_denied', 'token validation failed', challenge)
    c.header('Cache-Control', 'no-cache')
    return c.json(verified ? userinfo(verified.subject, verified.claims.sco, verified.claims.typ) : { sub: accountId })
  }
  app.get(OIDC_PATHS.userinfo, userinfoRoute)
  app.post(OIDC_PATHS.userinfo, userinfoRoute)

  return app
}

const SIGNUP_INVALID = 'Sign-up link not valid'
const TOKEN_MAX = 256
const CLIENT_ID_MAX = 64

/**
 * `GET /api/v1/signup?token=…&clientID=…` (spec §5.11), public: the e-mailed link makes its person active, then
 * 302 to the client's homeUri (or a page saying so). A bad link goes to the client's `errorUri?error&message`, or an
 * HTML 400 when the client is unknown or has none. With e-mail verification off (upstream's default) there is no
 * link to follow: always the HTML 400.
 */
export function signupApp(deps: OidcDeps): Hono {
  const app = new Hono()
  app.get(OIDC_PATHS.signup, async (c) => {
    if (!deps.settings.emailVerification) return htmlError(c, SIGNUP_INVALID, 'E-mail verification is not enabled on this server, so this link cannot be used.')
    const token = c.req.query('token') ?? ''
    const clientId = c.req.query('clientID') ?? ''
    const client = clientId && clientId.length <= CLIENT_ID_MAX ? await deps.clients.find(clientId) : undefined
    if (clientId && !client) return htmlError(c, SIGNUP_INVALID, 'The application this link names is not known.')
    const refuse = (error: string, message: string) =>
      client?.errorUri ? redirectToClient(c, client.errorUri, { error, message }) : htmlError(c, SIGNUP_INVALID, `${message[0]?.toUpperCase()}${message.slice(1)}.`)
    if (!token || token.length > TOKEN_MAX) return refuse('invalid_request', 'the link carries no valid token')
    const activated = await deps.activatePerson(token, { ...requestInfo(c, { ids: deps.ids }), surface: 'nscale' })
    if (isDomainError(activated)) {
      if (activated.kind !== 'not_found') deps.logError?.('signup failed', { kind: activated.kind })
      return refuse('access_denied', 'the link is unknown, expired or already used')
    }
    if (client?.homeUri) return redirectToClient(c, client.homeUri, {})
    return htmlPage(c, messagePage('Account active', 'Your account is active: you can now sign in.'))
  })
  return app
}

/** The onboarding query and webhook's names (spec §5.5): username, else the e-mail (the caller's default). */
/** The upstream's name claims, cut to a sane length, for the ID token (spec §5.8). */
function profileClaims(profile: UpstreamProfile): ProfileClaims {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 256) : undefined)
  const [name, givenName, familyName] = [text(profile.name), text(profile.given_name), text(profile.family_name)]
  return { ...(name ? { name } : {}), ...(givenName ? { given_name: givenName } : {}), ...(familyName ? { family_name: familyName } : {}) }
}

function onboardingProfile(profile: UpstreamProfile): OnboardingProfile {
  const text = (value: string | undefined) => value?.trim().slice(0, 256) || undefined
  const username = text(profile.preferred_username)
  const forename = text(profile.given_name)
  const surname = text(profile.family_name)
  return { ...(username ? { username } : {}), ...(forename ? { forename } : {}), ...(surname ? { surname } : {}) }
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
