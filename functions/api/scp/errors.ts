// The SCP error body (issue 7; spec §5.4 and §6.1 #9: the document shows status codes only). Every error of the
// surface, whatever its cause, is one JSON object, published in the OpenAPI document as `ScpError`:
//
//   { "status": 404, "code": "not_found", "message": "…", "request_id": "…", "details": [{ "field": "…", "reason": "…" }] }
//
// `code` is a stable snake_case token (the table in errors below and the README); `details` only where fields are
// named (400) or the denied action and resource (403).
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { DomainError } from '../../../domain/core/errors.js'

export interface ScpErrorDetail {
  field?: string
  reason: string
  action?: string
  resource?: string
}

export interface ScpWireError {
  status: ContentfulStatusCode
  code: string
  message: string
  details?: ScpErrorDetail[]
  headers?: Record<string, string>
}

export const ScpErrorBody = z
  .object({
    status: z.number().int().openapi({ example: 404 }),
    code: z.string().openapi({ example: 'not_found', description: 'A stable snake_case token (see README "SCP IAM surface").' }),
    message: z.string(),
    request_id: z.string(),
    details: z
      .array(z.object({ field: z.string().optional(), reason: z.string(), action: z.string().optional(), resource: z.string().optional() }))
      .optional(),
  })
  .openapi('ScpError', { description: 'Every SCP error: status, code, message, request id, and the fields or permission concerned.' })

/** Seconds a client is asked to wait after a stale read. */
export const STALE_RETRY_AFTER_SECONDS = 1

export function fromDomainError(error: DomainError): ScpWireError {
  switch (error.kind) {
    case 'invalid_argument':
      return invalidArgument(error.argument, error.reason, error.message)
    case 'unauthenticated':
      return unauthorized(error.message || 'authentication failed')
    case 'permission_denied':
      return { status: 403, code: 'forbidden', message: 'the caller is not allowed to do this', details: [{ reason: 'denied', action: error.action, resource: error.resource }] }
    case 'not_found':
      return notFound(error.resource)
    case 'already_exists':
      return { status: 409, code: 'conflict', message: error.message || `the ${error.resource} already exists` }
    case 'conflict':
      return { status: 409, code: 'conflict', message: error.message || `the ${error.resource} is ${error.state}` }
    case 'quota_exceeded':
      return { status: 403, code: 'quota_exceeded', message: `the ${error.quota} quota (${error.current}) is reached` }
    case 'precondition_failed':
      return { status: 412, code: 'precondition_failed', message: error.message || error.precondition }
    case 'locked':
      return { status: 423, code: 'locked', message: `the ${error.resource} is locked` }
    case 'stale':
      return {
        status: 503,
        code: 'service_unavailable',
        message: error.message || 'the data is not up to date yet',
        headers: { 'Retry-After': String(STALE_RETRY_AFTER_SECONDS) },
      }
  }
}

export function invalidArgument(field: string, reason: string, message: string): ScpWireError {
  return { status: 400, code: 'invalid_argument', message, details: [{ field, reason }] }
}

export function invalidArguments(details: ScpErrorDetail[], message = 'invalid argument(s)'): ScpWireError {
  return { status: 400, code: 'invalid_argument', message, details }
}

export function unauthorized(message: string): ScpWireError {
  return { status: 401, code: 'unauthorized', message }
}

/** Unknown and foreign ids answer the same (DESIGN §8). */
export function notFound(resource: string): ScpWireError {
  return { status: 404, code: 'not_found', message: `the ${resource} is not found` }
}

export function routeNotFound(method: string, path: string, version: string): ScpWireError {
  return { status: 404, code: 'not_found', message: `no operation ${method} ${path} in API version ${version}` }
}

export function methodNotAllowed(method: string, allowed: string[]): ScpWireError {
  return { status: 405, code: 'method_not_allowed', message: `${method} is not allowed here; allowed: ${allowed.join(', ')}`, headers: { Allow: allowed.join(', ') } }
}

export function unsupportedVersion(message: string): ScpWireError {
  return { status: 400, code: 'unsupported_version', message, details: [{ field: 'Scp-Api-Version', reason: 'format' }] }
}

export function tooManyRequests(retryAfterSeconds: number): ScpWireError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds))
  return { status: 429, code: 'too_many_requests', message: `too many failed authentications; retry in ${seconds} second(s)`, headers: { 'Retry-After': String(seconds) } }
}

export function payloadTooLarge(maxBytes: number): ScpWireError {
  return { status: 413, code: 'payload_too_large', message: `the request body must be at most ${maxBytes} bytes`, details: [{ field: 'body', reason: 'constraint' }] }
}

export function notImplemented(operationId: string): ScpWireError {
  return { status: 501, code: 'not_implemented', message: `${operationId} is not implemented yet` }
}

export function internalError(): ScpWireError {
  return { status: 500, code: 'internal_error', message: 'internal error' }
}

/** Writes the error: `Content-Type: application/json`, the request id from the context. */
export function sendError(c: Context, error: ScpWireError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value)
  const requestId = ((c.get as (key: string) => unknown)('request') as { requestId?: string } | undefined)?.requestId ?? ''
  return c.json(
    { status: error.status, code: error.code, message: error.message, request_id: requestId, ...(error.details ? { details: error.details } : {}) },
    error.status,
  )
}

// ------------------------------------------------------------------------------------ validation

/** The subset of a zod issue this mapping reads. */
export interface ValidationIssue {
  code: string
  path: PropertyKey[]
  message: string
}

/** zod issues of a request part → 400 naming each field (`body.user_name`, `query.size` …). */
export function fromValidationIssues(target: 'query' | 'body', issues: readonly ValidationIssue[]): ScpWireError {
  const details = issues.slice(0, 20).map((issue) => ({
    field: issue.path.length === 0 ? target : issue.path.map(String).join('.'),
    reason: issue.code,
  }))
  const first = issues[0]
  const message = first ? `${details[0]!.field}: ${first.message}` : `invalid ${target}`
  return invalidArguments(details, message)
}
