// The Hono app: the machinery every route shares (request ids, access log, body limit, last-resort errors),
// the health probe, and the surfaces, each mounted at its own native paths. The local server and the Lambda
// serve this same app.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { requestId, type RequestIdVariables } from 'hono/request-id'
import type { AppDeps } from './deps.js'
import { healthRoutes, isReady } from './health.js'
import type { Surface } from './surface.js'

export type { AppDeps } from './deps.js'

/** The Hono environment of every route: `c.get('requestId')` is the id logged and recorded in event metadata. */
export interface AppEnv {
  Variables: RequestIdVariables
}

/** The app serving `served`: every surface locally (`server.ts`), one surface group per Lambda on AWS. */
export function createApp(deps: AppDeps, served: readonly Surface[]): Hono<AppEnv> {
  const { logger, config } = deps
  const app = new Hono<AppEnv>()
  const claimed = served.flatMap((surface) => surface.prefixes)

  app.use(requestId({ generator: (c) => lambdaRequestId(c.env) ?? deps.ids.newUlid() }))
  app.use(async (c, next) => {
    const started = performance.now()
    await next()
    // Never bodies: credential routes carry secrets. Health probes only at debug level.
    logger[c.req.path === '/healthz' ? 'debug' : 'info']('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    })
  })
  const limit = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: (c) => c.json({ type: 'request_too_large', message: `request body is larger than ${config.maxBodyBytes} bytes` }, 413),
  })
  const isClaimed = (path: string) => claimed.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
  app.use((c, next) => (isClaimed(c.req.path) ? next() : limit(c, next)))

  app.route('/', healthRoutes(deps.readiness))
  // Until the process is ready (tables, projector, bootstrap), every other route says so instead of failing.
  app.use(async (c, next) => {
    if (isReady(deps.readiness)) return next()
    c.header('Retry-After', '1')
    return c.json({ type: 'unavailable', message: 'the server is starting' }, 503)
  })
  for (const surface of served) app.route('/', surface.routes(deps))

  app.notFound((c) => c.json({ type: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404))
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse()
    logger.error('unhandled error', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, error })
    return c.json({ type: 'internal_error', message: 'internal error', request_id: c.get('requestId') }, 500)
  })
  return app
}

/** API Gateway's own request id, so that our logs and its access logs correlate. */
function lambdaRequestId(env: unknown): string | undefined {
  const id = (env as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext?.requestId
  return typeof id === 'string' && id.length > 0 ? id : undefined
}
