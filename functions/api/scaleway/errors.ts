// The one place where failures become Scaleway wire errors (spec Appendix A.2): a JSON body with `type` and
// `message` plus the fields the official SDKs need to build their typed errors. Domain errors, validation
// issues, authentication failures, rate limits and unimplemented operations all go through here.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { DomainError } from '../../../domain/core/errors.js'
import { renderId, REASON_PARAM } from './schemas/common.js'

export type InvalidReason = 'required' | 'format' | 'constraint'

export interface ArgumentDetail {
  argument_name: string
  reason: InvalidReason
  help_message: string
}

export interface WireError {
  status: ContentfulStatusCode
  body: { type: string; message: string } & Record<string, unknown>
  headers?: Record<string, string>
}

/** Seconds a client is asked to wait after a stale read (the consistency wait already lasted up to 2 s). */
export const STALE_RETRY_AFTER_SECONDS = 1

export function fromDomainError(error: DomainError): WireError {
  switch (error.kind) {
    case 'invalid_argument':
      return invalidArguments([{ argument_name: error.argument, reason: error.reason, help_message: error.message }])
    case 'unauthenticated':
      return deniedAuthentication(error.method, error.reason, error.message)
    case 'permission_denied':
      return {
        status: 403,
        body: { type: 'permissions_denied', message: 'insufficient permissions', details: [{ resource: error.resource, action: error.action }] },
      }
    case 'not_found':
      return {
        status: 404,
        body: { type: 'not_found', message: 'resource is not found', resource: error.resource, resource_id: renderId(error.resourceId) },
      }
    case 'already_exists':
      return {
        status: 409,
        body: {
          type: 'already_exists',
          message: 'resource already exists',
          resource: error.resource,
          resource_id: renderId(error.resourceId),
          help_message: error.message,
        },
      }
    case 'quota_exceeded':
      return {
        status: 403,
        body: {
          type: 'quotas_exceeded',
          message: 'quota(s) exceeded for this resource',
          details: [{ resource: error.resource, quota: error.quota, current: error.current, organization_id: renderId(error.organizationId) }],
        },
      }
    case 'precondition_failed':
      return {
        status: 412,
        body: { type: 'precondition_failed', message: 'resource precondition failed', precondition: error.precondition, help_message: error.message },
      }
    case 'conflict':
      return {
        status: 409,
        body: {
          type: 'transient_state',
          message: error.message || 'resource is in a transient state',
          resource: error.resource,
          resource_id: renderId(error.resourceId),
          current_state: error.state,
        },
      }
    case 'locked':
      return {
        status: 423,
        body: { type: 'locked', message: 'resource is locked', resource: error.resource, resource_id: renderId(error.resourceId) },
      }
    case 'stale':
      return {
        status: 503,
        body: {
          type: 'service_unavailable',
          message: error.message || 'the data is not up to date yet',
          help_message: `retry in ${STALE_RETRY_AFTER_SECONDS} second(s)`,
        },
        headers: { 'Retry-After': String(STALE_RETRY_AFTER_SECONDS) },
      }
  }
}

export function invalidArguments(details: ArgumentDetail[], status: ContentfulStatusCode = 400): WireError {
  return { status, body: { type: 'invalid_arguments', message: 'invalid argument(s)', details } }
}

export function deniedAuthentication(method: string, reason: string, help?: string): WireError {
  return {
    status: 401,
    body: { type: 'denied_authentication', message: 'authentication is denied', method, reason, ...(help ? { help_message: help } : {}) },
  }
}

/** 429 with Retry-After; `limit` tells the SDK the quota and window that were passed. */
export function tooManyRequests(retryAfterSeconds: number, limit?: { quota: number; windowSeconds: number }): WireError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds))
  return {
    status: 429,
    body: {
      type: 'too_many_requests',
      message: 'too many requests',
      help_message: `retry in ${seconds} second(s)`,
      reset_seconds: seconds,
      ...(limit ? { limit: { quota: limit.quota, window_seconds: limit.windowSeconds } } : {}),
    },
    headers: { 'Retry-After': String(seconds) },
  }
}

