// The API surfaces the app serves. Add a surface here and the local server and the Lambda both serve it.
import type { Hono } from 'hono'
import { sharedAuthFailureLimiter } from '../auth/rateLimit.js'
import { authzApp } from '../authz/http.js'
import type { AppDeps } from './deps.js'
import { scalewaySurface } from './scaleway/surface.js'

export interface Surface {
  name: string
  /**
   * Path prefixes the surface answers under. There it renders every error in its own shape, a 413 for a body
   * over IAM_MAX_BODY_BYTES included (before parsing); the app's own limit guards every other path.
   */
  prefixes: readonly string[]
  /** Its routes at their native (full) paths, built from the shared deps. */
  routes(deps: AppDeps): Hono<any, any, any>
}

const authzSurface: Surface = {
  name: 'authz',
  // Not claimed: the app's own body limit guards it (the authorization API has no limit of its own).
  prefixes: [],
  routes: (deps) =>
    authzApp({
      dynamo: deps.dynamo,
      checker: deps.checker,
      clock: deps.clock,
      ids: deps.ids,
      authFailures: sharedAuthFailureLimiter(deps.dynamo, deps.config.authFailLimit),
      logError: (message, details) => deps.logger.error(message, details),
    }),
}

export const surfaces: readonly Surface[] = [scalewaySurface, authzSurface]
