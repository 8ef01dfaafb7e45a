// Authentication of every Scaleway operation: `X-Auth-Token` carries an API key's secret (a UUID; the SDKs
// never send the access key), `X-Session-Token` a sign-in JWT (issue 9). A missing or malformed credential is
// refused without a lookup, as `denied_authentication` with method `api_key` and reason `invalid_argument`,
// which is what the SDKs print as "invalid API key format or empty value". Failures are rate limited.
import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { isDomainError, type DomainError } from '../../../domain/core/errors.js'
import type { Dynamo } from '../../store/dynamo.js'
import { authenticateSecret } from '../../auth/credentials.js'
import type { Authenticate, AuthSubject, ScalewayDeps } from './deps.js'
import type { ScalewayEnv } from './env.js'
import { fromDomainError, sendError, tooManyRequests } from './errors.js'

const SECRET = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A JWT: three base64url parts; bounded so a hostile header costs nothing. */
const SESSION = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const SESSION_MAX = 8192

export function authentication(deps: Pick<ScalewayDeps, 'clock' | 'authenticate' | 'authenticateSession' | 'authFailures'>): MiddlewareHandler<ScalewayEnv> {
  return async (c, next) => {
    const now = deps.clock.now()
    const secret = c.req.header('x-auth-token')?.trim()
    const session = secret ? undefined : c.req.header('x-session-token')?.trim()
    const subject: AuthSubject = { sourceIp: c.get('request').sourceIp, credentialHash: hash(secret?.toLowerCase() || session) }

    const waiting = await deps.authFailures?.blocked(subject, now)
    if (waiting !== undefined) return sendError(c, tooManyRequests(waiting))

    const outcome = await resolve(deps, secret, session, now)
    if (isDomainError(outcome)) {
      const retryAfter = await deps.authFailures?.failed(subject, now)
      return sendError(c, retryAfter !== undefined ? tooManyRequests(retryAfter) : fromDomainError(outcome))
    }
    c.set('principal', outcome)
    await next()
  }
}

async function resolve(
  deps: Pick<ScalewayDeps, 'authenticate' | 'authenticateSession'>,
  secret: string | undefined,
  session: string | undefined,
  now: Date,
) {
  if (secret) {
    if (!SECRET.test(secret)) return denied('api_key', 'the X-Auth-Token header must hold an API key secret key (a UUID)')
    return deps.authenticate(secret.toLowerCase(), now)
  }
  if (session) {
    if (session.length > SESSION_MAX || !SESSION.test(session) || !deps.authenticateSession) {
      return denied('session', 'the X-Session-Token header must hold a session token')
    }
    return deps.authenticateSession(session, now)
  }
  return denied('api_key', 'send the API key secret key in the X-Auth-Token header')
}

function denied(method: string, message: string): DomainError {
  return { kind: 'unauthenticated', method, reason: 'invalid_argument', message }
}

function hash(credential: string | undefined): string | undefined {
  return credential ? createHash('sha256').update(credential, 'utf8').digest('hex') : undefined
}

/** The `Authenticate` port over the credential items (functions/auth/credentials.ts): Scaleway API keys only. */
export function apiKeyAuthentication(dynamo: Dynamo): Authenticate {
  return async (secret, now) => {
    const result = await authenticateSecret(dynamo, secret, now)
    if (!result.ok) return { kind: 'unauthenticated', method: 'api_key', reason: result.reason, message: `API key ${REASONS[result.reason]}` }
    const { principal } = result
    // Another surface's secret (a session, an nscale token) is not an API key here.
    if (principal.kind !== 'scaleway_api_key' || (principal.principalKind !== 'user' && principal.principalKind !== 'application')) {
      return { kind: 'unauthenticated', method: 'api_key', reason: 'not_found', message: `API key ${REASONS.not_found}` }
    }
    return { organizationId: principal.organizationId, kind: principal.principalKind, id: principal.principalId, method: 'api_key' }
  }
}

const REASONS = {
  invalid_argument: 'is malformed',
  not_found: 'does not exist',
  expired: 'has expired',
  locked: 'is disabled or its bearer is locked',
} as const
