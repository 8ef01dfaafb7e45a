// The nscale Identity surface (spec §3.2): one OpenAPIHono app serving the 39 REST operations at their native
// paths under `/api/v1`, and the OpenAPI document generated from the same zod schemas at
// `GET /api/v1/openapi.json` (public). Mount it with `app.route('/', nscaleApp(deps))`.
//
// Each operation runs: request facts → (body: size limit) → bearer authentication → (body: media type, JSON) →
// zod validation (400 invalid_request; a malformed path id is a 404) → authorize (the route's check) → handler
// or 501 → render. Unknown routes are 404 not_found and wrong methods 405, in the nscale error shape.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requestInfo } from '../request.js'
import { createAccess } from './access.js'
import { authentication, platformAdminSet } from './auth.js'
import { DEFAULT_MAX_BODY_BYTES, limitBody, readJsonBody } from './body.js'
import type { NscaleDeps } from './deps.js'
import type { NscaleEnv } from './env.js'
import {
  fromValidationIssues, internalError, invalidRequest, methodNotAllowed, notFound, payloadTooLarge, sendError, type ValidationIssue,
} from './errors.js'
import { nscaleHandlers } from './handlers/index.js'
import { dispatch } from './operation.js'
import { BASE_PATH, OPERATION_IDS, ROUTES } from './routes.js'
import { NOT_FOUND_PARAM } from './schemas/common.js'

export const NSCALE_OPENAPI_PATH = `${BASE_PATH}/openapi.json`

/** Routes that need no credential (the route table's public part). */
export const NSCALE_PUBLIC_ROUTES = [{ method: 'GET', path: NSCALE_OPENAPI_PATH }] as const

/** Every authenticated nscale route, for route-driven suites (authorization matrix, fuzzing). */
export const NSCALE_ROUTE_TABLE: readonly { operationId: string; method: string; path: string }[] = OPERATION_IDS.map((operationId) => ({
  operationId,
  method: ROUTES[operationId].method.toUpperCase(),
  path: ROUTES[operationId].path,
}))

export function nscaleApp(deps: NscaleDeps): OpenAPIHono<NscaleEnv> {
  const handlers = deps.handlers ?? nscaleHandlers
  const onError = errorHandler(deps)
  const access = createAccess({
    checker: deps.services.checker,
    memberships: deps.memberships,
    rbac: deps.services.rbac,
    systemAccountRoles: deps.services.config.nscaleSystemAccountRoles,
  })
  const api = new OpenAPIHono<NscaleEnv>({ defaultHook: validationHook })
  api.onError(onError)
  api.openAPIRegistry.registerComponent('securitySchemes', 'oauth2Authentication', {
    type: 'oauth2',
    flows: { authorizationCode: { authorizationUrl: `/oauth2/v2/authorization`, tokenUrl: `/oauth2/v2/token`, scopes: {} } },
  })

  api.use(`${BASE_PATH}/*`, async (c, next) => {
    c.set('request', requestInfo(c, deps))
    await next()
  })
  api.get(NSCALE_OPENAPI_PATH, (c) => c.json(document(api) as object))

  const authenticate = authentication(deps, platformAdminSet(deps.services.config.nscalePlatformAdminSubjects))
  const limit = limitBody(deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
  for (const operationId of OPERATION_IDS) {
    const route = ROUTES[operationId]
    const middleware = 'request' in route && 'body' in route.request ? [limit, authenticate, readJsonBody] : [authenticate]
    // The registration is untyped on purpose: handler types come from operation.ts, per operation.
    api.openapi({ ...route, middleware } as never, dispatch(operationId, deps, access, handlers) as never)
  }
  for (const extra of deps.extraRoutes ?? []) api.route('/', extra)
  api.all(`${BASE_PATH}/*`, unmatchedRoute)
  return api
}

let cachedDocument: unknown
function document(api: OpenAPIHono<NscaleEnv>): unknown {
  cachedDocument ??= api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Identity API',
      version: '1.4.0',
      description: 'nscale Identity v1.4.0, served by an event-sourced IAM backend. Authenticate with `Authorization: Bearer <token>`.',
    },
    security: [{ oauth2Authentication: [] }],
  })
  return cachedDocument
}

/** zod failures: 400 invalid_request naming the fields; a malformed path id is answered as an unknown one (404). */
function validationHook(
  result: { target: string; success: boolean; error?: { issues: Array<ValidationIssue & { params?: Record<string, unknown> }> } },
  c: Context,
): Response | undefined {
  if (result.success || !result.error) return undefined
  const issues = result.error.issues
  if (result.target === 'param' && issues.some((issue) => issue.params?.[NOT_FOUND_PARAM])) return sendError(c, notFound())
  return sendError(c, fromValidationIssues(result.target, issues))
}

const ROUTE_PATTERNS = OPERATION_IDS.map((operationId) => ({
  method: ROUTES[operationId].method.toUpperCase(),
  pattern: new RegExp(`^${ROUTES[operationId].path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
}))

function unmatchedRoute(c: Context): Response {
  const allowed = [...new Set(ROUTE_PATTERNS.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method))]
  if (c.req.path === NSCALE_OPENAPI_PATH) allowed.push('GET')
  return sendError(c, allowed.length > 0 ? methodNotAllowed(c.req.method, allowed) : notFound(`no route for ${c.req.method} ${c.req.path}`))
}

function errorHandler(deps: NscaleDeps): ErrorHandler<NscaleEnv> {
  return (error, c) => {
    if (error instanceof HTTPException) {
      if (error.status === 413) return sendError(c, payloadTooLarge(deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))
      if (error.status < 500) return sendError(c, invalidRequest(error.message || 'request invalid'))
    }
    const requestId = c.get('request')?.requestId ?? ''
    // Never the request body: it may hold a secret.
    deps.logError?.('nscale request failed', { requestId, method: c.req.method, path: c.req.path, error: String(error) })
    return sendError(c, internalError(requestId))
  }
}
