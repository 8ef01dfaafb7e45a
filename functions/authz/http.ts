// The authorization API other services call (issue 3): `POST /authz/v1/check` (many checks of one principal on
// one read), `POST /authz/v1/explain` (one check, fully explained) and the OpenAPI document generated from the
// zod schemas at `GET /authz/v1/openapi.json` (public). Mount with `app.route('/', authzApp(deps))`.
//
// Any surface's credential is accepted (today: an API key secret in `X-Auth-Token`, or `Authorization: Bearer`),
// the caller needs `iam:authz:check` on its organization (asked through the same check), and may ask only about
// principals of its own organization. `X-Consistency-Token` (comma-separated) makes the checks wait (DESIGN §5).
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { organizationResource } from '../../domain/authz/resource.js'
import { DomainFailure } from '../../domain/core/errors.js'
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import type { PrincipalKind } from '../../domain/core/principal/events.js'
import { routePermission } from '../../domain/scaleway/routes.js'
import type { AuthFailureLimiter } from '../api/scaleway/deps.js'
import { conditionContext, requestInfo } from '../api/scaleway/request.js'
import { authenticateSecret, type AuthenticatedPrincipal, type Authentication } from '../auth/credentials.js'
import type { Dynamo } from '../store/dynamo.js'
import { sha256Hex } from '../store/secrets.js'
import type { Checker, CheckPrincipal } from './check.js'
import { CheckBody, CheckResponse, ErrorBody, ExplainBody, ExplainResponse } from './schemas.js'
import { renderExplanation, renderResult } from './wire.js'

export const AUTHZ_BASE_PATH = '/authz/v1'
export const AUTHZ_OPENAPI_PATH = `${AUTHZ_BASE_PATH}/openapi.json`
/** Routes that need no credential. */
export const AUTHZ_PUBLIC_ROUTES = [{ method: 'GET', path: AUTHZ_OPENAPI_PATH }] as const

export interface AuthzDeps {
  dynamo: Dynamo
  checker: Checker
  clock: Clock
  ids: IdGenerator
  /** Resolves a credential to its principal; defaults to the credential items (`authenticateSecret`). */
  authenticate?: (credential: string, now: Date) => Promise<Authentication>
  authFailures?: AuthFailureLimiter
  /** Read the client IP from X-Forwarded-For: only behind a proxy that sets it. */
  trustForwardedFor?: boolean
  /** Unexpected errors (bugs) are reported here; bodies are never logged. */
  logError?: (message: string, details: Record<string, unknown>) => void
}

interface AuthzEnv {
  Variables: { caller: AuthenticatedPrincipal; context: Record<string, string> }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MAX_CONSISTENCY_TOKENS = 16
const CALLER_PERMISSION = routePermission('authz', 'AuthzCheck')!.action

const errors = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorBody } } },
  401: { description: 'No valid credential', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'The caller may not ask about this principal', content: { 'application/json': { schema: ErrorBody } } },
  503: { description: 'Consistency tokens not covered in time', content: { 'application/json': { schema: ErrorBody } } },
}
const jsonBody = <S,>(schema: S) => ({ required: true, content: { 'application/json': { schema } } })

export function authzApp(deps: AuthzDeps): OpenAPIHono {
  const api = new OpenAPIHono<AuthzEnv>({ defaultHook: validationHook })
  const onError = errorHandler(deps)
  api.onError(onError)
  const authenticated = authentication(deps)

  const checkRoute = createRoute({
    method: 'post', path: '/check', operationId: 'AuthzCheck', tags: ['Authorization'],
    summary: 'Decide many checks of one principal (at most 99 distinct resources), on one read of its grants',
    middleware: [authenticated] as const,
    request: { body: jsonBody(CheckBody) },
    responses: { 200: { description: 'One result per check, in order', content: { 'application/json': { schema: CheckResponse } } }, ...errors },
  })
  const explainRoute = createRoute({
    method: 'post', path: '/explain', operationId: 'AuthzExplain', tags: ['Authorization'],
    summary: 'Decide one check and explain it: the principal, the policies it holds, the deciding statements',
    middleware: [authenticated] as const,
    request: { body: jsonBody(ExplainBody) },
    responses: { 200: { description: 'The decision and its explanation', content: { 'application/json': { schema: ExplainResponse } } }, ...errors },
  })

  api.openapi(checkRoute, async (c) => {
    const body = c.req.valid('json')
    const denied = await admit(deps, c, body.principal.organization_id)
    if (denied) return c.json(denied.body, denied.status)
    const checks = body.checks.map((item) => ({ action: item.action, resource: item.resource, ...(item.context && { context: item.context }) }))
    const results = await deps.checker.checkMany({ principal: principalOf(body.principal), checks, consistency: consistencyTokens(c) })
    return c.json({ results: results.map(renderResult) }, 200)
  })

  api.openapi(explainRoute, async (c) => {
    const body = c.req.valid('json')
    const denied = await admit(deps, c, body.principal.organization_id)
    if (denied) return c.json(denied.body, denied.status)
    const explanation = await deps.checker.explain({
      principal: principalOf(body.principal),
      action: body.action,
      resource: body.resource,
      ...(body.context && { context: body.context }),
      consistency: consistencyTokens(c),
    })
    return c.json(renderExplanation(explanation), 200)
  })

  const root = new OpenAPIHono()
  root.onError(onError)
  root.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-Auth-Token' })
  let document: unknown
  root.get(AUTHZ_OPENAPI_PATH, (c) => {
    document ??= root.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Authorization API', version: 'v1', description: 'Ask whether a principal may perform an action on a resource, and why.' },
      security: [{ apiKey: [] }],
    })
    return c.json(document as object)
  })
  root.route(AUTHZ_BASE_PATH, api)
  return root
}

