// The Scaleway IAM v1alpha1 surface: one OpenAPIHono app serving every operation at its native path under
// `/iam/v1alpha1`, and the OpenAPI document generated from the same zod schemas at
// `GET /iam/v1alpha1/openapi.json` (public). Mount it with `app.route('/', scalewayApp(deps))`.
//
// Each operation runs: request facts → authenticate → (body: size limit, lenient JSON read) → zod validation
// (400 invalid_arguments naming the field; a malformed path id is a 404) → authorize → handler or 501 → render.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { authentication } from './auth.js'
import { DEFAULT_MAX_BODY_BYTES, limitBody, readJsonBody } from './body.js'
import type { ScalewayDeps } from './deps.js'
import type { ScalewayEnv } from './env.js'
import {
  fromValidationIssues, internalError, malformedJson, methodNotAllowed, payloadTooLarge, routeNotFound, sendError, type ValidationIssue,
} from './errors.js'
import { scalewayHandlers } from './handlers/index.js'
import { dispatch } from './operation.js'
import { requestInfo } from './request.js'
import { BASE_PATH, OPERATION_IDS, ROUTES, type OperationId } from './routes/index.js'
import { NOT_FOUND_PARAM } from './schemas/common.js'
import { registerSessionRoutes, SESSION_AUTHENTICATED_ROUTES, SESSION_PUBLIC_ROUTES } from './sessions/routes.js'

export const OPENAPI_PATH = `${BASE_PATH}/openapi.json`

/** Routes that need no credential (DESIGN §8 route table). */
export const SCALEWAY_PUBLIC_ROUTES = [
  { method: 'GET', path: OPENAPI_PATH },
  ...SESSION_PUBLIC_ROUTES.map((route) => ({ ...route, path: `${BASE_PATH}${route.path}` })),
] as const

export interface RouteEntry {
  operationId: OperationId
  method: string
  /** Full path, parameters as `{name}`. */
  path: string
}

/** The sign-in extension's authenticated route (CreateJWT), classified like the operations. */
export const SCALEWAY_EXTENSION_ROUTE_TABLE: readonly { operationId: string; method: string; path: string }[] =
  SESSION_AUTHENTICATED_ROUTES.map((route) => ({ ...route, path: `${BASE_PATH}${route.path}` }))

/** Every authenticated Scaleway route, for route-driven suites (authorization matrix, fuzzing). */
export const SCALEWAY_ROUTE_TABLE: readonly RouteEntry[] = OPERATION_IDS.map((operationId) => ({
  operationId,
  method: ROUTES[operationId].method.toUpperCase(),
  path: `${BASE_PATH}${ROUTES[operationId].path}`,
}))

export function scalewayApp(deps: ScalewayDeps): OpenAPIHono<ScalewayEnv> {
  const handlers = deps.handlers ?? scalewayHandlers
  const onError = errorHandler(deps)
  const api = new OpenAPIHono<ScalewayEnv>({ defaultHook: validationHook })
  api.onError(onError)

  api.use('*', async (c, next) => {
    const info = requestInfo(c, deps)
    c.set('request', info)
    c.header('X-Request-Id', info.requestId)
    await next()
  })

  const authenticate = authentication(deps)
  const limit = limitBody(deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
  for (const operationId of OPERATION_IDS) {
    const route = ROUTES[operationId]
    const middleware = 'body' in route.request ? [limit, authenticate, readJsonBody] : [authenticate]
    // The registration is untyped on purpose: handler types come from operation.ts, per operation.
    api.openapi({ ...route, middleware } as never, dispatch(operationId, deps, handlers) as never)
  }
  registerSessionRoutes(api, deps)
  api.all('*', unmatchedRoute)

  const root = new OpenAPIHono<ScalewayEnv>()
  root.onError(onError)
  root.openAPIRegistry.registerComponent('securitySchemes', 'scaleway', { type: 'apiKey', in: 'header', name: 'X-Auth-Token' })
  let document: unknown
  root.get(OPENAPI_PATH, (c) => {
    document ??= root.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'IAM API',
        version: 'v1alpha1',
        description: 'Scaleway IAM v1alpha1, served by an event-sourced IAM backend. Authenticate with an API key secret in X-Auth-Token.',
      },
      security: [{ scaleway: [] }],
    })
    return c.json(document as object)
  })
  root.route(BASE_PATH, api)
  return root
}

/** zod failures: 400 invalid_arguments naming each field; a malformed path id is answered as an unknown one (404). */
function validationHook(
  result: { target: string; success: boolean; error?: { issues: ValidationIssue[] }; data?: unknown },
  c: Context,
): Response | undefined {
  if (result.success || !result.error) return undefined
  const issues = result.error.issues
  if (result.target === 'param') {
    const missing = issues.find((issue) => typeof issue.params?.[NOT_FOUND_PARAM] === 'string')
    if (missing) {
      const resource = missing.params![NOT_FOUND_PARAM] as string
      const given = String((result.data as Record<string, unknown> | undefined)?.[String(missing.path[0])] ?? '')
      return sendError(c, { status: 404, body: { type: 'not_found', message: 'resource is not found', resource, resource_id: given } })
    }
  }
  return sendError(c, fromValidationIssues(result.target, issues, result.data))
}

const ROUTE_PATTERNS = OPERATION_IDS.map((operationId) => ({
  method: ROUTES[operationId].method.toUpperCase(),
  pattern: new RegExp(`^${BASE_PATH}${ROUTES[operationId].path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
}))

function unmatchedRoute(c: Context): Response {
  const allowed = [...new Set(ROUTE_PATTERNS.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method))]
  return sendError(c, allowed.length > 0 ? methodNotAllowed(c.req.method, allowed) : routeNotFound(c.req.path))
}

function errorHandler(deps: ScalewayDeps): ErrorHandler<ScalewayEnv> {
  return (error, c) => {
    if (error instanceof HTTPException) {
      if (error.status === 413) return sendError(c, payloadTooLarge(deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))
      if (error.status === 400) return sendError(c, malformedJson('unreadable'))
      if (error.status < 500) return sendError(c, { status: error.status, body: { type: 'bad_request', message: error.message } })
    }
    const requestId = c.get('request')?.requestId ?? ''
    // Never the request body: it may hold a password or a secret.
    deps.logError?.('scaleway request failed', { requestId, method: c.req.method, path: c.req.path, error: String(error) })
    return sendError(c, internalError(requestId))
  }
}
