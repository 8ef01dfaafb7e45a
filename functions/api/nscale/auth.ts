// Authentication of every /api/v1 operation: `Authorization: Bearer <token>` (scheme case-insensitive, exactly two
// parts). A missing or malformed header is 401 access_denied with `WWW-Authenticate: Bearer` (spec §9.2, not
// upstream's 400); a token no verifier accepts, or an expired, revoked or unknown one, is 401 too. Failures are
// rate limited like every surface's (IAM_AUTH_FAIL_LIMIT).
import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { normalizeId } from '../../../domain/core/ids.js'
import { verifyBearer, type BearerIdentity } from '../../auth/bearer.js'
import type { NscaleCaller, NscaleDeps } from './deps.js'
import type { NscaleEnv } from './env.js'
import { accessDenied, sendError, tooManyRequests } from './errors.js'

const REASONS = {
  invalid_argument: 'authorization header malformed',
  not_found: 'token validation failed',
  expired: 'token validation failed: the token has expired',
  locked: 'token validation failed: the token is disabled',
} as const

export function authentication(
  deps: Pick<NscaleDeps, 'clock' | 'verifiers' | 'authFailures'>,
  platformAdmins: ReadonlySet<string>,
): MiddlewareHandler<NscaleEnv> {
  return async (c, next) => {
    const now = deps.clock.now()
    const header = c.req.header('authorization')
    if (header === undefined || header.trim() === '') return sendError(c, accessDenied('authorization header missing'))
    const token = bearerToken(header)
    const subject = { sourceIp: c.get('request').sourceIp, credentialHash: token ? hash(token) : undefined }

    const waiting = await deps.authFailures?.blocked(subject, now)
    if (waiting !== undefined) return sendError(c, tooManyRequests(waiting))

    const outcome = token ? await verifyBearer(deps.verifiers, token, now) : ({ ok: false, reason: 'invalid_argument' } as const)
    if (!outcome.ok) {
      const retryAfter = await deps.authFailures?.failed(subject, now)
      return sendError(c, retryAfter !== undefined ? tooManyRequests(retryAfter) : accessDenied(REASONS[outcome.reason]))
    }
    c.set('caller', callerOf(outcome.identity, platformAdmins))
    await next()
  }
}

/** The token of `Bearer <token>`, or undefined when the header is malformed or another scheme. */
export function bearerToken(header: string): string | undefined {
  const parts = header.trim().split(/\s+/)
  if (parts.length !== 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined
  return parts[1]
}

export function callerOf(identity: BearerIdentity, platformAdmins: ReadonlySet<string>): NscaleCaller {
  return { identity, subject: identity.subject, platformAdmin: isPlatformAdmin(identity.subject, platformAdmins) }
}

/** Subjects compare case-insensitively; a service-account id in any rendering. */
export function isPlatformAdmin(subject: string, platformAdmins: ReadonlySet<string>): boolean {
  if (platformAdmins.size === 0) return false
  return platformAdmins.has(subject.toLowerCase()) || platformAdmins.has(normalizeId(subject) ?? '')
}

/** IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS as a set: e-mails lower-cased, ids canonical. */
export function platformAdminSet(subjects: readonly string[]): ReadonlySet<string> {
  return new Set(subjects.map((subject) => normalizeId(subject) ?? subject.trim().toLowerCase()))
}

function hash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}
