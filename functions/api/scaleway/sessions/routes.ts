// The sign-in extension of the Scaleway surface (issue 9; not in the seed, so marked `x-iam-extension` in the
// OpenAPI document): the sign-in page and `POST /auth/login`, `POST /auth/refresh` (public: they are how a
// credential is obtained), and CreateJWT (`POST /jwts`, which later SDKs have; authenticated and authorized like
// every operation). Token responses are never cached.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { createHash } from 'node:crypto'
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import { credentialStreamId } from '../../../../domain/core/credential/index.js'
import { isRestricted, liveUser, planIssueSession, sessionEnd, userLocked } from '../../../../domain/scaleway/index.js'
import { authenticateSecret } from '../../../auth/credentials.js'
import { authentication } from '../auth.js'
import { limitBody, readJsonBody, DEFAULT_MAX_BODY_BYTES } from '../body.js'
import type { AuthSubject, ScalewayDeps } from '../deps.js'
import type { ScalewayEnv } from '../env.js'
import { fromDomainError, sendError, tooManyRequests } from '../errors.js'
import { loadOrganization } from '../handlers/organizationState.js'
import { loadUser } from '../handlers/userViews.js'
import { conditionContext, requestMeta } from '../request.js'
import { jsonBody, ok } from '../routes/define.js'
import { BASE_PATH } from '../routes/index.js'
import { CreateJWTBody, EncodedJWT, LoginBody, RefreshBody } from '../schemas/sessions.js'
import { signInPage } from './page.js'
import { ended, newRenewToken, renewSession, writeSession, type EncodedSession } from './session.js'
import { signIn } from './signIn.js'
import type { SessionTokens } from './tokens.js'

export const LOGIN_PATH = '/auth/login'
export const REFRESH_PATH = '/auth/refresh'
export const CREATE_JWT_PATH = '/jwts'

const extension = { 'x-iam-extension': true } as const

const loginRoute = createRoute({
  method: 'post', path: LOGIN_PATH, operationId: 'Login', tags: ['JWTs'], summary: 'Sign in with a password (and a one-time code)',
  description: 'Extension: signs a user in with its username or e-mail and password, plus `mfa_code` when it has MFA. '
    + 'Answers a session token for `X-Session-Token` and a renew token for `POST /auth/refresh`. '
    + 'A wrong password or code is 401 `denied_authentication` (method `password` or `mfa`); too many in a row lock the user (423).',
  security: [], ...extension,
  request: { body: jsonBody(LoginBody) }, responses: ok(EncodedJWT),
})

const refreshRoute = createRoute({
  method: 'post', path: REFRESH_PATH, operationId: 'RefreshSession', tags: ['JWTs'], summary: 'Renew a session token',
  description: 'Extension: trades a renew token (`renew_token` or `refresh_token`) for a new session token and a new renew token; the old one stops working.',
  security: [], ...extension,
  request: { body: jsonBody(RefreshBody) }, responses: ok(EncodedJWT),
})

const createJwtRoute = createRoute({
  method: 'post', path: CREATE_JWT_PATH, operationId: 'CreateJWT', tags: ['JWTs'], summary: 'Create a JWT',
  description: 'Extension (001 `create_jwt`, later SDKs): starts a session for a user of the organization, as a sign-in would.',
  ...extension,
  request: { body: jsonBody(CreateJWTBody) }, responses: ok(EncodedJWT),
})

type SessionDeps = ScalewayDeps & { sessions: { tokens: SessionTokens } }

/** Registers the extension's routes on the surface's app (before its catch-all); absent without `deps.sessions`. */
export function registerSessionRoutes(api: OpenAPIHono<ScalewayEnv>, deps: ScalewayDeps): void {
  if (!deps.sessions) return
  const sessionDeps = deps as SessionDeps
  const limit = limitBody(deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)

  api.get(LOGIN_PATH, (c) => signInPage(c, `${BASE_PATH}${LOGIN_PATH}`))

  api.openapi({ ...loginRoute, middleware: [limit, readJsonBody] } as never, (async (c: Context<ScalewayEnv>) => {
    const login = valid<z.output<typeof LoginBody>>(c)
    const info = c.get('request')
    const now = deps.clock.now()
    const subject: AuthSubject = { sourceIp: info.sourceIp, credentialHash: hash(`${login.organization_id}#${login.username ?? login.email}`) }
    const waiting = await deps.authFailures?.blocked(subject, now)
    if (waiting !== undefined) return sendError(c, tooManyRequests(waiting))
    const result = await signIn(sessionDeps, login, info)
    if (isDomainError(result) && result.kind === 'unauthenticated') {
      const retryAfter = await deps.authFailures?.failed(subject, now)
      if (retryAfter !== undefined) return sendError(c, tooManyRequests(retryAfter))
    }
    return answer(c, result)
  }) as never)

  api.openapi({ ...refreshRoute, middleware: [limit, readJsonBody] } as never, (async (c: Context<ScalewayEnv>) => {
    const body = valid<z.output<typeof RefreshBody>>(c)
    const presented = (body.renew_token ?? body.refresh_token)!
    const info = c.get('request')
    const now = deps.clock.now()
    const subject: AuthSubject = { sourceIp: info.sourceIp, credentialHash: hash(presented) }
    const waiting = await deps.authFailures?.blocked(subject, now)
    if (waiting !== undefined) return sendError(c, tooManyRequests(waiting))
    const result = await refresh(sessionDeps, presented, c)
    if (isDomainError(result) && result.kind === 'unauthenticated') {
      const retryAfter = await deps.authFailures?.failed(subject, now)
      if (retryAfter !== undefined) return sendError(c, tooManyRequests(retryAfter))
    }
    return answer(c, result)
  }) as never)

  api.openapi({ ...createJwtRoute, middleware: [limit, authentication(deps), readJsonBody] } as never, (async (c: Context<ScalewayEnv>) => {
    const body = valid<z.output<typeof CreateJWTBody>>(c)
    const principal = c.get('principal')
    const info = c.get('request')
    const now = deps.clock.now()
    const input = { params: {}, query: {}, body: body as Record<string, unknown> }
    const denied = await deps.authorize({
      principal, operationId: 'CreateJWT', scope: { organizationId: principal.organizationId }, context: conditionContext(info, now), consistencyTokens: [], input,
    })
    if (denied) return sendError(c, fromDomainError(denied))
    return answer(c, await createJwt(sessionDeps, principal.organizationId, body, requestMeta(info, principal), info))
  }) as never)
}

