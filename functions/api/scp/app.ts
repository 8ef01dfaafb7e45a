// The SCP IAM surface (issue 7): one Hono app serving the 62 operations at their native paths under `/v1`, and
// the OpenAPI document built from the handlers' zod schemas at `GET /v1/openapi.json` (public).
//
// Each operation runs: request facts → `Scp-Api-Version` (400 unknown; 404 when the operation is absent from the
// version; Deprecation/Sunset on 1.0/1.1) → body limit (413) → signature (401/429) → path parameters (404/400)
// → query and body (400) → `iam:<OperationId>` through the engine (403) → handler, or 501 → response.
// Literal segments (`/bulk`, `/send-otp`, `/list`) are registered before the `{id}` routes they would match.
import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { SCP_ROUTES, type ScpRoute } from '../../../domain/scp/routes.js'
import { requestInfo } from '../request.js'
import { authentication } from './auth.js'
import type { ScpDeps } from './deps.js'
import { dispatch } from './dispatch.js'
import type { ScpEnv } from './env.js'
import { internalError, methodNotAllowed, payloadTooLarge, routeNotFound, ScpErrorBody, sendError, unsupportedVersion } from './errors.js'
import { scpHandlers } from './handlers/index.js'
import type { AnyOperationDefinition, ScpHandlers } from './operation.js'
import { negotiateVersion, VERSION_HEADER } from './version.js'

export const SCP_BASE_PATH = '/v1'
export const SCP_OPENAPI_PATH = `${SCP_BASE_PATH}/openapi.json`

/** Routes that need no credential. */
export const SCP_PUBLIC_ROUTES = [{ method: 'GET', path: SCP_OPENAPI_PATH }] as const

/** Every authenticated SCP route, for route-driven suites (reliability, fuzzing). */
export const SCP_ROUTE_TABLE: readonly { operationId: string; method: string; path: string }[] = SCP_ROUTES.map((route) => ({
  operationId: route.operationId,
  method: route.method,
  path: route.path,
}))

export interface ScpAppOptions {
  /** `scp:RequestedRegion` of requests this deployment serves (IAM_SCP_REGION). */
  region: string
}

export function scpApp(deps: ScpDeps, options: ScpAppOptions): OpenAPIHono<ScpEnv> {
  const handlers: ScpHandlers = deps.handlers ?? scpHandlers
  const app = new OpenAPIHono<ScpEnv>()
  app.onError(errorHandler(deps))

  let document: unknown
  app.get(SCP_OPENAPI_PATH, (c) => {
    document ??= openApiDocument(app, handlers)
    return c.json(document as object)
  })

  app.use(`${SCP_BASE_PATH}/*`, async (c, next) => {
    const info = requestInfo(c, { ids: deps.ids, trustForwardedFor: deps.trustForwardedFor })
    c.set('request', info)
    c.header('X-Request-Id', info.requestId)
    const negotiated = negotiateVersion(c.req.header(VERSION_HEADER), deps.clock.now(), { enforceSunset: deps.enforceSunset })
    if (!negotiated.ok) return sendError(c, unsupportedVersion(negotiated.message))
    c.set('version', negotiated.version)
    for (const [name, value] of Object.entries(negotiated.headers)) c.header(name, value)
    await next()
  })
  const limit = bodyLimit({ maxSize: deps.maxBodyBytes, onError: (c) => sendError(c, payloadTooLarge(deps.maxBodyBytes)) })
  const authenticate = authentication(deps)

  for (const route of REGISTRATION_ORDER) {
    const definition = handlers[route.operationId] as AnyOperationDefinition | undefined
    app.on(route.method, honoPath(route.path), versionGate(route), limit, authenticate, dispatch(route, definition, deps, options.region))
  }
  app.all(`${SCP_BASE_PATH}/*`, unmatchedRoute)
  return app
}

/**
 * Literal segments before parameters (`/access-keys/bulk` before `/access-keys/{access_key_id}`): of two paths of
 * the same length, the one with fewer parameters has a literal where the other has one. Hono runs the first match.
 */
const REGISTRATION_ORDER: readonly ScpRoute[] = [...SCP_ROUTES].sort((a, b) => parameterCount(a.path) - parameterCount(b.path))

