// The one place where failures become nscale wire errors (spec §2.2): `{error, error_description}` with the
// 15-value `error` enum, `Content-Type: application/json` and `Cache-Control: no-cache`. Domain errors,
// validation issues, authentication failures, rate limits and unimplemented operations all go through here.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { DomainError } from '../../../domain/core/errors.js'

export const ERROR_CODES = [
  'invalid_request', 'unauthorized_client', 'access_denied', 'unsupported_response_type', 'invalid_scope', 'server_error',
  'temporarily_unavailable', 'invalid_client', 'invalid_grant', 'unsupported_grant_type', 'not_found', 'conflict',
  'method_not_allowed', 'unsupported_media_type', 'forbidden',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface NscaleWireError {
  status: ContentfulStatusCode
  body: { error: ErrorCode; error_description: string }
  headers?: Record<string, string>
}

/** Seconds a client is asked to wait after a stale read (the consistency wait already lasted up to 2 s). */
export const STALE_RETRY_AFTER_SECONDS = 1

export function wireError(status: ContentfulStatusCode, error: ErrorCode, description: string, headers?: Record<string, string>): NscaleWireError {
  return { status, body: { error, error_description: description }, ...(headers ? { headers } : {}) }
}

export function fromDomainError(error: DomainError): NscaleWireError {
  switch (error.kind) {
    case 'invalid_argument':
      return invalidRequest(error.argument ? `${error.argument}: ${error.message}` : error.message)
    case 'unauthenticated':
      return accessDenied(error.message || 'token validation failed')
    case 'permission_denied':
      return forbidden(`operation is not allowed by rbac (${error.resource}:${error.action})`)
    case 'not_found':
      return notFound()
    case 'already_exists':
      return wireError(409, 'conflict', error.message || 'a resource with the same name already exists')
    case 'conflict':
      return wireError(409, 'conflict', error.message || 'the resource was changed concurrently')
    case 'quota_exceeded':
      // Upstream answers over-quota writes 400 invalid_request (spec §9.10).
      return invalidRequest(`allocation exceeded quota (${error.resource})`)
    case 'precondition_failed':
      // A write too large for one transaction (a project delete's cascade): 412 as DESIGN §4 says, with the
      // enum's closest code (there is no precondition code among the 15).
      return wireError(412, 'invalid_request', error.message || `precondition failed: ${error.precondition}`)
    case 'locked':
      return forbidden('the resource is locked')
    case 'stale':
      return wireError(503, 'temporarily_unavailable', error.message || 'the data is not up to date yet', {
        'Retry-After': String(STALE_RETRY_AFTER_SECONDS),
      })
  }
}

export function invalidRequest(description: string): NscaleWireError {
  return wireError(400, 'invalid_request', description)
}

/** 401 with `WWW-Authenticate: Bearer` (spec §9.2: a missing token is 401, not upstream's 400). */
export function accessDenied(description: string): NscaleWireError {
  return wireError(401, 'access_denied', description, { 'WWW-Authenticate': 'Bearer' })
}

export function forbidden(description = 'operation is not allowed by rbac'): NscaleWireError {
  return wireError(403, 'forbidden', description)
}

export function notFound(description = 'resource not found'): NscaleWireError {
  return wireError(404, 'not_found', description)
}

export function notImplemented(operationId: string): NscaleWireError {
  // 501 is outside the documented statuses; its code is the closest of the enum.
  return wireError(501, 'server_error', `${operationId} is not implemented yet`)
}

export function tooManyRequests(retryAfterSeconds: number): NscaleWireError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds))
  return wireError(429, 'temporarily_unavailable', `too many failed authentications; retry in ${seconds} second(s)`, { 'Retry-After': String(seconds) })
}

export function payloadTooLarge(maxBytes: number): NscaleWireError {
  return wireError(413, 'invalid_request', `request body must be at most ${maxBytes} bytes`)
}

export function unsupportedMediaType(mediaType: string): NscaleWireError {
  return wireError(415, 'unsupported_media_type', `request body must be application/json, got ${mediaType.slice(0, 100)}`)
}

export function methodNotAllowed(method: string, allowed: readonly string[]): NscaleWireError {
  return wireError(405, 'method_not_allowed', `${method} is not allowed here; allowed: ${allowed.join(', ')}`, { Allow: allowed.join(', ') })
}

export function internalError(requestId: string): NscaleWireError {
  return wireError(500, 'server_error', `internal error (request id ${requestId})`)
}

/** Writes a wire error: JSON, never cached. */
export function sendError(c: Context, error: NscaleWireError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value)
  c.header('Cache-Control', 'no-cache')
  return c.json(error.body, error.status)
}

// ------------------------------------------------------------------------------------ validation

/** The subset of a zod issue this mapping reads. */
export interface ValidationIssue {
  code: string
  path: PropertyKey[]
  message: string
}

/** zod issues of a request part → 400 invalid_request naming the first fields (upstream: "request body invalid"). */
export function fromValidationIssues(target: string, issues: readonly ValidationIssue[]): NscaleWireError {
  const where = target === 'json' ? 'request body invalid' : `invalid ${target === 'param' ? 'path' : target} element`
  const details = issues.slice(0, 5).map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'value'}: ${issue.message}`)
  return invalidRequest(`${where}: ${details.join('; ')}`)
}