/** CreateJWT: a session for a live, unlocked user of the caller's organization, issued by the caller. */
async function createJwt(
  deps: SessionDeps,
  organizationId: Id,
  body: z.output<typeof CreateJWTBody>,
  meta: ReturnType<typeof requestMeta>,
  info: { sourceIp: string; userAgent: string },
) {
  const now = deps.clock.now()
  const [organization, loaded] = await Promise.all([loadOrganization(deps.services, organizationId), loadUser(deps.services.store, organizationId, body.user_id)])
  if (isDomainError(organization)) return organization
  const user = liveUser(loaded.state)
  if (!user) return notFound('user', body.user_id)
  if (userLocked(loaded.principal)) return { kind: 'locked', resource: 'user', resourceId: user.id } as DomainError
  const sessionId = deps.ids.newId()
  const renew = newRenewToken()
  const restricted = isRestricted(user, now)
  return writeSession(deps, {
    serializeOn: [credentialStreamId(organizationId, sessionId)], meta, organizationId, sessionId, renewToken: renew.token,
    plan: async () => {
      const writes = planIssueSession({
        organizationId, sessionId, userId: user.id, issuerId: meta.actor.id, referrer: body.referrer, ip: info.sourceIp, userAgent: info.userAgent,
        now, expiresAt: sessionEnd(organization.securitySettings, now), renewTokenHash: renew.hash,
      })
      return isDomainError(writes) ? writes : { writes, restricted }
    },
  })
}

/** Refresh: the renew token names its session; the user's grace periods decide again whether it is restricted. */
async function refresh(deps: SessionDeps, presented: string, c: Context<ScalewayEnv>) {
  const now = deps.clock.now()
  const found = await authenticateSecret(deps.services.dynamo, presented, now)
  if (!found.ok) return ended(found.reason === 'expired' ? 'expired' : 'not_found')
  const { principal } = found
  if (principal.kind !== 'session' || principal.principalKind !== 'user') return ended()
  const user = liveUser((await loadUser(deps.services.store, principal.organizationId, principal.principalId)).state)
  if (!user) return ended()
  const meta = requestMeta(c.get('request'), { organizationId: principal.organizationId, kind: 'user', id: user.id, method: 'session' })
  return renewSession(deps, {
    organizationId: principal.organizationId, sessionId: principal.credentialId, presentedHash: hash(presented), meta, restricted: isRestricted(user, now),
  })
}

function answer(c: Context<ScalewayEnv>, result: { body: EncodedSession; consistencyToken: string } | DomainError): Response {
  c.header('Cache-Control', 'no-store')
  if (isDomainError(result)) return sendError(c, fromDomainError(result))
  c.header('X-Consistency-Token', result.consistencyToken)
  return c.json(z.encode(EncodedJWT, result.body) as object, 200)
}

function valid<T>(c: Context<ScalewayEnv>): T {
  return (c.req.valid as (target: string) => unknown)('json') as T
}

function hash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}

/** The extension's routes, for the route table: public ones, and CreateJWT (authenticated). */
export const SESSION_PUBLIC_ROUTES = [
  { method: 'GET', path: LOGIN_PATH, operationId: 'SignInPage' },
  { method: 'POST', path: LOGIN_PATH, operationId: 'Login' },
  { method: 'POST', path: REFRESH_PATH, operationId: 'RefreshSession' },
] as const
export const SESSION_AUTHENTICATED_ROUTES = [{ method: 'POST', path: CREATE_JWT_PATH, operationId: 'CreateJWT' }] as const