interface Refusal {
  status: 403 | 503
  body: { type: string; message: string }
}

/** The caller needs `iam:authz:check` on its own organization, and asks only about that organization. */
async function admit(deps: AuthzDeps, c: Context<AuthzEnv>, organizationId: string): Promise<Refusal | undefined> {
  const caller = c.get('caller')
  const allowed = await deps.checker.check({
    principal: { organizationId: caller.organizationId, kind: caller.principalKind, id: caller.principalId },
    action: CALLER_PERMISSION,
    resource: organizationResource(caller.organizationId),
    context: c.get('context'),
    consistency: consistencyTokens(c),
  })
  if (allowed.reason === 'stale') {
    c.header('Retry-After', '1')
    return { status: 503, body: { type: 'stale', message: 'the grants are not up to date with the consistency token yet' } }
  }
  if (allowed.decision !== 'allow') return { status: 403, body: { type: 'permission_denied', message: `the caller lacks ${CALLER_PERMISSION}` } }
  if (organizationId !== caller.organizationId) {
    return { status: 403, body: { type: 'permission_denied', message: 'the principal is not in the caller\'s organization' } }
  }
  return undefined
}

function authentication(deps: AuthzDeps): MiddlewareHandler<AuthzEnv> {
  const authenticate = deps.authenticate ?? ((credential: string, now: Date) => authenticateSecret(deps.dynamo, credential, now))
  return async (c, next) => {
    const now = deps.clock.now()
    const info = requestInfo(c, { ids: deps.ids, trustForwardedFor: deps.trustForwardedFor })
    const credential = credentialOf(c)
    const subject = { sourceIp: info.sourceIp, ...(credential && { credentialHash: sha256Hex(credential) }) }
    const waiting = await deps.authFailures?.blocked(subject, now)
    if (waiting !== undefined) return tooManyRequests(c, waiting)
    const outcome = credential ? await authenticate(credential, now) : ({ ok: false, reason: 'invalid_argument' } as const)
    if (!outcome.ok) {
      const retryAfter = await deps.authFailures?.failed(subject, now)
      if (retryAfter !== undefined) return tooManyRequests(c, retryAfter)
      return c.json({ type: 'unauthenticated', message: `authentication failed (${outcome.reason}): send a credential in X-Auth-Token` }, 401)
    }
    c.set('caller', outcome.principal)
    c.set('context', conditionContext(info, now))
    await next()
  }
}

function credentialOf(c: Context): string | undefined {
  const token = c.req.header('x-auth-token')?.trim()
  if (token) return UUID.test(token) ? token.toLowerCase() : token
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization')?.trim() ?? '')
  return bearer?.[1]
}

function tooManyRequests(c: Context, seconds: number): Response {
  c.header('Retry-After', String(Math.max(1, Math.ceil(seconds))))
  return c.json({ type: 'too_many_requests', message: 'too many failed authentications' }, 429)
}

function consistencyTokens(c: Context): string[] {
  return (c.req.header('x-consistency-token') ?? '').split(',').map((token) => token.trim()).filter((token) => token.length > 0).slice(0, MAX_CONSISTENCY_TOKENS)
}

function principalOf(principal: { organization_id: string; kind: PrincipalKind; id: string }): CheckPrincipal {
  return { organizationId: principal.organization_id, kind: principal.kind, id: principal.id }
}

function validationHook(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }, c: Context): Response | undefined {
  if (result.success || !result.error) return undefined
  const [issue] = result.error.issues
  const field = (issue?.path ?? []).map(String).join('.')
  return c.json({ type: 'invalid_argument', message: field ? `${field}: ${issue?.message}` : (issue?.message ?? 'invalid request'), field }, 400)
}

function errorHandler(deps: AuthzDeps) {
  return (error: Error, c: Context): Response => {
    if (error instanceof DomainFailure && error.error.kind === 'invalid_argument') {
      return c.json({ type: 'invalid_argument', message: error.error.message, field: error.error.argument }, 400)
    }
    if (error instanceof HTTPException && error.status === 400) return c.json({ type: 'invalid_argument', message: 'the body is not valid JSON' }, 400)
    if (error instanceof HTTPException && error.status === 415) {
      return c.json({ type: 'invalid_argument', message: 'the body must be JSON (Content-Type: application/json)' }, 415)
    }
    if (error instanceof HTTPException) return error.getResponse()
    deps.logError?.('authz request failed', { method: c.req.method, path: c.req.path, error: String(error) })
    return c.json({ type: 'internal_error', message: 'internal error' }, 500)
  }
}