export function notImplemented(operationId: string): WireError {
  return { status: 501, body: { type: 'not_implemented', message: `${operationId} is not implemented yet` } }
}

export function malformedJson(reason: string): WireError {
  return invalidArguments([{ argument_name: 'body', reason: 'format', help_message: `the request body is not valid JSON: ${reason}` }])
}

export function payloadTooLarge(maxBytes: number): WireError {
  return invalidArguments([{ argument_name: 'body', reason: 'constraint', help_message: `the request body must be at most ${maxBytes} bytes` }], 413)
}

export function routeNotFound(path: string): WireError {
  return { status: 404, body: { type: 'not_found', message: 'no such route', resource: 'route', resource_id: path } }
}

export function methodNotAllowed(method: string, allowed: string[]): WireError {
  return {
    status: 405,
    body: { type: 'method_not_allowed', message: `${method} is not allowed here; allowed: ${allowed.join(', ')}` },
    headers: { Allow: allowed.join(', ') },
  }
}

export function internalError(requestId: string): WireError {
  return { status: 500, body: { type: 'internal_error', message: 'internal error', help_message: `request id ${requestId}` } }
}

/** Writes a wire error: JSON with `Content-Type: application/json` exactly (Hono's c.json adds no charset). */
export function sendError(c: Context, error: WireError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value)
  return c.json(error.body, error.status)
}

// ------------------------------------------------------------------------------------ validation

/** The subset of a zod issue this mapping reads (zod v4 issue shapes). */
export interface ValidationIssue {
  code: string
  path: PropertyKey[]
  message: string
  expected?: string
  origin?: string
  maximum?: number | bigint
  minimum?: number | bigint
  values?: unknown[]
  params?: Record<string, unknown>
}

const MAX_DETAILS = 20

/** zod issues of a request part (`query`, `json` …) → 400 invalid_arguments naming each field. */
export function fromValidationIssues(target: string, issues: readonly ValidationIssue[], raw: unknown): WireError {
  const details = issues.slice(0, MAX_DETAILS).map((issue) => describeIssue(target, issue, raw))
  return invalidArguments(details)
}

function describeIssue(target: string, issue: ValidationIssue, raw: unknown): ArgumentDetail {
  const argument = issue.path.length === 0 ? (target === 'json' ? 'body' : target) : issue.path.map(String).join('.')
  const { reason, help } = explain(issue, argument, raw)
  return { argument_name: argument, reason, help_message: help }
}

function explain(issue: ValidationIssue, argument: string, raw: unknown): { reason: InvalidReason; help: string } {
  const size = issue.origin === 'array' || issue.origin === 'set' ? 'items' : issue.origin === 'string' ? 'characters' : ''
  switch (issue.code) {
    case 'invalid_type':
      if (issue.path.length > 0 && valueAt(raw, issue.path) === undefined) return { reason: 'required', help: `${argument} is required` }
      return { reason: 'format', help: `must be ${article(issue.expected ?? 'value')}` }
    case 'invalid_value':
      return { reason: 'format', help: `must be one of: ${(issue.values ?? []).map(String).join(', ')}` }
    case 'invalid_format':
    case 'invalid_union':
      return { reason: 'format', help: issue.message }
    case 'too_big':
      return { reason: 'constraint', help: `must be at most ${String(issue.maximum)}${size ? ` ${size}` : ''}` }
    case 'too_small':
      return { reason: 'constraint', help: `must be at least ${String(issue.minimum)}${size ? ` ${size}` : ''}` }
    case 'custom': {
      const reason = issue.params?.[REASON_PARAM]
      return { reason: reason === 'required' || reason === 'format' ? reason : 'constraint', help: issue.message }
    }
    default:
      return { reason: 'constraint', help: issue.message }
  }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

function article(expected: string): string {
  const noun = expected === 'nan' ? 'number' : expected
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`
}