function parameterCount(path: string): number {
  return (path.match(/\{/g) ?? []).length
}

/** An operation absent from the requested version does not exist there (USR-6 under 1.0). */
function versionGate(route: ScpRoute): MiddlewareHandler<ScpEnv> {
  return async (c, next) => {
    const version = c.get('version')
    if (!route.versions.includes(version)) return sendError(c, routeNotFound(c.req.method, c.req.path, version))
    await next()
  }
}

export function honoPath(path: string): string {
  return path.replace(/\{([a-z_]+)\}/g, ':$1')
}

const ROUTE_PATTERNS = SCP_ROUTES.map((route) => ({
  method: route.method,
  pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
}))

function unmatchedRoute(c: Context<ScpEnv>): Response {
  const allowed = [...new Set(ROUTE_PATTERNS.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method))]
  return sendError(c, allowed.length > 0 ? methodNotAllowed(c.req.method, allowed) : routeNotFound(c.req.method, c.req.path, c.get('version') ?? '1.2'))
}

function errorHandler(deps: ScpDeps): ErrorHandler<ScpEnv> {
  return (error, c) => {
    if (error instanceof HTTPException && error.status === 413) return sendError(c, payloadTooLarge(deps.maxBodyBytes))
    if (error instanceof HTTPException && error.status < 500) {
      return sendError(c, { status: error.status as 400, code: 'bad_request', message: error.message || 'bad request' })
    }
    // Never the request body: it may hold a password or a secret.
    deps.logError?.('scp request failed', { requestId: c.get('request')?.requestId, method: c.req.method, path: c.req.path, error: String(error) })
    return sendError(c, internalError())
  }
}

// ------------------------------------------------------------------------------------------ OpenAPI

const SIGNATURE_HEADERS = ['Scp-Accesskey', 'Scp-Signature', 'Scp-Timestamp', 'Scp-ClientType'] as const

function openApiDocument(app: OpenAPIHono<ScpEnv>, handlers: ScpHandlers): unknown {
  const registry = app.openAPIRegistry
  for (const name of SIGNATURE_HEADERS) {
    registry.registerComponent('securitySchemes', name, { type: 'apiKey', in: 'header', name })
  }
  const errors = { default: { description: 'Error (every status)', content: { 'application/json': { schema: ScpErrorBody } } } }
  for (const route of SCP_ROUTES) {
    const definition = handlers[route.operationId] as AnyOperationDefinition | undefined
    const names = [...route.path.matchAll(/\{([a-z_]+)\}/g)].map((match) => match[1] as string)
    const status = definition?.status ?? (definition?.response ? 200 : definition ? 204 : 501)
    const success: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> =
      status === 204
        ? { 204: { description: 'No Content' } }
        : status === 501
          ? { 501: { description: 'Not implemented yet', content: { 'application/json': { schema: ScpErrorBody } } } }
          : { [status]: { description: 'OK', content: { 'application/json': { schema: definition?.response ?? z.object({}) } } } }
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      operationId: route.operationId,
      summary: definition?.summary ?? route.operationId,
      description: `${route.ref}. Action \`${route.action}\`. API versions ${route.versions.join(', ')}.`,
      tags: [route.ref.split('-')[0] as string],
      request: {
        ...(names.length > 0 && {
          params: z.object(Object.fromEntries(names.map((name) => [name, z.string().openapi({ description: name === 'srn' ? 'base64 (standard or URL-safe) of the SRN' : name })]))),
        }),
        headers: z.object({ 'Scp-Api-Version': z.enum(['iam 1.2', 'iam 1.1', 'iam 1.0']).optional() }),
        ...(definition?.query && { query: definition.query as z.ZodObject }),
        ...(definition?.body && {
          body: {
            required: true,
            content: { [definition.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json']: { schema: definition.body } },
          },
        }),
      },
      responses: { ...success, ...errors },
    })
  }
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'SCP IAM',
      version: '1.2',
      description:
        'Samsung SDS Cloud Platform IAM (API versions 1.2, 1.1, 1.0 via `Scp-Api-Version: iam <version>`), served by an event-sourced IAM ' +
        'backend. Requests are signed: Scp-Signature = base64(HMAC-SHA256(secretKey, METHOD + encodeURI(url) + Scp-Timestamp + Scp-Accesskey + Scp-ClientType)). ' +
        'Every error is an `ScpError`.',
    },
    security: [Object.fromEntries(SIGNATURE_HEADERS.map((name) => [name, []]))],
  })
}
