// Authentication of every SCP operation: the request's signature (functions/auth/scpSignature.ts). Failures are
// 401 in the SCP error body and counted by the shared limiter (per source IP and per access key), 429 past it.
import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { ScpDeps } from './deps.js'
import type { ScpEnv } from './env.js'
import { sendError, tooManyRequests, unauthorized } from './errors.js'

export function authentication(deps: Pick<ScpDeps, 'clock' | 'verifier' | 'authFailures'>): MiddlewareHandler<ScpEnv> {
  return async (c, next) => {
    const now = deps.clock.now()
    const accessKey = c.req.header('scp-accesskey')?.trim()
    const subject = { sourceIp: c.get('request').sourceIp, credentialHash: accessKey ? sha256(accessKey) : undefined }
    const waiting = await deps.authFailures?.blocked(subject, now)
    if (waiting !== undefined) return sendError(c, tooManyRequests(waiting))

    const outcome = await deps.verifier.verify({ method: c.req.method, requestUrl: c.req.url, headers: { get: (name) => c.req.header(name) } }, now)
    if (!outcome.ok) {
      const retryAfter = await deps.authFailures?.failed(subject, now)
      return sendError(c, retryAfter !== undefined ? tooManyRequests(retryAfter) : unauthorized(outcome.message))
    }
    const { principal } = outcome
    c.set('principal', {
      organizationId: principal.organizationId,
      kind: principal.principalKind,
      id: principal.principalId,
      credentialId: principal.credentialId,
      accessKey: outcome.accessKey,
    })
    await next()
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}
